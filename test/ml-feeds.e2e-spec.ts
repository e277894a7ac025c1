import { startFeedServer } from './support/feed-server';
import { uniqueEmail } from './support/app';
import { useTestApp, type Suite } from './support/suite';

/*
 * RSS/Atom sources polled on the ML job runner, against a local HTTP server serving fixture feeds: new items
 * appear, a second poll inserts nothing, a 500 / a timeout / a malformed feed back off visibly on the source, and
 * with FEED_ALLOW_PRIVATE_NETWORKS off the fetch of a private address is refused.
 */

type Source = { id: string; failures: number; last_error: string | null; last_polled_at: string | null; next_poll_at: string; items_inserted: number; etag: string | null; polling: boolean };

async function waitFor<T>(read: () => Promise<T>, done: (v: T) => boolean, ms = 8000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (done(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

function helpers(s: Suite) {
  const admin = () => ({ Authorization: `Bearer ${s.adminToken}` });
  const source = async (id: string): Promise<Source> => (await s.t.http.get(`/api/ml/sources/${id}`).set(admin()).expect(200)).body;
  const create = async (url: string, extra: object = {}): Promise<Source> => (await s.t.http.post('/api/ml/sources').set(admin()).send({ url, poll_seconds: 60, ...extra }).expect(201)).body;
  /** Polls now and waits for the job's result. */
  const pollNow = async (id: string) => {
    const job = (await s.t.http.post(`/api/ml/sources/${id}/poll`).set(admin()).expect(202)).body;
    const done = await waitFor(async () => (await s.t.http.get(`/api/ml/jobs/${job.id}`).set(admin()).expect(200)).body, (j) => j.status === 'completed' || j.status === 'failed');
    expect(done.status).toBe('completed');
    return done.result as { status: string; entries: number; inserted: number; duplicate: number; error: string | null };
  };
  const cleanup = async () => {
    const list = (await s.t.http.get('/api/ml/sources').set(admin()).expect(200)).body.sources as Source[];
    for (const x of list) await s.t.http.delete(`/api/ml/sources/${x.id}`).set(admin());
  };
  return { admin, source, create, pollNow, cleanup };
}

describe('ML feed sources (e2e)', () => {
  let srv: Awaited<ReturnType<typeof startFeedServer>>;
  const ADMIN = uniqueEmail('feeds-admin');
  const s = useTestApp({
    env: { ADMIN_EMAILS: ADMIN, FEED_ALLOW_PRIVATE_NETWORKS: 'true', FEED_TICK_MS: '100', FEED_TIMEOUT_MS: '500' },
    adminEmail: ADMIN,
    beforeClose: async () => {
      await h.cleanup();
      await srv.close();
    },
  });
  const h = helpers(s);
  beforeAll(async () => (srv = await startFeedServer()));

  it('is for admins only', async () => {
    await s.t.http.post('/api/ml/sources').set('Authorization', `Bearer ${s.token}`).send({ url: `${srv.base}/rss` }).expect(403);
    await s.get('/api/ml/sources').expect(403);
    await s.t.http.post('/api/ml/sources').set(h.admin()).send({ url: `${srv.base}/rss`, poll_seconds: 30 }).expect(422);
    await s.t.http.post('/api/ml/sources').set(h.admin()).send({ url: 'ftp://x.example.com/feed' }).expect(422);
  });

  it('polls a new RSS source at once: its items appear, a second poll (304) inserts nothing', async () => {
    const created = await h.create(`${srv.base}/rss`, { symbols: ['XLK'] });
    expect(created).toMatchObject({ name: '127.0.0.1', kind: 'news', poll_seconds: 60, symbols: ['XLK'], failures: 0, last_error: null, items_inserted: 0 });
    const polled = await waitFor(() => h.source(created.id), (x) => x.last_polled_at !== null && !x.polling);
    expect(polled).toMatchObject({ failures: 0, last_error: null, items_inserted: 3, etag: '"v1"' });
    expect(Date.parse(polled.next_poll_at) - Date.parse(polled.last_polled_at!)).toBeGreaterThanOrEqual(59_000);

    const news = (await s.get('/api/ml/news?symbol=XLK').expect(200)).body.news as Array<{ title: string; source: string; external_id: string; symbols: string[] }>;
    expect(news.map((n) => n.title).sort()).toEqual(['Apple beats estimates as iPhone sales climb', 'Boeing widens recall of 737 parts', 'Intel cuts guidance, shares tumble']);
    expect(news.find((n) => n.title.startsWith('Apple'))).toMatchObject({ source: '127.0.0.1', external_id: 'wire-2025-001', symbols: ['XLK', 'AAPL'] });

    const again = await h.pollNow(created.id);
    expect(again).toMatchObject({ status: 'not_modified', inserted: 0 });
    expect((await h.source(created.id)).items_inserted).toBe(3);
    await s.t.http.delete(`/api/ml/sources/${created.id}`).set(h.admin()).expect(204);
    await s.t.http.get(`/api/ml/sources/${created.id}`).set(h.admin()).expect(404);
  });

  it('an Atom source without validators: the second poll finds only duplicates', async () => {
    const created = await h.create(`${srv.base}/atom`, { kind: 'social' });
    await waitFor(() => h.source(created.id), (x) => x.last_polled_at !== null && !x.polling);
    const second = await h.pollNow(created.id);
    expect(second).toMatchObject({ status: 'ok', entries: 2, inserted: 0, duplicate: 2 });
    expect((await h.source(created.id)).items_inserted).toBe(2);
    const nvda = ((await s.get('/api/ml/news?symbol=NVDA').expect(200)).body.news as Array<{ source: string }>).filter((n) => n.source === '127.0.0.1');
    expect(nvda).toEqual([expect.objectContaining({ kind: 'social', source: '127.0.0.1', external_id: 'urn:board:post:1', author: 'trader1', body: 'Loving this rally in $NVDA, adding more' })]);
  });

  it.each([
    ['/500', 'HTTP 500'],
    ['/slow', 'timed out after 500 ms'],
    ['/malformed', 'not well-formed'],
  ])('%s backs off with the error on the source', async (path, error) => {
    const created = await h.create(`${srv.base}${path}`);
    const first = await waitFor(() => h.source(created.id), (x) => x.failures >= 1 && !x.polling);
    expect(first.failures).toBe(1);
    expect(first.last_error).toContain(error);
    expect(Date.parse(first.next_poll_at) - Date.parse(first.last_polled_at!)).toBeGreaterThanOrEqual(2 * 60_000 - 1000);
    const result = await h.pollNow(created.id);
    expect(result.status).toBe('failed');
    const second = await h.source(created.id);
    expect(second.failures).toBe(2);
    expect(Date.parse(second.next_poll_at) - Date.parse(second.last_polled_at!)).toBeGreaterThanOrEqual(4 * 60_000 - 1000);
  });
});

describe('ML feed sources with FEED_ALLOW_PRIVATE_NETWORKS off (e2e)', () => {
  let srv: Awaited<ReturnType<typeof startFeedServer>>;
  const ADMIN = uniqueEmail('feeds-admin2');
  const s = useTestApp({
    env: { ADMIN_EMAILS: ADMIN, FEED_TICK_MS: '100', FEED_TIMEOUT_MS: '500' },
    adminEmail: ADMIN,
    beforeClose: async () => {
      await h.cleanup();
      await srv.close();
    },
  });
  const h = helpers(s);
  beforeAll(async () => (srv = await startFeedServer()));

  it('refuses to fetch a loopback address without connecting, a source whose URL would redirect too (each hop is re-checked: feed-fetcher.spec)', async () => {
    const direct = await h.create(`${srv.base}/rss`);
    const viaRedirect = await h.create(`${srv.base}/redirect?to=http://169.254.169.254/latest/`);
    for (const id of [direct.id, viaRedirect.id]) {
      const x = await waitFor(() => h.source(id), (v) => v.failures >= 1 && !v.polling);
      expect(x.last_error).toMatch(/^refused: 127\.0\.0\.1/);
    }
    expect(srv.hits['/rss'] ?? 0).toBe(0);
    expect(srv.hits['/redirect'] ?? 0).toBe(0);
  });
});
