/**
 * Monte Carlo VaR, 100,000 paths × 100 positions (normal, 99%, no contributions): our src/quant implementation next to
 * numpy doing the same computation on the same moments (bench/mc_var_numpy.py), in the same run. Part of `bench/run`.
 * The numpy anchor is skipped (null) when python3 has no numpy.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Rng, momentsFromReturns, monteCarloPortfolioVar, returnsFromAligned } from '../src/quant';
import { simulatedCloses, UNIVERSE_SYMBOLS } from './risk-shared';

const PATHS = 100_000;
const POSITIONS = 100;

export interface McFigure {
  oursMs: number;
  oursVar: number;
  numpy: { version: string; sameMs: number; sameVar: number; fullMs: number; fullVar: number } | null;
}

export function benchMonteCarloVar(): McFigure {
  const symbols = UNIVERSE_SYMBOLS.slice(0, POSITIONS);
  const { dates, closes } = simulatedCloses('octopus', symbols, '2016-01-04', '2025-12-31');
  const { returns } = returnsFromAligned({ dates, symbols, prices: closes });
  const rng = new Rng('bench', 2024);
  const values = symbols.map(() => Math.round((rng.uniform() * 2 - 0.5) * 100_000));
  const moments = momentsFromReturns(returns);
  const run = () => monteCarloPortfolioVar(moments, values, { confidence: 0.99, paths: PATHS, seed: 1, contributions: false });
  run();
  const samples: number[] = [];
  let result = run();
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    result = run();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  const figure: McFigure = { oursMs: samples[2], oursVar: result.var, numpy: null };

  const dir = mkdtempSync(join(tmpdir(), 'octopus-mc-'));
  try {
    const file = join(dir, 'moments.json');
    writeFileSync(file, JSON.stringify({ mean: moments.mean, covariance: moments.covariance, values, paths: PATHS, confidence: 0.99 }));
    const out = execFileSync('python3', [join(__dirname, 'mc_var_numpy.py'), file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const j = JSON.parse(out.trim().split('\n').pop()!) as { numpy: string; same_ms: number; same_var: number; full_ms: number; full_var: number };
    figure.numpy = { version: j.numpy, sameMs: j.same_ms, sameVar: j.same_var, fullMs: j.full_ms, fullVar: j.full_var };
  } catch {
    figure.numpy = null; // no python3 or no numpy
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return figure;
}

if (require.main === module) process.stdout.write(`${JSON.stringify(benchMonteCarloVar(), null, 2)}\n`);
