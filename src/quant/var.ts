import { normalInv, normalPdf, studentTInv, studentTPdf } from './distributions';
import {
  assertConfidence,
  assertFiniteArray,
  assertMinLength,
  assertPositiveInteger,
  RiskMathError,
} from './errors';
import { columnMeans, covarianceMatrix, Matrix, pivotedCholesky } from './linalg';
import { overlappingReturnMatrix, overlappingReturns } from './returns';
import { Rng } from './rng';
import { mean, quantileIndex, sampleStd, sortedCopy } from './stats';

const { sqrt } = Math; // per-path calls: a module-scope alias avoids slow global lookups under jest's vm

/*
 * Sign and units, everywhere in this file: VaR and CVaR are positive numbers meaning loss, in the unit
 * of `portfolioValue` × the series (money when the series is returns and portfolioValue is money, or
 * when the series is already P&L with portfolioValue 1). A negative VaR means even the tail quantile
 * is a gain. Confidence c is a fraction in (0, 1); the tail probability is 1 − c.
 */

export interface VarEstimate {
  var: number;
  cvar: number;
}

export type ReturnDistribution = { type: 'normal' } | { type: 'student-t'; dof: number };

/** 'sqrt': 1-day figure × √h. 'overlapping': quantile of overlapping h-day outcomes (no scaling). */
export type HorizonMethod = 'sqrt' | 'overlapping';

export interface HistoricalVarOptions {
  confidence: number;
  /** Multiplies the series into money; leave 1 when the series is already P&L. */
  portfolioValue?: number;
  /** Trading days, default 1. */
  horizonDays?: number;
  horizonMethod?: HorizonMethod;
  /** How overlapping h-day outcomes aggregate: 'returns' compound (Π(1+r)−1), 'pnl' adds. */
  kind?: 'returns' | 'pnl';
}

/**
 * Historical VaR/CVaR of one series (numpy-linear quantile): VaR = −q₁₋c(V·x),
 * CVaR = −mean{V·xₜ : V·xₜ ≤ q₁₋c(V·x)}. Horizon h: × √h ('sqrt') or on overlapping h-day outcomes.
 */
export function historicalVar(series: readonly number[], opts: HistoricalVarOptions): VarEstimate {
  const { confidence, portfolioValue = 1, horizonDays = 1, horizonMethod = 'sqrt', kind = 'returns' } = opts;
  assertConfidence(confidence);
  assertPositiveInteger('horizonDays', horizonDays);
  assertMinLength('series', series, 2);
  const useOverlap = horizonMethod === 'overlapping' && horizonDays > 1;
  const outcomes = useOverlap ? overlappingReturns(series, horizonDays, kind === 'pnl' ? 'sum' : 'compound') : series;
  if (useOverlap) assertMinLength('overlapping h-day outcomes', outcomes, 2);
  // scale before taking the quantile: a negative value (net short) turns the left tail into the right one
  const { var: v, cvar } = sampleVar(portfolioValue === 1 ? outcomes : outcomes.map((x) => x * portfolioValue), confidence);
  const scale = useOverlap ? 1 : Math.sqrt(horizonDays);
  return { var: v * scale, cvar: cvar * scale };
}

/** VaR/CVaR read off an empirical sample of outcomes (e.g. simulated P&L): VaR = −q₁₋c, CVaR = −mean{x ≤ q₁₋c}. */
export function sampleVar(sample: ArrayLike<number>, confidence: number): VarEstimate {
  assertConfidence(confidence);
  assertMinLength('sample', sample, 1);
  const sorted = sortedCopy(sample);
  const { lo, hi, g } = quantileIndex(sorted.length, 1 - confidence);
  const q = g === 0 ? sorted[lo] : sorted[lo] + g * (sorted[hi] - sorted[lo]);
  let s = 0;
  let m = 0;
  for (let i = 0; i < sorted.length && sorted[i] <= q; i++, m++) s += sorted[i];
  return { var: 0 - q, cvar: 0 - s / m }; // 0 − x: a zero loss is +0, not −0
}

/**
 * Multipliers of σ for a loss at confidence c: VaR factor k and CVaR factor e, so that VaR = −μ + k·σ,
 * CVaR = −μ + e·σ. Normal: k = −Φ⁻¹(1−c), e = φ(k)/(1−c). Student-t(ν) rescaled to unit variance
 * (s = √((ν−2)/ν), x = −t_ν⁻¹(1−c)): k = s·x, e = s·f_ν(x)·(ν + x²)/((ν − 1)(1−c)).
 */
export function tailFactors(
  confidence: number,
  distribution: ReturnDistribution = { type: 'normal' },
): { varFactor: number; cvarFactor: number } {
  assertConfidence(confidence);
  const alpha = 1 - confidence;
  if (distribution.type === 'normal') {
    const k = -normalInv(alpha);
    return { varFactor: k, cvarFactor: normalPdf(k) / alpha };
  }
  const nu = distribution.dof;
  if (!(nu > 2)) throw new RiskMathError('INVALID_INPUT', `Student-t needs dof > 2 for a finite variance, got ${nu}`);
  const s = Math.sqrt((nu - 2) / nu);
  const x = -studentTInv(alpha, nu);
  return { varFactor: s * x, cvarFactor: (s * studentTPdf(x, nu) * (nu + x * x)) / ((nu - 1) * alpha) };
}

export interface ParametricVarOptions {
  confidence: number;
  portfolioValue?: number;
  horizonDays?: number;
  distribution?: ReturnDistribution;
}

/**
 * Parametric VaR from per-period moments of returns (fractions): with μₕ = μ·h, σₕ = σ·√h,
 * VaR = −V·μₕ + k·|V|·σₕ, CVaR = −V·μₕ + e·|V|·σₕ (k, e from `tailFactors`; V < 0 is a net short).
 */
export function parametricVar(moments: { mean: number; sd: number }, opts: ParametricVarOptions): VarEstimate {
  const { confidence, portfolioValue = 1, horizonDays = 1, distribution } = opts;
  assertPositiveInteger('horizonDays', horizonDays);
  if (!(moments.sd >= 0) || !Number.isFinite(moments.mean)) {
    throw new RiskMathError('INVALID_INPUT', 'parametric VaR needs a finite mean and a non-negative sd');
  }
  const { varFactor, cvarFactor } = tailFactors(confidence, distribution);
  const mu = portfolioValue * moments.mean * horizonDays;
  const sd = Math.abs(portfolioValue) * moments.sd * Math.sqrt(horizonDays); // a short's spread is still a spread
  return { var: -mu + varFactor * sd, cvar: -mu + cvarFactor * sd };
}

/** `parametricVar` with μ = sample mean (0 when zeroMean) and σ = sample std (ddof 1) of the series. */
export function parametricVarFromSeries(
  series: readonly number[],
  opts: ParametricVarOptions & { zeroMean?: boolean },
): VarEstimate {
  assertFiniteArray('series', series);
  return parametricVar({ mean: opts.zeroMean ? 0 : mean(series), sd: sampleStd(series) }, opts);
}

// ---------------------------------------------------------------------------------------------
// Portfolio VaR with per-position contributions. Positions are money exposures vⱼ (negative = short);
// P&L = Σⱼ vⱼ·rⱼ. Contributions are Euler allocations: componentⱼ = vⱼ·∂VaR/∂vⱼ, Σⱼ componentⱼ = VaR.

export interface PositionContribution {
  /** ∂VaR/∂vⱼ: VaR added per unit of money added to position j (a fraction). */
  marginalVar: number;
  /** vⱼ·marginalVarⱼ, money; the components sum to `var`. */
  componentVar: number;
  /** vⱼ·∂CVaR/∂vⱼ, money; the components sum to `cvar`. */
  componentCvar: number;
}

export interface PortfolioVarResult extends VarEstimate {
  /** Σⱼ vⱼ, money. */
  portfolioValue: number;
  /** One per position, in input order. */
  positions: PositionContribution[];
}

export interface PortfolioMoments {
  /** Per-period mean return of each asset (fractions). */
  mean: readonly number[];
  /** Per-period covariance of asset returns (fractions²). */
  covariance: readonly (readonly number[])[];
}

/** Sample moments of a T×N return matrix: column means and covariance (ddof 1). */
export function momentsFromReturns(returns: readonly (readonly number[])[]): { mean: number[]; covariance: Matrix } {
  assertMinLength('returns', returns, 2);
  return { mean: columnMeans(returns), covariance: covarianceMatrix(returns, 1) };
}

export interface ParametricPortfolioOptions {
  confidence: number;
  horizonDays?: number;
  distribution?: ReturnDistribution;
  /** Ignore the mean (μ = 0), the usual choice for 1-day risk. Default false. */
  zeroMean?: boolean;
}

/**
 * Variance–covariance VaR: σₚ = √(vᵀΣv), μₚ = vᵀμ; VaR = −μₚh + k·σₚ√h, CVaR = −μₚh + e·σₚ√h.
 * marginalⱼ = −μⱼh + k·√h·(Σv)ⱼ/σₚ; componentⱼ = vⱼ·marginalⱼ (sums to VaR exactly, Euler).
 */
export function parametricPortfolioVar(
  moments: PortfolioMoments,
  values: readonly number[],
  opts: ParametricPortfolioOptions,
): PortfolioVarResult {
  const { confidence, horizonDays = 1, distribution, zeroMean = false } = opts;
  assertPositiveInteger('horizonDays', horizonDays);
  const n = checkPortfolio(moments, values);
  const { varFactor, cvarFactor } = tailFactors(confidence, distribution);
  const mu = moments.mean.map((m) => (zeroMean ? 0 : m * horizonDays));
  const sigmaV = moments.covariance.map((row) => row.reduce((s, c, k) => s + c * values[k], 0));
  const variance = sigmaV.reduce((s, x, j) => s + x * values[j], 0);
  const sdP = Math.sqrt(Math.max(variance, 0));
  const rootH = Math.sqrt(horizonDays);
  const muP = mu.reduce((s, m, j) => s + m * values[j], 0);

  const positions: PositionContribution[] = [];
  for (let j = 0; j < n; j++) {
    const dSd = sdP > 0 ? (rootH * sigmaV[j]) / sdP : 0; // ∂(σₚ√h)/∂vⱼ
    const marginalVar = -mu[j] + varFactor * dSd;
    const marginalCvar = -mu[j] + cvarFactor * dSd;
    positions.push({ marginalVar, componentVar: values[j] * marginalVar, componentCvar: values[j] * marginalCvar });
  }
  return {
    var: -muP + varFactor * sdP * rootH,
    cvar: -muP + cvarFactor * sdP * rootH,
    portfolioValue: sum(values),
    positions,
  };
}

export interface HistoricalPortfolioOptions {
  confidence: number;
  horizonDays?: number;
  horizonMethod?: HorizonMethod;
}

/**
 * Historical VaR of fixed money exposures over a T×N simple-return matrix: P&Lₜ = Σⱼ vⱼrₜⱼ,
 * VaR = −q₁₋c(P&L), CVaR = −mean{P&Lₜ ≤ q}. Contributions are the exact derivative of that estimator:
 * with q = (1−g)·P&L₍lo₎ + g·P&L₍hi₎, marginalⱼ = −((1−g)·r₍lo₎ⱼ + g·r₍hi₎ⱼ) (noisy: two scenarios) and
 * componentCvarⱼ = −mean over tail days of vⱼrₜⱼ. Horizon: × √h, or overlapping h-day buy-and-hold returns.
 */
export function historicalPortfolioVar(
  returns: readonly (readonly number[])[],
  values: readonly number[],
  opts: HistoricalPortfolioOptions,
): PortfolioVarResult {
  const { confidence, horizonDays = 1, horizonMethod = 'sqrt' } = opts;
  assertConfidence(confidence);
  assertPositiveInteger('horizonDays', horizonDays);
  assertMinLength('returns', returns, 2);
  const useOverlap = horizonMethod === 'overlapping' && horizonDays > 1;
  const scenarios = useOverlap ? overlappingReturnMatrix(returns, horizonDays) : returns;
  assertMinLength('scenarios', scenarios, 2);
  const n = values.length;
  const pnl = new Float64Array(scenarios.length);
  scenarios.forEach((row, t) => {
    if (row.length !== n) throw new RiskMathError('INVALID_INPUT', 'values and return columns differ');
    let s = 0;
    for (let j = 0; j < n; j++) s += values[j] * row[j];
    pnl[t] = s;
  });
  assertFiniteArray('scenario P&L', pnl);
  const tail = selectTail(pnl, confidence);
  const scale = useOverlap ? 1 : Math.sqrt(horizonDays);
  const rowOf = (t: number) => scenarios[t];
  return { ...contributionsFromTail(tail, values, rowOf, scale), portfolioValue: sum(values) };
}

export interface MonteCarloOptions {
  confidence: number;
  /** Default 10,000. */
  paths?: number;
  /** Same seed → same draws → same answer. Default 1. */
  seed?: number;
  horizonDays?: number;
  distribution?: ReturnDistribution;
  zeroMean?: boolean;
  /** Compute per-position contributions (replays the draws for the tail paths). Default true. */
  contributions?: boolean;
}

/**
 * Monte Carlo VaR: per path, asset returns x = μh + √h·L·ε with L·Lᵀ = Σ (pivoted Cholesky, so a
 * singular Σ works) and ε iid N(0,1), or for Student-t ε = z·√((ν−2)/W), W ~ χ²_ν (multivariate t with
 * covariance Σ); P&L = vᵀx;
 * VaR = −q₁₋c(P&L), CVaR = −mean{P&L ≤ q}. Contributions as in `historicalPortfolioVar`, over paths.
 * vᵀLε is computed as (Lᵀv)ᵀε, so a path costs O(N); only tail paths are expanded to per-asset returns.
 */
export function monteCarloPortfolioVar(
  moments: PortfolioMoments,
  values: readonly number[],
  opts: MonteCarloOptions,
): PortfolioVarResult {
  const {
    confidence,
    paths = 10_000,
    seed = 1,
    horizonDays = 1,
    distribution = { type: 'normal' },
    zeroMean = false,
    contributions = true,
  } = opts;
  assertConfidence(confidence);
  assertPositiveInteger('paths', paths);
  assertPositiveInteger('horizonDays', horizonDays);
  if (paths < 2) throw new RiskMathError('INVALID_INPUT', 'Monte Carlo needs at least 2 paths');
  if (distribution.type === 'student-t' && !(distribution.dof > 2)) {
    throw new RiskMathError('INVALID_INPUT', `Student-t needs dof > 2 for a finite variance, got ${distribution.dof}`);
  }
  const n = checkPortfolio(moments, values);
  const { factor: l, rank } = pivotedCholesky(moments.covariance);
  const rootH = Math.sqrt(horizonDays);
  const drift = moments.mean.map((m) => (zeroMean ? 0 : m * horizonDays));
  const driftP = drift.reduce((s, m, j) => s + m * values[j], 0);
  const w = new Float64Array(rank); // Lᵀv
  for (let i = 0; i < n; i++) for (let k = 0; k < rank; k++) w[k] += l[i][k] * values[i];

  const eps = new Float64Array(rank);
  if (!Number.isInteger(seed)) throw new RiskMathError('INVALID_INPUT', `seed must be an integer, got ${seed}`);
  const rng = new Rng('monte-carlo', seed);
  const starts = contributions ? new Uint32Array(paths * 4) : null; // each path's RNG state, for replay
  const pnl = new Float64Array(paths);
  for (let p = 0; p < paths; p++) {
    if (starts) starts.set(rng.checkpoint(), p * 4);
    else rng.dropSpare();
    const scale = drawPath(rng, distribution, eps);
    let s = 0;
    for (let k = 0; k < rank; k++) s += w[k] * eps[k];
    pnl[p] = driftP + rootH * scale * s;
  }
  if (!starts) return { ...tailEstimate(pnl, confidence), portfolioValue: sum(values), positions: [] };
  const tail = selectTail(pnl, confidence);
  const result = { var: tail.var, cvar: tail.cvar, portfolioValue: sum(values) };

  // Replay only the paths the contributions need (tail set and the two order statistics).
  const needed = new Map<number, number[]>();
  for (const p of [...tail.tail, tail.loPath, tail.hiPath]) {
    if (needed.has(p)) continue;
    const o = p * 4;
    const scale = drawPath(Rng.fromState([starts[o], starts[o + 1], starts[o + 2], starts[o + 3]]), distribution, eps);
    const x = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      let acc = 0;
      const li = l[i];
      for (let k = 0; k < rank; k++) acc += li[k] * eps[k];
      x[i] = drift[i] + rootH * scale * acc;
    }
    needed.set(p, x);
  }
  const rowOf = (p: number) => needed.get(p) as number[];
  return { ...result, ...contributionsFromTail(tail, values, rowOf, 1) };
}

/** The paths a contribution estimate needs: the two order statistics around q and the tail set. */
interface TailSelection extends VarEstimate {
  loPath: number;
  hiPath: number;
  g: number;
  tail: Uint32Array;
}

/** VaR and CVaR alone (what selectTail gives without the paths): a numeric sort of a copy, no index order. */
function tailEstimate(pnl: Float64Array, confidence: number): VarEstimate {
  const sorted = Float64Array.from(pnl).sort();
  const { lo, hi, g } = quantileIndex(sorted.length, 1 - confidence);
  const a = sorted[lo];
  const b = sorted[hi];
  const q = g === 0 ? a : a + g * (b - a);
  let m = 0;
  let s = 0;
  while (m < sorted.length && sorted[m] <= q) s += sorted[m++];
  return { var: 0 - q, cvar: 0 - s / m };
}

function selectTail(pnl: Float64Array, confidence: number): TailSelection {
  const order = new Uint32Array(pnl.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((a, b) => pnl[a] - pnl[b] || a - b);
  const { lo, hi, g } = quantileIndex(pnl.length, 1 - confidence);
  const a = pnl[order[lo]];
  const b = pnl[order[hi]];
  const q = g === 0 ? a : a + g * (b - a);
  let m = 0;
  let s = 0;
  while (m < order.length && pnl[order[m]] <= q) s += pnl[order[m++]];
  return { var: 0 - q, cvar: 0 - s / m, loPath: order[lo], hiPath: order[hi], g, tail: order.slice(0, m) };
}

function contributionsFromTail(
  tail: TailSelection,
  values: readonly number[],
  rowOf: (path: number) => readonly number[],
  scale: number,
): VarEstimate & { positions: PositionContribution[] } {
  const lo = rowOf(tail.loPath);
  const hi = rowOf(tail.hiPath);
  const positions = values.map((v, j) => {
    let tailSum = 0;
    for (const p of tail.tail) tailSum += rowOf(p)[j];
    const marginalVar = -scale * ((1 - tail.g) * lo[j] + tail.g * hi[j]);
    return { marginalVar, componentVar: v * marginalVar, componentCvar: (-scale * v * tailSum) / tail.tail.length };
  });
  return { var: tail.var * scale, cvar: tail.cvar * scale, positions };
}

/** Fills `eps` with one path's N(0,1) draws; returns the Student-t mixing factor √((ν−2)/W), or 1. */
function drawPath(rng: Rng, distribution: ReturnDistribution, eps: Float64Array): number {
  rng.fillNormal(eps);
  if (distribution.type === 'normal') return 1;
  const nu = distribution.dof;
  return sqrt((nu - 2) / rng.chiSquare(nu));
}

function checkPortfolio(moments: PortfolioMoments, values: readonly number[]): number {
  const n = values.length;
  if (n === 0) throw new RiskMathError('INSUFFICIENT_DATA', 'portfolio has no positions');
  assertFiniteArray('values', values);
  assertFiniteArray('mean', moments.mean);
  if (moments.mean.length !== n || moments.covariance.length !== n || moments.covariance.some((r) => r.length !== n)) {
    throw new RiskMathError('INVALID_INPUT', `moments must be sized for ${n} positions`);
  }
  moments.covariance.forEach((row, i) => assertFiniteArray(`covariance[${i}]`, row));
  return n;
}

function sum(xs: readonly number[]): number {
  return xs.reduce((s, x) => s + x, 0);
}
