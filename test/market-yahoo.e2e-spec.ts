import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { universeBySymbol } from '../src/market/data/universe';
import { ManualClock } from '../src/market/clock';
import { CLOCK } from '../src/market/market.contracts';
import { MARKET_DATA_PROVIDER, type MarketDataProvider } from '../src/market/providers/provider';
import { YAHOO_FETCH } from '../src/market/providers/yahoo/yahoo-client';
import { DEFAULT_YAHOO_OPTIONS, YAHOO_OPTIONS, type YahooOptions } from '../src/market/providers/yahoo/yahoo.provider';
import { FakeYahoo } from './fixtures/market/fake-yahoo';
import { registerAndLogin, startTestApp, TestApp } from './support/app';

/** Saturday after the recorded quote (Friday 2021-11-12 close). */
const START = '2021-11-13T15:00:00.000Z';
const REDIS_URL = 'redis://127.0.0.1:6379';
const options: YahooOptions = {
  ...DEFAULT_YAHOO_OPTIONS,
  timeoutMs: 100,
  failureThreshold: 3,
  cooldownMs: 30_000,
  freshMs: 15_000,
  sleep: async () => undefined,
};

async function startYahooApp(fake: FakeYahoo, clock: ManualClock, env: Record<string, string> = {}): Promise<TestApp> {
  return startTestApp({ MARKET_DATA_PROVIDER: 'yahoo', ...env }, (b) =>
    b.overrideProvider(CLOCK).useValue(clock).overrideProvider(YAHOO_FETCH).useValue(fake.fetch).overrideProvider(YAHOO_OPTIONS).useValue(options),
  );
}

describe('Market (e2e): Yahoo adapter over recorded responses', () => {
  const fake = new FakeYahoo();
  const clock = new ManualClock(START);
  let t: TestApp;
  let token: string;
  const get = (url: string) => t.http.get(url).set('Authorization', `Bearer ${token}`);

  beforeAll(async () => {
    t = await startYahooApp(fake, clock);
    token = (await registerAndLogin(t.http)).access;
  });
  afterAll(() => t.close());

  it('serves the recorded quote with the seed fields, source yahoo and our fundamentals', async () => {
    const q = (await get('/api/market/quote/aapl').expect(200)).body;
    const shares = universeBySymbol().get('AAPL')?.shares_outstanding as number;
    expect(q).toEqual({
      symbol: 'AAPL',
      price: 149.99,
      change: 2.12,
      change_percent: 1.43,
      volume: 63635596,
      market_cap: Math.round(149.99 * shares * 100) / 100,
      pe_ratio: Math.round((149.99 / (universeBySymbol().get('AAPL')?.eps_ttm as number)) * 100) / 100,
      high: 150.395,
      low: 147.48,
      open: 148.43,
      previous_close: 147.87,
      timestamp: '2021-11-12T21:00:03.000Z',
      bid: 149.7,
      ask: 149.73,
      source: 'yahoo',
      stale: false,
    });
  });

  it('stores fetched daily bars with adj close, then reads them from the table', async () => {
    const res = await get('/api/market/historical/AAPL?period=5d').expect(200);
    expect(res.body.source).toBe('yahoo');
    expect(res.body.data).toEqual([
      { date: '2021-11-08', open: 151.41, high: 151.57, low: 150.16, close: 150.44, volume: 55020900, adj_close: 148.8411, source: 'yahoo' },
      { date: '2021-11-09', open: 150.2, high: 151.43, low: 150.06, close: 150.81, volume: 56787900, adj_close: 149.2071, source: 'yahoo' },
      { date: '2021-11-10', open: 150.02, high: 150.13, low: 147.85, close: 147.92, volume: 65187100, adj_close: 146.3479, source: 'yahoo' },
      { date: '2021-11-11', open: 148.96, high: 149.43, low: 147.68, close: 147.87, volume: 41000000, adj_close: 146.2984, source: 'yahoo' },
      { date: '2021-11-12', open: 148.43, high: 150.4, low: 147.48, close: 149.99, volume: 63632600, adj_close: 148.3959, source: 'yahoo' },
    ]);
    const rows = await t.app
      .get(DataSource)
      .query(`SELECT count(*)::int AS n FROM daily_bars WHERE symbol = 'AAPL' AND source = 'yahoo' AND ts BETWEEN '2021-11-08' AND '2021-11-12'`);
    expect(rows[0].n).toBe(5);
    const calls = fake.callsFor('AAPL', '/v8/finance/chart');
    fake.mode = 'down';
    try {
      const again = await get('/api/market/historical/AAPL?period=5d').expect(200);
      expect(again.body.data).toEqual(res.body.data);
      expect(fake.callsFor('AAPL', '/v8/finance/chart')).toBe(calls); // served from the table
    } finally {
      fake.mode = 'up';
    }
  });

  it('marks the last known quote stale when Yahoo fails, and answers 503 when it has nothing', async () => {
    fake.mode = 'down';
    try {
      clock.advance(20_000);
      const stale = (await get('/api/market/quote/AAPL').expect(200)).body;
      expect(stale).toMatchObject({ price: 149.99, source: 'yahoo', stale: true });
      const none = await get('/api/market/quote/MSFT').expect(503);
      expect(none.body).toMatchObject({ error: 'ServiceUnavailable', details: { provider: 'yahoo' } });
      expect(Number(none.headers['retry-after'])).toBeGreaterThan(0);
      const noHistory = await get('/api/market/historical/MSFT?period=5d').expect(503);
      expect(noHistory.body.error).toBe('ServiceUnavailable');
    } finally {
      fake.mode = 'up';
    }
  });

  it('stops calling Yahoo while the circuit is open, and recovers after the cooldown', async () => {
    fake.mode = 'hang'; // every request times out
    try {
      for (let i = 0; i < 4; i++) {
        clock.advance(20_000);
        expect((await get('/api/market/quote/AAPL').expect(200)).body.stale).toBe(true);
      }
      const calls = fake.calls.length;
      clock.advance(1_000);
      expect((await get('/api/market/quote/AAPL').expect(200)).body.stale).toBe(true);
      await get('/api/market/quote/MSFT').expect(503);
      expect(fake.calls.length).toBe(calls); // nothing reaches Yahoo while the circuit is open
    } finally {
      fake.mode = 'up';
    }
    clock.advance(31_000);
    expect((await get('/api/market/quote/AAPL').expect(200)).body).toMatchObject({ stale: false, price: 149.99 });
  });
});

describe('Market (e2e): Yahoo quotes shared through Redis', () => {
  it('lets a second instance reuse the first one\'s fetch', async () => {
    const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    await redis.del('octopus:market:quote:yahoo:AAPL');
    const fakeA = new FakeYahoo();
    const fakeB = new FakeYahoo();
    const a = await startYahooApp(fakeA, new ManualClock(START), { REDIS_URL });
    const b = await startYahooApp(fakeB, new ManualClock(START), { REDIS_URL });
    try {
      const { access } = await registerAndLogin(a.http);
      const qa = (await a.http.get('/api/market/quote/AAPL').set('Authorization', `Bearer ${access}`).expect(200)).body;
      await new Promise((r) => setTimeout(r, 50)); // the Redis write is fire-and-forget
      expect(await redis.pttl('octopus:market:quote:yahoo:AAPL')).toBeGreaterThan(0);
      const qb = (await b.http.get('/api/market/quote/AAPL').set('Authorization', `Bearer ${access}`).expect(200)).body;
      expect(qb).toEqual(qa);
      expect(fakeA.callsFor('AAPL')).toBe(1);
      expect(fakeB.callsFor('AAPL')).toBe(0);
      // B's provider now knows the shared quote too, so its ticks need no fetch of their own.
      const providerB = b.app.get<MarketDataProvider>(MARKET_DATA_PROVIDER);
      expect(providerB.peekQuote('AAPL', new Date(START))).toMatchObject({ price: 149.99, stale: false });
    } finally {
      await a.close();
      await b.close();
      await redis.del('octopus:market:quote:yahoo:AAPL');
      redis.disconnect();
    }
  });
});
