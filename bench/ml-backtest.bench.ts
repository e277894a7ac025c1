/**
 * Backtest throughput: `npm run bench:backtest`.
 *
 * 1. The engine alone (signals + fills + marking, src/ml/backtest/domain), bars per second, on simulated daily
 *    bars: one symbol × 20 years and the whole 151-symbol universe × 10 years, for several strategies. Bars are
 *    built (decimal opens and closes) before timing, as the service does after loading them. Anchor: backtrader's
 *    published ~14,700 bars/s in CPython.
 * 2. POST /api/ml/backtest with the seed's one-year example under 20 concurrent users (autocannon, 20
 *    connections, one user each) against the built server on a fresh PostgreSQL database: p50/p99 and req/s.
 *
 * Writes its section of bench/RESULTS.md (between the ml-backtest markers) and prints it.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { d, Decimal } from '../src/common/decimal';
import { universeCalibrations } from '../src/market/providers/simulated.provider';
import { MarketSimulator } from '../src/market/simulator';
import { type BacktestBars, backtestStrategy, closeFloats, type EngineOptions, resolveParameters, STRATEGIES, type StrategyName } from '../src/ml/backtest/domain/backtest';
import { createDatabase } from '../test/support/database';
import { api, ensureBuild, newUser, ROOT, startServer } from './orders-server';
import { machine, UNIVERSE_SYMBOLS } from './risk-shared';

const autocannon = require('autocannon') as (opts: Record<string, unknown>) => Promise<{
  duration: number;
  '2xx': number;
  non2xx: number;
  errors: number;
  requests: { average: number; total: number };
  latency: { p50: number; p90: number; p99: number; max: number };
}>;

const RESULTS = join(ROOT, 'bench', 'RESULTS.md');
const START = '<!-- ml-backtest:start -->';
const END = '<!-- ml-backtest:end -->';
const USERS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);

function bars(symbols: string[], from: string, to: string): BacktestBars {
  const sim = new MarketSimulator('octopus', universeCalibrations());
  const asOf = new Date(`${to}T23:59:59Z`);
  const raw = symbols.map((s) => sim.dailyBars(s, from, to, asOf));
  return {
    dates: raw[0].map((b) => b.date),
    symbols,
    open: raw.map((bs) => bs.map((b) => d(b.open.toFixed(6)))),
    close: raw.map((bs) => bs.map((b) => d(b.close.toFixed(6)))),
    traded: raw.map((bs) => new Uint8Array(bs.length).fill(1)),
  };
}

interface Row {
  case: string;
  bars: number;
  trades: number;
  min: number;
  median: number;
  max: number;
}

function engineCase(label: string, b: BacktestBars, strategy: StrategyName, given: Record<string, unknown>, runs: number): Row {
  const r = resolveParameters(STRATEGIES[strategy], given, b.symbols.length);
  if (!r.ok) throw new Error(r.problem.message);
  const opts: EngineOptions = {
    start: STRATEGIES[strategy].warmup(r.parameters, b.symbols.length),
    initialCapital: new Decimal(1_000_000),
    commission: { kind: 'bps', bps: '1', minimum: '1' },
    slippageBps: d(2),
    fractional: false,
    allowShort: false,
  };
  const run = () => backtestStrategy(b, strategy, r.parameters, opts, closeFloats(b));
  let result = run();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    result = run();
    ms.push(performance.now() - t0);
  }
  ms.sort((x, y) => x - y);
  return { case: label, bars: b.dates.length * b.symbols.length, trades: result.trades.length, min: ms[0], median: ms[Math.floor(ms.length / 2)], max: ms[ms.length - 1] };
}

async function http(): Promise<{ line: string; p50: number; p99: number; rps: number; ok: number; non2xx: number; errors: number }> {
  ensureBuild();
  const db = await createDatabase('octopus_bench_bt');
  const server = await startServer('bench-backtest', db.url, { MARKET_TICK_MS: '1000', DB_POOL_SIZE: '20' });
  try {
    const tokens: string[] = [];
    for (let i = 0; i < USERS; i++) tokens.push((await newUser(server.url)).token);
    const body = JSON.stringify({ strategy: 'momentum', symbol: 'AAPL', start_date: '2023-01-01', end_date: '2024-01-01', initial_capital: 100000 });
    const first = await api<{ status: string }>(server.url, 'POST', '/api/ml/backtest', JSON.parse(body), tokens[0]);
    if (first.body.status !== 'completed') throw new Error(`the seed example should complete within the request, got ${JSON.stringify(first.body).slice(0, 300)}`);
    let next = 0;
    const run = (seconds: number) =>
      autocannon({
        url: `${server.url}/api/ml/backtest`,
        method: 'POST',
        connections: USERS,
        duration: seconds,
        requests: [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[next++ % tokens.length]}` }, body }) }],
      });
    await run(3);
    const r = await run(SECONDS);
    return {
      line: `${USERS} users (one connection each) for ${SECONDS} s after a 3 s warm-up`,
      p50: r.latency.p50,
      p99: r.latency.p99,
      rps: r['2xx'] / r.duration,
      ok: r['2xx'],
      non2xx: r.non2xx,
      errors: r.errors,
    };
  } finally {
    await server.stop().catch(() => undefined);
    await db.drop().catch(() => undefined);
  }
}

async function main(): Promise<void> {
  const one = bars(['AAPL'], '2005-01-03', '2024-12-31');
  const all = bars(UNIVERSE_SYMBOLS, '2015-01-02', '2024-12-31');
  const rows = [
    engineCase('sma_crossover 20/50, 1 symbol × 20 years', one, 'sma_crossover', {}, 30),
    engineCase('mean_reversion RSI(14), 1 symbol × 20 years', one, 'mean_reversion', {}, 30),
    engineCase('buy_and_hold, 1 symbol × 20 years', one, 'buy_and_hold', {}, 30),
    engineCase(`momentum 12-1, top 15 of ${all.symbols.length} symbols × 10 years`, all, 'momentum', { top_n: 15 }, 7),
    engineCase(`sma_crossover 20/50, ${all.symbols.length} symbols × 10 years (1/N each)`, all, 'sma_crossover', {}, 7),
    engineCase(`bollinger(20, 2), ${all.symbols.length} symbols × 10 years (1/N each)`, all, 'bollinger', {}, 7),
  ];
  const h = process.env.BENCH_SKIP_HTTP ? null : await http();
  const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
  const bps = (r: Row, ms: number) => Math.round(r.bars / (ms / 1000)).toLocaleString('en-US');
  const md = [
    '### Backtesting (issue 12)',
    '',
    `\`npm run bench:backtest\` (bench/ml-backtest.bench.ts), ${new Date().toISOString().slice(0, 10)}, ${machine()}.`,
    'Engine alone (signals, fills at next opens with commission 1 bps (min 1) and 2 bps slippage, decimal cash and ' +
      'marking at every close), on simulated daily bars (seed "octopus") built before timing. Bars = symbols × ' +
      'sessions, warm-up included. Anchor: backtrader ~14,700 bars/s (CPython, published); goal ≥ 1,000,000 bars/s.',
    '',
    '| case | bars | trades | min ms | median ms | max ms | bars/s (median) |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.case} | ${r.bars.toLocaleString('en-US')} | ${r.trades} | ${fmt(r.min)} | ${fmt(r.median)} | ${fmt(r.max)} | **${bps(r, r.median)}** |`),
    '',
    h
      ? `POST /api/ml/backtest, the seed's example (momentum, AAPL, 2023, 100,000; benchmark SPY), built server on a fresh ` +
        `PostgreSQL database (DB_POOL_SIZE=20, rate limits off), ${h.line}: **p50 ${h.p50} ms, p99 ${h.p99} ms**, ` +
        `${h.rps.toFixed(0)} req/s (${h.ok} answered 200, ${h.non2xx} non-2xx, ${h.errors} errors). Each request loads ` +
        'the symbol\'s and the benchmark\'s bars, runs, and stores the report (one insert with the curve and trades as JSON).'
      : 'HTTP part skipped (BENCH_SKIP_HTTP).',
  ].join('\n');
  const section = `${START}\n${md}\n${END}`;
  const current = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : '# Benchmark results\n';
  const text = current.includes(START) ? current.replace(new RegExp(`${START}[\\s\\S]*?${END}`), section) : `${current.trimEnd()}\n\n## ML backtesting\n\n${section}\n`;
  writeFileSync(RESULTS, text);
  process.stdout.write(`${md}\n`);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
