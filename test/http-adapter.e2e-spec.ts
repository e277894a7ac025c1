import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { useTestApp } from './support/suite';

/*
 * Issue 16, item 1: the same API on Express and Fastify (HTTP_ADAPTER). CI runs every e2e suite on both; this one
 * pins the edges where the two frameworks differ by default (routing rules, body parsing, framework-level errors,
 * multipart) to Express's behaviour, and checks that the run really is on the adapter it says.
 */
describe(`HTTP adapter parity (e2e, ${process.env.HTTP_ADAPTER || 'fastify'})`, () => {
  const admin = `admin.adapter.${Date.now()}@example.com`;
  const s = useTestApp({ adminEmail: admin, env: { ADMIN_EMAILS: admin } });
  const auth = () => ({ Authorization: `Bearer ${s.token}` });

  it('runs on the adapter HTTP_ADAPTER names', () => {
    expect(s.t.app.getHttpAdapter().getType()).toBe(process.env.HTTP_ADAPTER || 'fastify');
  });

  it('matches paths case-insensitively and with a trailing slash, as Express does', async () => {
    const plain = await s.get('/api/market/quote/AAPL').expect(200);
    const slash = await s.get('/api/market/quote/AAPL/').expect(200);
    const upper = await s.get('/API/Market/quote/AAPL').expect(200);
    expect(slash.body.symbol).toBe(plain.body.symbol);
    expect(upper.body.symbol).toBe('AAPL');
  });

  it('sends no X-Powered-By and always an X-Request-Id', async () => {
    const res = await s.get('/api/market/quote/AAPL').expect(200);
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['x-request-id']).toMatch(/^req_/);
    const given = await s.get('/api/market/quote/AAPL').set('X-Request-Id', 'client-id-1').expect(200);
    expect(given.headers['x-request-id']).toBe('client-id-1');
  });

  it('answers a path that is not valid percent-encoding with 400 in the standard error body', async () => {
    const res = await s.get('/api/market/quote/%E0%A4%A').expect(400);
    expect(res.body).toMatchObject({ error: 'BadRequest', request_id: expect.any(String) });
    expect(Object.keys(res.body).sort()).toEqual(['details', 'error', 'message', 'request_id', 'timestamp']);
  });

  it('validates a long path parameter instead of cutting it off (Fastify routes only 100 characters by default)', async () => {
    const res = await s.get(`/api/market/quote/${'A'.repeat(300)}`);
    expect([404, 422]).toContain(res.status);
    expect(res.body.error).toMatch(/NotFound|ValidationError/);
    const route = await s.get(`/api/orders/${'x'.repeat(500)}`);
    expect(route.body.message).not.toMatch(/^Route /); // reached the orders route, not the 404 fallback
  });

  it('unknown routes, any method, get the 404 body through the guards (rate-limit headers)', async () => {
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const res = await s.t.http[method]('/api/does-not-exist').set(auth()).expect(404);
      expect(res.body).toMatchObject({ error: 'NotFound', message: `Route ${method.toUpperCase()} /api/does-not-exist not found` });
    }
    const root = await s.t.http.get('/').expect(404);
    expect(root.body.error).toBe('NotFound');
  });

  it('a body of a type without a parser reaches validation as no body (422), not 415', async () => {
    const res = await s.t.http.post('/api/portfolios').set(auth()).set('Content-Type', 'text/plain').send('name=x').expect(422);
    expect(res.body.error).toBe('ValidationError');
    const xml = await s.t.http.post('/api/portfolios').set(auth()).set('Content-Type', 'application/xml').send('<a/>').expect(422);
    expect(xml.body.error).toBe('ValidationError');
  });

  it('an empty JSON body is no body, and malformed JSON is MalformedJson', async () => {
    await s.t.http.post('/api/portfolios').set(auth()).set('Content-Type', 'application/json').send('').expect(422);
    const bad = await s.t.http.post('/api/portfolios').set(auth()).set('Content-Type', 'application/json').send('{"name":').expect(400);
    expect(bad.body.error).toBe('MalformedJson');
    const charset = await s.t.http.post('/api/portfolios').set(auth()).set('Content-Type', 'application/json; charset=latin1').send('{}');
    expect(charset.status).toBe(415);
    expect(charset.body.error).toBe('UnsupportedMediaType');
  });

  it('sets Idempotent-Replayed on a replayed order (a passthrough @Res handler)', async () => {
    const p = await s.t.http.post('/api/portfolios').set(auth()).send({ name: 'Adapter', initial_cash: 10000 }).expect(201);
    const body = { portfolio_id: p.body.id, symbol: 'AAPL', side: 'buy', order_type: 'limit', quantity: 1, price: 1 };
    const key = `adapter-${Date.now()}`;
    const first = await s.t.http.post('/api/orders').set(auth()).set('Idempotency-Key', key).send(body).expect(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const again = await s.t.http.post('/api/orders').set(auth()).set('Idempotency-Key', key).send(body).expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.id).toBe(first.body.id);
  });

  it('HEAD of a GET route answers headers only', async () => {
    const res = await s.t.http.head('/health').expect(200);
    expect(res.text ?? '').toBe('');
  });

  it('refuses a request line over the header limit with the standard body (Node parser errors)', async () => {
    const server = s.t.app.getHttpServer() as import('node:http').Server;
    const { port } = server.address() as AddressInfo;
    const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/health', headers: { 'X-Big': 'x'.repeat(20_000) } }, (r) => {
        let body = '';
        r.on('data', (c: Buffer) => (body += c.toString()));
        r.on('end', () => resolve({ status: r.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(res.status).toBe(431);
    expect(JSON.parse(res.body)).toMatchObject({ error: 'BadRequest', request_id: expect.any(String) });
  });

  describe('multipart upload (the market import)', () => {
    const upload = () => s.t.http.post('/api/market/import').set('Authorization', `Bearer ${s.adminToken}`);

    it('a file under another field name is 400, a malformed body 400, and the connection stays usable', async () => {
      const other = await upload().attach('document', Buffer.from('Date,Close\n'), 'SLV.csv').expect(400);
      expect(other.body.error).toBe('BadRequest');
      const broken = await upload()
        .set('Content-Type', 'multipart/form-data; boundary=xyz')
        .send('--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nabc')
        .expect(400);
      expect(broken.body.error).toBe('BadRequest');
      const none = await upload().set('Content-Type', 'multipart/form-data').send('').expect(400);
      expect(none.body.error).toBe('BadRequest');
    });

    it('more files than the limit is 413', async () => {
      let req = upload();
      for (let i = 0; i < 21; i++) req = req.attach('file', Buffer.from('Date,Close\n'), `F${i}.csv`);
      const res = await req.expect(413);
      expect(res.body.error).toBe('PayloadTooLarge');
    });
  });
});
