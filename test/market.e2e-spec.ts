import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { universeBySymbol } from '../src/market/data/universe';
import { ManualClock } from '../src/market/clock';
import { CLOCK, MarketDataService, type MarketQuote } from '../src/market/market.contracts';
import { MarketImportService } from '../src/market/import/market-import.service';
import { MarketService } from '../src/market/market.service';
import { ManualMarketProvider } from '../src/market/providers/manual.provider';
import { isTradingDay } from '../src/market/simulator';
import { registerAndLogin, startTestApp, TestApp, uniqueEmail } from './support/app';
import { ioConnect, sleep, wsConnect } from './support/ws';

const FIXTURES = join(__dirname, 'fixtures', 'market');
/** Tuesday 2025-06-10, 11:30 in New York: the market is open. */
const OPEN = '2025-06-10T15:30:00.000Z';
/** Saturday 2025-06-14, 08:00 in New York. */
const SATURDAY = '2025-06-14T12:00:00.000Z';

const withClock = (clock: ManualClock) => (b: Parameters<NonNullable<Parameters<typeof startTestApp>[1]>>[0]) =>
  b.overrideProvider(CLOCK).useValue(clock);

type Bar = { date: string; open: number; high: number; low: number; close: number; volume: number; adj_close?: number; source?: string };

function expectOhlc(bars: Bar[]): void {
  for (const b of bars) {
    expect(b.low).toBeLessThanOrEqual(Math.min(b.open, b.close));
    expect(b.high).toBeGreaterThanOrEqual(Math.max(b.open, b.close));
    expect(b.volume).toBeGreaterThanOrEqual(0);
  }
}

describe('Market (e2e, PostgreSQL, simulated provider)', () => {
  const clock = new ManualClock(OPEN);
  let t: TestApp;
  let token: string;
  let adminToken: string;
  const adminEmail = uniqueEmail('market-admin');
  const get = (url: string, bearer = token) => t.http.get(url).set('Authorization', `Bearer ${bearer}`);

  beforeAll(async () => {
    t = await startTestApp({ ADMIN_EMAILS: adminEmail }, withClock(clock));
    token = (await registerAndLogin(t.http)).access;
    adminToken = (await registerAndLogin(t.http, adminEmail)).access;
  });
  beforeEach(() => clock.set(OPEN));
  afterAll(async () => {
    await t.app.get(DataSource).query(`DELETE FROM daily_bars WHERE symbol IN ('SLV', 'CAT') AND source = 'csv'`);
    await t.close();
  });

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
        const market2 = market as unknown as { tick(): MarketQuote[] };
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
      const market = t.app.get(MarketDataService) as MarketDataService & { tick(): MarketQuote[] };
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

  describe('POST /api/market/import (CSV)', () => {
    const upload = (bearer: string) => t.http.post('/api/market/import').set('Authorization', `Bearer ${bearer}`);
    const slvHistory = async () =>
      ((await get('/api/market/historical/SLV?period=max').expect(200)).body.data as Bar[]).filter(
        (b) => b.date >= '2015-01-01' && b.date <= '2015-01-31',
      );

    it('is for admins only', async () => {
      const res = await upload(token).attach('file', join(FIXTURES, 'SLV.csv')).expect(403);
      expect(res.body.error).toBe('Forbidden');
      await t.http.post('/api/market/import').attach('file', join(FIXTURES, 'SLV.csv')).expect(401);
    });

    it('imports a Yahoo file, which then takes precedence over simulated bars, and records who did it', async () => {
      const before = await slvHistory();
      expect(before.find((b) => b.date === '2015-01-05')?.close).not.toBe(15.53);
      const res = await upload(adminToken).attach('file', join(FIXTURES, 'SLV.csv')).expect(201);
      expect(res.body).toEqual({
        imports: [{ file: 'SLV.csv', symbol: 'SLV', format: 'yahoo', rows: 6, first_date: '2015-01-02', last_date: '2015-01-09' }],
      });
      const after = await slvHistory();
      expect(after.find((b) => b.date === '2015-01-05')).toEqual({
        date: '2015-01-05',
        open: 15.32,
        high: 15.61,
        low: 15.3,
        close: 15.53,
        adj_close: 15.53,
        volume: 12208200,
        source: 'csv',
      });
      expect(after.find((b) => b.date === '2015-01-12')?.source).toBe('simulated');
      const jan = (await get('/api/market/historical/SLV?period=max&interval=1mo').expect(200)).body;
      expect(jan.source).toBe('mixed');
      expect(jan.data.find((b: Bar) => b.date === '2015-01-01').source).toBe('mixed');
      expect(after.find((b) => b.date === '2015-01-12')?.close).not.toBe(15.98); // still simulated
      const closes = await t.app.get(MarketDataService).getDailyCloses('SLV', '2015-01-02', '2015-01-09');
      expect(closes.map((c) => c.close.toFixed(2))).toEqual(['15.08', '15.53', '15.89', '15.77', '15.56', '15.86']);
      const audit = await t.app
        .get(DataSource)
        .query(`SELECT actor, format, row_count, file_name FROM market_imports WHERE symbol = 'SLV' AND actor = $1`, [`user:${adminEmail}`]);
      expect(audit).toEqual([{ actor: `user:${adminEmail}`, format: 'yahoo', row_count: 6, file_name: 'SLV.csv' }]);
    });

    it('imports Stooq files (bulk and per-symbol) in one request, the symbol given as a field', async () => {
      const res = await upload(adminToken)
        .field('symbol', 'slv')
        .attach('file', join(FIXTURES, 'slv.us.txt'))
        .attach('file', join(FIXTURES, 'SLV-stooq.csv'))
        .expect(201);
      expect(res.body.imports.map((i: { format: string; rows: number }) => [i.format, i.rows])).toEqual([
        ['stooq-bulk', 2],
        ['stooq', 1],
      ]);
      const after = await slvHistory();
      expect(after.find((b) => b.date === '2015-01-12')).toMatchObject({ close: 15.98, adj_close: 15.98 });
      expect(after.find((b) => b.date === '2015-01-14')).toMatchObject({ close: 16.38 });
    });

    it('imports nothing when any file has a bad row, listing every bad row by line', async () => {
      const good = 'Date,Open,High,Low,Close,Adj Close,Volume\n2015-01-21,17,17.5,16.9,17.2,17.2,100\n';
      const res = await upload(adminToken)
        .field('symbol', 'SLV')
        .attach('file', Buffer.from(good), 'good.csv')
        .attach('file', join(FIXTURES, 'SLV-bad.csv'))
        .expect(422);
      expect(res.body.error).toBe('ValidationError');
      expect(res.body.message).toContain('nothing was imported');
      expect(res.body.details).toMatchObject({ field: 'file', code: 'INVALID_FORMAT' });
      expect(res.body.details.errors.map((e: { field: string; line: number }) => [e.field, e.line])).toEqual([
        ['SLV-bad.csv', 3],
        ['SLV-bad.csv', 4],
        ['SLV-bad.csv', 5],
      ]);
      expect(res.body.details.errors[1].message).toBe('line 4: 2015-01-17 is not an NYSE trading day');
      const rows = await t.app
        .get(DataSource)
        .query(`SELECT to_char(ts, 'YYYY-MM-DD') AS d FROM daily_bars WHERE symbol = 'SLV' AND source = 'csv' AND ts >= '2015-01-15'`);
      expect(rows).toEqual([]);
    });

    it('refuses unknown symbols, unreadable headers and requests without files', async () => {
      const unknown = await upload(adminToken).attach('file', Buffer.from(readFileSync(join(FIXTURES, 'SLV.csv'))), 'ZZZZ.csv').expect(422);
      expect(unknown.body.details.errors[0].message).toContain('unknown symbol ZZZZ');
      const header = await upload(adminToken).attach('file', Buffer.from('when,price\n2015-01-02,1\n'), 'SLV.csv').expect(422);
      expect(header.body.details.errors[0]).toMatchObject({ line: 1 });
      // Values the table cannot hold are bad rows (422 by line), not database errors.
      const huge = await upload(adminToken)
        .attach('file', Buffer.from('Date,Open,High,Low,Close,Adj Close,Volume\n2015-01-21,1e20,1e20,1,1,0.0000001,100\n'), 'SLV.csv')
        .expect(422);
      expect(huge.body.details.errors[0]).toMatchObject({ line: 2 });
      expect(huge.body.details.errors[0].message).toContain('open 1e20 is too large');
      expect(huge.body.details.errors[0].message).toContain('adj close must be positive (at 6 decimals)');
      const none = await upload(adminToken).field('symbol', 'SLV').expect(422);
      expect(none.body.details).toMatchObject({ field: 'file', code: 'REQUIRED' });
    });
  });

  describe('imported history drives the live simulated price', () => {
    // A week of CAT far below its simulated level, ending with the last session closed before OPEN.
    const CAT_CSV = [
      'Date,Open,High,Low,Close,Adj Close,Volume',
      '2025-06-03,118.00,119.60,117.20,119.10,117.90,5100000',
      '2025-06-04,119.20,120.40,118.30,118.70,117.51,4800000',
      '2025-06-05,118.60,121.00,118.10,120.80,119.59,5600000',
      '2025-06-06,121.00,122.40,120.20,121.90,120.68,6100000',
      '2025-06-09,122.10,123.00,120.90,121.50,120.29,4900000',
    ].join('\n');
    const imported = { date: '2025-06-09', open: 122.1, high: 123, low: 120.9, close: 121.5, adj_close: 120.29, volume: 4900000, source: 'csv' };
    const bearerGet = (app: TestApp, url: string) => app.http.get(url).set('Authorization', `Bearer ${token}`);

    it('continues quotes, daily and intraday bars from the imported close, here and on other instances', async () => {
      const other = await startTestApp({ MARKET_IMPORT_SYNC_MS: '500' }, withClock(new ManualClock(OPEN)));
      const port = (app: TestApp) => (app.app.getHttpServer().address() as AddressInfo).port;
      // Users connected to /ws/notifications on either instance hear about it (a system notice).
      const here = await ioConnect(`http://127.0.0.1:${port(t)}`, '/ws/notifications', { token });
      const there = await wsConnect(`ws://127.0.0.1:${port(other)}`, '/ws/notifications', { Authorization: `Bearer ${token}` });
      try {
        const before = (await get('/api/market/quote/CAT').expect(200)).body;
        expect(Math.abs(before.previous_close - 121.5)).toBeGreaterThan(20);
        const yearBefore = (await get('/api/market/historical/CAT?period=1y').expect(200)).body.data as Bar[];

        await t.http
          .post('/api/market/import')
          .set('Authorization', `Bearer ${adminToken}`)
          .attach('file', Buffer.from(CAT_CSV), 'CAT.csv')
          .expect(201);

        // The session in progress opens from the imported close with the model's own overnight gap.
        const quote = (await get('/api/market/quote/CAT').expect(200)).body;
        expect(quote.previous_close).toBe(121.5);
        expect(Math.abs(Math.log(quote.open / 121.5))).toBeLessThan(0.1);
        expect(Math.abs(Math.log(quote.price / 121.5))).toBeLessThan(0.15);
        expect(quote.change).toBeCloseTo(quote.price - 121.5, 4);
        expect(quote.source).toBe('simulated');

        // Daily history: imported days as imported, the live session from the quote, earlier days scaled to meet the import.
        const year = (await get('/api/market/historical/CAT?period=1y').expect(200)).body.data as Bar[];
        expect(year.find((b) => b.date === '2025-06-09')).toEqual(imported);
        const today = year[year.length - 1];
        expect(today).toMatchObject({ date: '2025-06-10', open: quote.open, high: quote.high, low: quote.low, close: quote.price, source: 'simulated' });
        // Adjusted closes carry the last imported adjusted/raw ratio, so adjusted returns do not jump at the seam.
        expect(today.adj_close! / today.close).toBeCloseTo(120.29 / 121.5, 4);
        const i = year.findIndex((b) => b.date === '2025-06-03');
        expect(Math.abs(Math.log(year[i].open / year[i - 1].close))).toBeLessThan(0.1);
        expect(year.length).toBe(yearBefore.length);
        // Same returns as before the import away from it, a different level.
        const ret = (bars: Bar[], k: number) => Math.log(bars[k].close / bars[k - 1].close);
        expect(ret(year, 100)).toBeCloseTo(ret(yearBefore, 100), 4);
        expect(year[100].close).not.toBeCloseTo(yearBefore[100].close, 0);
        expectOhlc(year);

        // The imported day's intraday path is pinned to its open, high, low, close and volume.
        const m5 = ((await get('/api/market/historical/CAT?period=5d&interval=5m').expect(200)).body.data as Bar[]).filter((b) =>
          b.date.startsWith('2025-06-09'),
        );
        expect(m5[0].open).toBe(122.1);
        expect(m5[m5.length - 1].close).toBe(121.5);
        expect(Math.max(...m5.map((b) => b.high))).toBe(123);
        expect(Math.min(...m5.map((b) => b.low))).toBe(120.9);
        expect(m5.reduce((a, b) => a + b.volume, 0)).toBe(4900000);

        // Bars generated before the import were stored under the plain seed tag; the new ones have their own.
        const tags: Array<{ source: string }> = await t.app
          .get(DataSource)
          .query(`SELECT DISTINCT source FROM daily_bars WHERE symbol = 'CAT' AND ts >= '2024-07-01' ORDER BY source`);
        expect(tags.map((r) => r.source)).toEqual(['csv', expect.stringMatching(/^simulated:octopus~[0-9a-f]{16}$/)]);

        // Another instance follows within MARKET_IMPORT_SYNC_MS.
        const deadline = Date.now() + 10_000;
        let seen = (await bearerGet(other, '/api/market/quote/CAT').expect(200)).body;
        while (seen.previous_close !== 121.5 && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 200));
          seen = (await bearerGet(other, '/api/market/quote/CAT').expect(200)).body;
        }
        expect(seen).toEqual(quote);
        expect((await bearerGet(other, '/api/market/historical/CAT?period=1y').expect(200)).body.data).toEqual(year);

        const notice = {
          type: 'notification',
          kind: 'system',
          event: 'market_history_replaced',
          title: 'Market data replaced',
          symbol: 'CAT',
          first_date: '2025-06-03',
          last_date: '2025-06-09',
        };
        const isNotice = (m: Record<string, unknown>) => m.type === 'notification' && m.symbol === 'CAT';
        expect(await here.inbox.next(isNotice)).toMatchObject(notice);
        expect(await there.inbox.next(isNotice)).toMatchObject({ ...notice, message: expect.stringContaining('2025-06-03 to 2025-06-09') });
        await sleep(300);
        expect(here.inbox.count(isNotice) + there.inbox.count(isNotice)).toBe(2); // once per connection

        // The audit trail lists it (admins only), newest first, with cursor pagination.
        const admin = (url: string) => get(url, adminToken);
        await get('/api/market/imports').expect(403);
        const trail = (await admin('/api/market/imports?symbol=cat').expect(200)).body;
        expect(trail.imports[0]).toMatchObject({
          symbol: 'CAT',
          action: 'import',
          actor: `user:${adminEmail}`,
          file: 'CAT.csv',
          format: 'yahoo',
          rows: 5,
          first_date: '2025-06-03',
          last_date: '2025-06-09',
        });

        // Removing the import puts the simulation back, here and on the other instance, with a notice.
        await t.http.delete('/api/market/imports/CAT').set('Authorization', `Bearer ${token}`).expect(403);
        await t.http.delete('/api/market/imports/cat').set('Authorization', `Bearer ${adminToken}`).expect(204);
        expect((await get('/api/market/quote/CAT').expect(200)).body).toEqual(before);
        expect((await get('/api/market/historical/CAT?period=1y').expect(200)).body.data).toEqual(yearBefore);
        const p1 = (await admin('/api/market/imports?symbol=CAT&limit=1').expect(200)).body;
        expect(p1.imports).toHaveLength(1);
        expect(p1.imports[0]).toMatchObject({ action: 'removal', actor: `user:${adminEmail}`, format: null, file: null, rows: 5, first_date: '2025-06-03', last_date: '2025-06-09' });
        const p2 = (await admin(`/api/market/imports?symbol=CAT&limit=1&cursor=${p1.next_cursor}`).expect(200)).body;
        expect(p2.imports.map((i: { action: string }) => i.action)).toEqual(['import']);
        expect(p2.next_cursor).toBeNull();
        await admin('/api/market/imports?cursor=nonsense').expect(422);
        await admin('/api/market/imports?limit=501').expect(422);
        const back = Date.now() + 10_000;
        while ((await bearerGet(other, '/api/market/quote/CAT')).body.previous_close === 121.5 && Date.now() < back) await sleep(200);
        expect((await bearerGet(other, '/api/market/quote/CAT').expect(200)).body).toEqual(before);
        const isRemoval = (m: Record<string, unknown>) => isNotice(m) && m.first_date === null;
        expect(await here.inbox.next(isRemoval)).toMatchObject({ event: 'market_history_replaced', message: expect.stringContaining('removed') });
        await there.inbox.next(isRemoval);
        const again = await t.http.delete('/api/market/imports/CAT').set('Authorization', `Bearer ${adminToken}`).expect(404);
        expect(again.body.message).toBe('Imported history of CAT not found');
        await t.http.delete('/api/market/imports/ZZZZ').set('Authorization', `Bearer ${adminToken}`).expect(404);
        await t.http.delete('/api/market/imports/$$').set('Authorization', `Bearer ${adminToken}`).expect(422);
      } finally {
        here.close();
        there.close();
        await other.close();
      }
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
      const market = t.app.get(MarketDataService) as MarketDataService & { tick(): MarketQuote[] };
      market.watch('AAPL', 't');
      expect(market.tick().filter((q) => q.symbol === 'AAPL')).toHaveLength(1);
      expect(market.session().is_open).toBe(true);
      // Off-hours liquidity: ticks at night carry volume (so resting orders can fill), the session's volume stays.
      clock.advance(60_000);
      const [night] = market.tick().filter((q) => q.symbol === 'AAPL');
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
      const market = t.app.get(MarketService);
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
