/**
 * `npm run bench:market`: market data benchmark (not a timed test).
 *
 * 1. Quote endpoint: starts the built server (dist/) on 127.0.0.1 with RATE_LIMIT_ENABLED=false against a
 *    throwaway PostgreSQL database (TEST_PG_URL, default postgres://postgres@127.0.0.1:5432/postgres), logs a
 *    user in, and runs autocannon on GET /api/market/quote/AAPL (one symbol) and over the whole universe
 *    (a different symbol per request). Reports requests/s and latency p50/p99.
 * 2. History: GET /api/market/historical/{symbol}?period=max the first time (generate + store) and again
 *    (read from the table), and the simulator's own generation speed in bars/s (daily from 2005 for every
 *    instrument, and 1-minute bars).
 * Env: BENCH_CONNECTIONS (50), BENCH_SECONDS (10). Prints a Markdown section for bench/RESULTS.md.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { UNIVERSE } from '../src/market/data/universe';
import { SimulatedMarketProvider } from '../src/market/providers/simulated.provider';
import { createDatabase } from '../test/support/database';
import { freePort } from './orders-server';

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  non2xx: number;
  errors: number;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = require('autocannon') as Autocannon;

const ROOT = join(__dirname, '..');
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

async function waitReady(base: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${base}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not become ready');
}

async function json<T>(res: Response): Promise<T> {
  if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function main(): Promise<void> {
  const db = await createDatabase('octopus_bench');
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [join(ROOT, 'dist/src/main.js')], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: db.url,
      JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
      RATE_LIMIT_ENABLED: 'false',
      LOG_LEVEL: 'warn',
      REDIS_URL: '',
      MARKET_DATA_PROVIDER: 'simulated',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const lines: string[] = [];
  const out = (s: string) => {
    lines.push(s);
    process.stdout.write(`${s}\n`);
  };
  try {
    const started = Date.now();
    await waitReady(base, child);
    const startupMs = Date.now() - started;
    const email = `bench.${Date.now()}@example.com`;
    const password = 'bench password 123';
    await json(await fetch(`${base}/api/auth/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) }));
    const { access_token } = await json<{ access_token: string }>(
      await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) }),
    );
    const headers = { authorization: `Bearer ${access_token}` };
    await json(await fetch(`${base}/api/market/quote/AAPL`, { headers }));

    const firstHistory = Date.now();
    const hist = await json<{ data: unknown[] }>(await fetch(`${base}/api/market/historical/MSFT?period=max`, { headers }));
    const firstHistoryMs = Date.now() - firstHistory;
    const againHistory = Date.now();
    await json(await fetch(`${base}/api/market/historical/MSFT?period=max`, { headers }));
    const againHistoryMs = Date.now() - againHistory;

    const one = await autocannon({ url: `${base}/api/market/quote/AAPL`, connections: CONNECTIONS, duration: SECONDS, headers });
    const symbols = UNIVERSE.map((u) => u.symbol);
    let n = 0;
    const many = await autocannon({
      url: base,
      connections: CONNECTIONS,
      duration: SECONDS,
      headers,
      requests: [{ method: 'GET', setupRequest: (req: Record<string, unknown>) => ({ ...req, path: `/api/market/quote/${symbols[n++ % symbols.length]}` }) }],
    });

    // Simulator generation speed, in this process (plain Node, no server).
    const at = new Date();
    let t = Date.now();
    const sim = new SimulatedMarketProvider('bench', 'nyse');
    const constructMs = Date.now() - t;
    t = Date.now();
    let daily = 0;
    for (const s of symbols) daily += (await sim.dailyBars(s, '2005-01-01', '2100-01-01', at)).length;
    const dailyMs = Date.now() - t;
    t = Date.now();
    let intraday = 0;
    const from = new Date(at.getTime() - 30 * 86_400_000);
    for (const s of symbols.slice(0, 20)) intraday += (await sim.intradayBars(s, from, at, 1, at)).length;
    const intradayMs = Date.now() - t;

    const cpu = cpus()[0]?.model ?? 'unknown CPU';
    out(`## Market (${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus().length} × ${cpu})`);
    out('');
    out(`Built server (\`node dist/src/main.js\`) on 127.0.0.1, PostgreSQL on 127.0.0.1, RATE_LIMIT_ENABLED=false, simulated provider,`);
    out(`autocannon ${CONNECTIONS} connections × ${SECONDS} s, JWT bearer auth on every request. Server ready in ${startupMs} ms.`);
    out('');
    out('| Benchmark | Requests/s | p50 | p99 | non-2xx |');
    out('|---|---|---|---|---|');
    out(`| GET /api/market/quote/AAPL | ${Math.round(one.requests.average)} | ${one.latency.p50} ms | ${one.latency.p99} ms | ${one.non2xx} |`);
    out(`| GET /api/market/quote/{151 symbols in turn} | ${Math.round(many.requests.average)} | ${many.latency.p50} ms | ${many.latency.p99} ms | ${many.non2xx} |`);
    out('');
    out('| History | Figure |');
    out('|---|---|');
    out(`| GET /historical/MSFT?period=max, first call (generate ${hist.data.length} bars + store) | ${firstHistoryMs} ms |`);
    out(`| same request again (read from daily_bars) | ${againHistoryMs} ms |`);
    out(`| simulator construction (151 instruments) | ${constructMs} ms |`);
    out(`| daily bars, 2005 → today, all 151 instruments | ${daily} bars in ${dailyMs} ms = ${Math.round(daily / (dailyMs / 1000))} bars/s |`);
    out(`| 1-minute bars, 30 days, 20 instruments | ${intraday} bars in ${intradayMs} ms = ${Math.round(intraday / (intradayMs / 1000))} bars/s |`);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await db.drop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
