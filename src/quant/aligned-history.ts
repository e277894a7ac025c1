import type { Decimal } from '../common/decimal';
import { RiskMathError } from './errors';
import { alignPrices, returnsFromAligned } from './returns';

/** A daily close as the market contract gives it: raw close, and the split/dividend-adjusted one when known. */
export interface DatedClose {
  date: string;
  close: Decimal;
  adj_close?: Decimal | null;
}

/** Daily history of several symbols on their common dates, with prices ready for valuation and returns. */
export interface AlignedHistory {
  symbols: string[];
  /** Common dates, ascending; the last is the as-of date. */
  dates: string[];
  /**
   * prices[t][j]: adjusted close of symbols[j] on dates[t], rescaled so the last equals the raw close on the as-of
   * date: today's holdings valued through history with splits and dividends neutralised.
   */
  prices: number[][];
  /** Raw close on the as-of date (what positions are valued at), as the market gave it. */
  lastClose: Decimal[];
  /** returns[t][j]: simple return of symbols[j] ending on dates[t + 1]. */
  returns: number[][];
  asOf: string;
  start: string;
  /** Changes whenever the data behind a result could: the window and every symbol's last close. */
  fingerprint: string;
}

/**
 * Aligns the symbols' closes on the dates they all have (adjusted closes where known) and derives simple returns.
 * Fewer than `minReturns` common returns: RiskMathError INSUFFICIENT_DATA with `{available, required}`.
 */
export function alignHistory(series: ReadonlyMap<string, readonly DatedClose[]>, symbols: readonly string[], minReturns = 1): AlignedHistory {
  const unique = [...new Set(symbols)];
  const closes = unique.map((s) => {
    const c = series.get(s);
    if (!c) throw new RiskMathError('INVALID_INPUT', `no closes given for ${s}`);
    return c;
  });
  const aligned = alignPrices(new Map(unique.map((s, j) => [s, closes[j].map((c) => ({ date: c.date, close: (c.adj_close ?? c.close).toNumber() }))])));
  const n = aligned.dates.length;
  const available = Math.max(n - 1, 0);
  if (available < Math.max(minReturns, 1)) {
    throw new RiskMathError('INSUFFICIENT_DATA', `${available} daily returns common to ${unique.join(', ')}, at least ${minReturns} needed`, {
      available,
      required: minReturns,
    });
  }
  const asOf = aligned.dates[n - 1];
  const lastClose = closes.map((c) => (c.find((x) => x.date === asOf) as DatedClose).close);
  // Rescale each adjusted series so its last point is the raw close: levels for valuation, unchanged returns.
  const lastAdj = aligned.prices[n - 1];
  const scale = unique.map((_, j) => lastClose[j].toNumber() / lastAdj[j]);
  const prices = aligned.prices.map((row) => row.map((p, j) => p * scale[j]));
  const { returns } = returnsFromAligned(aligned);
  return {
    symbols: unique,
    dates: aligned.dates,
    prices,
    lastClose,
    returns,
    asOf,
    start: aligned.dates[0],
    fingerprint: [aligned.dates[0], asOf, ...unique.map((s, j) => `${s}=${lastClose[j].toString()}/${lastAdj[j]}`)].join('|'),
  };
}
