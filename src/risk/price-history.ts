import { Injectable } from '@nestjs/common';
import { type DailyClose, type InstrumentInfo, newYorkYmd, UnknownSymbolError, type UnknownSymbolRef } from '../market/market.contracts';
import { InsufficientHistoryError } from './errors';
import { type Lookback, lookbackStart } from './lookback';
import { alignHistory as alignCommon, type AlignedHistory, RiskMathError } from '../quant';
import { RiskDependencies } from './risk-dependencies';

/** Fewest daily returns a risk figure is computed from; fewer is a 422 InsufficientHistory. */
export const MIN_RETURNS = 50;

/** Daily history of several symbols on their common dates (see quant's alignHistory). */
export type PriceHistory = AlignedHistory;

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
  try {
    return alignCommon(fetched.series, unique, MIN_RETURNS);
  } catch (e) {
    if (!(e instanceof RiskMathError) || e.code !== 'INSUFFICIENT_DATA' || e.details.available === undefined) throw e;
    const available = e.details.available as number;
    throw new InsufficientHistoryError(
      `Too little history: ${available} daily returns common to ${unique.join(', ')} in the ${lookback} lookback; ` +
        `at least ${MIN_RETURNS} are needed`,
      { available, required: MIN_RETURNS, lookback, symbols: unique },
    );
  }
}
