import { VerifiedTokenCache, verifiedTokenExpiry } from './verified-token-cache';

describe('VerifiedTokenCache', () => {
  it('answers a token until it expires, then forgets it', () => {
    const c = new VerifiedTokenCache<string>(10);
    c.set('t1', 'alice', 2_000, 1_000);
    expect(c.get('t1', 1_999)).toBe('alice');
    expect(c.get('t1', 2_000)).toBeUndefined();
    expect(c.size).toBe(0);
  });

  it('never stores a token that has already expired', () => {
    const c = new VerifiedTokenCache<string>(10);
    c.set('old', 'x', 1_000, 1_000);
    expect(c.get('old', 500)).toBeUndefined();
  });

  it('only the exact token hits', () => {
    const c = new VerifiedTokenCache<string>(10);
    c.set('aaa.bbb.ccc', 'alice', 5_000, 0);
    expect(c.get('aaa.bbb.ccd', 1)).toBeUndefined();
    expect(c.get('aaa.bbb.cc', 1)).toBeUndefined();
  });

  it('drops the oldest entry when full', () => {
    const c = new VerifiedTokenCache<number>(2);
    c.set('a', 1, 10_000, 0);
    c.set('b', 2, 10_000, 0);
    c.set('c', 3, 10_000, 0);
    expect(c.size).toBe(2);
    expect(c.get('a', 1)).toBeUndefined();
    expect(c.get('b', 1)).toBe(2);
    expect(c.get('c', 1)).toBe(3);
  });
});

describe('verifiedTokenExpiry', () => {
  const jwt = (payload: unknown) => `e30.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.sig`;
  it('reads exp in milliseconds', () => {
    expect(verifiedTokenExpiry(jwt({ sub: 'u', exp: 1_700_000_000 }))).toBe(1_700_000_000_000);
  });
  it('null without a numeric exp or with a broken payload', () => {
    expect(verifiedTokenExpiry(jwt({ sub: 'u' }))).toBeNull();
    expect(verifiedTokenExpiry(jwt({ exp: '1700000000' }))).toBeNull();
    expect(verifiedTokenExpiry('a.%%%.c')).toBeNull();
    expect(verifiedTokenExpiry('abc')).toBeNull();
  });
});
