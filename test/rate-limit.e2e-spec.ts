import Redis from 'ioredis';
import { registerAndLogin, startTestApp, TestApp, uniqueIp } from './support/app';
import { useTestApp } from './support/suite';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function burstUntilLimited(t: TestApp, token: string, n = 21) {
  const statuses: number[] = [];
  let last;
  for (let i = 0; i < n; i++) {
    last = await t.http.get('/api/auth/me').set('Authorization', `Bearer ${token}`);
    statuses.push(last.status);
  }
  return { statuses, last: last! };
}

describe('Rate limits (e2e)', () => {
  describe('in memory', () => {
    const suite = useTestApp({ env: { RATE_LIMIT_ENABLED: 'true' }, user: false });
    let t: TestApp;
    beforeAll(() => {
      ({ t } = suite);
    });

    it('sends the seed headers on every response and refuses the 21st request in 10 s with 429', async () => {
      const s = await registerAndLogin(t.http);
      const first = await t.http.get('/api/auth/me').set('Authorization', `Bearer ${s.access}`).expect(200);
      expect(first.headers['x-ratelimit-limit']).toBe('100');
      expect(Number(first.headers['x-ratelimit-remaining'])).toBe(19);
      const reset = Number(first.headers['x-ratelimit-reset']);
      const now = Math.floor(Date.now() / 1000);
      expect(reset).toBeGreaterThanOrEqual(now);
      expect(reset).toBeLessThanOrEqual(now + 61);
      // No throttler-specific headers leak through.
      expect(Object.keys(first.headers).filter((h) => /ratelimit/i.test(h)).sort()).toEqual([
        'x-ratelimit-limit',
        'x-ratelimit-remaining',
        'x-ratelimit-reset',
      ]);
      const { statuses, last } = await burstUntilLimited(t, s.access, 20);
      expect(statuses.slice(0, 19).every((c) => c === 200)).toBe(true);
      expect(statuses[19]).toBe(429);
      expect(last.body).toMatchObject({ error: 'RateLimitExceeded', details: { retry_after: expect.any(Number) } });
      expect(Object.keys(last.body).sort()).toEqual(['details', 'error', 'message', 'request_id', 'timestamp']);
      expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(last.headers['retry-after'])).toBeLessThanOrEqual(10);
      expect(last.headers['x-ratelimit-remaining']).toBe('0');
    });

    it('counts unknown routes too (per IP), with the headers, so scanning for routes is throttled', async () => {
      const ip = uniqueIp();
      const statuses: number[] = [];
      let last;
      for (let i = 0; i < 21; i++) {
        last = await t.http.get(`/api/nowhere/${i}`).set('X-Forwarded-For', ip);
        statuses.push(last.status);
        if (i === 0) {
          expect(last.body).toMatchObject({ error: 'NotFound', message: 'Route GET /api/nowhere/0 not found' });
          expect(last.headers['x-ratelimit-limit']).toBe('100');
          expect(last.headers['x-ratelimit-remaining']).toBe('19');
        }
      }
      expect(statuses.slice(0, 20).every((c) => c === 404)).toBe(true);
      expect(statuses[20]).toBe(429);
      expect(last!.body.error).toBe('RateLimitExceeded');
      await t.http.post('/api/also/missing').set('X-Forwarded-For', uniqueIp()).expect(404);
    });

    it('counts per user: another user is not affected', async () => {
      const a = await registerAndLogin(t.http);
      const b = await registerAndLogin(t.http);
      await burstUntilLimited(t, a.access, 21);
      await t.http.get('/api/auth/me').set('Authorization', `Bearer ${b.access}`).expect(200);
    });
  });

  describe('in Redis (shared by instances)', () => {
    let one: TestApp;
    let two: TestApp;
    beforeAll(async () => {
      one = await startTestApp({ RATE_LIMIT_ENABLED: 'true', REDIS_URL });
      two = await startTestApp({ RATE_LIMIT_ENABLED: 'true', REDIS_URL });
    });
    afterAll(async () => {
      await one.close();
      await two.close();
    });

    it('holds the limit across two instances', async () => {
      const s = await registerAndLogin(one.http);
      for (let i = 0; i < 10; i++) await one.http.get('/api/auth/me').set('Authorization', `Bearer ${s.access}`).expect(200);
      for (let i = 0; i < 10; i++) await two.http.get('/api/auth/me').set('Authorization', `Bearer ${s.access}`).expect(200);
      const limited = await two.http.get('/api/auth/me').set('Authorization', `Bearer ${s.access}`).expect(429);
      expect(limited.body.error).toBe('RateLimitExceeded');
      const redis = new Redis(REDIS_URL);
      try {
        const keys = await redis.keys(`*octopus:rl:burst:u:${s.userId}*`);
        expect(keys.length).toBeGreaterThan(0);
      } finally {
        redis.disconnect();
      }
    });
  });

  describe('when Redis is unreachable', () => {
    // Nothing listens on port 1 of the loopback: every Redis command fails at once.
    const suite = useTestApp({ env: { RATE_LIMIT_ENABLED: 'true', REDIS_URL: 'redis://127.0.0.1:1' }, user: false });
    let t: TestApp;
    beforeAll(() => {
      ({ t } = suite);
    });

    it('falls back to per-instance limits, never to unlimited', async () => {
      const s = await registerAndLogin(t.http);
      const { statuses } = await burstUntilLimited(t, s.access, 21);
      expect(statuses.filter((c) => c === 429).length).toBeGreaterThan(0);
    });
  });
});
