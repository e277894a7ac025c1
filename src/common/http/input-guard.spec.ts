import { forbiddenStringPath, hasForbiddenCharacters, jsonDepthExceeds } from './input-guard';

describe('input guard', () => {
  it('finds NUL and unpaired surrogates, not paired ones', () => {
    expect(hasForbiddenCharacters('a\u0000b')).toBe(true);
    expect(hasForbiddenCharacters('\uD83D')).toBe(true);
    expect(hasForbiddenCharacters('x\uDE00')).toBe(true);
    expect(hasForbiddenCharacters('\uDE00\uD83D')).toBe(true);
    expect(hasForbiddenCharacters('rocket \uD83D\uDE80 ok')).toBe(false);
    expect(hasForbiddenCharacters('plain ü 中文')).toBe(false);
  });

  it('names the path of the first bad string or key', () => {
    expect(forbiddenStringPath({ email: 'a\u0000' })).toBe('email');
    expect(forbiddenStringPath({ a: [{ b: 'ok' }, { c: '\uD800' }] })).toBe('a[1].c');
    expect(forbiddenStringPath({ ['k\u0000']: 1 })).toBe('k\u0000');
    expect(forbiddenStringPath({ a: 1, b: [true, null, 'fine'] })).toBeNull();
    expect(forbiddenStringPath('\u0000')).toBe('(value)');
    expect(forbiddenStringPath(JSON.parse('{"a":{"__proto__":{"admin":true}}}'))).toBe('a.__proto__');
    expect(forbiddenStringPath({ p: { constructor: { prototype: {} } } })).toBe('p.constructor');
  });

  it('measures JSON depth without parsing, skipping brackets inside strings', () => {
    const deep = (n: number) => Buffer.from('['.repeat(n) + ']'.repeat(n));
    expect(jsonDepthExceeds(deep(64), 64)).toBe(false);
    expect(jsonDepthExceeds(deep(65), 64)).toBe(true);
    expect(jsonDepthExceeds(deep(20000), 64)).toBe(true);
    expect(jsonDepthExceeds(Buffer.from(JSON.stringify({ s: '[[[[[[[[[[' + '\\"[['.repeat(50) })), 3)).toBe(false);
    expect(jsonDepthExceeds(Buffer.from('{"a":{"b":{"c":1}}}'), 2)).toBe(true);
  });
});
