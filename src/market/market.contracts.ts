import type { Observable } from 'rxjs';
import type { Decimal } from '../common/decimal';

/** The exchange's calendar day of an instant, and the instant that day began: the calendar's, for every module. */
import type { DailyBar } from './daily-bar';
export type { DailyBar } from './daily-bar';
export { lastClosedSession, newYorkDayStart, newYorkYmd, sessionInProgress, sessionsAfter } from './market-time';
export { parseSymbol } from './symbols';

/** The sector names instruments carry (GICS plus Diversified, Fixed Income, Commodities). */
export { GICS_SECTORS, NON_GICS_SECTORS } from './data/universe';
export { MarketDataUnavailableError, UnknownSymbolError, type UnknownSymbolRef } from './errors';

/**
 * What the rest of Octopus may use from the market module. Orders, portfolios, risk and realtime depend
 * on these types and on `MarketDataService` (a DI token), never on providers or tables of the market module.
 */

/** The time source. Tests replace it (Nest testing override of CLOCK) to drive time; nothing else calls Date.now() for market time. */
export interface Clock {
  now(): Date;
}
export const CLOCK = Symbol('CLOCK');

export interface InstrumentInfo {
  symbol: string;
  name: string;
  exchange: string;
  asset_class: 'equity' | 'etf';
  currency: string;
  sector: string;
  industry: string;
  active: boolean;
}

/** A quote as the order engine and valuation see it. Prices are decimals; `stale` quotes must never fill orders. */
export interface MarketQuote {
  symbol: string;
  price: Decimal;
  bid: Decimal;
  ask: Decimal;
  open: Decimal;
  high: Decimal;
  low: Decimal;
  previous_close: Decimal;
  /** Cumulative volume of the current (or last) session. */
  volume: Decimal;
  /**
   * Volume traded since the previous tick of this symbol: the liquidity a fill may take a share of. With
   * TRADING_HOURS=always it includes the simulator's off-hours volume, so resting orders also fill at night.
   */
  tick_volume: Decimal;
  /** The NYSE session `volume` belongs to (YYYY-MM-DD). */
  session_date?: string;
  /**
   * Running total of shares traded in that session, off-hours volume after its close included (TRADING_HOURS=always);
   * the same on every instance at the same instant. The order engine caps an order's liquidity by its growth.
   */
  traded_volume?: Decimal;
  timestamp: Date;
  /** Where the data came from: 'simulated', 'yahoo', 'manual', 'csv'. */
  source: string;
  stale: boolean;
  /** True on the first tick of a session: `open` is the session's opening price (stops gap through it). */
  session_open?: boolean;
}

export interface DailyClose {
  /** YYYY-MM-DD (NYSE session date). */
  date: string;
  close: Decimal;
  /** Split/dividend-adjusted close when known (imported data); return series use it. */
  adj_close?: Decimal | null;
}

export interface MarketSessionInfo {
  is_open: boolean;
  next_open: Date;
  next_close: Date;
  /** Close of the session in progress (or of the next session when closed); day orders expire there. */
  session_close: Date | null;
  trading_hours: 'nyse' | 'always';
}

/** Imported daily history now sets a symbol's prices (an import on any instance or the CLI, seen by this one). */
export interface HistoryReplaced {
  symbol: string;
  /** First and last imported day (YYYY-MM-DD); null when the imported history was removed. */
  first_date: string | null;
  last_date: string | null;
  at: Date;
}

export abstract class MarketDataService {
  /** Throws a 404 NotFound AppError for unknown symbols; UnknownSymbol 422 is the caller's choice for bodies. */
  abstract getInstrument(symbol: string): Promise<InstrumentInfo>;
  abstract findInstrument(symbol: string): Promise<InstrumentInfo | null>;
  /** Every active instrument (the universe ml's sentiment matches company names against). */
  abstract listInstruments(): Promise<InstrumentInfo[]>;
  abstract getQuote(symbol: string): Promise<MarketQuote>;
  abstract getQuotes(symbols: string[]): Promise<Map<string, MarketQuote>>;
  /**
   * Daily bars of sessions that have ended in [from, to] (YYYY-MM-DD, inclusive), oldest first: OHLCV and the
   * adjusted close as stored (unrounded decimals), `source` csv | simulated | yahoo | manual. Unknown symbol: 404.
   */
  abstract getDailyBars(symbol: string, from: string, to: string): Promise<DailyBar[]>;
  /** The closes of getDailyBars (what return series need). */
  async getDailyCloses(symbol: string, from: string, to: string): Promise<DailyClose[]> {
    return (await this.getDailyBars(symbol, from, to)).map((b) => ({ date: b.date, close: b.close, adj_close: b.adjClose }));
  }
  abstract session(at?: Date): MarketSessionInfo;
  /** Every tick of every watched symbol. */
  abstract readonly ticks$: Observable<MarketQuote>;
  /**
   * Each time this instance starts pricing a symbol from newly imported history (not at start-up). Every
   * instance sees every import once, so consumers deliver locally.
   */
  readonly historyReplaced$?: Observable<HistoryReplaced>;
  /** Ask for ticks of a symbol (ref-counted by owner key, e.g. `order:<id>` or `ws:<socket id>`). */
  abstract watch(symbol: string, owner: string): void;
  abstract unwatch(symbol: string, owner: string): void;
}
