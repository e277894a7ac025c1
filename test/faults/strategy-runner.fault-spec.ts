import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { sessionsAfter } from '../../src/market/market-time';
import { createDatabase, type TestDatabase } from '../support/database';
import { ledgerViolations } from '../support/ledger';
import { call, newTrader, openDb, sleep, type Trader } from './support/client';
import { ensureBuild, serverEnv, startServer, type ServerProcess } from './support/server';

/*
 * The live paper runner under SIGKILL (issue 18, quality bar): real server processes (support/market-server.js: the
 * app from dist/ with a manual clock and manual prices set over IPC, the runner on its own timer) on a fresh
 * database. An SMA 3/5 crossover over six symbols that all cross up, down and up again on the same sessions, so each
 * trading open places six orders one after the other. Three times the process holding the deployment is SIGKILLed
 * right after the first order of an open appears: once followed by one new process, once by two new processes on the
 * same database, and once with the other of those two still running. The clock stays at the open meanwhile (the
 * session does not close before the restart). Then, from the database and the API: every decision row exactly once,
 * every placed decision exactly one order under its Idempotency-Key, nothing missed, one lease holder at a time, and
 * the positions those of the backtest of the same document over the same days, parity in_parity.
 */

const SYMBOLS = ['NVDA', 'AMD', 'AAPL', 'MSFT', 'GOOGL', 'META'];
const SCALE = [1, 1.5, 2, 0.8, 1.2, 3];
const HISTORY = sessionsAfter('2025-04-01', 60).filter((x) => x <= '2025-06-13').slice(-30);
const LIVE = sessionsAfter('2025-06-13', 14); // from 06-16 (06-19 and 07-04 are holidays)
// Up-cross decided on LIVE[1] (buys at LIVE[2]), down-cross on LIVE[7] (sells at LIVE[8]), up on LIVE[12] (buys at LIVE[13]).
const SHAPE = [92, 95, 99, 104, 110, 105, 98, 92, 88, 85, 84, 86, 90, 95];
const LEASE_MS = 4000;

interface Bar {
  date: string;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

const round2 = (x: number) => Math.round(x * 100) / 100;
function bars(closes: number[], dates: string[]): Bar[] {
  return dates.map((date, t) => {
    const close = round2(closes[t]);
    const open = t === 0 ? close : round2(closes[t - 1] + 0.5);
    return { date, open, high: round2(Math.max(open, close) + 1), low: round2(Math.min(open, close) - 1), close, volume: 2_000_000 };
  });
}
const BARS: Record<string, Bar[]> = Object.fromEntries(
  SYMBOLS.map((s, i) => [s, bars([...HISTORY.map((_, t) => 100 - t * 0.35), ...SHAPE].map((x) => x * SCALE[i]), [...HISTORY, ...LIVE])]),
);

const DOCUMENT = {
  name: 'SMA 3/5 under SIGKILL',
  universe: SYMBOLS,
  indicators: [
    { name: 'fast', type: 'sma', period: 3 },
    { name: 'slow', type: 'sma', period: 5 },
  ],
  entry: 'fast > slow',
  exit: 'fast < slow',
  sizing: { type: 'fraction_of_equity', fraction: 0.12 },
};

type Moment = 'open' | 'close';
const instant = (date: string, m: Moment) => (m === 'open' ? `${date}T13:31:00.000Z` : `${date}T20:30:00.000Z`);
function prices(date: string, m: Moment): Record<string, { price: number; open: number }> {
  return Object.fromEntries(
    SYMBOLS.map((s) => {
      const b = BARS[s].find((x) => x.date === date)!;
      return [s, { price: m === 'open' ? b.open : b.close, open: b.open }];
    }),
  );
}

interface Market {
  server: ServerProcess;
  send(at: string, p: Record<string, { price: number; open: number }>): Promise<void>;
}

describe('strategy runner under SIGKILL: real processes, one runner, nothing lost or doubled (fault test)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  const all: ServerProcess[] = [];
  let live: Market[] = [];
  let now = { date: '2025-06-13', moment: 'close' as Moment };
  let seq = 0;
  const marketFile = join(tmpdir(), `octopus-fault-market-${process.pid}.json`);
  const lease: { at: number; owner: string | null; valid: boolean }[] = [];
  let sampling = true;
  let sampler: Promise<void> = Promise.resolve();

  const env = () =>
    serverEnv(db.url, {
      MARKET_DATA_PROVIDER: 'manual',
      COMMISSION_PER_SHARE: '0.005',
      COMMISSION_MINIMUM: '1',
      SLIPPAGE_BPS: '5',
      STRATEGY_RUNNER_INTERVAL_MS: '100',
      STRATEGY_LEASE_MS: String(LEASE_MS),
      LOG_LEVEL: 'info',
      FAULT_MARKET: marketFile,
    });

  async function start(): Promise<Market> {
    writeFileSync(marketFile, JSON.stringify({ bars: BARS, at: instant(now.date, now.moment), prices: prices(now.date, now.moment) }));
    const server = await startServer(env(), 60_000, { script: join(__dirname, 'support', 'market-server.js'), ipc: true });
    all.push(server);
    const send = (at: string, p: Record<string, { price: number; open: number }>) =>
      new Promise<void>((resolve, reject) => {
        const id = ++seq;
        const onMessage = (m: { type: string; seq: number }) => {
          if (m.type === 'market-ok' && m.seq === id) {
            server.proc.off('message', onMessage);
            resolve();
          }
        };
        server.proc.on('message', onMessage);
        server.proc.send({ type: 'market', seq: id, at, prices: p }, (err) => err && reject(err));
      });
    return { server, send };
  }

  async function moveTo(date: string, moment: Moment): Promise<void> {
    now = { date, moment };
    await Promise.all(live.map((m) => m.send(instant(date, moment), prices(date, moment))));
  }

  async function until<T>(what: string, probe: () => Promise<T | null | false>, timeoutMs = 60_000): Promise<T> {
    const t0 = Date.now();
    for (;;) {
      const v = await probe();
      if (v) return v;
      if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}\n${live.map((m) => m.server.output().slice(-3000)).join('\n----\n')}`);
      await sleep(25);
    }
  }

  let trader: Trader;
  let strategyId: string;
  let deploymentId: string;

  const unsettled = async (date: string): Promise<number> =>
    (await ds.query(`SELECT count(*)::int AS n FROM strategy_decisions WHERE deployment_id = $1 AND trade_session = $2 AND status IN ('pending', 'placing')`, [deploymentId, date]))[0].n;
  const decidedThrough = async (): Promise<string | null> =>
    (await ds.query(`SELECT to_char(last_decision_date, 'YYYY-MM-DD') AS d FROM strategy_deployments WHERE id = $1`, [deploymentId]))[0].d;
  const orderCount = async (): Promise<number> => (await ds.query(`SELECT count(*)::int AS n FROM orders WHERE portfolio_id = $1`, [trader.portfolioId]))[0].n;

  /** The open (orders placed) and the close (decisions made) of one session, on the live processes' runners. */
  async function session(date: string): Promise<void> {
    await moveTo(date, 'open');
    await until(`${date}'s orders`, async () => (await unsettled(date)) === 0);
    await moveTo(date, 'close');
    await until(`${date}'s decisions`, async () => (await decidedThrough()) === date);
  }

  /** Moves to `date`'s open, SIGKILLs the lease holder right after the first of its orders appears. */
  async function killAtOpen(date: string): Promise<{ pid: number; statuses: Record<string, number>; ordersAtKill: number; keysInFlight: number }> {
    const before = await orderCount();
    const [{ owner }] = await ds.query(`SELECT lease_owner AS owner FROM strategy_deployments WHERE id = $1`, [deploymentId]);
    const holder = live.find((m) => owner?.includes(`:${m.server.proc.pid}:`))!;
    expect(holder).toBeDefined();
    await moveTo(date, 'open');
    for (;;) {
      if ((await orderCount()) > before) break;
      await sleep(2);
    }
    holder.server.kill('SIGKILL');
    await holder.server.exited;
    live = live.filter((m) => m !== holder);
    const rows: { status: string; n: number }[] = await ds.query(
      `SELECT status, count(*)::int AS n FROM strategy_decisions WHERE deployment_id = $1 AND trade_session = $2 AND action <> 'none' GROUP BY status`,
      [deploymentId, date],
    );
    // An order cut off inside its transaction leaves its Idempotency-Key claimed (in_progress) for 30 s: retried after.
    const [{ n: keysInFlight }] = await ds.query(`SELECT count(*)::int AS n FROM idempotency_keys WHERE user_id = $1 AND status = 'in_progress'`, [trader.userId]);
    return { pid: holder.server.proc.pid!, statuses: Object.fromEntries(rows.map((r) => [r.status, r.n])), ordersAtKill: (await orderCount()) - before, keysInFlight };
  }

  const takenIn = (s: ServerProcess) => s.output().split('\n').filter((l) => l.includes('strategy deployment lease taken') && l.includes(deploymentId)).length;

  beforeAll(async () => {
    ensureBuild();
    db = await createDatabase('octopus_fault_strategy');
  });
  afterAll(async () => {
    sampling = false;
    await sampler;
    for (const s of all) s.kill('SIGKILL');
    await Promise.all(all.map((s) => s.exited));
    await ds?.destroy();
    await db?.drop();
  });

  it('SIGKILL mid-open, a restart, then two processes: every decision once, one order each, one runner, positions = backtest', async () => {
    const testStart = Date.now();
    live = [await start()];
    const base = () => live[0].server.url;
    ds = await openDb(db.url);
    trader = await newTrader(base(), 100_000);
    const created = await call(base(), 'POST', '/api/strategies', { token: trader.token, body: DOCUMENT });
    expect(created.status).toBe(201);
    strategyId = created.body.id;
    const dep = await call(base(), 'POST', `/api/strategies/${strategyId}/deployments`, { token: trader.token, body: { portfolio_id: trader.portfolioId, mode: 'paper' } });
    expect(dep.status).toBe(201);
    deploymentId = dep.body.id;
    expect(dep.body).toMatchObject({ first_decision_session: '2025-06-13', first_session: LIVE[0], initial_capital: 100000 });
    sampler = (async () => {
      while (sampling) {
        const [row] = await ds.query(`SELECT lease_owner AS owner, lease_expires_at > now() AS valid FROM strategy_deployments WHERE id = $1`, [deploymentId]);
        lease.push({ at: Date.now(), owner: row.owner, valid: row.valid });
        await sleep(20);
      }
    })();

    await until('the first decision', async () => (await decidedThrough()) === '2025-06-13');
    await session(LIVE[0]);
    await session(LIVE[1]); // the up-cross: six buys pending for LIVE[2]'s open
    expect(await unsettled(LIVE[2])).toBe(SYMBOLS.length);

    // 1. The only process dies while placing the six buys; a new one starts with the session still open.
    const first = await killAtOpen(LIVE[2]);
    expect(first.ordersAtKill).toBeGreaterThanOrEqual(1);
    expect(first.ordersAtKill).toBeLessThan(SYMBOLS.length); // killed in the middle of the pass
    expect((first.statuses.pending ?? 0) + (first.statuses.placing ?? 0)).toBeGreaterThan(0);
    const restartAt = Date.now();
    live = [await start()];
    await until(`${LIVE[2]}'s buys after the restart`, async () => (await unsettled(LIVE[2])) === 0, 90_000);
    const recoveredMs = Date.now() - restartAt;
    await moveTo(LIVE[2], 'close');
    await until(`${LIVE[2]}'s decisions`, async () => (await decidedThrough()) === LIVE[2]);
    for (const date of LIVE.slice(3, 8)) await session(date); // LIVE[7]: the down-cross, six sells pending

    // 2. Killed while selling; two new processes on the same database.
    const second = await killAtOpen(LIVE[8]);
    expect(second.ordersAtKill).toBeLessThan(SYMBOLS.length);
    const pair = await Promise.all([start(), start()]);
    live = pair;
    const pairFrom = Date.now();
    await until(`${LIVE[8]}'s sells after the restart`, async () => (await unsettled(LIVE[8])) === 0, 90_000);
    await moveTo(LIVE[8], 'close');
    await until(`${LIVE[8]}'s decisions`, async () => (await decidedThrough()) === LIVE[8]);
    for (const date of LIVE.slice(9, 13)) await session(date); // LIVE[12]: the up-cross again
    const pairLeases = lease.filter((l) => l.at >= pairFrom && l.owner && pair.some((m) => l.owner!.includes(`:${m.server.proc.pid}:`)));
    const pairOwners = new Set(pairLeases.map((l) => l.owner));
    expect(pairOwners.size).toBe(1); // one runner of the two
    expect(pair.map((m) => takenIn(m.server)).sort()).toEqual([0, 1]);

    // 3. The holder of the two dies mid-open; the other, already running, takes over.
    const third = await killAtOpen(LIVE[13]);
    expect(third.ordersAtKill).toBeLessThan(SYMBOLS.length);
    await until(`${LIVE[13]}'s buys after the takeover`, async () => (await unsettled(LIVE[13])) === 0, 90_000);
    await moveTo(LIVE[13], 'close');
    await until(`${LIVE[13]}'s decisions`, async () => (await decidedThrough()) === LIVE[13]);
    expect(takenIn(live[0].server)).toBe(1);
    sampling = false;
    await sampler;

    // Every decision row exactly once: one per session and symbol, none missed or left waiting.
    const decisions: { session: string; trade: string; symbol: string; action: string; status: string; order_id: string | null; quantity: string | null }[] = await ds.query(
      `SELECT to_char(session_date, 'YYYY-MM-DD') AS session, to_char(trade_session, 'YYYY-MM-DD') AS trade, symbol, action, status, order_id, quantity::text
       FROM strategy_decisions WHERE deployment_id = $1 ORDER BY session_date, symbol`,
      [deploymentId],
    );
    const decisionSessions = ['2025-06-13', ...LIVE];
    expect(decisions.length).toBe(decisionSessions.length * SYMBOLS.length);
    expect(new Set(decisions.map((x) => `${x.session}|${x.symbol}`)).size).toBe(decisions.length);
    expect([...new Set(decisions.map((x) => x.session))]).toEqual(decisionSessions);
    const acted = decisions.filter((x) => x.action !== 'none');
    expect(acted.map((x) => `${x.trade}:${x.action}`).sort()).toEqual(
      [...SYMBOLS.map(() => `${LIVE[2]}:buy`), ...SYMBOLS.map(() => `${LIVE[8]}:sell`), ...SYMBOLS.map(() => `${LIVE[13]}:buy`)].sort(),
    );
    expect(acted.filter((x) => x.status !== 'placed').map((x) => [x.session, x.symbol, x.status])).toEqual([]);
    expect(decisions.filter((x) => x.action === 'none').every((x) => x.status === 'hold')).toBe(true);

    // Every placed decision has exactly one order, the one its Idempotency-Key answered with; no other orders.
    const orders: { id: string; symbol: string; side: string; status: string; quantity: string; created: string }[] = await ds.query(
      `SELECT id, symbol, side, status, quantity::text, created_at AS created FROM orders WHERE portfolio_id = $1`,
      [trader.portfolioId],
    );
    expect(orders.length).toBe(acted.length);
    expect(new Set(acted.map((x) => x.order_id)).size).toBe(acted.length);
    const byId = new Map(orders.map((o) => [o.id, o]));
    for (const x of acted) {
      const o = byId.get(x.order_id!)!;
      expect([o.symbol, o.side, o.status, Number(o.quantity)]).toEqual([x.symbol, x.action, 'filled', Number(x.quantity)]);
    }
    const keys: { key: string; id: string }[] = await ds.query(
      `SELECT key, response_body->>'id' AS id FROM idempotency_keys WHERE user_id = $1 AND key LIKE 'strategy-deployment:%'`,
      [trader.userId],
    );
    expect(keys.length).toBe(acted.length);
    expect(new Map(keys.map((k) => [k.key, k.id]))).toEqual(new Map(acted.map((x) => [`strategy-deployment:${deploymentId}:${x.session}:${x.symbol}`, x.order_id])));
    expect(await ledgerViolations(ds)).toEqual([]);

    // One lease holder at a time: the owner changed only at the three kills (the dead process' lease expired first).
    const owners = lease.filter((l) => l.owner).map((l) => l.owner);
    const changes = owners.filter((o, i) => i > 0 && o !== owners[i - 1]);
    expect(changes.length).toBe(3);
    expect(new Set(owners).size).toBe(4);
    expect(all.reduce((n, s) => n + takenIn(s), 0)).toBe(4);

    // Positions = the backtest of the same document over the same days; the parity report agrees.
    const bt = await call(live[0].server.url, 'POST', '/api/ml/backtest', {
      token: trader.token,
      body: { strategy_id: strategyId, start_date: LIVE[0], end_date: LIVE[13], initial_capital: 100000 },
    });
    expect(bt.status).toBe(200);
    const open = (bt.body.trades as { symbol: string; quantity: number; exit_date: string | null; entry_date: string }[]).filter((t) => t.exit_date === null);
    expect(open.map((t) => t.entry_date)).toEqual(SYMBOLS.map(() => LIVE[13]));
    const portfolio = await call(live[0].server.url, 'GET', `/api/portfolios/${trader.portfolioId}`, { token: trader.token });
    const positions = Object.fromEntries((portfolio.body.positions as { symbol: string; quantity: number }[]).map((p) => [p.symbol, p.quantity]));
    expect(positions).toEqual(Object.fromEntries(open.map((t) => [t.symbol, t.quantity])));
    expect(portfolio.body.cash_balance).toBeCloseTo(bt.body.summary.final_equity - open.reduce((s, t) => s + t.quantity * BARS[t.symbol].at(-1)!.close, 0), 0);
    const parity = await call(live[0].server.url, 'GET', `/api/strategies/deployments/${deploymentId}/parity`, { token: trader.token });
    expect(parity.status).toBe(200);
    expect(parity.body).toMatchObject({ first_session: LIVE[0], last_session: LIVE[13], backtest_fills: 18, live_fills: 18, matched: 18, in_parity: true, differences: [] });

    process.stdout.write(
      `strategy runner fault test: kills at ${[first, second, third].map((k) => `${k.ordersAtKill}/6 orders placed (${JSON.stringify(k.statuses)}, ${k.keysInFlight} key in flight)`).join('; ')}; ` +
        `first restart to six buys settled ${recoveredMs} ms; whole test ${Date.now() - testStart} ms\n`,
    );
  });
});
