import { DataSource } from 'typeorm';
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
    } finally {
      await t.close();
    }
  });
});
