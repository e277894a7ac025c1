import { startFeedServer } from '../../../../test/support/feed-server';
import { fetchFeed, type FetchOptions } from './feed-fetcher';

describe('feed fetcher (local HTTP server)', () => {
  let srv: Awaited<ReturnType<typeof startFeedServer>>;
  beforeAll(async () => (srv = await startFeedServer()));
  afterAll(() => srv.close());
  const opts: FetchOptions = { timeoutMs: 300, maxBytes: 64 * 1024, allowPrivate: false, maxRedirects: 3, addressAllowed: (ip) => ip === '127.0.0.1' };

  it('fetches, then answers 304 to the ETag it got', async () => {
    const first = await fetchFeed(`${srv.base}/rss`, opts);
    expect(first).toMatchObject({ status: 200, etag: '"v1"', lastModified: 'Tue, 10 Jun 2025 14:00:00 GMT' });
    expect(await fetchFeed(`${srv.base}/rss`, { ...opts, etag: '"v1"' })).toEqual({ status: 304, etag: '"v1"', lastModified: null });
  });

  it('follows up to 3 redirects, not 4', async () => {
    expect((await fetchFeed(`${srv.base}/hops/3`, opts)).status).toBe(200);
    await expect(fetchFeed(`${srv.base}/hops/4`, opts)).rejects.toThrow('more than 3 redirects');
  });

  it('re-checks every redirect target: refuses one to a link-local or other private address', async () => {
    await expect(fetchFeed(`${srv.base}/redirect?to=http://169.254.169.254/latest/meta-data/`, opts)).rejects.toThrow('refused: 169.254.169.254');
    const port = new URL(srv.base).port;
    await expect(fetchFeed(`${srv.base}/redirect?to=http://localhost:${port}/rss`, { ...opts, addressAllowed: () => false })).rejects.toThrow('refused');
    await expect(fetchFeed(`${srv.base}/rss`, { ...opts, addressAllowed: undefined })).rejects.toThrow('refused: 127.0.0.1');
  });

  it('refuses a name that resolves to a private address at connect time', async () => {
    const port = new URL(srv.base).port;
    await expect(fetchFeed(`http://localhost:${port}/rss`, { ...opts, addressAllowed: undefined })).rejects.toThrow(/refused: localhost resolves to/);
    expect((await fetchFeed(`http://localhost:${port}/rss`, { ...opts, addressAllowed: undefined, allowPrivate: true })).status).toBe(200);
  });

  it('times out, caps the body, and reports HTTP errors', async () => {
    await expect(fetchFeed(`${srv.base}/slow`, opts)).rejects.toThrow('timed out after 300 ms');
    await expect(fetchFeed(`${srv.base}/big`, opts)).rejects.toThrow('larger than 65536 bytes');
    await expect(fetchFeed(`${srv.base}/500`, opts)).rejects.toThrow('HTTP 500');
    await expect(fetchFeed('file:///etc/passwd', opts)).rejects.toThrow('refused: file:');
  });
});
