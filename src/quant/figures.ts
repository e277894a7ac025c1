import { RiskMathError } from './errors';
import { annualizedVolatility, beta as betaOf, jensenAlpha, maxDrawdownFromValues, sharpeRatio, sortinoRatio } from './performance';
import { simpleReturns } from './returns';
import {
  historicalPortfolioVar,
  momentsFromReturns,
  monteCarloPortfolioVar,
  parametricPortfolioVar,
  type PortfolioMoments,
  type PortfolioVarResult,
} from './var';

/*
 * Figures built on the primitives: VaR by a chosen method, the performance figures of a value series with nulls for
 * what is undefined, sector exposure. Shared by the risk module and the ML backtester.
 */

export type VarMethod = 'historical' | 'parametric' | 'monte_carlo';

export interface VarSpec {
  method: VarMethod;
  confidence: number;
  horizonDays: number;
  horizonMethod: 'sqrt' | 'overlapping';
  distribution: { type: 'normal' } | { type: 'student-t'; dof: number };
  paths: number;
  seed: number;
  contributions: boolean;
}

/** Portfolio VaR of money exposures `values` over a T×N daily simple-return matrix, by the chosen method. */
export function portfolioVar(
  returns: readonly (readonly number[])[],
  values: readonly number[],
  spec: VarSpec,
  moments?: PortfolioMoments,
): PortfolioVarResult {
  const { confidence, horizonDays } = spec;
  switch (spec.method) {
    case 'historical':
      return historicalPortfolioVar(returns, values, { confidence, horizonDays, horizonMethod: spec.horizonMethod });
    case 'parametric':
      return parametricPortfolioVar(moments ?? momentsFromReturns(returns), values, {
        confidence,
        horizonDays,
        distribution: spec.distribution,
      });
    case 'monte_carlo':
      return monteCarloPortfolioVar(moments ?? momentsFromReturns(returns), values, {
        confidence,
        horizonDays,
        distribution: spec.distribution,
        paths: spec.paths,
        seed: spec.seed,
        contributions: spec.contributions,
      });
  }
}

export interface PerformanceFigures {
  sharpe: number | null;
  sortino: number | null;
  volatility: number | null;
  maxDrawdown: number | null;
  beta: number | null;
  alpha: number | null;
}

const NONE: PerformanceFigures = { sharpe: null, sortino: null, volatility: null, maxDrawdown: null, beta: null, alpha: null };

/** A finite result, or null when the math says the figure is undefined (0/0, x/0, too few points). */
export function finiteOrNull(f: () => number): number | null {
  try {
    const x = f();
    return Number.isFinite(x) ? x : null;
  } catch (e) {
    if (e instanceof RiskMathError) return null;
    throw e;
  }
}

/**
 * Performance of a money value series Vₜ (one per day) against the benchmark's simple returns bₜ on the same days
 * (bₜ is the return ending at day t + 1, as `simpleReturns(V)[t]`). Needs V > 0 throughout; otherwise every figure
 * is null (returns of a value that crosses zero mean nothing).
 */
export function performanceFigures(
  values: readonly number[],
  benchmarkReturns: readonly number[],
  riskFreeRate: number,
): PerformanceFigures {
  if (values.length < 3 || values.some((v) => !(v > 0))) return NONE;
  const r = simpleReturns(values);
  const opts = { riskFreeRate };
  return {
    sharpe: finiteOrNull(() => sharpeRatio(r, opts)),
    sortino: finiteOrNull(() => sortinoRatio(r, opts)),
    volatility: finiteOrNull(() => annualizedVolatility(r)),
    maxDrawdown: finiteOrNull(() => maxDrawdownFromValues(values)),
    beta: finiteOrNull(() => betaOf(r, benchmarkReturns)),
    alpha: finiteOrNull(() => jensenAlpha(r, benchmarkReturns, opts)),
  };
}

/** Σ signed value per sector / Σ |value| over all positions; {} when nothing is invested. */
export function sectorExposure(items: readonly { sector: string; value: number }[]): Record<string, number> {
  const gross = items.reduce((s, i) => s + Math.abs(i.value), 0);
  if (!(gross > 0)) return {};
  const out: Record<string, number> = {};
  for (const { sector, value } of items) out[sector] = (out[sector] ?? 0) + value / gross;
  return out;
}
