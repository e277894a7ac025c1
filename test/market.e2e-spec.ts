import { DataSource } from 'typeorm';
import { universeBySymbol } from '../src/market/data/universe';
import { ManualClock } from '../src/market/clock';
import { MarketDataService, type MarketQuote } from '../src/market/market.contracts';
import { MarketImportService } from '../src/market/import/market-import.service';
import { TickSchedulerService } from '../src/market/tick-scheduler.service';
import { ManualMarketProvider } from '../src/market/providers/manual.provider';
import { isTradingDay } from '../src/market/simulator';
import { registerAndLogin, startTestApp, TestApp } from './support/app';
import { type Bar, expectOhlc, OPEN, SATURDAY, withClock } from './support/market';
import { useTestApp } from './support/suite';

// The CSV import suite is test/market-import.e2e-spec.ts.
describe('Market (e2e, PostgreSQL, simulated provider)', () => {
  const clock = new ManualClock(OPEN);
  const suite = useTestApp({ customize: withClock(clock) });
  const get = suite.get;
  let t: TestApp;
  let token: string;
  beforeAll(() => {
    ({ t, token } = suite);
  });
  beforeEach(() => clock.set(OPEN));

  describe('instruments', () => {
    it('seeds the curated universe idempotently', async () => {
      const ds = t.app.get(DataSource);
      const [{ count }] = await ds.query(`SELECT count(*)::int AS count FROM instruments`);
      expect(count).toBe(universeBySymbol().size);
      const [spy] = await ds.query(`SELECT asset_class, sector, eps_ttm, active FROM instruments WHERE symbol = 'SPY'`);
      expect(spy).toEqual({ asset_class: 'etf', sector: 'Diversified', eps_ttm: null, active: true });
    });
  });

  describe('GET /api/market/quote/{symbol}', () => {
    it('needs authentication', async () => {
      const res = await t.http.get('/api/market/quote/AAPL').expect(401);
      expect(res.body.error).toBe('Unauthorized');
    });

    it('answers every seed field plus bid, ask, source and stale, upper-casing the symbol', async () => {
      const res = await get('/api/market/quote/aapl').expect(200);
      const q = res.body;
      expect(Object.keys(q).sort()).toEqual(
        [
          'symbol', 'price', 'change', 'change_percent', 'volume', 'market_cap', 'pe_ratio', 'high', 'low', 'open',
          'previous_close', 'timestamp', 'bid', 'ask', 'source', 'stale',
        ].sort(),
      );
      expect(q).toMatchObject({ symbol: 'AAPL', source: 'simulated', stale: false, timestamp: OPEN });
      for (const k of ['price', 'change', 'change_percent', 'volume', 'market_cap', 'pe_ratio', 'high', 'low', 'open', 'previous_close', 'bid', 'ask']) {
        expect(typeof q[k]).toBe('number');
      }
      expect(q.change).toBeCloseTo(q.price - q.previous_close, 3);
      expect(q.change_percent).toBeCloseTo(((q.price - q.previous_close) / q.previous_close) * 100, 1);
      const aapl = universeBySymbol().get('AAPL');
      expect(q.market_cap).toBeCloseTo(q.price * (aapl?.shares_outstanding as number), -4);
      expect(q.pe_ratio).toBeCloseTo(q.price / (aapl?.eps_ttm as number), 1);
      expect(q.low).toBeLessThanOrEqual(q.price);
      expect(q.high).toBeGreaterThanOrEqual(q.price);
      expect(q.bid).toBeLessThan(q.price);
      expect(q.ask).toBeGreaterThan(q.price);
      expect(Number.isInteger(q.volume)).toBe(true);
      for (const k of ['price', 'high', 'low', 'open', 'previous_close', 'bid', 'ask']) {
        expect(Math.round(q[k] * 1e4) / 1e4).toBe(q[k]);
      }
    });

    it('gives ETFs and loss-makers a null pe_ratio, and ETFs a null market_cap', async () => {
      const spy = (await get('/api/market/quote/SPY').expect(200)).body;
      expect(spy).toMatchObject({ market_cap: null, pe_ratio: null });
      const intc = (await get('/api/market/quote/INTC').expect(200)).body;
      expect(intc.pe_ratio).toBeNull();
      expect(intc.market_cap).toBeGreaterThan(0);
      expect((await get('/api/market/quote/brk.b').expect(200)).body.symbol).toBe('BRK.B');
    });

    it('answers 404 for an unknown symbol', async () => {
      const res = await get('/api/market/quote/ZZZZ').expect(404);
      expect(res.body).toMatchObject({ error: 'NotFound', message: 'Symbol ZZZZ not found', details: null });
    });

    it.each(['1ABC', 'ABCDEFGHIJK', 'A%24B', 'AA%20PL', '.A'])('answers 422 INVALID_FORMAT for %s', async (raw) => {
      const res = await get(`/api/market/quote/${raw}`).expect(422);
      expect(res.body).toMatchObject({
        error: 'ValidationError',
        message: 'Invalid symbol format',
        details: { field: 'symbol', code: 'INVALID_FORMAT' },
      });
      expect(res.body.request_id).toBeTruthy();
    });

    it('shows the session close when the market is closed (TRADING_HOURS=nyse)', async () => {
      clock.set(SATURDAY);
      const q = (await get('/api/market/quote/MSFT').expect(200)).body;
      const bars = (await get('/api/market/historical/MSFT?period=5d').expect(200)).body.data as Bar[];
      const friday = bars[bars.length - 1];
      expect(friday.date).toBe('2025-06-13');
      expect(q.price).toBe(friday.close);
      expect(q).toMatchObject({ open: friday.open, high: friday.high, low: friday.low, volume: friday.volume });
      expect(q.timestamp).toBe('2025-06-13T20:00:00.000Z');
    });
  });

  describe('GET /api/market/historical/{symbol}', () => {
    it('defaults to a year of daily bars on the NYSE calendar, ending with today so far', async () => {
      const res = await get('/api/market/historical/aapl').expect(200);
      expect(res.body).toMatchObject({ symbol: 'AAPL', period: '1y', interval: '1d', source: 'simulated' });
      const data = res.body.data as Bar[];
      expect(data.length).toBeGreaterThanOrEqual(248);
      expect(data.length).toBeLessThanOrEqual(253);
      expect(data[0].date >= '2024-06-11').toBe(true);
      expect(data[data.length - 1].date).toBe('2025-06-10');
      for (const b of data) {
        expect(b.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(isTradingDay(b.date)).toBe(true);
        expect(Object.keys(b).sort()).toEqual(['adj_close', 'close', 'date', 'high', 'low', 'open', 'source', 'volume']);
        expect(b.source).toBe('simulated');
      }
      expect([...data].sort((a, b) => (a.date < b.date ? -1 : 1))).toEqual(data);
      expectOhlc(data);
      const quote = (await get('/api/market/quote/AAPL').expect(200)).body;
      expect(data[data.length - 1]).toMatchObject({ close: quote.price, open: quote.open, high: quote.high, low: quote.low, volume: quote.volume });
    });

    it('stores the generated daily bars and reads them back', async () => {
      await get('/api/market/historical/KO?period=6mo').expect(200);
      const [{ count }] = await t.app
        .get(DataSource)
        .query(`SELECT count(*)::int AS count FROM daily_bars WHERE symbol = 'KO' AND source = 'simulated:octopus'`);
      expect(count).toBeGreaterThanOrEqual(120);
    });

    it('serves at least 10 years with max', async () => {
      const data = (await get('/api/market/historical/SPY?period=max').expect(200)).body.data as Bar[];
      expect(data[0].date <= '2015-06-10').toBe(true);
      expect(data.length).toBeGreaterThan(2520);
      expect(data.every((b) => isTradingDay(b.date))).toBe(true);
    });

    it('serves intraday bars with full ISO timestamps, inside the session and never after now', async () => {
      const one = (await get('/api/market/historical/AAPL?period=1d&interval=1m').expect(200)).body.data as Bar[];
      expect(one.length).toBe(121); // 09:30 … 11:30 inclusive (the 11:30 bar has just started)
      expect(one[0].date).toBe('2025-06-10T13:30:00.000Z');
      expect(one[one.length - 1].date).toBe(OPEN);
      const five = (await get('/api/market/historical/AAPL?period=5d&interval=5m').expect(200)).body.data as Bar[];
      expect(five[0].date).toBe('2025-06-04T13:30:00.000Z');
      for (const b of five) {
        expect(b.date).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\.000Z$/);
        expect(b.date <= OPEN).toBe(true);
        const minutes = Number(b.date.slice(11, 13)) * 60 + Number(b.date.slice(14, 16));
        expect(minutes).toBeGreaterThanOrEqual(13 * 60 + 30);
        expect(minutes).toBeLessThan(20 * 60);
        expect(b.adj_close).toBeUndefined();
      }
      expectOhlc(five);
      const hourly = (await get('/api/market/historical/AAPL?period=1mo&interval=1h').expect(200)).body.data as Bar[];
      expect(hourly.length).toBeGreaterThan(100);
    });

    it('aggregates weekly and monthly bars from the daily ones', async () => {
      const daily = (await get('/api/market/historical/MSFT?period=1y&interval=1d').expect(200)).body.data as Bar[];
      const weekly = (await get('/api/market/historical/MSFT?period=1y&interval=1wk').expect(200)).body.data as Bar[];
      const monthly = (await get('/api/market/historical/MSFT?period=1y&interval=1mo').expect(200)).body.data as Bar[];
      const check = (agg: Bar[], keyOf: (date: string) => string) => {
        expect(agg.map((b) => b.date)).toEqual([...new Set(daily.map((b) => keyOf(b.date)))]);
        for (const bar of agg) {
          const days = daily.filter((b) => keyOf(b.date) === bar.date);
          expect(bar.open).toBe(days[0].open);
          expect(bar.close).toBe(days[days.length - 1].close);
          expect(bar.high).toBe(Math.max(...days.map((b) => b.high)));
          expect(bar.low).toBe(Math.min(...days.map((b) => b.low)));
          expect(bar.volume).toBe(days.reduce((s, b) => s + b.volume, 0));
        }
      };
      const monday = (date: string) => {
        const day = new Date(`${date}T00:00:00Z`);
        day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7));
        return day.toISOString().slice(0, 10);
      };
      check(weekly, monday);
      check(monthly, (date) => `${date.slice(0, 7)}-01`);
      expect(weekly.length).toBeGreaterThanOrEqual(52);
      expect(monthly.length).toBe(13);
    });

    it.each([
      ['period=10y', { field: 'period', code: 'INVALID_VALUE' }],
      ['interval=2h', { field: 'interval', code: 'INVALID_VALUE' }],
      ['period=1y&foo=1', { field: 'foo', code: 'UNKNOWN_FIELD' }],
      ['period=1y&period=5y', { field: 'period', code: 'INVALID_VALUE' }],
    ])('refuses %s with 422', async (qs, details) => {
      const res = await get(`/api/market/historical/AAPL?${qs}`).expect(422);
      expect(res.body).toMatchObject({ error: 'ValidationError', details });
    });

    it.each([
      ['period=5y&interval=1m', 'interval 1m allows a period of at most 5d'],
      ['period=3mo&interval=5m', 'interval 5m allows a period of at most 1mo'],
      ['period=6mo&interval=15m', 'interval 15m allows a period of at most 3mo'],
      ['period=max&interval=1h', 'interval 1h allows a period of at most 1y'],
      ['period=5d&interval=1wk', 'interval 1wk needs a period of at least 1mo'],
      ['period=1mo&interval=1mo', 'interval 1mo needs a period of at least 3mo'],
    ])('refuses the absurd combination %s naming the limit', async (qs, limit) => {
      const res = await get(`/api/market/historical/AAPL?${qs}`).expect(422);
      expect(res.body.message).toContain(limit);
      expect(res.body.details).toMatchObject({ field: 'interval', code: 'INVALID_COMBINATION', limit });
    });

    it('answers 404 for unknown and 422 for malformed symbols', async () => {
      expect((await get('/api/market/historical/ZZZZ').expect(404)).body.error).toBe('NotFound');
      expect((await get('/api/market/historical/9X').expect(422)).body.details).toMatchObject({ field: 'symbol', code: 'INVALID_FORMAT' });
    });
  });

  describe('GET /api/market/search', () => {
    it('ranks the exact symbol first, then symbol prefixes, then names', async () => {
      const res = await get('/api/market/search?q=ma').expect(200);
      const symbols = (res.body.results as Array<{ symbol: string }>).map((r) => r.symbol);
      expect(symbols[0]).toBe('MA');
      const firstName = symbols.findIndex((s) => !s.startsWith('MA'));
      expect(symbols.slice(0, firstName).every((s) => s.startsWith('MA'))).toBe(true);
      expect(symbols.slice(firstName).every((s) => !s.startsWith('MA'))).toBe(true);
      expect(res.body.results[0]).toEqual({
        symbol: 'MA',
        name: universeBySymbol().get('MA')?.name,
        exchange: 'NYSE',
        asset_class: 'equity',
        sector: 'Financials',
      });
    });

    it('matches names case-insensitively and honours limit', async () => {
      const res = await get('/api/market/search?q=MICROSOFT').expect(200);
      expect(res.body.results[0].symbol).toBe('MSFT');
      const etf = await get('/api/market/search?q=spdr&limit=3').expect(200);
      expect(etf.body.results).toHaveLength(3);
      expect(etf.body.results.every((r: { asset_class: string }) => r.asset_class === 'etf')).toBe(true);
      expect((await get('/api/market/search?q=nothing-like-this').expect(200)).body).toEqual({ results: [] });
    });

    it.each([
      ['', { field: 'q', code: 'REQUIRED' }],
      ['q=', { field: 'q', code: 'REQUIRED' }],
      ['q=%20%20', { field: 'q', code: 'REQUIRED' }],
      [`q=${'x'.repeat(51)}`, { field: 'q', code: 'OUT_OF_RANGE' }],
      ['q=a&limit=0', { field: 'limit', code: 'OUT_OF_RANGE' }],
      ['q=a&limit=51', { field: 'limit', code: 'OUT_OF_RANGE' }],
      ['q=a&limit=abc', { field: 'limit', code: 'INVALID_TYPE' }],
      ['q=a&sort=x', { field: 'sort', code: 'UNKNOWN_FIELD' }],
    ])('refuses ?%s with 422', async (qs, details) => {
      const res = await get(`/api/market/search?${qs}`).expect(422);
      expect(res.body.details).toMatchObject(details);
    });
  });

  describe('GET /api/market/trending', () => {
    it('ranks by the documented score', async () => {
      const res = await get('/api/market/trending?limit=20').expect(200);
      expect(res.body.as_of).toBe(OPEN);
      const rows = res.body.trending as Array<{ symbol: string; name: string; price: number; change_percent: number; volume: number; relative_volume: number }>;
      expect(rows).toHaveLength(20);
      expect(Object.keys(rows[0]).sort()).toEqual(['change_percent', 'name', 'price', 'relative_volume', 'symbol', 'volume']);
      const score = (r: (typeof rows)[number]) =>
        (Math.abs(Math.log1p(r.change_percent / 100)) / ((universeBySymbol().get(r.symbol)?.annual_vol as number) / Math.sqrt(252))) *
        Math.sqrt(r.relative_volume);
      for (let i = 1; i < rows.length; i++) expect(score(rows[i])).toBeLessThanOrEqual(score(rows[i - 1]) * 1.02 + 0.02);
      const quote = (await get(`/api/market/quote/${rows[0].symbol}`).expect(200)).body;
      expect(rows[0]).toMatchObject({ price: quote.price, change_percent: quote.change_percent, volume: quote.volume });
      expect((await get('/api/market/trending').expect(200)).body.trending).toHaveLength(10);
    });

    it('validates limit', async () => {
      expect((await get('/api/market/trending?limit=0').expect(422)).body.details).toMatchObject({ field: 'limit', code: 'OUT_OF_RANGE' });
    });
  });

  describe('GET /api/market/clock', () => {
    it('tells whether the market is open and when it next opens and closes', async () => {
      expect((await get('/api/market/clock').expect(200)).body).toEqual({
        is_open: true,
        next_open: '2025-06-11T13:30:00.000Z',
        next_close: '2025-06-10T20:00:00.000Z',
        trading_hours: 'nyse',
        timestamp: OPEN,
      });
      clock.set(SATURDAY);
      expect((await get('/api/market/clock').expect(200)).body).toMatchObject({
        is_open: false,
        next_open: '2025-06-16T13:30:00.000Z',
        next_close: '2025-06-16T20:00:00.000Z',
      });
      await t.http.get('/api/market/clock').expect(401);
    });
  });

  describe('tick stream (MarketDataService)', () => {
    it('ticks every watched symbol, ref-counted, with tick_volume = volume since the previous tick', async () => {
      const market = t.app.get(MarketDataService);
      const seen: MarketQuote[] = [];
      // The e2e database is shared and other suites' alerts make the app watch their symbols: use symbols no suite uses.
      const mine = (qs: MarketQuote[]) => qs.filter((q) => q.symbol === 'HON' || q.symbol === 'UNP');
      const sub = market.ticks$.subscribe((q) => seen.push(q));
      try {
        market.watch('hon', 'order:1');
        market.watch('HON', 'ws:1');
        market.watch('UNP', 'order:1');
        const market2 = t.app.get(TickSchedulerService);
        market2.tick();
        expect(mine(seen).map((q) => q.symbol).sort()).toEqual(['HON', 'UNP']);
        const first = seen.find((q) => q.symbol === 'HON') as MarketQuote;
        expect(first.tick_volume.toNumber()).toBe(0);
        expect(first.session_open).toBeUndefined();
        clock.advance(1000);
        seen.length = 0;
        market2.tick();
        const second = seen.find((q) => q.symbol === 'HON') as MarketQuote;
        expect(second.volume.minus(first.volume).toNumber()).toBe(second.tick_volume.toNumber());
        expect(second.tick_volume.toNumber()).toBeGreaterThan(0);
        expect(second.timestamp.toISOString()).toBe('2025-06-10T15:30:01.000Z');
        expect(second.bid.lt(second.price) && second.ask.gt(second.price)).toBe(true);
        market.unwatch('HON', 'order:1');
        seen.length = 0;
        market2.tick();
        expect(mine(seen).map((q) => q.symbol).sort()).toEqual(['HON', 'UNP']);
        market.unwatch('HON', 'ws:1');
        seen.length = 0;
        market2.tick();
        expect(mine(seen).map((q) => q.symbol)).toEqual(['UNP']);
        clock.set(SATURDAY);
        expect(mine(market2.tick())).toEqual([]);
      } finally {
        market.unwatch('UNP', 'order:1');
        sub.unsubscribe();
      }
    });

    it('flags the first tick of a session that opened after the watch began', async () => {
      const market = t.app.get(TickSchedulerService);
      clock.set('2025-06-11T13:00:00.000Z');
      market.watch('KO', 'order:2');
      try {
        const ko = () => market.tick().filter((x) => x.symbol === 'KO');
        expect(ko()).toEqual([]);
        clock.set('2025-06-11T13:30:05.000Z');
        const [q] = ko();
        expect(q.session_open).toBe(true);
        expect(q.tick_volume.toNumber()).toBe(q.volume.toNumber());
        clock.advance(1000);
        expect(ko()[0].session_open).toBeUndefined();
      } finally {
        market.unwatch('KO', 'order:2');
      }
    });

    it('refuses to watch unknown symbols', () => {
      expect(() => t.app.get(MarketDataService).watch('ZZZZ', 'x')).toThrow('Symbol ZZZZ not found');
    });

    it('reads daily closes for other modules, never after today', async () => {
      const market = t.app.get(MarketDataService);
      const closes = await market.getDailyCloses('AAPL', '2025-06-02', '2025-06-30');
      expect(closes.map((c) => c.date)).toEqual(['2025-06-02', '2025-06-03', '2025-06-04', '2025-06-05', '2025-06-06', '2025-06-09']);
      const info = await market.getInstrument('aapl');
      expect(info).toMatchObject({ symbol: 'AAPL', asset_class: 'equity', currency: 'USD', active: true });
      expect(await market.findInstrument('ZZZZ')).toBeNull();
      const quotes = await market.getQuotes(['AAPL', 'msft', 'ZZZZ']);
      expect([...quotes.keys()].sort()).toEqual(['AAPL', 'MSFT']);
      expect(market.session()).toMatchObject({ is_open: true, trading_hours: 'nyse' });
    });
  });

  describe('determinism across instances', () => {
    it('two instances answer identical quotes and bars for the same clock time; another seed differs', async () => {
      const other = await startTestApp({}, withClock(new ManualClock(OPEN)));
      const reseeded = await startTestApp({ MARKET_SEED: 'another-seed' }, withClock(new ManualClock(OPEN)));
      try {
        const both = async (url: string) => {
          const [a, b] = await Promise.all([get(url), other.http.get(url).set('Authorization', `Bearer ${token}`)]);
          expect(a.status).toBe(200);
          expect(b.body).toEqual(a.body);
          return a.body;
        };
        await both('/api/market/quote/AAPL');
        await both('/api/market/quote/SPY');
        await both('/api/market/historical/AAPL?period=1y&interval=1d');
        await both('/api/market/historical/NVDA?period=2y&interval=1wk');
        await both('/api/market/historical/AAPL?period=5d&interval=1m');
        await both('/api/market/trending');
        const a = (await get('/api/market/quote/AAPL')).body;
        const c = (await reseeded.http.get('/api/market/quote/AAPL').set('Authorization', `Bearer ${token}`).expect(200)).body;
        expect(c.price).not.toBe(a.price);
      } finally {
        await other.close();
        await reseeded.close();
      }
    });
  });
});

describe('Market (e2e): TRADING_HOURS=always, the tick timer, and the manual provider', () => {
  it('keeps prices moving and ticking outside NYSE hours with TRADING_HOURS=always', async () => {
    const clock = new ManualClock(SATURDAY);
    const t = await startTestApp({ TRADING_HOURS: 'always' }, withClock(clock));
    try {
      const { access } = await registerAndLogin(t.http);
      const get = (url: string) => t.http.get(url).set('Authorization', `Bearer ${access}`).expect(200);
      expect((await get('/api/market/clock')).body).toMatchObject({ is_open: true, trading_hours: 'always' });
      const q1 = (await get('/api/market/quote/AAPL')).body;
      clock.advance(3_600_000);
      const q2 = (await get('/api/market/quote/AAPL')).body;
      expect(q2.price).not.toBe(q1.price);
      expect(q2.timestamp).toBe('2025-06-14T13:00:00.000Z');
      const market = t.app.get(MarketDataService);
      const ticker = t.app.get(TickSchedulerService);
      market.watch('AAPL', 't');
      expect(ticker.tick().filter((q) => q.symbol === 'AAPL')).toHaveLength(1);
      expect(market.session().is_open).toBe(true);
      // Off-hours liquidity: ticks at night carry volume (so resting orders can fill), the session's volume stays.
      clock.advance(60_000);
      const [night] = ticker.tick().filter((q) => q.symbol === 'AAPL');
      expect(night.tick_volume.toNumber()).toBeGreaterThan(0);
      expect(night.volume.toNumber()).toBe(q2.volume);
      const friday = ((await get('/api/market/historical/AAPL?period=5d')).body.data as Bar[]).find((b) => b.date === '2025-06-13');
      expect(friday?.volume).toBe(q2.volume);
    } finally {
      await t.close();
    }
  });

  it('does not count an import as trading: the tick it triggers has tick_volume 0, later ticks only what trades', async () => {
    const clock = new ManualClock('2025-06-11T02:00:00.000Z'); // Tuesday night, 22:00 in New York
    const t = await startTestApp({ TRADING_HOURS: 'always' }, withClock(clock));
    const db = t.app.get(DataSource);
    try {
      const market = t.app.get(TickSchedulerService);
      const seen: MarketQuote[] = [];
      const sub = market.ticks$.subscribe((q) => q.symbol === 'DE' && seen.push(q));
      market.watch('DE', 'import-test');
      market.tick(['DE']);
      clock.advance(60_000);
      const [before] = market.tick(['DE']);
      const perMinute = before.tick_volume.toNumber();
      expect(perMinute).toBeGreaterThan(0);
      const csv = 'Date,Open,High,Low,Close,Adj Close,Volume\n2025-06-09,80,81,79,80.5,80.5,50000000\n2025-06-10,80.5,82,80,81.5,81.5,60000000\n';
      await t.app.get(MarketImportService).importAll([{ name: 'DE.csv', content: csv }], { userId: null, label: 'test' });
      const rebased = seen[seen.length - 1];
      expect(rebased.timestamp.getTime()).toBe(clock.now().getTime());
      expect(rebased.previous_close.toNumber()).toBe(80.5);
      expect(rebased.volume.toNumber()).toBe(60000000);
      expect(rebased.tick_volume.toNumber()).toBe(0);
      clock.advance(60_000);
      const [after] = market.tick(['DE']);
      // One night minute at 5% of the imported session's per-minute volume, not the jump from the import.
      const nightPerMinute = (0.05 * 60000000) / 390;
      expect(after.tick_volume.toNumber()).toBeGreaterThanOrEqual(Math.floor(nightPerMinute));
      expect(after.tick_volume.toNumber()).toBeLessThanOrEqual(Math.ceil(nightPerMinute));
      sub.unsubscribe();
    } finally {
      await db.query(`DELETE FROM daily_bars WHERE symbol = 'DE' AND source = 'csv'`);
      await t.close();
    }
  });

  it('ticks on a timer every MARKET_TICK_MS and stops on shutdown', async () => {
    const t = await startTestApp({ TRADING_HOURS: 'always', MARKET_TICK_MS: '100' }, withClock(new ManualClock(SATURDAY)));
    const market = t.app.get(MarketDataService);
    const seen: MarketQuote[] = [];
    let completed = false;
    market.ticks$.subscribe({ next: (q) => seen.push(q), complete: () => (completed = true) });
    market.watch('SPY', 'timer-test');
    await new Promise((r) => setTimeout(r, 550));
    expect(seen.filter((q) => q.symbol === 'SPY').length).toBeGreaterThanOrEqual(3);
    await t.close();
    const count = seen.length;
    await new Promise((r) => setTimeout(r, 250));
    expect(seen.length).toBe(count);
    expect(completed).toBe(true);
  });

  it('lets tests drive prices through the manual provider (never over HTTP)', async () => {
    const t = await startTestApp({ MARKET_DATA_PROVIDER: 'manual' }, withClock(new ManualClock(OPEN)));
    try {
      const { access } = await registerAndLogin(t.http);
      const get = (url: string) => t.http.get(url).set('Authorization', `Bearer ${access}`);
      const manual = t.app.get(ManualMarketProvider);
      const market = t.app.get(MarketDataService);
      const seen: MarketQuote[] = [];
      const sub = market.ticks$.subscribe((q) => seen.push(q));
      market.watch('AAPL', 'test');
      manual.setPrice('AAPL', '123.45', { previousClose: 120 });
      expect((await get('/api/market/quote/aapl').expect(200)).body).toMatchObject({
        price: 123.45,
        bid: 123.45,
        ask: 123.45,
        previous_close: 120,
        change: 3.45,
        change_percent: 2.88,
        source: 'manual',
        stale: false,
      });
      manual.setPrice('AAPL', 124, { tickVolume: 500, bid: 123.9, ask: 124.1 });
      const last = seen[seen.length - 1];
      expect(last.price.toNumber()).toBe(124);
      expect(last.tick_volume.toNumber()).toBe(500);
      expect(last.high.toNumber()).toBe(124);
      expect(last.bid.toNumber()).toBe(123.9);
      expect((await get('/api/market/quote/MSFT').expect(200)).body.source).toBe('simulated');
      manual.setDailyBars('AAPL', [
        { date: '2025-06-05', open: 100, high: 102, low: 99, close: 101, volume: 1000 },
        { date: '2025-06-06', open: 101, high: 104, low: 100, close: 103, volume: 2000, adj_close: 102.5 },
      ]);
      const closes = await market.getDailyCloses('AAPL', '2025-06-01', '2025-06-10');
      expect(closes.map((c) => [c.date, c.close.toNumber(), c.adj_close?.toNumber() ?? null])).toEqual([
        ['2025-06-05', 101, null],
        ['2025-06-06', 103, 102.5],
      ]);
      const hist = (await get('/api/market/historical/AAPL?period=5d').expect(200)).body.data as Bar[];
      expect(hist.map((b) => b.date)).toEqual(['2025-06-05', '2025-06-06', '2025-06-10']);
      expect(hist[2]).toMatchObject({ close: 124, open: 123.45 });
      sub.unsubscribe();
      expect(t.app.get(ManualMarketProvider)).toBe(manual);
    } finally {
      await t.close();
    }
  });
});
