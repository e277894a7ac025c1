/*
 * Risk math timings: `npm run bench:risk`.
 *
 * A 100-position portfolio over 10 years of daily data (2,515 returns of the first 100 instruments of the universe,
 * simulated closes 2016–2025, random long/short money exposures): historical VaR (with per-position contributions),
 * parametric VaR, and Monte Carlo VaR with 100,000 paths (normal and Student-t, with and without contributions).
 * Each figure is the median of several runs after a warm-up. Results go to the Risk section of bench/RESULTS.md.
 */
import { performance } from 'node:perf_hooks';
import {
  Rng,
  historicalPortfolioVar,
  momentsFromReturns,
  monteCarloPortfolioVar,
  parametricPortfolioVar,
  returnsFromAligned,
} from '../src/quant';
import { machine, simulatedCloses, UNIVERSE_SYMBOLS, writeRiskResults } from './risk-shared';

const POSITIONS = 100;
const FROM = '2016-01-04';
const TO = '2025-12-31';
const PATHS = 100_000;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time<T>(label: string, runs: number, f: () => T): { label: string; ms: number; result: T } {
  let result = f(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    result = f();
    samples.push(performance.now() - t0);
  }
  return { label, ms: median(samples), result };
}

function main(): void {
  const symbols = UNIVERSE_SYMBOLS.slice(0, POSITIONS);
  const t0 = performance.now();
  const { dates, closes } = simulatedCloses('octopus', symbols, FROM, TO);
  const dataMs = performance.now() - t0;
  const { returns } = returnsFromAligned({ dates, symbols, prices: closes });
  const rng = new Rng('bench', 2024);
  const values = symbols.map(() => Math.round((rng.uniform() * 2 - 0.5) * 100_000)); // mostly long, some short

  const rows = [
    time('historical VaR 99% + contributions (1 day)', 20, () => historicalPortfolioVar(returns, values, { confidence: 0.99 })),
    time('historical VaR 99%, 10-day overlapping', 10, () =>
      historicalPortfolioVar(returns, values, { confidence: 0.99, horizonDays: 10, horizonMethod: 'overlapping' }),
    ),
    time('sample moments (mean vector + 100×100 covariance)', 10, () => momentsFromReturns(returns)),
  ];
  const moments = momentsFromReturns(returns);
  rows.push(
    time('parametric VaR 99% + contributions (given moments)', 50, () => parametricPortfolioVar(moments, values, { confidence: 0.99 })),
    time(`Monte Carlo VaR 99%, ${PATHS.toLocaleString('en-US')} paths, normal, no contributions`, 5, () =>
      monteCarloPortfolioVar(moments, values, { confidence: 0.99, paths: PATHS, seed: 1, contributions: false }),
    ),
    time(`Monte Carlo VaR 99%, ${PATHS.toLocaleString('en-US')} paths, normal, with contributions`, 5, () =>
      monteCarloPortfolioVar(moments, values, { confidence: 0.99, paths: PATHS, seed: 1 }),
    ),
    time(`Monte Carlo VaR 99%, ${PATHS.toLocaleString('en-US')} paths, Student-t(5), with contributions`, 5, () =>
      monteCarloPortfolioVar(moments, values, { confidence: 0.99, paths: PATHS, seed: 1, distribution: { type: 'student-t', dof: 5 } }),
    ),
  );
  const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
  const varOf = (r: unknown) => (r as { var?: number }).var;
  const md = [
    '### Risk math timings (100 positions × 10 years of daily returns)',
    '',
    `\`npm run bench:risk\` (bench/risk.bench.ts), ${new Date().toISOString().slice(0, 10)}, ${machine()}.`,
    `${POSITIONS} instruments, ${returns.length} daily returns (${dates[0]} → ${dates[dates.length - 1]}, simulated, seed ` +
      `"octopus"; generating them took ${fmt(dataMs)} ms), money exposures mostly long with some shorts. Median of ` +
      'several runs after a warm-up.',
    '',
    '| computation | median ms | VaR (money) |',
    '|---|---:|---:|',
    ...rows.map((r) => `| ${r.label} | ${fmt(r.ms)} | ${varOf(r.result)?.toFixed(0) ?? '—'} |`),
  ].join('\n');
  console.log(md);
  if (!process.argv.includes('--no-write')) writeRiskResults('bench', md);
}

main();
