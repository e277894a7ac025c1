import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { registerAndLogin, TEST_JWT_SECRET } from './support/app';
import { useTestApp } from './support/suite';
import { wsConnect } from './support/ws';

/*
 * Access control matrix (issue 17, item 3), generated from the served OpenAPI document: every operation with an
 * object id in its path is sent by user B with user A's object, and must answer 404 (never 403, never the object).
 * A new route with an id that this table cannot fill fails the test, so it gets a row. Then forged, expired and
 * revoked credentials are 401, and B cannot subscribe to A's portfolio stream.
 */

type Doc = { paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>> };

/** Which of A's objects fills a path's id, by the path's prefix; `null` for ids that are not owned objects. */
const OWNER_OBJECTS: [RegExp, string | null][] = [
  [/^\/api\/portfolios\/\{id\}/, 'portfolio'],
  [/^\/api\/risk\/portfolio\/\{portfolio_id\}/, 'portfolio'],
  [/^\/api\/positions\/\{id\}/, 'position'],
  [/^\/api\/orders\/\{id\}/, 'order'],
  [/^\/api\/alerts\/\{id\}/, 'alert'],
  [/^\/api\/auth\/api-keys\/\{id\}/, 'apiKey'],
  [/^\/api\/ml\/jobs\/\{id\}/, 'job'],
  [/^\/api\/ml\/backtests?\/\{id\}/, 'backtest'],
  // Not owned objects: public market data by symbol, and the admin's imports (403 for users, tested elsewhere).
  [/\{symbol\}/, null],
];

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
function jwt(header: object, claims: object, secret: string | null): string {
  const head = `${b64(header)}.${b64(claims)}`;
  return secret === null ? `${head}.` : `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}

describe('access control matrix (e2e)', () => {
  const s = useTestApp({ env: { ML_BACKTEST_SYNC_MAX_BARS: '10' } });
  const a: Record<string, string> = {};
  let bob: { access: string };

  beforeAll(async () => {
    const h = s.t.http;
    const as = { Authorization: `Bearer ${s.token}` };
    a.portfolio = (await h.post('/api/portfolios').set(as).send({ name: 'Alice', initial_cash: 10000 }).expect(201)).body.id;
    a.position = (await h.post(`/api/portfolios/${a.portfolio}/positions`).set(as).send({ symbol: 'MSFT', quantity: 2, price: 300 }).expect(201)).body.id;
    a.order = (await h.post('/api/orders').set(as).send({ portfolio_id: a.portfolio, symbol: 'AAPL', side: 'buy', order_type: 'limit', price: 1, quantity: 1, time_in_force: 'gtc' }).expect(201)).body.id;
    a.alert = (await h.post('/api/alerts').set(as).send({ symbol: 'AAPL', condition: 'above', threshold: 100000 }).expect(201)).body.id;
    a.apiKey = (await h.post('/api/auth/api-keys').set(as).send({ name: 'alice' }).expect(201)).body.id;
    // Over ML_BACKTEST_SYNC_MAX_BARS: a stored backtest and its job.
    const bt = await h.post('/api/ml/backtest').set(as).send({ strategy: 'buy_and_hold', symbol: 'AAPL', start_date: '2024-01-02', end_date: '2024-03-01' }).expect(202);
    a.backtest = bt.body.id;
    a.job = bt.body.job_id;
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
    const as = { Authorization: `Bearer ${s.token}` };
    await s.t.http.get(`/api/portfolios/${a.portfolio}`).set(as).expect(200);
    await s.t.http.get(`/api/orders/${a.order}`).set(as).expect(200);
    await s.t.http.get(`/api/positions/${a.position}`).set(as).expect(200);
    await s.t.http.get(`/api/alerts/${a.alert}`).set(as).expect(200);
    await s.t.http.get(`/api/ml/backtest/${a.backtest}`).set(as).expect(200);
    await s.t.http.get(`/api/ml/jobs/${a.job}`).set(as).expect(200);
    expect(JSON.stringify((await s.t.http.get('/api/auth/api-keys').set(as).expect(200)).body)).toContain(a.apiKey);
    // And B's lists do not show them.
    expect(JSON.stringify((await s.get('/api/portfolios', bob.access).expect(200)).body)).not.toContain(a.portfolio);
    expect((await s.get('/api/ml/backtests', bob.access).expect(200)).body.backtests).toEqual([]);
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
