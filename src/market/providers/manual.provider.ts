import { Subject, type Observable } from 'rxjs';
import { d, type DecimalInput } from '../../common/decimal';
import { MarketDataUnavailableError } from '../errors';
import type { Clock } from '../market.contracts';
import { lastClosedSession } from '../market-time';
import { ordinalOfLatestOpen, ymdAtOrdinal, ymdToDay, newYorkYmd, type ImportedDay, type Ymd } from '../simulator';
import type { UnsourcedDailyBar } from '../daily-bar';
import type { MarketDataProvider, ProviderDailyBar, ProviderIntradayBar, ProviderQuote } from './provider';

export interface ManualPriceOptions {
  bid?: DecimalInput;
  ask?: DecimalInput;
  /** Session open/high/low; by default the first price of the session and the running extremes. */
  open?: DecimalInput;
  high?: DecimalInput;
  low?: DecimalInput;
  previousClose?: DecimalInput;
  /** Set the session's cumulative volume outright. */
  volume?: number;
  /** Shares traded at this price, added to the cumulative volume (default 1,000,000: ample liquidity). */
  tickVolume?: number;
}

/** A bar as tests hand it over (JSON-like: `adj_close`, optional). */
export type ManualBar = Omit<UnsourcedDailyBar<DecimalInput>, 'adjClose' | 'volume'> & { volume: number; adj_close?: DecimalInput | null };

interface State {
  price: number;
  bid: number | null;
  ask: number | null;
  open: number;
  high: number;
  low: number;
  previousClose: number;
  volume: number;
  sessionDate: Ymd;
}

const num = (v: DecimalInput): number => d(v).toNumber();
const DEFAULT_TICK_VOLUME = 1_000_000;

/**
 * Prices set by tests, never by users: start the app with MARKET_DATA_PROVIDER=manual and get this with
 * `app.get(ManualMarketProvider)` (or override MARKET_DATA_PROVIDER with one you built). Time comes from
 * the injected clock. Symbols without a manual price fall back to `fallback` (the simulator with the
 * configured seed), so tests only set what they care about. Each setPrice is a trade: watched symbols
 * tick at once with tick_volume = the shares given (default 1,000,000), and bid = ask = price unless set.
 */
export class ManualMarketProvider implements MarketDataProvider {
  readonly name = 'manual' as const;
  readonly storageTag = null;
  readonly completeHistory = false;
  readonly sharedCache = false;
  private readonly states = new Map<string, State>();
  private readonly bars = new Map<string, ProviderDailyBar[]>();
  private readonly changes = new Subject<string>();
  readonly changes$ = this.changes.asObservable();
  readonly rebased$?: Observable<string>;

  constructor(
    private readonly clock: Clock,
    private readonly fallback: MarketDataProvider | null = null,
  ) {
    this.rebased$ = fallback?.rebased$;
  }

  /** Imported history reaches the fallback simulator (manual prices and bars stay as set). */
  setImportedHistory(symbol: string, days: readonly ImportedDay[] | null): void {
    this.fallback?.setImportedHistory?.(symbol, days);
  }

  setPrice(symbol: string, price: DecimalInput, options: ManualPriceOptions = {}): void {
    const s = symbol.toUpperCase();
    const p = num(price);
    if (!(p > 0)) throw new RangeError(`Manual price must be positive, got ${String(price)}`);
    const now = this.clock.now();
    const latest = ordinalOfLatestOpen(now);
    const sessionDate = latest >= 0 ? ymdAtOrdinal(latest) : newYorkYmd(now);
    let st = this.states.get(s);
    if (!st || st.sessionDate !== sessionDate) {
      const before = st?.price ?? this.fallbackPreviousClose(s, now) ?? p;
      st = { price: p, bid: null, ask: null, open: p, high: p, low: p, previousClose: before, volume: 0, sessionDate };
      this.states.set(s, st);
    }
    st.price = p;
    st.high = Math.max(st.high, p);
    st.low = Math.min(st.low, p);
    st.bid = options.bid !== undefined ? num(options.bid) : null;
    st.ask = options.ask !== undefined ? num(options.ask) : null;
    if (options.open !== undefined) st.open = num(options.open);
    if (options.high !== undefined) st.high = num(options.high);
    if (options.low !== undefined) st.low = num(options.low);
    if (options.previousClose !== undefined) st.previousClose = num(options.previousClose);
    if (options.volume !== undefined) st.volume = options.volume;
    else st.volume += options.tickVolume ?? DEFAULT_TICK_VOLUME;
    this.changes.next(s);
  }

  /** Daily history served for a symbol instead of the fallback's (not stored; imported CSV bars still win). */
  setDailyBars(symbol: string, bars: readonly ManualBar[]): void {
    const rows = bars
      .map((b) => ({
        date: b.date,
        open: num(b.open),
        high: num(b.high),
        low: num(b.low),
        close: num(b.close),
        adjClose: b.adj_close === undefined || b.adj_close === null ? null : num(b.adj_close),
        volume: b.volume,
      }))
      .sort((a, b) => (a.date < b.date ? -1 : 1));
    for (const r of rows) ymdToDay(r.date);
    this.bars.set(symbol.toUpperCase(), rows);
  }

  /** Forget manual prices and bars (of one symbol, or all). */
  reset(symbol?: string): void {
    if (symbol === undefined) {
      this.states.clear();
      this.bars.clear();
    } else {
      this.states.delete(symbol.toUpperCase());
      this.bars.delete(symbol.toUpperCase());
    }
  }

  peekQuote(symbol: string, at: Date): ProviderQuote | null {
    const st = this.states.get(symbol);
    if (!st) return this.fallback?.peekQuote(symbol, at) ?? null;
    return {
      symbol,
      price: st.price,
      bid: st.bid ?? st.price,
      ask: st.ask ?? st.price,
      open: st.open,
      high: st.high,
      low: st.low,
      volume: st.volume,
      previousClose: st.previousClose,
      timestamp: at.getTime(),
      sessionDate: st.sessionDate,
      source: 'manual',
      stale: false,
    };
  }

  async quote(symbol: string, at: Date): Promise<ProviderQuote> {
    const q = this.peekQuote(symbol, at);
    if (q) return q;
    if (this.fallback) return this.fallback.quote(symbol, at);
    throw new MarketDataUnavailableError(`No manual price set for ${symbol}`);
  }

  historyStart(symbol: string): Ymd {
    const own = this.bars.get(symbol);
    if (own?.length) return own[0].date;
    return this.fallback?.historyStart(symbol) ?? '1990-01-01';
  }

  async dailyBars(symbol: string, fromYmd: Ymd, toYmd: Ymd, asOf: Date): Promise<ProviderDailyBar[]> {
    const own = this.bars.get(symbol);
    if (!own) return this.fallback ? this.fallback.dailyBars(symbol, fromYmd, toYmd, asOf) : [];
    const last = lastClosedSession(asOf);
    return own.filter((b) => b.date >= fromYmd && b.date <= toYmd && last !== null && b.date <= last);
  }

  async intradayBars(symbol: string, from: Date, to: Date, minutes: number, asOf: Date): Promise<ProviderIntradayBar[]> {
    if (this.states.has(symbol) || this.bars.has(symbol) || !this.fallback) return [];
    return this.fallback.intradayBars(symbol, from, to, minutes, asOf);
  }

  private fallbackPreviousClose(symbol: string, at: Date): number | null {
    try {
      return this.fallback?.peekQuote(symbol, at)?.previousClose ?? null;
    } catch {
      return null;
    }
  }
}
