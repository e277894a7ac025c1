import { assertFiniteArray, assertMinLength, assertPositiveInteger, RiskMathError } from './errors';

export interface PricePoint {
  /** Trading day, `YYYY-MM-DD`. */
  date: string;
  /** Close in the instrument's currency (> 0). */
  close: number;
}

/** symbol → daily closes, in any order; a Map or a plain record. */
export type PriceSeriesBySymbol =
  | ReadonlyMap<string, readonly PricePoint[]>
  | Readonly<Record<string, readonly PricePoint[]>>;

export interface AlignedPrices {
  /** Dates present in every series, ascending. */
  dates: string[];
  /** Symbols in input order. */
  symbols: string[];
  /** prices[t][j]: close of symbols[j] on dates[t]. */
  prices: number[][];
}

export type ReturnMethod = 'simple' | 'log';

export interface AlignedReturns {
  /** dates[t] is the day on which return t ends (the first aligned date has no return). */
  dates: string[];
  symbols: string[];
  /** returns[t][j]: return of symbols[j] from the previous aligned date to dates[t], a fraction. */
  returns: number[][];
  method: ReturnMethod;
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** Inner join of the series on date: keeps only days every symbol traded, ascending. */
export function alignPrices(series: PriceSeriesBySymbol): AlignedPrices {
  const entries: [string, readonly PricePoint[]][] =
    series instanceof Map ? [...series.entries()] : Object.entries(series as Record<string, readonly PricePoint[]>);
  if (entries.length === 0) throw new RiskMathError('INSUFFICIENT_DATA', 'no price series given');

  const byDate = entries.map(([symbol, points]) => {
    const m = new Map<string, number>();
    for (const p of points) {
      if (!DATE_RE.test(p.date)) throw new RiskMathError('INVALID_INPUT', `${symbol}: bad date "${p.date}"`);
      if (!(Number.isFinite(p.close) && p.close > 0)) {
        throw new RiskMathError('INVALID_INPUT', `${symbol}: close on ${p.date} must be a positive number`);
      }
      if (m.has(p.date)) throw new RiskMathError('INVALID_INPUT', `${symbol}: duplicate date ${p.date}`);
      m.set(p.date, p.close);
    }
    return m;
  });

  const [first, ...rest] = byDate;
  const dates = [...first.keys()].filter((d) => rest.every((m) => m.has(d))).sort();
  return {
    dates,
    symbols: entries.map(([s]) => s),
    prices: dates.map((d) => byDate.map((m) => m.get(d) as number)),
  };
}

/**
 * Returns on common dates. simple: rₜ = Pₜ/Pₜ₋₁ − 1; log: rₜ = ln(Pₜ/Pₜ₋₁). Fractions, one row per
 * aligned date after the first. Needs at least two common dates.
 */
export function returnsFromPrices(series: PriceSeriesBySymbol, method: ReturnMethod = 'simple'): AlignedReturns {
  const aligned = alignPrices(series);
  return returnsFromAligned(aligned, method);
}

/** `returnsFromPrices` for prices already aligned. */
export function returnsFromAligned(aligned: AlignedPrices, method: ReturnMethod = 'simple'): AlignedReturns {
  if (aligned.dates.length < 2) {
    throw new RiskMathError('INSUFFICIENT_DATA', `need at least 2 common dates, got ${aligned.dates.length}`);
  }
  const f = method === 'log' ? (p0: number, p1: number) => Math.log(p1 / p0) : (p0: number, p1: number) => p1 / p0 - 1;
  const returns: number[][] = [];
  for (let t = 1; t < aligned.prices.length; t++) {
    const prev = aligned.prices[t - 1];
    returns.push(aligned.prices[t].map((p, j) => f(prev[j], p)));
  }
  return { dates: aligned.dates.slice(1), symbols: aligned.symbols.slice(), returns, method };
}

/** Simple returns of one value series: rₜ = Vₜ/Vₜ₋₁ − 1. */
export function simpleReturns(values: readonly number[]): number[] {
  assertMinLength('values', values, 2);
  assertFiniteArray('values', values);
  const out: number[] = [];
  for (let t = 1; t < values.length; t++) out.push(values[t] / values[t - 1] - 1);
  return out;
}

/** Log returns of one value series: rₜ = ln(Vₜ/Vₜ₋₁). */
export function logReturns(values: readonly number[]): number[] {
  assertMinLength('values', values, 2);
  assertFiniteArray('values', values);
  const out: number[] = [];
  for (let t = 1; t < values.length; t++) out.push(Math.log(values[t] / values[t - 1]));
  return out;
}

/**
 * Money value of fixed holdings on each aligned date: Vₜ = cash + Σⱼ qⱼ·Pₜⱼ (current holdings and
 * cash held constant over the lookback; negative quantities are shorts).
 */
export function holdingsValueSeries(
  aligned: AlignedPrices,
  quantities: Readonly<Record<string, number>>,
  cash = 0,
): number[] {
  const q = aligned.symbols.map((s) => quantities[s] ?? 0);
  return aligned.prices.map((row) => row.reduce((v, p, j) => v + q[j] * p, cash));
}

/** Portfolio series from a T×N return matrix: rₚ,ₜ = Σⱼ wⱼ·rₜⱼ (weights as fractions → return; as money → P&L). */
export function portfolioReturns(returns: readonly (readonly number[])[], weights: readonly number[]): number[] {
  return returns.map((row) => {
    if (row.length !== weights.length) throw new RiskMathError('INVALID_INPUT', 'weights and return columns differ');
    let s = 0;
    for (let j = 0; j < row.length; j++) s += weights[j] * row[j];
    return s;
  });
}

/**
 * Overlapping h-day outcomes from a daily series, T−h+1 of them. 'compound' (simple returns):
 * Πₖ(1 + rₜ₊ₖ) − 1; 'sum' (P&L in money, or log returns): Σₖ xₜ₊ₖ.
 */
export function overlappingReturns(
  series: readonly number[],
  horizonDays: number,
  aggregation: 'compound' | 'sum' = 'compound',
): number[] {
  assertPositiveInteger('horizonDays', horizonDays);
  assertMinLength('series', series, horizonDays);
  if (horizonDays === 1) return series.slice();
  const out: number[] = [];
  for (let t = 0; t + horizonDays <= series.length; t++) {
    let acc = aggregation === 'compound' ? 1 : 0;
    for (let k = 0; k < horizonDays; k++) {
      acc = aggregation === 'compound' ? acc * (1 + series[t + k]) : acc + series[t + k];
    }
    out.push(aggregation === 'compound' ? acc - 1 : acc);
  }
  return out;
}

/** Overlapping h-day compounded returns per column of a T×N simple-return matrix (buy-and-hold per asset). */
export function overlappingReturnMatrix(returns: readonly (readonly number[])[], horizonDays: number): number[][] {
  assertPositiveInteger('horizonDays', horizonDays);
  assertMinLength('returns', returns, horizonDays);
  const n = returns[0]?.length ?? 0;
  const out: number[][] = [];
  for (let t = 0; t + horizonDays <= returns.length; t++) {
    const row = new Array<number>(n).fill(1);
    for (let k = 0; k < horizonDays; k++) for (let j = 0; j < n; j++) row[j] *= 1 + returns[t + k][j];
    out.push(row.map((g) => g - 1));
  }
  return out;
}
