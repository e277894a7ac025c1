import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { ADMIN_URL, createDatabase, type TestDatabase } from '../support/database';
import { ledgerViolations } from '../support/ledger';
import { call, errorCode, newTrader, openDb, placeOrder, sleep, type Reply, type Trader } from './support/client';
import { ensureBuild, serverEnv, startServer, type ServerProcess } from './support/server';

const CLIENTS = 32;
const OUTAGE_MS = 3000;

async function admin(sql: string): Promise<void> {
  const c = new Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/**
 * PostgreSQL goes away under load (hardening issue, item 6): the database refuses connections and every session
 * of the app is killed (`pg_terminate_backend`) for OUTAGE_MS while 32 clients place orders. Afterwards: each
 * acknowledged order is in the database once, the ledger holds, every client that got an error retries with its
 * key and ends with exactly one order, the service came back by itself, and /health/ready said 503 meanwhile.
 */
describe('PostgreSQL outage under order load (fault test)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let server: ServerProcess;

  beforeAll(async () => {
    ensureBuild();
    db = await createDatabase('octopus_fault_pg');
  });
  afterAll(async () => {
    await admin(`ALTER DATABASE ${db.name} WITH ALLOW_CONNECTIONS true`).catch(() => undefined);
    server?.kill('SIGKILL');
    await server?.exited;
    await ds?.destroy();
    await db?.drop();
  });

  it('acknowledged orders survive once, errors retry to exactly one order, /health/ready reports the outage, recovery without restart', async () => {
    server = await startServer(serverEnv(db.url, { TRADING_HOURS: 'always' }));
    const base = server.url;
    const traders: Trader[] = [];
    for (let i = 0; i < 4; i++) traders.push(await newTrader(base));

    const outcomes: Array<{ trader: Trader; key: string; symbol: string; reply?: Reply; error?: string }> = [];
    let stop = false;
    const workers = Array.from({ length: CLIENTS }, async (_, i) => {
      const trader = traders[i % traders.length];
      while (!stop) {
        const key = randomUUID();
        const symbol = i % 2 ? 'AAPL' : 'MSFT';
        try {
          outcomes.push({ trader, key, symbol, reply: await placeOrder(base, trader, key, symbol, 1) });
        } catch (e) {
          outcomes.push({ trader, key, symbol, error: errorCode(e) });
        }
      }
    });
    const readiness: Array<{ at: number; status: number }> = [];
    const probe = (async () => {
      while (!stop) {
        const r = await call(base, 'GET', '/health/ready', { timeoutMs: 10_000 }).catch(() => ({ status: 0 }) as Reply);
        readiness.push({ at: Date.now(), status: r.status });
        await sleep(100);
      }
    })();

    await sleep(1500);
    const outageAt = Date.now();
    await admin(`ALTER DATABASE ${db.name} WITH ALLOW_CONNECTIONS false`);
    await admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${db.name}' AND pid <> pg_backend_pid()`);
    await sleep(OUTAGE_MS);
    await admin(`ALTER DATABASE ${db.name} WITH ALLOW_CONNECTIONS true`);
    const backAt = Date.now();
    // Ready again by itself (no restart), then a little more load on the recovered pool.
    let readyAt = 0;
    while (!readyAt) {
      if (Date.now() - backAt > 30_000) throw new Error(`not ready 30 s after the outage:\n${server.output().slice(-3000)}`);
      const r = await call(base, 'GET', '/health/ready').catch(() => ({ status: 0 }) as Reply);
      if (r.status === 200) readyAt = Date.now();
      else await sleep(50);
    }
    await sleep(1500);
    stop = true;
    await Promise.all([...workers, probe]);

    const during = readiness.filter((r) => r.at > outageAt + 300 && r.at < backAt);
    expect(during.length).toBeGreaterThanOrEqual(2);
    expect(during.filter((r) => r.status !== 503)).toEqual([]);

    const acked = outcomes.filter((o) => o.reply?.status === 201);
    const failed = outcomes.filter((o) => o.reply?.status !== 201);
    // Failures are the outage's: 503 ServiceUnavailable in the standard body (never a 500), or a cut connection.
    const statuses = [...new Set(failed.map((o) => o.reply?.status ?? o.error))];
    if (statuses.some((s) => s !== 503)) process.stdout.write(server.output().split('\n').filter((l) => l.includes('unhandled')).map((l) => JSON.parse(l).err.stack.slice(0, 900)).slice(0, 3).join('\n'));
    expect(statuses.filter((s) => s !== 503)).toEqual([]);
    for (const o of failed) {
      expect(o.reply!.body).toMatchObject({ error: 'ServiceUnavailable', request_id: expect.any(String) });
      expect(o.reply!.headers['retry-after']).toBeDefined();
    }
    expect(failed.length).toBeGreaterThan(0);

    // Every client that got an error retries with its key: exactly one order each (a second try replays the first).
    // A key whose request died with the database is freed as soon as the database answers (the release is retried
    // in the background). A claim that committed while its reply was lost keeps its lease (30 s): that client is
    // told 409 RequestInProgress with Retry-After and tries again, as a client should.
    let retriedNew = 0;
    let inProgress = 0;
    const retryStarted = Date.now();
    for (const o of failed) {
      let first = await placeOrder(base, o.trader, o.key, o.symbol, 1);
      while (first.status === 409 && first.body.error === 'RequestInProgress') {
        inProgress++;
        expect(Number(first.headers['retry-after'])).toBeGreaterThanOrEqual(1);
        await sleep(250);
        first = await placeOrder(base, o.trader, o.key, o.symbol, 1);
      }
      expect([first.status, first.body.error]).toEqual([201, undefined]);
      const again = await placeOrder(base, o.trader, o.key, o.symbol, 1);
      expect(again.body.id).toBe(first.body.id);
      retriedNew++;
    }

    ds = await openDb(db.url);
    const orders: Array<{ id: string; status: string }> = await ds.query('SELECT id, status FROM orders');
    const ids = new Set(orders.map((r) => r.id));
    const ackedIds = acked.map((o) => o.reply!.body.id as string);
    expect(ackedIds.filter((id) => !ids.has(id))).toEqual([]);
    expect(new Set(ackedIds).size).toBe(ackedIds.length);
    expect(orders.length).toBe(ackedIds.length + retriedNew);
    // The engine picks every market order up after the outage: all end filled.
    let open = orders.length;
    for (let i = 0; i < 100 && open > 0; i++) {
      await sleep(200);
      [{ open }] = await ds.query(`SELECT count(*)::int AS open FROM orders WHERE status NOT IN ('filled', 'canceled', 'rejected', 'expired')`);
    }
    expect(open).toBe(0);
    expect(await ledgerViolations(ds)).toEqual([]);
    const readyMs = readyAt - backAt;
    const retryMs = Date.now() - retryStarted;
    process.stdout.write(
      `PostgreSQL outage (${OUTAGE_MS} ms, every session terminated) under ${CLIENTS} clients: ${outcomes.length} requests, ` +
        `${acked.length} acknowledged (all found once), ${failed.length} answered 503 and retried to exactly one order each ` +
        `(${inProgress} retries told 409 RequestInProgress first; all retries done in ${retryMs} ms), 0 lost, ` +
        `0 duplicated; /health/ready 503 on all ${during.length} probes during the outage, 200 again ${readyMs} ms after PostgreSQL accepted connections\n`,
    );
  });
});
