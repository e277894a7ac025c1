import { Logger } from '@nestjs/common';
import { FakeYahoo } from '../../../../test/fixtures/market/fake-yahoo';
import { AppError } from '../../../common/errors/app-error';
import { ManualClock } from '../../clock';
import { rebase, YahooClient } from './yahoo-client';
import { DEFAULT_YAHOO_OPTIONS, YahooMarketProvider, type YahooOptions } from './yahoo.provider';

describe('YahooMarketProvider (yahoo-finance2 over recorded responses)', () => {
  let fake: FakeYahoo;
  let clock: ManualClock;
  let provider: YahooMarketProvider;
  const options: YahooOptions = {
    ...DEFAULT_YAHOO_OPTIONS,
    timeoutMs: 50,
    retries: 2,
    failureThreshold: 3,
    cooldownMs: 30_000,
    freshMs: 15_000,
    sleep: async () => undefined,
  };

  beforeAll(() => Logger.overrideLogger(false));

  beforeEach(() => {
    fake = new FakeYahoo();
    clock = new ManualClock('2021-11-13T15:00:00Z');
    provider = new YahooMarketProvider(new YahooClient(fake.fetch, options.timeoutMs), clock, options);
  });

  it('maps the recorded v7 quote', async () => {
    const q = await provider.quote('AAPL');
    expect(q).toEqual({
      symbol: 'AAPL',
      price: 149.99,
      bid: 149.7,
      ask: 149.73,
      open: 148.43,
      high: 150.395,
      low: 147.48,
      volume: 63635596,
      previousClose: 147.87,
      timestamp: 1636750803000,
      sessionDate: '2021-11-12',
      source: 'yahoo',
      stale: false,
    });
  });

  it('reuses a quote for freshMs, then asks again', async () => {
    await provider.quote('AAPL');
    clock.advance(14_000);
    await provider.quote('AAPL');
    expect(fake.calls).toHaveLength(1);
    clock.advance(2_000);
    await provider.quote('AAPL');
    expect(fake.calls).toHaveLength(2);
  });

  it.each(['down', 'hang', 'error'] as const)('serves the last known quote as stale when Yahoo is %s, after retrying', async (mode) => {
    await provider.quote('AAPL');
    fake.mode = mode;
    clock.advance(20_000);
    const q = await provider.quote('AAPL');
    expect(q).toMatchObject({ price: 149.99, stale: true });
    expect(fake.calls).toHaveLength(1 + 3); // first fetch, then one call + 2 retries
    expect(provider.peekQuote('AAPL')?.stale).toBe(true);
  });

  it.each(['garbage', 'unusable'] as const)('treats a %s answer as a failure: stale last quote, 503 for a new symbol, never a made-up price', async (mode) => {
    await provider.quote('AAPL');
    fake.mode = mode;
    for (let i = 0; i < 3; i++) {
      clock.advance(20_000);
      expect(await provider.quote('AAPL')).toMatchObject({ price: 149.99, stale: true });
    }
    expect(provider.breaker.state).toBe('open'); // garbage counts toward the breaker like an error
    clock.advance(30_000);
    const err = (await provider.quote('MSFT').catch((e: unknown) => e)) as AppError;
    expect(err).toBeInstanceOf(AppError);
    expect(err.status).toBe(503);
    expect(Number(err.headers['Retry-After'])).toBeGreaterThan(0);
    expect(provider.peekQuote('MSFT')).toBeNull();
  });

  it('answers stale once staleAfterMs has passed, and keeps the refresh that lands later', async () => {
    const slow = new YahooMarketProvider(new YahooClient(fake.fetch, 1000), clock, { ...options, timeoutMs: 1000, staleAfterMs: 30 });
    await slow.quote('AAPL');
    fake.delayMs = 300;
    clock.advance(20_000);
    const started = performance.now();
    expect(await slow.quote('AAPL')).toMatchObject({ price: 149.99, stale: true });
    expect(performance.now() - started).toBeLessThan(200);
    await new Promise((r) => setTimeout(r, 400));
    expect(slow.peekQuote('AAPL')).toMatchObject({ stale: false });
    expect(fake.calls).toHaveLength(2);
    expect(slow.breaker.consecutiveFailures).toBe(0); // slow is not failed: the deadline is the caller's, not the call's
  });

  it('a symbol never seen waits for the whole call (retries included) before its 503', async () => {
    fake.mode = 'hang';
    const quick = new YahooMarketProvider(new YahooClient(fake.fetch, 40), clock, { ...options, timeoutMs: 40, staleAfterMs: 10 });
    await expect(quick.quote('AAPL')).rejects.toMatchObject({ status: 503 });
    expect(fake.calls).toHaveLength(3);
  });

  it('serves other calls stale at once while the half-open trial is in flight', async () => {
    const q = await provider.quote('AAPL');
    provider.remember({ ...q, symbol: 'MSFT' }, clock.now().getTime());
    fake.mode = 'down';
    for (let i = 0; i < 3; i++) {
      clock.advance(20_000);
      await provider.quote('AAPL');
    }
    expect(provider.breaker.state).toBe('open');
    clock.advance(30_000);
    expect(provider.circuitState()).toBe('half_open');
    fake.mode = 'hang';
    const trial = provider.quote('AAPL'); // 3 attempts × 50 ms
    const started = performance.now();
    expect(await provider.quote('MSFT')).toMatchObject({ symbol: 'MSFT', stale: true });
    expect(performance.now() - started).toBeLessThan(100); // the trial itself takes ≥ 150 ms
    expect(fake.callsFor('MSFT')).toBe(0);
    expect(await trial).toMatchObject({ stale: true });
    expect(provider.circuitState()).toBe('open');
  });

  it('answers 503 with Retry-After when it has nothing to serve', async () => {
    fake.mode = 'down';
    const err = await provider.quote('MSFT').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(503);
    expect((err as AppError).headers['Retry-After']).toBeDefined();
    expect((err as AppError).details).toMatchObject({ provider: 'yahoo' });
  });

  it('opens the circuit after repeated failures, fails fast, and recovers after the cooldown', async () => {
    await provider.quote('AAPL');
    fake.mode = 'down';
    for (let i = 0; i < 3; i++) {
      clock.advance(20_000);
      expect((await provider.quote('AAPL')).stale).toBe(true);
    }
    expect(provider.breaker.state).toBe('open');
    const before = fake.calls.length;
    clock.advance(1_000);
    expect((await provider.quote('AAPL')).stale).toBe(true);
    const err = (await provider.quote('MSFT').catch((e: unknown) => e)) as AppError;
    expect(err.status).toBe(503);
    expect(Number(err.headers['Retry-After'])).toBeGreaterThan(0);
    expect(fake.calls.length).toBe(before); // no upstream call while open
    fake.mode = 'up';
    clock.advance(30_000);
    expect(await provider.quote('AAPL')).toMatchObject({ stale: false });
    expect(provider.breaker.state).toBe('closed');
  });

  it('polls watched symbols in one batch and marks them stale when polling fails', async () => {
    provider.setWatched(['AAPL', 'MSFT']);
    await provider.poll();
    expect(fake.calls).toEqual(['/v7/finance/quote']);
    expect(provider.peekQuote('AAPL')?.stale).toBe(false);
    expect(provider.peekQuote('MSFT')).toBeNull(); // Yahoo returned nothing for it
    fake.mode = 'down';
    await provider.poll();
    expect(provider.peekQuote('AAPL')?.stale).toBe(true);
  });

  it('prefetches many symbols in batches, skipping fresh ones', async () => {
    const batched = new YahooMarketProvider(new YahooClient(fake.fetch, options.timeoutMs), clock, { ...options, batchSize: 2 });
    await batched.prefetch(['AAPL', 'MSFT', 'KO', 'SPY', 'GLD']);
    expect(fake.requests.map((r) => r.symbols)).toEqual([['AAPL', 'MSFT'], ['KO', 'SPY'], ['GLD']]);
    await batched.quote('AAPL');
    expect(fake.requests).toHaveLength(3); // AAPL came with the first batch
    await batched.prefetch(['AAPL']);
    expect(fake.requests).toHaveLength(3);
  });

  it('reads daily bars from the chart endpoint, keeping adj close', async () => {
    const bars = await provider.dailyBars('AAPL', '2021-11-08', '2021-11-12', clock.now());
    expect(bars.map((b) => b.date)).toEqual(['2021-11-08', '2021-11-09', '2021-11-10', '2021-11-11', '2021-11-12']);
    expect(bars[4]).toEqual({ date: '2021-11-12', open: 148.429993, high: 150.399994, low: 147.479996, close: 149.990005, adjClose: 148.395935, volume: 63632600 });
  });

  it('never returns a bar of a session that has not closed', async () => {
    clock.set('2021-11-12T18:00:00Z');
    const bars = await provider.dailyBars('AAPL', '2021-11-08', '2021-11-12', clock.now());
    expect(bars.map((b) => b.date)).toEqual(['2021-11-08', '2021-11-09', '2021-11-10', '2021-11-11']);
  });

  it('refuses history with 503 when Yahoo is down', async () => {
    fake.mode = 'down';
    await expect(provider.dailyBars('AAPL', '2021-11-08', '2021-11-12', clock.now())).rejects.toMatchObject({ status: 503 });
  });
});

describe('rebase (MARKET_YAHOO_BASE_URL)', () => {
  it('keeps path and query, after the base URL\'s own path', () => {
    expect(rebase('https://query2.finance.yahoo.com/v7/finance/quote?symbols=AAPL&crumb=x', 'http://127.0.0.1:9000')).toBe(
      'http://127.0.0.1:9000/v7/finance/quote?symbols=AAPL&crumb=x',
    );
    expect(rebase(new URL('https://finance.yahoo.com/quote/AAPL'), 'https://proxy.internal/yahoo/')).toBe('https://proxy.internal/yahoo/quote/AAPL');
    const req = rebase(new Request('https://fc.yahoo.com/', { headers: { accept: 'text/html' } }), 'http://fake:1') as Request;
    expect(req.url).toBe('http://fake:1/');
    expect(req.headers.get('accept')).toBe('text/html');
  });
});
