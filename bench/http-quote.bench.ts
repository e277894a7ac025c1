/**
 * GET /api/market/quote/AAPL with JWT auth (everything on but the rate limits: helmet, request ids, access log at
 * info, metrics, validation), next to a bare `node:http` server answering the same JSON body, in the same run:
 * requests/s, p99 and server CPU per request (utime + stime of the server process ÷ requests; steadier than
 * requests/s on a shared machine). Part of `bench/run`; alone: `npx ts-node --transpile-only bench/http-quote.bench.ts`.
 * Env: BENCH_CONNECTIONS (50), BENCH_SECONDS (10).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDatabase } from '../test/support/database';
import { ensureBuild, freePort, ROOT, SERVER_JWT_SECRET } from './orders-server';

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
}
const autocannon = require('autocannon') as (opts: Record<string, unknown>) => Promise<AutocannonResult>;

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

export interface HttpFigure {
  target: string;
  rps: number;
  p50: number;
  p99: number;
  cpuUsPerRequest: number;
  non2xx: number;
}

/** CPU time (user + system) of a process so far, in ms, from /proc (Linux). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function waitFor(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 900; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer`);
}

async function load(target: string, url: string, pid: number, headers: Record<string, string>): Promise<HttpFigure> {
  await autocannon({ url, connections: CONNECTIONS, duration: 2, headers }); // warm-up
  const before = cpuMs(pid);
  const r = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers });
  const cpu = cpuMs(pid) - before;
  return {
    target,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    cpuUsPerRequest: r.requests.total > 0 ? (cpu * 1000) / r.requests.total : NaN,
    non2xx: r.non2xx,
  };
}

const stop = async (child: ChildProcess) => {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
};

const ADAPTER_NAMES = { express: 'Express', fastify: 'Fastify' } as const;
type Adapter = keyof typeof ADAPTER_NAMES;

/** Octopus on each HTTP adapter (BENCH_ADAPTERS, default both), then the anchor serving the body Octopus answered. */
export async function benchHttpQuote(
  adapters = (process.env.BENCH_ADAPTERS ?? 'express,fastify').split(',') as Adapter[],
): Promise<{ apps: Array<HttpFigure & { adapter: Adapter }>; anchor: HttpFigure }> {
  ensureBuild();
  let body = '';
  const apps: Array<HttpFigure & { adapter: Adapter }> = [];
  for (const adapter of adapters) {
    const served = await benchOctopus(adapter);
    body = served.body;
    apps.push({ ...served.figure, adapter });
  }
  return { apps, anchor: await benchAnchor(body) };
}

async function benchOctopus(adapter: Adapter): Promise<{ figure: HttpFigure; body: string }> {
  const db = await createDatabase('octopus_bench_http');
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const app = spawn(process.execPath, [join(ROOT, 'dist/src/main.js')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TZ: 'UTC',
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: db.url,
      JWT_SECRET: SERVER_JWT_SECRET,
      RATE_LIMIT_ENABLED: 'false',
      LOG_LEVEL: 'info',
      ARGON2_MEMORY_KIB: '1024',
      ARGON2_TIME_COST: '1',
      MARKET_DATA_PROVIDER: 'simulated',
      HTTP_ADAPTER: adapter,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let body = '';
  let appFigure: HttpFigure;
  try {
    await waitFor(`${base}/health/ready`, app);
    const email = `bench.http.${Date.now()}@example.com`;
    const password = 'bench password 123';
    const post = (path: string, payload: unknown) =>
      fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
    await post('/api/auth/register', { email, password });
    const { access_token } = (await (await post('/api/auth/login', { email, password })).json()) as { access_token: string };
    const headers = { authorization: `Bearer ${access_token}` };
    body = await (await fetch(`${base}/api/market/quote/AAPL`, { headers })).text();
    appFigure = await load(`Octopus (${ADAPTER_NAMES[adapter]}), JWT`, `${base}/api/market/quote/AAPL`, app.pid!, headers);
  } finally {
    await stop(app);
    await db.drop().catch(() => undefined);
  }
  return { figure: appFigure, body };
}

async function benchAnchor(body: string): Promise<HttpFigure> {
  const anchorPort = await freePort();
  const anchor = spawn(
    process.execPath,
    [
      '-e',
      `const body = Buffer.from(${JSON.stringify(body)});
       require('node:http').createServer((req, res) => { res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length }); res.end(body); })
         .listen(${anchorPort}, '127.0.0.1');`,
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  try {
    await waitFor(`http://127.0.0.1:${anchorPort}/`, anchor);
    return await load('bare node:http, same body', `http://127.0.0.1:${anchorPort}/api/market/quote/AAPL`, anchor.pid!, {});
  } finally {
    await stop(anchor);
  }
}

if (require.main === module) {
  benchHttpQuote()
    .then(({ apps, anchor }) => {
      for (const f of [...apps, anchor]) {
        process.stdout.write(`${f.target}: ${Math.round(f.rps)} req/s, p50 ${f.p50} ms, p99 ${f.p99} ms, ${Math.round(f.cpuUsPerRequest)} µs CPU/request, ${f.non2xx} non-2xx\n`);
      }
      for (const app of apps) process.stdout.write(`${app.adapter}: ratio ${(app.rps / anchor.rps).toFixed(3)}× req/s, p99 ${(app.p99 / anchor.p99).toFixed(1)}×\n`);
    })
    .catch((e: unknown) => {
      process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(1);
    });
}
