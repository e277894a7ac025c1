import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { startTestApp, type TestApp } from './support/app';

const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

describe('dashboard serving (web/dist)', () => {
  let dir: string;
  let t: TestApp;
  let bare: TestApp;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'octopus-web-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Octopus dashboard</title><script type="module" src="/assets/app-abc.js"></script>');
    writeFileSync(join(dir, 'assets', 'app-abc.js'), 'console.log(1)');
    writeFileSync(join(dir, 'assets', 'app-abc.js.gz'), gzipSync('console.log(1)'));
    t = await startTestApp({ WEB_DIST_DIR: dir });
    bare = await startTestApp({ WEB_DIST_DIR: join(dir, 'missing') });
  });
  afterAll(async () => {
    await t?.close();
    await bare?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(['/', '/market/AAPL', '/portfolios/3f1c1b9e-0000-4000-8000-000000000000', '/alerts'])('answers the client route %s with index.html under a strict CSP', async (path) => {
    const res = await t.http.get(path).set('Accept', HTML).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('Octopus dashboard');
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('serves the hashed assets with a long cache lifetime', async () => {
    const res = await t.http.get('/assets/app-abc.js').expect(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toContain('immutable');
  });

  it('sends the pre-compressed copy to browsers that accept gzip', async () => {
    const gz = await t.http
      .get('/assets/app-abc.js')
      .set('Accept-Encoding', 'gzip, deflate, br')
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers['content-type']).toMatch(/^text\/javascript/);
    expect(gz.headers['vary']).toMatch(/Accept-Encoding/);
    const body = gz.body as Buffer;
    // supertest may or may not have inflated it already
    expect((body[0] === 0x1f ? gunzipSync(body) : body).toString()).toBe('console.log(1)');
    const plain = await t.http.get('/assets/app-abc.js').set('Accept-Encoding', 'identity').expect(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.text).toBe('console.log(1)');
  });

  it('keeps API, docs and probe routes, and 404s with the error body', async () => {
    const api = await t.http.get('/api/nope').set('Accept', HTML).expect(404);
    expect(api.body).toMatchObject({ error: 'NotFound', request_id: expect.any(String) });
    await t.http.get('/assets/missing.js').set('Accept', HTML).expect(404);
    await t.http.get('/favicon.ico').set('Accept', HTML).expect(404);
    await t.http.get('/health').set('Accept', HTML).expect((r) => expect(r.headers['content-type']).toMatch(/json/));
    const docs = await t.http.get('/docs').set('Accept', HTML).redirects(1);
    expect(docs.text).not.toContain('Octopus dashboard');
    await t.http.get('/openapi.json').set('Accept', HTML).expect(200).expect('content-type', /json/);
    await t.http.post('/').set('Accept', HTML).expect(404);
  });

  it('answers API clients (no text/html in Accept) at / as before', async () => {
    const res = await t.http.get('/').set('Accept', 'application/json').expect(404);
    expect(res.body.error).toBe('NotFound');
  });

  it('without a built bundle, / is the 404 it always was', async () => {
    const res = await bare.http.get('/').set('Accept', HTML).expect(404);
    expect(res.body.error).toBe('NotFound');
    await bare.http.get('/assets/app-abc.js').expect(404);
  });
});
