import { chiSquareCdf } from './distributions';
import { assertSameLength, RiskMathError } from './errors';

export interface KupiecResult {
  /** Likelihood-ratio statistic, ~χ²(1) under the null that the exception rate is p. */
  lr: number;
  /** P(χ²₁ ≥ lr); small (< 0.05) rejects the VaR model's coverage. */
  pValue: number;
  exceptions: number;
  observations: number;
  /** x / n. */
  observedRate: number;
  /** p. */
  expectedRate: number;
}

/**
 * Kupiec proportion-of-failures test: with x exceptions in n days and expected rate p (= 1 − confidence),
 * LR = −2·ln[(1−p)^(n−x)·p^x] + 2·ln[(1−x/n)^(n−x)·(x/n)^x] (0·ln 0 = 0), p-value = 1 − F_χ²₁(LR).
 */
export function kupiecPof(exceptions: number, n: number, p: number): KupiecResult {
  if (!Number.isInteger(n) || n < 1) throw new RiskMathError('INVALID_INPUT', `n must be a positive integer, got ${n}`);
  if (!Number.isInteger(exceptions) || exceptions < 0 || exceptions > n) {
    throw new RiskMathError('INVALID_INPUT', `exceptions must be an integer in [0, n], got ${exceptions}`);
  }
  if (!(p > 0 && p < 1)) throw new RiskMathError('INVALID_INPUT', `p must be in (0, 1), got ${p}`);
  const x = exceptions;
  const pi = x / n;
  const logLik = (rate: number) => xlogy(n - x, 1 - rate) + xlogy(x, rate);
  const lr = Math.max(0, -2 * (logLik(p) - logLik(pi)));
  return { lr, pValue: 1 - chiSquareCdf(lr, 1), exceptions: x, observations: n, observedRate: pi, expectedRate: p };
}

/** Days whose realized P&L lost more than that day's VaR forecast: count of pnlₜ < −VaRₜ (money, same unit). */
export function countVarExceptions(realizedPnl: readonly number[], varForecasts: readonly number[]): number {
  assertSameLength('realizedPnl', realizedPnl, 'varForecasts', varForecasts);
  let count = 0;
  for (let t = 0; t < realizedPnl.length; t++) if (realizedPnl[t] < -varForecasts[t]) count++;
  return count;
}

function xlogy(x: number, y: number): number {
  return x === 0 ? 0 : x * Math.log(y);
}
