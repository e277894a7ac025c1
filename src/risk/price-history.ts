import { Injectable } from '@nestjs/common';
import { type DailyClose, type InstrumentInfo, newYorkYmd, UnknownSymbolError, type UnknownSymbolRef } from '../market/market.contracts';
import { InsufficientHistoryError } from './errors';
import { type Lookback, lookbackStart } from './lookback';
import { alignPrices, returnsFromAligned } from '../quant';
import { RiskDependencies } from './risk-dependencies';

/** Fewest daily returns a risk figure is computed from; fewer is a 422 InsufficientHistory. */
export const MIN_RETURNS = 50;

/** Daily history of several symbols on their common dates, with prices ready for valuation and returns. */
export interface PriceHistory {
  symbols: string[];
  /** Common dates, ascending; the last is the as-of date. */
  dates: string[];
  /**
   * prices[t][j]: adjusted close of symbols[j] on dates[t], rescaled so the last equals the raw close on the as-of
   * date: today's holdings valued through history with splits and dividends neutralised.
   */
  prices: number[][];
  /** Raw close on the as-of date (what positions are valued at), as the market gave it. */
  lastClose: DailyClose['close'][];
  /** returns[t][j]: simple return of symbols[j] ending on dates[t + 1]. */
  returns: number[][];
  asOf: string;
  start: string;
  /** Changes whenever the data behind a result could: the window and every symbol's last close. */
  fingerprint: string;
}

/** The market data risk needs: instruments and daily closes, through the market module's contract only. */
@Injectable()
export class PriceHistoryLoader {
  constructor(private readonly deps: RiskDependencies) {}

  findInstrument(symbol: string): Promise<InstrumentInfo | null> {
    return this.deps.market.findInstrument(symbol);
  }

  /** Instruments of (symbol, field) pairs; every unknown one is reported as a 422 UnknownSymbol. */
  async instruments(items: readonly { symbol: string; field: string }[]): Promise<Map<string, InstrumentInfo>> {
    const found = await Promise.all(items.map((i) => this.deps.market.findInstrument(i.symbol)));
    const unknown: UnknownSymbolRef[] = [];
    const out = new Map<string, InstrumentInfo>();
    items.forEach((item, k) => {
      const info = found[k];
      if (info) out.set(item.symbol, info);
      else unknown.push(item);
    });
    if (unknown.length) throw new UnknownSymbolError(unknown);
    return out;
  }

  /** Daily closes of every symbol over the lookback ending at the last completed session, aligned on common dates. */
  async load(symbols: readonly string[], lookback: Lookback): Promise<PriceHistory> {
    return alignHistory(await this.fetch(symbols, lookback), symbols);
  }

  /** The raw closes of each symbol over the lookback, fetched once, for several alignments. */
  async fetch(symbols: readonly string[], lookback: Lookback): Promise<FetchedCloses> {
    const unique = [...new Set(symbols)];
    const now = this.deps.clock.now();
    const today = newYorkYmd(now);
    const from = lookbackStart(today, lookback);
    // The market gives closes of sessions that have ended only, so a session in progress never enters.
    const series = await Promise.all(unique.map((s) => this.deps.market.getDailyCloses(s, from, today)));
    const empty = unique.filter((_, j) => series[j].length === 0);
    if (empty.length) {
      throw new InsufficientHistoryError(`No daily closes for ${empty.join(', ')} in the ${lookback} lookback`, { symbols: empty, lookback });
    }
    return { lookback, series: new Map(unique.map((s, j) => [s, series[j]])) };
  }
}

export interface FetchedCloses {
  lookback: Lookback;
  series: ReadonlyMap<string, readonly DailyClose[]>;
}

/** Aligns some of the fetched symbols on their common dates; 422 InsufficientHistory below MIN_RETURNS returns. */
export function alignHistory(fetched: FetchedCloses, symbols: readonly string[]): PriceHistory {
  const unique = [...new Set(symbols)];
  const { lookback } = fetched;
  const series = unique.map((s) => {
    const closes = fetched.series.get(s);
    if (!closes) throw new Error(`closes of ${s} were not fetched`);
    return closes;
  });
  const aligned = alignPrices(
    new Map(unique.map((s, j) => [s, series[j].map((c) => ({ date: c.date, close: (c.adj_close ?? c.close).toNumber() }))])),
  );
  const n = aligned.dates.length;
  if (n - 1 < MIN_RETURNS) {
    throw new InsufficientHistoryError(
      `Too little history: ${Math.max(n - 1, 0)} daily returns common to ${unique.join(', ')} in the ${lookback} lookback; ` +
        `at least ${MIN_RETURNS} are needed`,
      { available: Math.max(n - 1, 0), required: MIN_RETURNS, lookback, symbols: unique },
    );
  }
  const asOf = aligned.dates[n - 1];
  const lastClose = series.map((closes) => (closes.find((c) => c.date === asOf) as DailyClose).close);
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

/** Column j of a matrix. */
export const columnOf = (m: readonly (readonly number[])[], j: number): number[] => m.map((row) => row[j]);

/** Sub-matrix of the given columns. */
export const columnsOf = (m: readonly (readonly number[])[], cols: readonly number[]): number[][] =>
  m.map((row) => cols.map((j) => row[j]));
