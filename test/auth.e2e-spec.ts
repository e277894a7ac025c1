import { DataSource } from 'typeorm';
import { ApiKeyScopes1765000000000 } from '../migrations/1765000000000-ApiKeyScopes';
import { registerAndLogin, startTestApp, TestApp, uniqueEmail, uniqueIp } from './support/app';
import { useTestApp } from './support/suite';

describe('Auth (e2e, PostgreSQL)', () => {
  const suite = useTestApp({ user: false });
  let t: TestApp;
  beforeAll(() => {
    ({ t } = suite);
  });
  let currentIp = uniqueIp();
  const ip = () => currentIp;
  beforeEach(() => {
    currentIp = uniqueIp();
  });

  it('registers with the seed response shape, never returning secrets', async () => {
    const email = uniqueEmail('Seed');
    const res = await t.http
      .post('/api/auth/register')
      .send({ email, password: 'secure_password', first_name: 'John', last_name: 'Doe' })
      .expect(201);
    expect(Object.keys(res.body).sort()).toEqual(['created_at', 'email', 'first_name', 'id', 'last_name']);
    expect(res.body).toMatchObject({ email, first_name: 'John', last_name: 'Doe' });
    expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Date(res.body.created_at).toISOString()).toBe(res.body.created_at);
  });

  it('stores an argon2id hash, not the password', async () => {
    const { email } = await registerAndLogin(t.http);
    const ds = t.app.get(DataSource);
    const [{ password_hash }] = await ds.query('SELECT password_hash FROM users WHERE email = $1', [email]);
    expect(password_hash).toMatch(/^\$argon2id\$/);
  });

  it('refuses a duplicate email case-insensitively with 409', async () => {
    const email = uniqueEmail('dup');
    await t.http.post('/api/auth/register').send({ email, password: 'secure_password' }).expect(201);
    const res = await t.http.post('/api/auth/register').send({ email: email.toUpperCase(), password: 'secure_password' }).expect(409);
    expect(res.body).toMatchObject({ error: 'EmailTaken', details: null });
    expect(res.body.request_id).toBeTruthy();
  });

  it('lets exactly one of many concurrent registrations of one email through', async () => {
    const email = uniqueEmail('race');
    const results = await Promise.all(
      Array.from({ length: 8 }, () => t.http.post('/api/auth/register').send({ email, password: 'secure_password' })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(7);
  });

  it('validates every field with 422 and per-field details in the seed shape', async () => {
    const res = await t.http.post('/api/auth/register').send({ email: 'not-an-email', password: 'short', extra: 1 }).expect(422);
    expect(res.body.error).toBe('ValidationError');
    expect(res.body.details.field).toBeDefined();
    expect(res.body.details.code).toBeDefined();
    const byField = Object.fromEntries(res.body.details.errors.map((e: { field: string; code: string }) => [e.field, e.code]));
    expect(byField).toEqual({ extra: 'UNKNOWN_FIELD', email: 'INVALID_FORMAT', password: 'OUT_OF_RANGE' });
    const missing = await t.http.post('/api/auth/register').send({}).expect(422);
    expect(missing.body.details.errors).toEqual([
      expect.objectContaining({ field: 'email', code: 'REQUIRED' }),
      expect.objectContaining({ field: 'password', code: 'REQUIRED' }),
    ]);
    const long = await t.http.post('/api/auth/register').send({ email: uniqueEmail(), password: 'x'.repeat(129) }).expect(422);
    expect(long.body.details).toMatchObject({ field: 'password', code: 'OUT_OF_RANGE' });
  });

  it('answers malformed JSON with 400 MalformedJson and no parser internals', async () => {
    const res = await t.http.post('/api/auth/login').set('content-type', 'application/json').send('{"email": ').expect(400);
    expect(res.body).toMatchObject({ error: 'MalformedJson', message: 'Request body is not valid JSON', details: null });
  });

  it('logs in with the seed body plus a refresh token, and /me answers the register shape', async () => {
    const email = uniqueEmail('login');
    await t.http.post('/api/auth/register').send({ email, password: 'secure_password', first_name: 'Ada' }).expect(201);
    const login = await t.http.post('/api/auth/login').set('X-Forwarded-For', ip()).send({ email: email.toUpperCase(), password: 'secure_password' }).expect(200);
    expect(login.body).toMatchObject({ token_type: 'bearer', expires_in: 3600 });
    expect(login.body.access_token.split('.')).toHaveLength(3);
    expect(login.body.refresh_token).toMatch(/^ort_/);
    const me = await t.http.get('/api/auth/me').set('Authorization', `Bearer ${login.body.access_token}`).expect(200);
    expect(me.body).toMatchObject({ email, first_name: 'Ada', last_name: null, role: 'user' });
    expect(me.body.password_hash).toBeUndefined();
  });

  it('gives the same 401 for a wrong password and an unknown email', async () => {
    const { email } = await registerAndLogin(t.http);
    const wrong = await t.http.post('/api/auth/login').set('X-Forwarded-For', ip()).send({ email, password: 'wrong password' }).expect(401);
    const unknown = await t.http.post('/api/auth/login').set('X-Forwarded-For', ip()).send({ email: uniqueEmail('ghost'), password: 'wrong password' }).expect(401);
    expect(wrong.body.message).toBe(unknown.body.message);
    expect(wrong.body.error).toBe('Unauthorized');
  });

  it('locks an email out after 5 failures with 429 and Retry-After, even for the right password', async () => {
    const { email, password } = await registerAndLogin(t.http);
    for (let i = 0; i < 5; i++) await t.http.post('/api/auth/login').set('X-Forwarded-For', ip()).send({ email, password: 'nope nope' }).expect(401);
    const locked = await t.http.post('/api/auth/login').set('X-Forwarded-For', ip()).send({ email, password }).expect(429);
    expect(locked.body.error).toBe('TooManyLoginAttempts');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(30);
  });

  it('locks an IP out after 5 failures across different emails', async () => {
    for (let i = 0; i < 5; i++) await t.http.post('/api/auth/login').set('X-Forwarded-For', ip()).send({ email: uniqueEmail('spray'), password: 'nope nope' }).expect(401);
    const res = await t.http.post('/api/auth/login').set('X-Forwarded-For', ip()).send({ email: uniqueEmail('spray'), password: 'nope nope' }).expect(429);
    expect(res.body.error).toBe('TooManyLoginAttempts');
  });

  it('locks unknown emails the same way (no enumeration)', async () => {
    const email = uniqueEmail('nobody');
    for (let i = 0; i < 5; i++) await t.http.post('/api/auth/login').set('X-Forwarded-For', ip()).send({ email, password: 'nope nope' }).expect(401);
    await t.http.post('/api/auth/login').set('X-Forwarded-For', ip()).send({ email, password: 'nope nope' }).expect(429);
  });

  it('rotates refresh tokens: each works once, reuse revokes the family', async () => {
    const s = await registerAndLogin(t.http);
    const r1 = await t.http.post('/api/auth/refresh').set('Authorization', `Bearer ${s.refresh}`).expect(200);
    expect(r1.body.refresh_token).not.toBe(s.refresh);
    expect(r1.body.token_type).toBe('bearer');
    const r2 = await t.http.post('/api/auth/refresh').send({ refresh_token: r1.body.refresh_token }).expect(200);
    // Reusing the first token: refused, and the whole family (including r2's tokens) is revoked.
    const reuse = await t.http.post('/api/auth/refresh').set('Authorization', `Bearer ${s.refresh}`).expect(401);
    expect(reuse.body.error).toBe('Unauthorized');
    await t.http.post('/api/auth/refresh').send({ refresh_token: r2.body.refresh_token }).expect(401);
    await t.http.get('/api/auth/me').set('Authorization', `Bearer ${r2.body.access_token}`).expect(401);
  });

  it('refuses refresh tokens as access tokens and access tokens as refresh tokens', async () => {
    const s = await registerAndLogin(t.http);
    await t.http.get('/api/auth/me').set('Authorization', `Bearer ${s.refresh}`).expect(401);
    await t.http.post('/api/auth/refresh').set('Authorization', `Bearer ${s.access}`).expect(401);
    await t.http.post('/api/auth/refresh').expect(401);
  });

  it('logout revokes the session: its refresh token and access token stop working', async () => {
    const s = await registerAndLogin(t.http);
    const out = await t.http.post('/api/auth/logout').set('Authorization', `Bearer ${s.access}`).send({}).expect(200);
    expect(out.body).toEqual({ logged_out: true });
    await t.http.get('/api/auth/me').set('Authorization', `Bearer ${s.access}`).expect(401);
    await t.http.post('/api/auth/refresh').send({ refresh_token: s.refresh }).expect(401);
  });

  it('rejects missing, malformed and tampered tokens with 401 in the error shape', async () => {
    const s = await registerAndLogin(t.http);
    const none = await t.http.get('/api/auth/me').expect(401);
    expect(none.body).toMatchObject({ error: 'Unauthorized' });
    expect(none.headers['www-authenticate']).toBe('Bearer');
    await t.http.get('/api/auth/me').set('Authorization', 'Bearer garbage').expect(401);
    const [h, p] = s.access.split('.');
    await t.http.get('/api/auth/me').set('Authorization', `Bearer ${h}.${p}.invalidsignature`).expect(401);
  });

  describe('API keys', () => {
    it('creates a key shown once, accepts it in X-API-Key and Bearer, lists without secrets, revokes at once', async () => {
      const s = await registerAndLogin(t.http);
      const auth = { Authorization: `Bearer ${s.access}` };
      const created = await t.http.post('/api/auth/api-keys').set(auth).send({ name: 'bot' }).expect(201);
      expect(created.body.key).toMatch(/^ok_/);
      expect(created.body).toMatchObject({ name: 'bot', prefix: created.body.key.slice(0, 10), last_used_at: null });
      const key = created.body.key;
      const viaHeader = await t.http.get('/api/auth/me').set('X-API-Key', key).expect(200);
      expect(viaHeader.body.email).toBe(s.email);
      await t.http.get('/api/auth/me').set('Authorization', `Bearer ${key}`).expect(200);
      const list = await t.http.get('/api/auth/api-keys').set(auth).expect(200);
      expect(list.body.api_keys).toHaveLength(1);
      expect(JSON.stringify(list.body)).not.toContain(key);
      expect(list.body.api_keys[0].key).toBeUndefined();
      await t.http.delete(`/api/auth/api-keys/${created.body.id}`).set(auth).expect(204);
      await t.http.get('/api/auth/me').set('X-API-Key', key).expect(401);
      await t.http.delete(`/api/auth/api-keys/${created.body.id}`).set(auth).expect(404);
    });

    it("does not let one user see or revoke another's keys (404)", async () => {
      const a = await registerAndLogin(t.http);
      const b = await registerAndLogin(t.http);
      const created = await t.http.post('/api/auth/api-keys').set('Authorization', `Bearer ${a.access}`).send({ name: 'a' }).expect(201);
      await t.http.delete(`/api/auth/api-keys/${created.body.id}`).set('Authorization', `Bearer ${b.access}`).expect(404);
      const list = await t.http.get('/api/auth/api-keys').set('Authorization', `Bearer ${b.access}`).expect(200);
      expect(list.body.api_keys).toEqual([]);
      await t.http.get('/api/auth/me').set('X-API-Key', created.body.key).expect(200);
    });

    it('refuses a wrong key', async () => {
      await t.http.get('/api/auth/me').set('X-API-Key', 'ok_doesnotexist').expect(401);
    });
  });

  describe('API key scopes', () => {
    const newKey = async (bearer: string, body: object) =>
      (await t.http.post('/api/auth/api-keys').set('Authorization', `Bearer ${bearer}`).send(body).expect(201)).body as {
        id: string;
        key: string;
        scopes: string[];
      };

    it('a read key reads orders but cannot place or cancel one; a trade key places and cancels; keys list their scopes', async () => {
      const s = await registerAndLogin(t.http);
      const auth = { Authorization: `Bearer ${s.access}` };
      const portfolio = (await t.http.post('/api/portfolios').set(auth).send({ name: 'Scoped', initial_cash: 10000 }).expect(201)).body.id;
      const order = { portfolio_id: portfolio, symbol: 'AAPL', side: 'buy', order_type: 'limit', price: 1, quantity: 1, time_in_force: 'gtc' };
      const resting = (await t.http.post('/api/orders').set(auth).send(order).expect(201)).body.id;
      const reader = await newKey(s.access, { name: 'reader', scopes: ['read'] });
      const trader = await newKey(s.access, { name: 'trader', scopes: ['trade', 'read', 'trade'] });
      expect(reader.scopes).toEqual(['read']);
      expect(trader.scopes).toEqual(['read', 'trade']);

      const listed = await t.http.get('/api/orders').set('X-API-Key', reader.key).expect(200);
      expect(listed.body.orders.map((o: { id: string }) => o.id)).toEqual([resting]);
      await t.http.get(`/api/orders/${resting}`).set('Authorization', `Bearer ${reader.key}`).expect(200);
      const placing = await t.http.post('/api/orders').set('X-API-Key', reader.key).send(order).expect(403);
      expect(placing.body).toMatchObject({
        error: 'Forbidden',
        message: 'This API key lacks the trade scope',
        details: { missing_scope: 'trade', scopes: ['read'] },
      });
      expect(placing.body.request_id).toBeTruthy();
      const canceling = await t.http.put(`/api/orders/${resting}/cancel`).set('Authorization', `Bearer ${reader.key}`).expect(403);
      expect(canceling.body.details).toEqual({ missing_scope: 'trade', scopes: ['read'] });
      // Cancels are PUT …/cancel; there is no DELETE /api/orders/{id}, and an unknown route stays a 404.
      await t.http.delete(`/api/orders/${resting}`).set('X-API-Key', reader.key).expect(404);
      expect((await t.http.get(`/api/orders/${resting}`).set(auth).expect(200)).body.status).toBe('pending');
      expect((await t.http.get('/api/orders').set(auth).expect(200)).body.orders).toHaveLength(1);

      const placed = await t.http.post('/api/orders').set('X-API-Key', trader.key).send(order).expect(201);
      await t.http.put(`/api/orders/${placed.body.id}/cancel`).set('X-API-Key', trader.key).expect(200);
      await t.http.put(`/api/orders/${resting}/cancel`).set('X-API-Key', trader.key).expect(200);

      const keys = await t.http.get('/api/auth/api-keys').set('X-API-Key', reader.key).expect(200);
      expect(keys.body.api_keys.map((k: { name: string; scopes: string[] }) => [k.name, k.scopes])).toEqual([
        ['reader', ['read']],
        ['trader', ['read', 'trade']],
      ]);
      // A read key cannot revoke keys either (a write), and the JWT session is not scoped.
      await t.http.delete(`/api/auth/api-keys/${trader.id}`).set('X-API-Key', reader.key).expect(403);
      await t.http.delete(`/api/auth/api-keys/${trader.id}`).set(auth).expect(204);
    });

    it('a key created without scopes has full access, as keys always had', async () => {
      const s = await registerAndLogin(t.http);
      const key = await newKey(s.access, { name: 'legacy' });
      expect(key.scopes).toEqual(['read', 'trade']);
      const portfolio = await t.http.post('/api/portfolios').set('X-API-Key', key.key).send({ name: 'Via key', initial_cash: 500 }).expect(201);
      await t.http.get(`/api/portfolios/${portfolio.body.id}`).set('X-API-Key', key.key).expect(200);
      await t.http.put(`/api/portfolios/${portfolio.body.id}`).set('X-API-Key', key.key).send({ name: 'Renamed' }).expect(200);
      await t.http.delete(`/api/portfolios/${portfolio.body.id}`).set('X-API-Key', key.key).expect(204);
      await t.http.post('/api/auth/logout').set('X-API-Key', key.key).send({}).expect(200);
    });

    it('validates scopes with 422, and refuses scopes the creator cannot give with 403', async () => {
      const s = await registerAndLogin(t.http);
      const post = (body: object, credential: Record<string, string> = { Authorization: `Bearer ${s.access}` }) => t.http.post('/api/auth/api-keys').set(credential).send(body);
      const unknown = await post({ name: 'x', scopes: ['read', 'withdraw'] }).expect(422);
      expect(unknown.body).toMatchObject({ error: 'ValidationError', details: { field: 'scopes', code: 'INVALID_VALUE' } });
      expect(unknown.body.message).toContain('read, trade, admin');
      expect((await post({ name: 'x', scopes: [] }).expect(422)).body.details).toMatchObject({ field: 'scopes', code: 'OUT_OF_RANGE' });
      expect((await post({ name: 'x', scopes: 'read' }).expect(422)).body.details).toMatchObject({ field: 'scopes' });
      expect((await post({ name: 'x', scopes: null }).expect(422)).body.details).toMatchObject({ field: 'scopes', code: 'INVALID_TYPE' });
      const admin = await post({ name: 'x', scopes: ['read', 'admin'] }).expect(403);
      expect(admin.body).toMatchObject({ error: 'Forbidden', details: { field: 'scopes', not_grantable: ['admin'] } });

      // A key never mints a stronger one: a read key cannot create keys at all, a trade-only key only trade keys.
      const reader = await newKey(s.access, { name: 'r', scopes: ['read'] });
      expect((await post({ name: 'x' }, { 'X-API-Key': reader.key }).expect(403)).body.details.missing_scope).toBe('trade');
      const writer = await newKey(s.access, { name: 'w', scopes: ['trade'] });
      const minted = await post({ name: 'x' }, { 'X-API-Key': writer.key }).expect(201);
      expect(minted.body.scopes).toEqual(['trade']);
      expect((await post({ name: 'x', scopes: ['read'] }, { 'X-API-Key': writer.key }).expect(403)).body.details.not_grantable).toEqual(['read']);
      // Scopes do not imply one another: a trade-only key cannot read.
      const blind = await t.http.get('/api/auth/api-keys').set('X-API-Key', writer.key).expect(403);
      expect(blind.body.details).toEqual({ missing_scope: 'read', scopes: ['trade'] });
    });

    it('migrates existing keys to full access: read and trade, plus admin for admins', async () => {
      const ds = t.app.get(DataSource);
      const qr = ds.createQueryRunner();
      await qr.connect();
      await qr.startTransaction();
      try {
        const migration = new ApiKeyScopes1765000000000();
        await migration.down(qr);
        const [user] = await qr.query(`INSERT INTO users (email, password_hash) VALUES ($1, 'x') RETURNING id`, [uniqueEmail('old-user')]);
        const [admin] = await qr.query(`INSERT INTO users (email, password_hash, role) VALUES ($1, 'x', 'admin') RETURNING id`, [uniqueEmail('old-admin')]);
        for (const [owner, hash] of [[user.id, 'a'.repeat(64)], [admin.id, 'b'.repeat(64)]]) {
          await qr.query(`INSERT INTO api_keys (user_id, name, prefix, key_hash) VALUES ($1, 'old', 'ok_old', $2)`, [owner, hash]);
        }
        await migration.up(qr);
        const rows: { user_id: string; scopes: string[] }[] = await qr.query(`SELECT user_id, scopes FROM api_keys WHERE user_id = ANY($1)`, [[user.id, admin.id]]);
        expect(Object.fromEntries(rows.map((r) => [r.user_id, r.scopes]))).toEqual({ [user.id]: ['read', 'trade'], [admin.id]: ['read', 'trade', 'admin'] });
        await expect(qr.query(`INSERT INTO api_keys (user_id, name, prefix, key_hash) VALUES ($1, 'new', 'ok_new', $2)`, [user.id, 'c'.repeat(64)])).rejects.toThrow();
      } finally {
        await qr.rollbackTransaction();
        await qr.release();
      }
    });
  });

  it('answers unknown routes with 404 in the error shape and echoes a sane X-Request-Id', async () => {
    const res = await t.http.get('/api/nowhere').set('X-Request-Id', 'trace-123').expect(404);
    expect(res.body).toMatchObject({ error: 'NotFound', request_id: 'trace-123' });
    expect(res.headers['x-request-id']).toBe('trace-123');
    const bad = await t.http.get('/api/nowhere').set('X-Request-Id', 'bad id with spaces <script>').expect(404);
    expect(bad.body.request_id).toMatch(/^req_/);
  });

  it('serves health and readiness', async () => {
    await t.http.get('/health').expect(200);
    const ready = await t.http.get('/health/ready').expect(200);
    expect(ready.body.info.database.status).toBe('up');
  });
});

describe('Admin role from ADMIN_EMAILS (e2e)', () => {
  it('makes a listed email an admin', async () => {
    const email = uniqueEmail('boss');
    const t = await startTestApp({ ADMIN_EMAILS: email });
    try {
      const s = await registerAndLogin(t.http, email);
      const me = await t.http.get('/api/auth/me').set('Authorization', `Bearer ${s.access}`).expect(200);
      expect(me.body.role).toBe('admin');

      // An admin's key gets the admin scope by default; without it, admin writes are refused, admin reads are not.
      const keys = { Authorization: `Bearer ${s.access}` };
      const full = (await t.http.post('/api/auth/api-keys').set(keys).send({ name: 'full' }).expect(201)).body;
      expect(full.scopes).toEqual(['read', 'trade', 'admin']);
      const plain = (await t.http.post('/api/auth/api-keys').set(keys).send({ name: 'plain', scopes: ['read', 'trade'] }).expect(201)).body;
      await t.http.get('/api/market/imports').set('X-API-Key', plain.key).expect(200);
      const refused = await t.http.delete('/api/market/imports/AAPL').set('X-API-Key', plain.key).expect(403);
      expect(refused.body.details).toEqual({ missing_scope: 'admin', scopes: ['read', 'trade'] });
      await t.http.delete('/api/market/imports/AAPL').set('X-API-Key', full.key).expect(404); // allowed: nothing imported
    } finally {
      await t.close();
    }
  });
});
