import type { Observable } from 'rxjs';
import type { UnsourcedDailyBar } from '../daily-bar';
import type { ImportedDay, Ymd } from '../simulator';

/**
 * The seam between the market module and where its data comes from. One implementation per source
 * (simulated, yahoo, manual), chosen by MARKET_DATA_PROVIDER and injected under MARKET_DATA_PROVIDER.
 * Prices are plain numbers here (at most 6 decimals); the service turns them into decimals at the contract.
 */
export const MARKET_DATA_PROVIDER = Symbol('MARKET_DATA_PROVIDER');

export type ProviderName = 'simulated' | 'yahoo' | 'manual';

export interface ProviderQuote {
  symbol: string;
  price: number;
  bid: number;
  ask: number;
  /** Open, high, low and volume of the latest session that has opened (so far while it runs). */
  open: number;
  high: number;
  low: number;
  volume: number;
  previousClose: number;
  /**
   * Shares traded since the session's close, for providers that trade around the clock (the simulator with
   * TRADING_HOURS=always). Ticks count it as liquidity; it is never part of `volume` or of a bar.
   */
  offHoursVolume?: number;
  /** When the price was observed (ms since the epoch). */
  timestamp: number;
  /** The NYSE session the open/high/low/volume belong to. */
  sessionDate: Ymd;
  /** 'simulated', 'yahoo', 'manual'. */
  source: string;
  stale: boolean;
}

export type ProviderDailyBar = UnsourcedDailyBar<number>;

export interface ProviderIntradayBar {
  /** Start of the bar (ms). */
  start: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

export interface MarketDataProvider {
  readonly name: ProviderName;
  /** Written into daily_bars.source for bars this provider produced; null = its bars are never stored. */
  readonly storageTag: string | null;
  /** True when the provider has a bar for every trading day from historyStart (the simulator); false upstream. */
  readonly completeHistory: boolean;
  /** Whether quotes are worth sharing across instances through Redis (upstream data, not pure functions). */
  readonly sharedCache: boolean;
  /** Symbols whose quote changed by something other than the clock (manual prices): ticked at once. */
  readonly changes$?: Observable<string>;
  /**
   * Symbols whose whole price history was replaced (imports): ticked at once too, but the session's volume is a
   * new baseline, not trading (tick_volume 0).
   */
  readonly rebased$?: Observable<string>;

  /**
   * The storage tag of one symbol's bars when it depends on more than the provider (the simulator's bars
   * of a symbol with imported history); storageTag when absent.
   */
  storageTagFor?(symbol: string): string | null;
  /**
   * Makes the provider's own prices agree with imported daily history (null: none). Only providers that
   * make prices up (the simulator) implement it; a real feed's quotes are what they are.
   */
  setImportedHistory?(symbol: string, days: readonly ImportedDay[] | null): void;

  quote(symbol: string, at: Date): Promise<ProviderQuote>;
  /** The latest quote without waiting on I/O (ticks are synchronous); null when none is known. */
  peekQuote(symbol: string, at: Date): ProviderQuote | null;
  /** Bars of sessions in [fromYmd, toYmd] that closed at or before asOf, oldest first. */
  dailyBars(symbol: string, fromYmd: Ymd, toYmd: Ymd, asOf: Date): Promise<ProviderDailyBar[]>;
  /** First day the provider may have data for (bars before it are never requested). */
  historyStart(symbol: string): Ymd;
  /** Intraday bars with start in [from, to), not after asOf. */
  intradayBars(symbol: string, from: Date, to: Date, minutes: number, asOf: Date): Promise<ProviderIntradayBar[]>;
  /** Fetch several quotes in as few upstream requests as possible before they are read one by one. */
  prefetch?(symbols: readonly string[]): Promise<void>;
  /** A quote another instance fetched at clock time `at` (shared through Redis): reuse it instead of fetching. */
  remember?(quote: ProviderQuote, at: number): void;
  /** The symbols someone is watching (the real provider polls them). */
  setWatched?(symbols: readonly string[]): void;
  /** One polling round (the real provider); called by the service's poll timer and by tests. */
  poll?(): Promise<void>;
  /** The state of the circuit breaker in front of the upstream (providers that have one). */
  circuitState?(): 'closed' | 'open' | 'half_open';
}
