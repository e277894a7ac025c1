import { assertFiniteArray, assertMinLength, assertSameLength, RiskMathError } from './errors';
import { covarianceMatrix } from './linalg';
import { mean, populationCovariance, populationVariance, sampleStd } from './stats';

/*
 * Inputs are per-period simple returns as fractions (daily by default, 252 periods a year). Risk-free
 * rates are annual fractions (0.04 = 4% a year), converted per period as (1 + rf)^(1/P) − 1.
 * Degenerate ratios follow IEEE division (x/0 → ±Infinity, 0/0 → NaN), as empyrical does; callers
 * that serialize them decide how to show that.
 */

export const TRADING_DAYS_PER_YEAR = 252;

export interface RatioOptions {
  /** Annual risk-free rate, a fraction. Default 0. */
  riskFreeRate?: number;
  /** Periods per year, default 252. */
  periodsPerYear?: number;
}

/** Per-period rate from an annual one: (1 + rf)^(1/P) − 1. */
export function periodRiskFreeRate(annualRate: number, periodsPerYear = TRADING_DAYS_PER_YEAR): number {
  if (!(annualRate > -1)) throw new RiskMathError('INVALID_INPUT', `risk-free rate must be > -1, got ${annualRate}`);
  return Math.pow(1 + annualRate, 1 / periodsPerYear) - 1;
}

/** Sharpe = mean(r − rf) / std(r − rf, ddof 1) × √P (annualised, unitless). */
export function sharpeRatio(returns: readonly number[], opts: RatioOptions = {}): number {
  const { riskFreeRate = 0, periodsPerYear = TRADING_DAYS_PER_YEAR } = opts;
  const excess = excessReturns(returns, periodRiskFreeRate(riskFreeRate, periodsPerYear));
  return (mean(excess) / sampleStd(excess)) * Math.sqrt(periodsPerYear);
}

/**
 * Sortino (empyrical) = mean(r − rf)·P / (√(mean over all N of min(r − target, 0)²) · √P).
 * `target` is the per-period minimum acceptable return in the downside term, default 0.
 */
export function sortinoRatio(returns: readonly number[], opts: RatioOptions & { target?: number } = {}): number {
  const { riskFreeRate = 0, periodsPerYear = TRADING_DAYS_PER_YEAR, target = 0 } = opts;
  const excess = excessReturns(returns, periodRiskFreeRate(riskFreeRate, periodsPerYear));
  return (mean(excess) * periodsPerYear) / (downsideDeviation(returns, target) * Math.sqrt(periodsPerYear));
}

/** Per-period downside deviation: √(mean over all N of min(r − target, 0)²) (not annualised). */
export function downsideDeviation(returns: readonly number[], target = 0): number {
  assertMinLength('returns', returns, 1);
  assertFiniteArray('returns', returns);
  let s = 0;
  for (const r of returns) {
    const d = Math.min(r - target, 0);
    s += d * d;
  }
  return Math.sqrt(s / returns.length);
}

/** Annualised volatility = std(r, ddof 1) × √P (a fraction: 0.25 = 25% a year). */
export function annualizedVolatility(returns: readonly number[], periodsPerYear = TRADING_DAYS_PER_YEAR): number {
  assertFiniteArray('returns', returns);
  return sampleStd(returns) * Math.sqrt(periodsPerYear);
}

/**
 * Maximum drawdown of wealth Wₜ = Π(1 + rₖ) starting from W₀ = 1: min over t of Wₜ / maxₛ≤ₜ Wₛ − 1.
 * A fraction ≤ 0 (−0.12 = a 12% peak-to-trough fall); 0 when wealth never falls.
 */
export function maxDrawdown(returns: readonly number[]): number {
  assertMinLength('returns', returns, 1);
  assertFiniteArray('returns', returns);
  let wealth = 1;
  let peak = 1;
  let worst = 0;
  for (const r of returns) {
    wealth *= 1 + r;
    if (wealth > peak) peak = wealth;
    worst = Math.min(worst, wealth / peak - 1);
  }
  return worst;
}

/** Maximum drawdown of a value series (money): min over t of Vₜ / maxₛ≤ₜ Vₛ − 1, a fraction ≤ 0. */
export function maxDrawdownFromValues(values: readonly number[]): number {
  assertMinLength('values', values, 1);
  assertFiniteArray('values', values);
  let peak = values[0];
  let worst = 0;
  for (const v of values) {
    if (v > peak) peak = v;
    if (peak > 0) worst = Math.min(worst, v / peak - 1);
  }
  return worst;
}

/** β = Cov(r, b) / Var(b), both population (ddof 0); b is the benchmark's returns on the same dates. */
export function beta(returns: readonly number[], benchmark: readonly number[]): number {
  checkPair(returns, benchmark);
  return populationCovariance(returns, benchmark) / populationVariance(benchmark);
}

/**
 * Jensen's alpha, annualised: (mean(r − rf) − β·mean(b − rf)) × P, a fraction a year
 * (simple ×P annualisation, not compounded). β as in `beta`.
 */
export function jensenAlpha(returns: readonly number[], benchmark: readonly number[], opts: RatioOptions = {}): number {
  const { riskFreeRate = 0, periodsPerYear = TRADING_DAYS_PER_YEAR } = opts;
  checkPair(returns, benchmark);
  const rf = periodRiskFreeRate(riskFreeRate, periodsPerYear);
  const daily = mean(excessReturns(returns, rf)) - beta(returns, benchmark) * mean(excessReturns(benchmark, rf));
  return daily * periodsPerYear;
}

/**
 * Pearson correlations of the columns of a T×N return matrix as {symbol: {symbol: ρ}}: symmetric, unit
 * diagonal, clamped to [−1, 1]. A constant column has no measurable co-movement: its off-diagonal ρ is 0.
 */
export function correlationMatrix(
  symbols: readonly string[],
  returns: readonly (readonly number[])[],
): Record<string, Record<string, number>> {
  if (new Set(symbols).size !== symbols.length) throw new RiskMathError('INVALID_INPUT', 'duplicate symbols');
  assertMinLength('returns', returns, 2);
  if (returns.some((row) => row.length !== symbols.length)) {
    throw new RiskMathError('INVALID_INPUT', 'return columns and symbols differ');
  }
  returns.forEach((row, t) => assertFiniteArray(`returns[${t}]`, row));
  const cov = covarianceMatrix(returns, 1);
  const sd = cov.map((row, i) => Math.sqrt(row[i]));
  const out: Record<string, Record<string, number>> = {};
  symbols.forEach((si, i) => {
    out[si] = {};
    symbols.forEach((sj, j) => {
      if (i === j) out[si][sj] = 1;
      else if (j < i) out[si][sj] = out[sj][si];
      else out[si][sj] = sd[i] > 0 && sd[j] > 0 ? Math.max(-1, Math.min(1, cov[i][j] / (sd[i] * sd[j]))) : 0;
    });
  });
  return out;
}

function excessReturns(returns: readonly number[], rf: number): number[] {
  assertFiniteArray('returns', returns);
  return returns.map((r) => r - rf);
}

function checkPair(returns: readonly number[], benchmark: readonly number[]): void {
  assertSameLength('returns', returns, 'benchmark', benchmark);
  assertMinLength('returns', returns, 2);
  assertFiniteArray('returns', returns);
  assertFiniteArray('benchmark', benchmark);
}

/**
 * Compound annual growth rate of a total return over `periods` periods: (1 + R)^(P / periods) − 1, a fraction a
 * year. NaN when the value went to zero or below.
 */
export function cagr(totalReturn: number, periods: number, periodsPerYear = TRADING_DAYS_PER_YEAR): number {
  if (!(periods > 0)) throw new RiskMathError('INVALID_INPUT', `periods must be > 0, got ${periods}`);
  if (!(1 + totalReturn > 0)) return NaN;
  return Math.pow(1 + totalReturn, periodsPerYear / periods) - 1;
}

/** Calmar ratio = CAGR / |max drawdown| (max drawdown a fraction ≤ 0). Unitless; x/0 → Infinity as IEEE. */
export function calmarRatio(annualGrowth: number, maxDrawdownFraction: number): number {
  return annualGrowth / Math.abs(maxDrawdownFraction);
}

/** Share of trades with P&L > 0, a fraction; NaN without trades. */
export function winRate(pnls: readonly number[]): number {
  assertFiniteArray('pnls', pnls);
  if (pnls.length === 0) return NaN;
  return pnls.filter((p) => p > 0).length / pnls.length;
}

/** Σ P&L of winning trades / |Σ P&L of losing trades|; Infinity with no losers, NaN with neither. */
export function profitFactor(pnls: readonly number[]): number {
  assertFiniteArray('pnls', pnls);
  let won = 0;
  let lost = 0;
  for (const p of pnls) {
    if (p > 0) won += p;
    else if (p < 0) lost -= p;
  }
  return won / lost;
}
