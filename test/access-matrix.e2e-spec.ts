import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { registerAndLogin, TEST_JWT_SECRET, uniqueEmail } from './support/app';
import { useTestApp } from './support/suite';
import { wsConnect } from './support/ws';

/*
 * Access control matrix (issue 17, item 3), generated from the served OpenAPI document: every operation with an
 * object id in its path is sent by user B with user A's object, and must answer 404 (never 403, never the object).
 * A new route with an id that this table cannot fill fails the test, so it gets a row. Then forged, expired and
 * revoked credentials are 401, and B cannot subscribe to A's portfolio stream. API key scopes (the hardening issue):
 * every authenticated operation, sent with A's read-only key, is never 403 if the document says it needs `read`
 * (every GET) and is 403 naming the scope it documents otherwise; a key without `read` is 403 on every GET. A is an
 * admin, so admin-only reads are reads like any other.
 */

type Operation = { parameters?: { name: string; in: string }[]; security?: unknown[]; 'x-api-key-scope'?: string; 'x-roles'?: string[] };
type Doc = { paths: Record<string, Record<string, Operation>> };

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head'] as const;

/** Which of A's objects fills a path's id, by the path's prefix; `null` for ids that are not owned objects. */
const OWNER_OBJECTS: [RegExp, string | null][] = [
  [/^\/api\/portfolios\/\{id\}/, 'portfolio'],
  [/^\/api\/risk\/portfolio\/\{portfolio_id\}/, 'portfolio'],
  [/^\/api\/positions\/\{id\}/, 'position'],
  [/^\/api\/orders\/\{id\}/, 'order'],
  [/^\/api\/alerts\/\{id\}/, 'alert'],
  [/^\/api\/watchlists\/\{id\}/, 'watchlist'],
  [/^\/api\/auth\/api-keys\/\{id\}/, 'apiKey'],
  [/^\/api\/ml\/jobs\/\{id\}/, 'job'],
  [/^\/api\/ml\/backtests?\/\{id\}/, 'backtest'],
  [/^\/api\/strategies\/deployments\/\{id\}/, 'deployment'],
  [/^\/api\/strategies\/\{id\}/, 'strategy'],
  // Shared admin objects (403 for users, checked by the admin-only loop below): A's source fills the scope check.
  [/^\/api\/ml\/sources\/\{id\}/, 'newsSource'],
  // Not owned objects: public market data by symbol, and the admin's imports (403 for users, tested elsewhere).
  [/\{symbol\}/, null],
];

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
function jwt(header: object, claims: object, secret: string | null): string {
  const head = `${b64(header)}.${b64(claims)}`;
  return secret === null ? `${head}.` : `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}

const ALICE = uniqueEmail('alice-admin');

describe('access control matrix (e2e)', () => {
  const s = useTestApp({ env: { ML_BACKTEST_SYNC_MAX_BARS: '10', ADMIN_EMAILS: ALICE }, adminEmail: ALICE });
  const a: Record<string, string> = {};
  let bob: { access: string };

  beforeAll(async () => {
    const h = s.t.http;
    const as = { Authorization: `Bearer ${s.adminToken}` };
    a.portfolio = (await h.post('/api/portfolios').set(as).send({ name: 'Alice', initial_cash: 10000 }).expect(201)).body.id;
    a.position = (await h.post(`/api/portfolios/${a.portfolio}/positions`).set(as).send({ symbol: 'MSFT', quantity: 2, price: 300 }).expect(201)).body.id;
    a.order = (await h.post('/api/orders').set(as).send({ portfolio_id: a.portfolio, symbol: 'AAPL', side: 'buy', order_type: 'limit', price: 1, quantity: 1, time_in_force: 'gtc' }).expect(201)).body.id;
    a.alert = (await h.post('/api/alerts').set(as).send({ symbol: 'AAPL', condition: 'above', threshold: 100000 }).expect(201)).body.id;
    a.watchlist = (await h.post('/api/watchlists').set(as).send({ name: 'Alice', symbols: ['AAPL', 'MSFT'] }).expect(201)).body.id;
    a.apiKey = (await h.post('/api/auth/api-keys').set(as).send({ name: 'alice' }).expect(201)).body.id;
    // Over ML_BACKTEST_SYNC_MAX_BARS: a stored backtest and its job.
    const bt = await h.post('/api/ml/backtest').set(as).send({ strategy: 'buy_and_hold', symbol: 'AAPL', start_date: '2024-01-02', end_date: '2024-03-01' }).expect(202);
    a.backtest = bt.body.id;
    a.job = bt.body.job_id;
    const { examples } = (await h.get('/api/strategies/examples').set(as).expect(200)).body;
    a.strategy = (await h.post('/api/strategies').set(as).send(examples[0].document).expect(201)).body.id;
    a.deployment = (await h.post(`/api/strategies/${a.strategy}/deployments`).set(as).send({ portfolio_id: a.portfolio, mode: 'paper' }).expect(201)).body.id;
    a.newsSource = (await h.post('/api/ml/sources').set(as).send({ url: 'https://feeds.example.invalid/access-matrix.rss', poll_seconds: 86400 }).expect(201)).body.id;
    bob = await registerAndLogin(h);
  });

  it("answers 404 to user B for every operation on user A's objects, and leaves them intact", async () => {
    const doc = (await s.t.http.get('/openapi.json').expect(200)).body as Doc;
    const unmapped: string[] = [];
    const wrong: string[] = [];
    let checked = 0;
    for (const [path, methods] of Object.entries(doc.paths)) {
      if (!/\{[a-z_]+\}/.test(path)) continue;
      const row = OWNER_OBJECTS.find(([re]) => re.test(path));
      if (!row) {
        unmapped.push(path);
        continue;
      }
      if (row[1] === null) continue;
      const url = path.replace(/\{[a-z_]+\}/, a[row[1]]);
      for (const method of Object.keys(methods)) {
        if (methods[method]['x-roles']?.includes('admin')) {
          // Not B's to see at all: an admin-only route answers B 403 before any lookup.
          const res = await s.t.http[method as 'get' | 'post' | 'delete'](path.replace(/\{[a-z_]+\}/, a[row[1]])).set('Authorization', `Bearer ${bob.access}`);
          checked++;
          if (res.status !== 403) wrong.push(`${method.toUpperCase()} ${path}: ${res.status} (admin-only)`);
          continue;
        }
        const req = s.t.http[method as 'get' | 'post' | 'put' | 'delete'](url).set('Authorization', `Bearer ${bob.access}`);
        // A body that is valid enough to get past validation where the route takes one.
        const res = method === 'get' || method === 'delete' ? await req : await req.send(method === 'put' && path.endsWith('{id}') ? { name: 'mine now' } : { amount: 1, type: 'deposit' });
        checked++;
        if (res.status !== 404 && !(res.status === 422 && method !== 'get' && method !== 'delete')) wrong.push(`${method.toUpperCase()} ${path}: ${res.status}`);
        if (res.status === 422) {
          // Validation came first: retry the read-only twin to prove the object is hidden too.
          const get = await s.t.http.get(url).set('Authorization', `Bearer ${bob.access}`);
          if (methods.get && get.status !== 404) wrong.push(`GET ${path} (after 422 on ${method}): ${get.status}`);
        }
      }
    }
    expect(unmapped).toEqual([]);
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(23);
    // Alice still has everything.
    const as = { Authorization: `Bearer ${s.adminToken}` };
    await s.t.http.get(`/api/portfolios/${a.portfolio}`).set(as).expect(200);
    await s.t.http.get(`/api/orders/${a.order}`).set(as).expect(200);
    await s.t.http.get(`/api/positions/${a.position}`).set(as).expect(200);
    await s.t.http.get(`/api/alerts/${a.alert}`).set(as).expect(200);
    expect((await s.t.http.get(`/api/watchlists/${a.watchlist}`).set(as).expect(200)).body).toMatchObject({ name: 'Alice', symbols: ['AAPL', 'MSFT'] });
    await s.t.http.get(`/api/ml/backtest/${a.backtest}`).set(as).expect(200);
    await s.t.http.get(`/api/ml/jobs/${a.job}`).set(as).expect(200);
    await s.t.http.get(`/api/strategies/${a.strategy}`).set(as).expect(200);
    expect((await s.t.http.get(`/api/strategies/deployments/${a.deployment}/status`).set(as).expect(200)).body.status).toBe('active');
    expect(JSON.stringify((await s.t.http.get('/api/auth/api-keys').set(as).expect(200)).body)).toContain(a.apiKey);
    // And B's lists do not show them.
    expect(JSON.stringify((await s.get('/api/portfolios', bob.access).expect(200)).body)).not.toContain(a.portfolio);
    expect((await s.get('/api/ml/backtests', bob.access).expect(200)).body.backtests).toEqual([]);
  });

  it("answers a read-only API key every read and refuses it every write, by each operation's documented scope", async () => {
    const h = s.t.http;
    const doc = (await h.get('/openapi.json').expect(200)).body as Doc;
    const as = { Authorization: `Bearer ${s.adminToken}` };
    const reader = (await h.post('/api/auth/api-keys').set(as).send({ name: 'reader', scopes: ['read'] }).expect(201)).body;
    const writer = (await h.post('/api/auth/api-keys').set(as).send({ name: 'writer', scopes: ['trade', 'admin'] }).expect(201)).body;
    expect([reader.scopes, writer.scopes]).toEqual([['read'], ['trade', 'admin']]);
    // The guard decides before validation, so any answer but 403 proves the scope let the request through (a 422 for
    // a missing query is fine). A's own objects fill the ids; an unknown symbol keeps reads cheap (no model job).
    const fill = (path: string): string | null => {
      const url = path.replace(/\{symbol\}/g, 'ZZZZ');
      if (!/\{[a-z_]+\}/.test(url)) return url;
      const object = OWNER_OBJECTS.find(([re]) => re.test(path))?.[1];
      return object ? url.replace(/\{[a-z_]+\}/, a[object]) : null;
    };
    const wrong: string[] = [];
    const counts = { read: 0, write: 0, public: 0 };
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const method of HTTP_METHODS) {
        const op = item[method];
        if (!op) continue;
        const name = `${method.toUpperCase()} ${path}`;
        if (op.security?.length === 0) {
          counts.public++;
          continue;
        }
        const url = fill(path);
        const scope = op['x-api-key-scope'];
        if (url === null || !scope) {
          wrong.push(`${name}: ${url === null ? 'no object for its path' : 'no x-api-key-scope'}`);
          continue;
        }
        if ((method === 'get' || method === 'head') !== (scope === 'read')) wrong.push(`${name}: documents ${scope}`);
        const req = h[method](url).set('X-API-Key', reader.key);
        const res = await (scope === 'read' ? req : req.send({}));
        if (scope === 'read') {
          counts.read++;
          if (res.status === 401 || res.status === 403 || res.status >= 500) wrong.push(`${name} (read key): ${res.status} ${res.body?.message}`);
          const blind = await h[method](url).set('Authorization', `Bearer ${writer.key}`);
          if (blind.status !== 403 || blind.body.details?.missing_scope !== 'read') wrong.push(`${name} (key without read): ${blind.status}`);
        } else {
          counts.write++;
          const ok = res.status === 403 && res.body.error === 'Forbidden' && res.body.details?.missing_scope === scope && res.body.request_id;
          if (!ok) wrong.push(`${name} (read key): ${res.status} ${JSON.stringify(res.body?.details)}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(counts.public).toBeGreaterThanOrEqual(5);
    expect(counts.read).toBeGreaterThanOrEqual(28);
    expect(counts.write).toBeGreaterThanOrEqual(20);
    // Nothing the read key was refused happened.
    await h.get(`/api/portfolios/${a.portfolio}`).set(as).expect(200);
    expect((await h.get(`/api/orders/${a.order}`).set(as).expect(200)).body.status).toBe('pending');
    await h.get(`/api/alerts/${a.alert}`).set(as).expect(200);
    expect((await h.get('/api/auth/api-keys').set(as).expect(200)).body.api_keys.map((k: { id: string }) => k.id)).toContain(a.apiKey);
  });

  it('lets a read-only API key open realtime channels, and refuses a key without read with 4403', async () => {
    const { port } = s.t.app.getHttpServer().address() as AddressInfo;
    const as = { Authorization: `Bearer ${s.adminToken}` };
    const reader = (await s.t.http.post('/api/auth/api-keys').set(as).send({ name: 'ws reader', scopes: ['read'] }).expect(201)).body.key;
    const writer = (await s.t.http.post('/api/auth/api-keys').set(as).send({ name: 'ws writer', scopes: ['trade'] }).expect(201)).body.key;
    const ok = await wsConnect(`ws://127.0.0.1:${port}`, `/ws/portfolio/${a.portfolio}`, { 'X-API-Key': reader });
    ok.send({ type: 'ping', id: 'p' });
    expect(await ok.inbox.next((m) => m.id === 'p', 5000)).toMatchObject({ type: 'pong' });
    ok.close();
    const refused = await wsConnect(`ws://127.0.0.1:${port}`, '/ws/notifications', { 'X-API-Key': writer }, { ready: false });
    expect((await refused.closed).code).toBe(4403);
  });

  it("refuses B's subscription to A's portfolio stream", async () => {
    const { port } = s.t.app.getHttpServer().address() as AddressInfo;
    const c = await wsConnect(`ws://127.0.0.1:${port}`, `/ws/portfolio/${a.portfolio}`, { Authorization: `Bearer ${bob.access}` }, { ready: false });
    const closed = await c.closed;
    expect(closed.code).toBe(4404);
  });

  it('answers 401 to forged, tampered, wrong-key, alg:none, expired and revoked credentials', async () => {
    const me = (token: string) => s.t.http.get('/api/auth/me').set('Authorization', `Bearer ${token}`);
    const [, payload] = s.token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const now = Math.floor(Date.now() / 1000);
    await me(jwt({ alg: 'HS256', typ: 'JWT' }, claims, TEST_JWT_SECRET)).expect(200); // the forge works with the key…
    await me(jwt({ alg: 'none', typ: 'JWT' }, claims, null)).expect(401);
    await me(jwt({ alg: 'HS256', typ: 'JWT' }, claims, 'another-secret-that-is-also-32-characters')).expect(401);
    const [head, , signature] = s.token.split('.');
    await me(`${head}.${b64({ ...claims, role: 'admin' })}.${signature}`).expect(401); // tampered claims, old signature
    await me(jwt({ alg: 'HS256', typ: 'JWT' }, { ...claims, iat: now - 7200, exp: now - 3600 }, TEST_JWT_SECRET)).expect(401);
    await me(jwt({ alg: 'HS512', typ: 'JWT' }, claims, TEST_JWT_SECRET)).expect(401);
    const key = (await s.t.http.post('/api/auth/api-keys').set('Authorization', `Bearer ${s.token}`).send({ name: 'to revoke' }).expect(201)).body;
    await s.t.http.get('/api/auth/me').set('X-API-Key', key.key).expect(200);
    await s.t.http.delete(`/api/auth/api-keys/${key.id}`).set('Authorization', `Bearer ${s.token}`).expect(204);
    await s.t.http.get('/api/auth/me').set('X-API-Key', key.key).expect(401);
  });
});
