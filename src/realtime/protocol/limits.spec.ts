import { FloodGuard, KeyedCounter, TokenBucket } from './limits';

describe('TokenBucket', () => {
  it('allows a burst, then the rate', () => {
    const b = new TokenBucket(5, 5, 0);
    expect(Array.from({ length: 6 }, () => b.take(0))).toEqual([true, true, true, true, true, false]);
    expect(b.take(199)).toBe(false);
    expect(b.take(200)).toBe(true); // 1 token per 200 ms
    expect(b.take(10_000)).toBe(true);
  });
});

describe('FloodGuard', () => {
  it('warns once per second, drops the rest, closes a client far over its rate', () => {
    const g = new FloodGuard(2, 0, 10);
    expect([g.check(0), g.check(0)]).toEqual(['accept', 'accept']);
    expect(g.check(1)).toBe('warn');
    expect(g.check(2)).toBe('drop');
    const later = Array.from({ length: 8 }, () => g.check(3));
    expect(later.at(-1)).toBe('close');
    const fresh = new FloodGuard(2, 0, 10);
    fresh.check(0);
    fresh.check(0);
    expect(fresh.check(10)).toBe('warn');
    expect(fresh.check(1500)).toBe('accept');
  });
});

describe('KeyedCounter', () => {
  it('counts per key within a limit', () => {
    const c = new KeyedCounter(2);
    expect([c.tryAdd('ip'), c.tryAdd('ip'), c.tryAdd('ip')]).toEqual([true, true, false]);
    expect(c.room('ip')).toBe(0);
    expect(c.tryAdd('other')).toBe(true);
    c.remove('ip');
    expect(c.room('ip')).toBe(1);
    c.remove('ip', 5);
    expect(c.get('ip')).toBe(0);
    expect(c.size).toBe(1);
  });
});
