import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { startTestApp, TestApp, uniqueIp } from './support/app';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Embedded PostgreSQL (PGlite over the wire protocol)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'octopus-embedded-'));
  const env = { DATABASE_URL: undefined, JWT_SECRET: undefined, DATA_DIR: dataDir };
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(env);
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs the migrations, generates and persists a JWT key, and serves register → login → me', async () => {
    expect(existsSync(join(dataDir, 'jwt-secret'))).toBe(true);
    await t.http.post('/api/auth/register').send({ email: 'embedded@example.com', password: 'secure_password' }).expect(201);
    const login = await t.http
      .post('/api/auth/login')
      .set('X-Forwarded-For', uniqueIp())
      .send({ email: 'embedded@example.com', password: 'secure_password' })
      .expect(200);
    await t.http.get('/api/auth/me').set('Authorization', `Bearer ${login.body.access_token}`).expect(200);
  });

  it('keeps full transaction semantics with concurrent transactions', async () => {
    const ds = t.app.get(DataSource);
    await ds.query('CREATE TABLE IF NOT EXISTS tx_probe (id serial PRIMARY KEY, tag text NOT NULL)');
    await ds.query('CREATE TABLE IF NOT EXISTS tx_counter (id int PRIMARY KEY, n int NOT NULL)');
    await ds.query('INSERT INTO tx_counter (id, n) VALUES (1, 0) ON CONFLICT (id) DO UPDATE SET n = 0');

    // A transaction that rolls back while another commits: the rollback must keep its insert out.
    const rolledBack = ds
      .transaction(async (m) => {
        await m.query(`INSERT INTO tx_probe (tag) VALUES ('rolled-back')`);
        await sleep(150);
        throw new Error('roll back');
      })
      .catch(() => 'rolled back');
    const committed = ds.transaction(async (m) => {
      await sleep(20);
      await m.query(`INSERT INTO tx_probe (tag) VALUES ('committed')`);
    });
    await Promise.all([rolledBack, committed]);
    const tags = (await ds.query('SELECT tag FROM tx_probe ORDER BY id')).map((r: { tag: string }) => r.tag);
    expect(tags).toEqual(['committed']);

    // 20 concurrent read-modify-write transactions with a row lock: no lost update.
    await Promise.all(
      Array.from({ length: 20 }, () =>
        ds.transaction(async (m) => {
          const [{ n }] = await m.query('SELECT n FROM tx_counter WHERE id = 1 FOR UPDATE');
          await sleep(2);
          await m.query('UPDATE tx_counter SET n = $1 WHERE id = 1', [n + 1]);
        }),
      ),
    );
    const [{ n }] = await ds.query('SELECT n FROM tx_counter WHERE id = 1');
    expect(n).toBe(20);
  });

  it('serves concurrent requests correctly: one of many racing registrations of an email wins', async () => {
    const email = 'race@example.com';
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        t.http.post('/api/auth/register').send({ email: i % 2 ? email : `other${i}@example.com`, password: 'secure_password' }),
      ),
    );
    const forEmail = results.filter((_, i) => i % 2);
    expect(forEmail.filter((r) => r.status === 201)).toHaveLength(1);
    expect(forEmail.filter((r) => r.status === 409)).toHaveLength(5);
    expect(results.filter((_, i) => i % 2 === 0).every((r) => r.status === 201)).toBe(true);
  });

  it('refuses a second server on the same data directory instead of corrupting it', async () => {
    await expect(startTestApp(env)).rejects.toThrow(/embedded database in .* is in use by process \d+/);
    // The first one is unharmed.
    await t.http.post('/api/auth/register').send({ email: 'embedded-2@example.com', password: 'secure_password' }).expect(201);
  });

  it('keeps users and the signing key across a restart', async () => {
    await t.close();
    t = await startTestApp(env);
    const login = await t.http
      .post('/api/auth/login')
      .set('X-Forwarded-For', uniqueIp())
      .send({ email: 'embedded@example.com', password: 'secure_password' })
      .expect(200);
    await t.http.get('/api/auth/me').set('Authorization', `Bearer ${login.body.access_token}`).expect(200);
  });
});
