import { ManualClock } from '../src/market/clock';
import { uniqueEmail } from './support/app';
import { withClock } from './support/market';
import { useTestApp } from './support/suite';

/*
 * (The e2e suites share one database: these items use symbols and texts the feed fixtures do not.)
 * Sentiment over HTTP: admin-only ingestion with per-item outcomes, 422 and 413, dedupe, the seed's call and shape,
 * the no-data answer, decay, the history and the news listing.
 */

const NOW = '2025-06-10T15:00:00.000Z';
const hoursAgo = (h: number) => new Date(Date.parse(NOW) - h * 3_600_000).toISOString();
const ADMIN = uniqueEmail('sentiment-admin');
const SEED_FIELDS = ['symbol', 'overall_sentiment', 'sentiment_label', 'news_sentiment', 'social_sentiment', 'analyzed_sources', 'timestamp'];

describe('ML sentiment (e2e)', () => {
  const clock = new ManualClock(NOW);
  const s = useTestApp({ env: { ADMIN_EMAILS: ADMIN }, adminEmail: ADMIN, customize: withClock(clock) });
  const ingest = (items: unknown[], bearer = s.adminToken) => s.t.http.post('/api/ml/news').set('Authorization', `Bearer ${bearer}`).send({ items });

  it('ingests as admin only: 403 for a user, 200 with per-item outcomes for an admin, duplicates stored once', async () => {
    const items = [
      { title: 'Amazon beats estimates as cloud sales climb', url: 'https://news.example.com/a1', published_at: hoursAgo(2), source: 'wire' },
      { kind: 'social', text: 'Loving this rally in $AMZN, adding more', external_id: 'p1', published_at: hoursAgo(1), source: 'board' },
      { title: 'Markets await inflation data', url: 'https://news.example.com/a3', published_at: hoursAgo(3), symbols: ['amzn'], source: 'wire' },
    ];
    const refused = await ingest(items, s.token).expect(403);
    expect(refused.body.error).toBe('Forbidden');
    // An admin's API key: with the admin scope it may ingest, a read-only key may not.
    const keyOf = async (scopes: string[]) => (await s.t.http.post('/api/auth/api-keys').set('Authorization', `Bearer ${s.adminToken}`).send({ name: `news-${scopes.join('-')}`, scopes }).expect(201)).body.key as string;
    const adminKey = await keyOf(['admin']);
    const readKey = await keyOf(['read']);
    const viaKey = (key: string) => s.t.http.post('/api/ml/news').set('X-API-Key', key).send({ items: [{ title: 'Key check', external_id: 'key-check', published_at: hoursAgo(200) }] });
    expect((await viaKey(readKey).expect(403)).body.details).toMatchObject({ missing_scope: 'admin' });
    expect((await viaKey(adminKey).expect(200)).body).toMatchObject({ inserted: 1 });

    const first = (await ingest(items).expect(200)).body;
    expect(first).toMatchObject({ inserted: 3, duplicate: 0, rejected: 0 });
    expect(first.items.map((i: { symbols: string[] }) => i.symbols)).toEqual([['AMZN'], ['AMZN'], ['AMZN']]);

    // the same items again, and the same story from another source: nothing new
    const again = (await ingest([...items, { ...items[0], source: 'other-wire', url: 'https://other.example.com/x' }]).expect(200)).body;
    expect(again).toMatchObject({ inserted: 0, duplicate: 4, rejected: 0 });
  });

  it('answers the seed’s call with the seed’s fields plus window, half-lives, counts and top items', async () => {
    const body = (await s.get('/api/ml/sentiment/amzn').expect(200)).body;
    expect(Object.keys(body).slice(0, SEED_FIELDS.length)).toEqual(SEED_FIELDS);
    expect(body).toMatchObject({ symbol: 'AMZN', analyzed_sources: 3, timestamp: NOW, window: '7d', half_life_hours: { news: 24, social: 6 }, counts: { news: 2, social: 1 } });
    for (const k of ['overall_sentiment', 'news_sentiment', 'social_sentiment']) {
      expect(typeof body[k]).toBe('number');
      expect(Math.abs(body[k])).toBeLessThanOrEqual(1);
    }
    expect(body.overall_sentiment).toBeCloseTo(0.6 * body.news_sentiment + 0.4 * body.social_sentiment, 3);
    expect(body.sentiment_label).toBe('bullish');
    expect(body.top_items).toHaveLength(3);
    // news 2 h old (half-life 24 h) weighs 0.5^(2/24) = 0.944, the post 1 h old (half-life 6 h) 0.5^(1/6) = 0.891
    expect(body.top_items.map((i: { kind: string; weight: number }) => [i.kind, i.weight])).toEqual([
      ['news', 0.9439],
      ['news', 0.917],
      ['social', 0.8909],
    ]);
    expect(body.top_items[2]).toMatchObject({ source: 'board', url: null, title: 'Loving this rally in $AMZN, adding more' });
    expect(Object.keys(body.top_items[0]).sort()).toEqual(['id', 'kind', 'published_at', 'score', 'source', 'title', 'url', 'weight']);
    // a shorter window leaves the items out
    const later = (await s.get('/api/ml/sentiment/AMZN?window=1d').expect(200)).body;
    expect(later.analyzed_sources).toBe(3);
    await s.get('/api/ml/sentiment/AMZN?window=0d').expect(422);
  });

  it('says insufficient_data with nulls when nothing is known, 404 for an unknown symbol', async () => {
    const body = (await s.get('/api/ml/sentiment/XLB').expect(200)).body;
    expect(body).toMatchObject({ symbol: 'XLB', overall_sentiment: null, sentiment_label: 'insufficient_data', news_sentiment: null, social_sentiment: null, analyzed_sources: 0, counts: { news: 0, social: 0 }, top_items: [] });
    expect((await s.get('/api/ml/sentiment/ZZZZQ').expect(404)).body.error).toBe('NotFound');
  });

  it('decays: an old strongly negative item weighs less than a fresh positive one', async () => {
    await ingest([
      { title: 'AMD shares crash as fraud probe widens and guidance cut', url: 'https://news.example.com/amd-1', published_at: hoursAgo(96) },
      { title: 'AMD rallies after upgrade', url: 'https://news.example.com/amd-2', published_at: hoursAgo(1) },
    ]).expect(200);
    const items = (await s.get('/api/ml/news?symbol=AMD').expect(200)).body.news;
    const [fresh, old] = items;
    expect(old.score).toBeLessThan(-0.7);
    expect(fresh.score).toBeGreaterThan(0.3);
    expect(Math.abs(old.score)).toBeGreaterThan(fresh.score);
    const body = (await s.get('/api/ml/sentiment/AMD').expect(200)).body;
    expect(body.news_sentiment).toBeGreaterThan(0.15);
    expect(body.social_sentiment).toBeNull();
    expect(body.overall_sentiment).toBe(body.news_sentiment);
    expect(body.top_items[0].title).toBe('AMD rallies after upgrade');
  });

  it('422 when every item is refused, with per-item reasons; 200 with reasons when some are', async () => {
    const bad = (await ingest([{ title: '' , url: 'x' }, { kind: 'blog', title: 'x', external_id: 'b', published_at: 'soon' }, 'not an object']).expect(422)).body;
    expect(bad.error).toBe('ValidationError');
    expect(bad.details.errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`)).toEqual([
      'items.0.title:REQUIRED',
      'items.0.url:INVALID_FORMAT',
      'items.1.kind:INVALID_VALUE',
      'items.1.published_at:INVALID_FORMAT',
      'items.2:INVALID_TYPE',
    ]);
    const partial = (await ingest([{ title: 'Microsoft raises dividend for the 20th year', url: 'https://news.example.com/m1', published_at: hoursAgo(1) }, { title: 'x', symbols: ['NOPE'], external_id: 'q' }]).expect(200)).body;
    expect(partial).toMatchObject({ inserted: 1, duplicate: 0, rejected: 1 });
    expect(partial.items[1]).toEqual({ index: 1, status: 'rejected', reasons: [{ field: 'symbols.0', code: 'UNKNOWN_SYMBOL', message: 'unknown symbol NOPE' }] });
    await s.t.http.post('/api/ml/news').set('Authorization', `Bearer ${s.adminToken}`).send({ items: 'nope' }).expect(422);
  });

  it('413 for more than 500 items', async () => {
    const items = Array.from({ length: 501 }, (_, i) => ({ title: `Item ${i}`, external_id: `big-${i}` }));
    expect((await ingest(items).expect(413)).body.error).toBe('PayloadTooLarge');
  });

  it('lists items with scores in cursor pages, and the daily history', async () => {
    const page1 = (await s.get('/api/ml/news?symbol=AMZN&limit=2').expect(200)).body;
    expect(page1.news).toHaveLength(2);
    expect(page1.news[0]).toMatchObject({ symbols: ['AMZN'], lexicon_version: expect.any(String), score_details: { terms: expect.any(Array) } });
    const page2 = (await s.get(`/api/ml/news?symbol=AMZN&limit=2&cursor=${page1.next_cursor}`).expect(200)).body;
    expect(page2.news).toHaveLength(1);
    expect(page2.next_cursor).toBeNull();
    expect(new Set([...page1.news, ...page2.news].map((n: { id: string }) => n.id)).size).toBe(3);
    await s.get('/api/ml/news?cursor=bogus').expect(422);
    await s.get('/api/ml/news?symbol=ZZZZQ').expect(404);

    const h = (await s.get('/api/ml/sentiment/AMZN/history?interval=1d&period=1mo').expect(200)).body;
    expect(h).toMatchObject({ symbol: 'AMZN', interval: '1d', period: '1mo', window: '7d' });
    expect(h.history).toHaveLength(30);
    expect(h.history.at(-1)).toMatchObject({ date: '2025-06-10', analyzed_sources: 3, sentiment_label: 'bullish' });
    expect(h.history.at(-2)).toMatchObject({ date: '2025-06-09', analyzed_sources: 0, overall_sentiment: null, sentiment_label: 'insufficient_data' });
    await s.get('/api/ml/sentiment/AMZN/history?period=5y').expect(422);
  });
});
