import { LruCache } from './lru-cache';

describe('LruCache', () => {
  it('evicts the least recently used entry beyond its size', () => {
    const c = new LruCache<number>(2, 60_000);
    c.set('a', 1);
    c.set('b', 2);
    expect(c.get('a')).toBe(1); // a is now the most recent
    c.set('c', 3);
    expect(c.get('b')).toBeUndefined();
    expect(c.get('a')).toBe(1);
    expect(c.get('c')).toBe(3);
    expect(c.size).toBe(2);
  });

  it('expires entries after the ttl', () => {
    let now = 0;
    const c = new LruCache<number>(10, 1000, () => now);
    c.set('a', 1);
    now = 999;
    expect(c.get('a')).toBe(1);
    now = 2000;
    expect(c.get('a')).toBeUndefined();
  });

  it('computes once for concurrent misses and does not cache failures', async () => {
    const c = new LruCache<number>(10, 60_000);
    let calls = 0;
    const compute = async () => {
      calls++;
      await new Promise((r) => setTimeout(r, 5));
      return 42;
    };
    const [a, b] = await Promise.all([c.getOrCompute('k', compute), c.getOrCompute('k', compute)]);
    expect([a, b, calls]).toEqual([42, 42, 1]);
    await expect(c.getOrCompute('bad', () => Promise.reject(new Error('x')))).rejects.toThrow('x');
    expect(c.get('bad')).toBeUndefined();
  });
});
