/**
 * `bench/run`: every throughput figure next to its anchor, measured in the same run, in one table (written into
 * bench/RESULTS.md between the run markers). Starts what it needs: servers from dist/ on fresh databases of the
 * local PostgreSQL (TEST_PG_URL), rate limits off. The orders and realtime benchmarks run as their own processes
 * (they also refresh their detailed sections of RESULTS.md).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchHttpQuote } from './http-quote.bench';
import { benchMonteCarloVar } from './mc-var.bench';
import { ensureBuild, ROOT } from './orders-server';

const RESULTS = join(ROOT, 'bench', 'RESULTS.md');
const START = '<!-- run:start -->';
const END = '<!-- run:end -->';

function runChild<T>(script: string, env: Record<string, string>): T {
  const dir = mkdtempSync(join(tmpdir(), 'octopus-bench-'));
  const summary = join(dir, 'summary.json');
  try {
    execFileSync(process.execPath, [join(ROOT, 'node_modules/ts-node/dist/bin.js'), '--transpile-only', join(ROOT, 'bench', script)], {
      cwd: ROOT,
      env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true', ...env, BENCH_SUMMARY: summary },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    return JSON.parse(readFileSync(summary, 'utf8')) as T;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const f0 = (x: number) => Math.round(x).toLocaleString('en-US');
const f2 = (x: number) => x.toFixed(2);
const verdict = (ok: boolean) => (ok ? 'met' : '**not met**');

async function main(): Promise<void> {
  const started = Date.now();
  ensureBuild();
  const rows: string[] = [];
  const log = (s: string) => process.stderr.write(`[bench/run] ${s}\n`);

  log('HTTP: GET /api/market/quote/AAPL vs bare node:http');
  const http = await benchHttpQuote();
  for (const app of http.apps) {
    const ratio = app.rps / http.anchor.rps;
    const p99 = app.p99 / Math.max(http.anchor.p99, 1);
    rows.push(
      `| GET /api/market/quote/AAPL, JWT, 50 connections, ${app.adapter === 'express' ? 'Express' : 'Fastify'} | ${f0(app.rps)} req/s, p99 ${app.p99} ms, ${f0(app.cpuUsPerRequest)} µs CPU/req | bare node:http: ${f0(http.anchor.rps)} req/s, p99 ${http.anchor.p99} ms, ${f0(http.anchor.cpuUsPerRequest)} µs CPU/req | ${f2(ratio)}× req/s, p99 ${p99.toFixed(1)}× | ≥ 0.6×, p99 ≤ 2× | ${verdict(ratio >= 0.6 && p99 <= 2)} |`,
    );
  }

  log('orders: POST /api/orders vs pgbench tpcb-like');
  const orders = runChild<{ perSecond: number; p50: number; p99: number; pgbenchTps: number; halfRate: number; halfP99: number }>('orders.bench.ts', {
    BENCH_SECONDS: process.env.BENCH_SECONDS ?? '10',
  });
  const ordersRatio = orders.perSecond / orders.pgbenchTps;
  const ordersVerdict = ordersRatio >= 0.3 && orders.halfP99 < 50 ? verdict(true) : ordersRatio >= 0.3 || orders.halfP99 < 50 ? `**partly met** (${ordersRatio >= 0.3 ? 'ratio' : `p99 at half load ${orders.halfP99} ms`} met)` : verdict(false);
  rows.push(
    `| POST /api/orders market buys, 32 portfolios, 32 connections | ${f0(orders.perSecond)} orders/s, p99 ${orders.p99} ms (full load); p99 ${orders.halfP99} ms at a fixed ${f0(orders.halfRate)}/s (half load) | pgbench tpcb-like, 32 clients: ${f0(orders.pgbenchTps)} TPS | ${f2(ordersRatio)}× | ≥ 0.3×, p99 < 50 ms at half load | ${ordersVerdict} |`,
  );

  log('realtime: 1,000 clients × 20 symbols at 5 ticks/s vs bare ws');
  const rt = runChild<{ rate: number; target: string; perSecond: number; p99: number | null }[]>('realtime.bench.ts', {
    BENCH_TICKS_PER_SECOND: '5',
    BENCH_CLIENTS: '1000',
    BENCH_SYMBOLS: '20',
    BENCH_SECONDS: '15',
  });
  const bare = rt[0];
  for (const r of rt.slice(1)) {
    const ratio = r.perSecond / bare.perSecond;
    const p99 = (r.p99 ?? NaN) / Math.max(bare.p99 ?? NaN, 1);
    rows.push(
      `| /ws/market-data (${r.target.replace('Octopus, ', '')}), 1,000 clients × 20 symbols, 5 ticks/s | ${f0(r.perSecond)} msgs/s, p99 ${r.p99 ?? '–'} ms | bare \`ws\` broadcast: ${f0(bare.perSecond)} msgs/s, p99 ${bare.p99 ?? '–'} ms | ${f2(ratio)}× msgs/s, p99 ${p99.toFixed(1)}× | ≥ 0.9×, p99 ≤ 2× | ${verdict(ratio >= 0.9 && p99 <= 2)} |`,
    );
  }

  log('Monte Carlo VaR 100k × 100 vs numpy');
  const mc = benchMonteCarloVar();
  if (mc.numpy) {
    const ratio = mc.oursMs / mc.numpy.sameMs;
    rows.push(
      `| Monte Carlo VaR 99%, 100,000 paths × 100 positions | ${f0(mc.oursMs)} ms | numpy ${mc.numpy.version}, same computation: ${f0(mc.numpy.sameMs)} ms (with the full paths × assets matrix: ${f0(mc.numpy.fullMs)} ms) | ${f2(ratio)}× time | ≤ 2× | ${verdict(ratio <= 2)} |`,
    );
  } else {
    rows.push(`| Monte Carlo VaR 99%, 100,000 paths × 100 positions | ${f0(mc.oursMs)} ms | numpy not installed (python3 -c "import numpy") | – | ≤ 2× | not measured |`);
  }

  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  const section = [
    START,
    '## Throughput against anchors (`bench/run`)',
    '',
    `\`bench/run\`, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, Node ${process.version}, ${cpus()[0]?.model.trim()} (${cpus().length} cores), ${minutes} min. ` +
      'Each figure and its anchor come from the same run on the same machine (absolute numbers move by up to 2× between runs on these shared machines; the ratios are the figures to read). ' +
      'Servers from dist/ on fresh databases, the quote on both HTTP adapters and everything else on the default (Fastify), rate limits off, access log at info. CPU/req: server user + system time ÷ requests.',
    '',
    '| work | Octopus | anchor | ratio | goal | |',
    '|---|---|---|---:|---|---|',
    ...rows,
    END,
  ].join('\n');
  const current = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : '# Benchmark results\n';
  const next =
    current.includes(START) && current.includes(END)
      ? current.slice(0, current.indexOf(START)) + section + current.slice(current.indexOf(END) + END.length)
      : current.replace(/^# Benchmark results\n/, `# Benchmark results\n\n${section}\n`);
  writeFileSync(RESULTS, next);
  process.stdout.write(`${section}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
