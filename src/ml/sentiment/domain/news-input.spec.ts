import { contentHash, validateNewsItem } from './news-input';

const opts = { defaultSource: 'api', now: new Date('2025-06-10T12:00:00.000Z'), knownSymbol: (s: string) => ['AAPL', 'MSFT'].includes(s) };

describe('news item validation', () => {
  it('accepts a minimal item and fills defaults', () => {
    const r = validateNewsItem({ title: 'Apple beats estimates', url: 'https://example.com/a' }, opts);
    expect(r).toEqual({
      draft: expect.objectContaining({ kind: 'news', source: 'api', externalId: 'https://example.com/a', publishedAt: opts.now, language: 'en', symbols: [] }),
    });
  });

  it('lists every problem with its field and code', () => {
    const r = validateNewsItem({ kind: 'blog', url: 'ftp://x', published_at: 'yesterday', symbols: ['aapl', 'NOPE', '1x'], language: 'de' }, opts);
    expect('problems' in r && r.problems.map((p) => `${p.field}:${p.code}`)).toEqual([
      'kind:INVALID_VALUE',
      'title:REQUIRED',
      'url:INVALID_FORMAT',
      'published_at:INVALID_FORMAT',
      'language:INVALID_VALUE',
      'symbols.1:UNKNOWN_SYMBOL',
      'symbols.2:INVALID_FORMAT',
    ]);
    expect(validateNewsItem('x', opts)).toEqual({ problems: [{ field: '', code: 'INVALID_TYPE', message: 'an item must be an object' }] });
    expect(validateNewsItem({ title: 5, external_id: 'a' }, opts)).toMatchObject({ problems: [{ field: 'title', code: 'INVALID_TYPE' }] });
    expect(validateNewsItem({ title: 'x', external_id: 'a', published_at: '2030-01-01T00:00:00Z' }, opts)).toMatchObject({ problems: [{ field: 'published_at', code: 'OUT_OF_RANGE' }] });
  });

  it('hashes content case- and whitespace-insensitively', () => {
    expect(contentHash('Apple  Beats', 'x\n y')).toBe(contentHash('apple beats', 'x y'));
    expect(contentHash('Apple beats', null)).not.toBe(contentHash('Apple misses', null));
  });
});
