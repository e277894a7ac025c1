import { mean as ssMean, sampleStandardDeviation, variance as ssVariance } from 'simple-statistics';
import { assertFiniteArray, assertMinLength, assertSameLength, RiskMathError } from './errors';

/** Arithmetic mean (Kahan–Babuška summation via simple-statistics). */
export function mean(xs: readonly number[]): number {
  assertMinLength('series', xs, 1);
  return ssMean(xs as number[]);
}

/** Sample standard deviation, ddof 1: √(Σ(x−x̄)² / (n−1)). */
export function sampleStd(xs: readonly number[]): number {
  assertMinLength('series', xs, 2);
  return sampleStandardDeviation(xs as number[]);
}

/** Population variance, ddof 0: Σ(x−x̄)² / n. */
export function populationVariance(xs: readonly number[]): number {
  assertMinLength('series', xs, 1);
  return ssVariance(xs as number[]);
}

/** Population covariance, ddof 0: Σ(x−x̄)(y−ȳ) / n. */
export function populationCovariance(xs: readonly number[], ys: readonly number[]): number {
  assertSameLength('x', xs, 'y', ys);
  assertMinLength('series', xs, 1);
  const mx = mean(xs);
  const my = mean(ys);
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += (xs[i] - mx) * (ys[i] - my);
  return s / xs.length;
}

/**
 * Quantile with numpy's default 'linear' method (Hyndman–Fan type 7): h = (n−1)·p,
 * q = x₍⌊h⌋₎ + (h − ⌊h⌋)·(x₍⌊h⌋+1₎ − x₍⌊h⌋₎) on the ascending order statistics.
 */
export function quantile(xs: ArrayLike<number>, p: number): number {
  return quantileSorted(sortedCopy(xs), p);
}

/** Same as `quantile` on an already ascending-sorted array (no copy, no sort). */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const { lo, hi, g } = quantileIndex(sorted.length, p);
  return g === 0 ? sorted[lo] : sorted[lo] + g * (sorted[hi] - sorted[lo]);
}

/** Order-statistic positions for the type-7 quantile: q = (1−g)·x₍lo₎ + g·x₍hi₎ (0-based). */
export function quantileIndex(n: number, p: number): { lo: number; hi: number; g: number } {
  if (n < 1) throw new RiskMathError('INSUFFICIENT_DATA', 'quantile of an empty series');
  if (!(p >= 0 && p <= 1)) throw new RiskMathError('INVALID_INPUT', `quantile probability must be in [0, 1], got ${p}`);
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return { lo, hi, g: h - lo };
}

export function sortedCopy(xs: ArrayLike<number>): Float64Array {
  assertFiniteArray('series', xs);
  const out = Float64Array.from(xs as ArrayLike<number>);
  out.sort();
  return out;
}
