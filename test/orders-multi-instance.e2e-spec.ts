import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { api, ensureBuild, newUser, ServerProcess, startServer } from '../bench/orders-server';
import { createDatabase } from './support/database';
import { ledgerViolations } from './support/ledger';

/**
 * Two app instances — separate server processes built from dist/, not two modules in this jest process — on
 * one PostgreSQL database, both running the simulated market. Their wall clock is shifted (a preload, see
 * bench/orders-clock-shift.js) to just before an NYSE open on a past trading day, so the run works at any hour:
 * market orders placed before the open wait, and from the first tick of the session both engines evaluate
 * every one of them on every tick, competing for the same order rows. A fill takes at most MAX_VOLUME_SHARE of a
 * tick's volume, so each order fills in several parts, made by either instance. Each fill must be made once:
 * the fills add up exactly to each order, each order completes once, and the ledger invariants hold. The
 * instances log their fills (LOG_LEVEL=debug), which shows that both filled and that nothing was filled twice.
 */
const ORDERS = 24;

interface FillLog {
  fill_id: string;
  order_id: string;
}

function fillsLogged(s: ServerProcess): FillLog[] {
  const out: FillLog[] = [];
  for (const line of s.lines) {
    if (!line.includes('"fill_id"')) continue;
    try {
      const j = JSON.parse(line) as FillLog & { msg?: string };
      if (j.fill_id) out.push({ fill_id: j.fill_id, order_id: j.order_id });
    } catch {
      /* not a JSON log line */
    }
  }
  return out;
}

describe('Two server processes on one database (e2e)', () => {
  jest.setTimeout(240_000);
  let db: Awaited<ReturnType<typeof createDatabase>>;
  let a: ServerProcess;
  let b: ServerProcess;
  let pg: Client;
  let openAt: number;

  beforeAll(async () => {
    ensureBuild();
    db = await createDatabase('octopus_multi');
    // 20 s before the open of 2025-06-10 (09:30 New York = 13:30Z) when the servers start.
    openAt = Date.now() + 20_000;
    const env = {
      OCTOPUS_CLOCK_OFFSET_MS: String(new Date('2025-06-10T13:30:00Z').getTime() - openAt),
      TRADING_HOURS: 'nyse',
      LOG_LEVEL: 'debug',
      MARKET_TICK_MS: '100',
      MAX_VOLUME_SHARE: '0.05',
      ORDER_SWEEP_INTERVAL_MS: '250',
      OUTBOX_POLL_INTERVAL_MS: '100',
      DB_POOL_SIZE: '8',
    };
    [a, b] = await Promise.all([startServer('A', db.url, env), startServer('B', db.url, env)]);
    pg = new Client({ connectionString: db.url });
    await pg.connect();
  });

  afterAll(async () => {
    await pg?.end().catch(() => undefined);
    await Promise.all([a?.stop(), b?.stop()]);
    await db?.drop().catch(() => undefined);
  });

  it('fills every order exactly once while both instances evaluate the same ticks', async () => {
    const { token, userId } = await newUser(a.url);
    const portfolio = (await api<{ id: string }>(a.url, 'POST', '/api/portfolios', { name: 'Two instances', initial_cash: 1e9 }, token)).body.id;
    // ~33 SPY per order per tick at the open (5 % of ~660 shares a tick): each order needs a dozen fills, so both instances take part in some.
    const quantity = 400;
    const ids: string[] = [];
    await Promise.all(
      Array.from({ length: ORDERS }, async (_, i) => {
        const target = i % 2 === 0 ? a : b;
        const res = await api<{ id: string; status: string }>(target.url, 'POST', '/api/orders', { portfolio_id: portfolio, symbol: 'SPY', side: 'buy', order_type: 'market', quantity }, token);
        expect(res.body.status).toBe('pending');
        ids.push(res.body.id);
      }),
    );
    if (Date.now() > openAt) throw new Error('the servers took too long to start: the orders were placed after the open');

    const deadline = openAt + 60_000;
    for (;;) {
      const { rows } = await pg.query(`SELECT COUNT(*)::int AS open FROM orders WHERE id = ANY($1::uuid[]) AND status <> 'filled'`, [ids]);
      if (rows[0].open === 0) break;
      if (Date.now() > deadline) throw new Error(`${rows[0].open} orders still open a minute after the open`);
      await new Promise((r) => setTimeout(r, 250));
    }
    // Let the relays publish the last events.
    await new Promise((r) => setTimeout(r, 500));

    const { rows: orders } = await pg.query(
      `SELECT o.id, o.quantity, o.filled_quantity, COUNT(f.id)::int AS fills, COALESCE(SUM(f.quantity), 0) AS filled,
              (SELECT COUNT(*)::int FROM outbox_events e WHERE e.order_id = o.id AND e.event = 'fill') AS fill_events,
              (SELECT COUNT(*)::int FROM outbox_events e WHERE e.order_id = o.id AND e.event = 'new') AS new_events
       FROM orders o LEFT JOIN fills f ON f.order_id = o.id WHERE o.id = ANY($1::uuid[]) GROUP BY o.id`,
      [ids],
    );
    expect(orders).toHaveLength(ORDERS);
    for (const o of orders) {
      expect(Number(o.filled_quantity)).toBe(quantity);
      expect(Number(o.filled)).toBe(quantity);
      expect(o.fill_events).toBe(1);
      expect(o.new_events).toBe(1);
      expect(o.fills).toBeGreaterThan(1);
    }

    // Which instance made each fill: both did, none twice, and every fill in the database was logged once.
    const { rows: fills } = await pg.query(`SELECT id FROM fills WHERE order_id = ANY($1::uuid[])`, [ids]);
    const byA = fillsLogged(a).filter((f) => ids.includes(f.order_id));
    const byB = fillsLogged(b).filter((f) => ids.includes(f.order_id));
    const logged = [...byA, ...byB].map((f) => f.fill_id);
    expect(new Set(logged).size).toBe(logged.length);
    expect(new Set(logged)).toEqual(new Set(fills.map((f: { id: string }) => f.id)));
    expect(byA.length).toBeGreaterThan(0);
    expect(byB.length).toBeGreaterThan(0);
    const ordersFilledByBoth = new Set(byA.map((f) => f.order_id).filter((id) => byB.some((f) => f.order_id === id)));
    expect(ordersFilledByBoth.size).toBeGreaterThan(0);

    // Both instances quote the same instants (the clock floored to MARKET_TICK_MS), so an instant's liquidity is
    // used once across them: every fill is on the 100 ms grid, and (order, quote instant) is unique.
    const { rows: instants } = await pg.query(
      `SELECT COUNT(*)::int AS n, COUNT(DISTINCT (order_id, quote_at))::int AS distinct_n,
              COUNT(*) FILTER (WHERE (extract(epoch FROM quote_at) * 1000)::bigint % 100 <> 0)::int AS off_grid
         FROM fills WHERE order_id = ANY($1::uuid[])`,
      [ids],
    );
    expect(instants[0]).toEqual({ n: fills.length, distinct_n: fills.length, off_grid: 0 });

    const violations = await ledgerViolations({ query: (sql: string, params?: unknown[]) => pg.query(sql, params).then((r) => r.rows) } as unknown as DataSource);
    expect(violations).toEqual([]);
    const { rows: seqs } = await pg.query('SELECT COUNT(*)::int AS n, MAX(seq)::int AS max FROM outbox_events WHERE user_id = $1', [userId]);
    expect(seqs[0].n).toBe(seqs[0].max);
    process.stdout.write(
      `two instances: ${ORDERS} orders of ${quantity} SPY, ${fills.length} fills (A ${byA.length}, B ${byB.length}), ${ordersFilledByBoth.size} orders filled by both\n`,
    );
  });
});
