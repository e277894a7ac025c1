import { OctopusTrading, RateLimitError } from '../src';
import { startStack, type Stack } from './support/stack';

/** A server with a burst of 3 requests per 10 s per user: the SDK waits out Retry-After on idempotent requests. */
describe('429 and Retry-After', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack({ RATE_LIMIT_ENABLED: 'true', RATE_LIMIT_BURST: '3', RATE_LIMIT_PER_MINUTE: '1000' });
  });
  afterAll(() => s?.stop());

  it('a GET answered 429 is retried after Retry-After and succeeds; a POST without a key is not', async () => {
    const noRetry = new OctopusTrading({ baseUrl: s.url, apiKey: s.apiKey, retry: false });
    let limited: RateLimitError | null = null;
    for (let i = 0; i < 10 && !limited; i++) {
      limited = await noRetry.market.clock().then(
        () => null,
        (e: unknown) => (e instanceof RateLimitError ? e : Promise.reject(e)),
      );
    }
    expect(limited).toMatchObject({ status: 429, error: 'RateLimitExceeded', retryAfter: expect.any(Number) });
    expect(limited!.retryAfter).toBeGreaterThan(0);

    const post = await noRetry.risk.var({ positions: [{ symbol: 'AAPL', value: 1000 }] }).catch((e: unknown) => e);
    expect(post).toBeInstanceOf(RateLimitError);

    const statuses: number[] = [];
    const recording = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const r = await fetch(input, init);
      statuses.push(r.status);
      return r;
    }) as typeof fetch;
    const client = new OctopusTrading({ baseUrl: s.url, apiKey: s.apiKey, fetch: recording });
    const started = Date.now();
    const clock = await client.market.clock();
    expect(typeof clock.is_open).toBe('boolean');
    expect(statuses[0]).toBe(429);
    expect(statuses.at(-1)).toBe(200);
    // It waited for the window, not a busy loop.
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
    expect(statuses.length).toBeLessThanOrEqual(3);
  });
});
