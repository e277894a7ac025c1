import { Logger } from '@nestjs/common';
import { MarketDataUnavailableError } from '../../errors';
import type { Clock } from '../../market.contracts';
import { lastClosedSession } from '../../market-time';
import { MS_PER_DAY, newYorkYmd, ymdToDay, type Ymd } from '../../simulator';
import { toYahooSymbol } from '../../symbols';
import type { MarketDataProvider, ProviderDailyBar, ProviderIntradayBar, ProviderQuote } from '../provider';
import { CircuitBreaker, CircuitOpenError, type CircuitState } from './circuit-breaker';
import { withRetry, type RetryOptions } from './retry';
import { UpstreamError, type YahooClient, type YahooQuoteRow } from './yahoo-client';

export const YAHOO_OPTIONS = Symbol('YAHOO_OPTIONS');

export interface YahooOptions {
  /** Per HTTP request. */
  timeoutMs: number;
  /**
   * Longest a quote request waits for Yahoo when it has a last known quote to fall back on (retries included):
   * then that quote is served as stale, and the refresh carries on in the background (its answer is kept).
   */
  staleAfterMs: number;
  /** Retries after a retryable failure (timeout, network, 429, 5xx), with exponential backoff and jitter. */
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Consecutive failed calls that open the circuit, and how long it stays open. */
  failureThreshold: number;
  cooldownMs: number;
  /** A quote younger than this is served without asking Yahoo (the polling period). */
  freshMs: number;
  /** Symbols per quote request. */
  batchSize: number;
  sleep?: RetryOptions['sleep'];
}

export const DEFAULT_YAHOO_OPTIONS: YahooOptions = {
  timeoutMs: 5000,
  staleAfterMs: 5000,
  retries: 2,
  baseDelayMs: 300,
  maxDelayMs: 3000,
  failureThreshold: 5,
  cooldownMs: 30_000,
  freshMs: 15_000,
  batchSize: 50,
};

const INTERVALS: Record<number, '1m' | '5m' | '15m' | '60m'> = { 1: '1m', 5: '5m', 15: '15m', 60: '60m' };
const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;
const ok = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x > 0;
/** Quote times Yahoo can mean: from 1990 to a day ahead of our clock is generous; anything else is garbage. */
const EARLIEST_QUOTE_MS = Date.UTC(1990, 0, 1);

function epochMs(t: YahooQuoteRow['regularMarketTime']): number | null {
  if (t instanceof Date) return t.getTime();
  if (typeof t === 'number') return t < 1e11 ? t * 1000 : t;
  if (typeof t === 'string') {
    const ms = new Date(t).getTime();
    return Number.isNaN(ms) ? null : ms;
  }
  return null;
}

/** Maps one row of Yahoo's v7 quote response; null when it lacks a usable price. */
export function fromYahooQuote(symbol: string, row: YahooQuoteRow, nowMs = Number.POSITIVE_INFINITY): ProviderQuote | null {
  const price = row.regularMarketPrice;
  const ts = epochMs(row.regularMarketTime);
  if (!ok(price) || ts === null || !Number.isFinite(ts) || ts < EARLIEST_QUOTE_MS || ts > nowMs + MS_PER_DAY) return null;
  // Outside the session Yahoo sends bid/ask 0: quote a 1 bp half-spread around the last price instead.
  const half = Math.max(price * 1e-4, 0.005);
  const bid = ok(row.bid) && ok(row.ask) && row.bid <= row.ask ? row.bid : round6(price - half);
  const ask = ok(row.bid) && ok(row.ask) && row.bid <= row.ask ? row.ask : round6(price + half);
  const open = ok(row.regularMarketOpen) ? row.regularMarketOpen : price;
  return {
    symbol,
    price,
    bid,
    ask,
    open,
    high: Math.max(ok(row.regularMarketDayHigh) ? row.regularMarketDayHigh : price, price, open),
    low: Math.min(ok(row.regularMarketDayLow) ? row.regularMarketDayLow : price, price, open),
    volume: typeof row.regularMarketVolume === 'number' && row.regularMarketVolume >= 0 ? row.regularMarketVolume : 0,
    previousClose: ok(row.regularMarketPreviousClose) ? row.regularMarketPreviousClose : price,
    timestamp: ts,
    sessionDate: newYorkYmd(new Date(ts)),
    source: 'yahoo',
    stale: false,
  };
}

interface Known {
  quote: ProviderQuote;
  fetchedAt: number;
}

/** The rows of a quote answer that belong to the symbols asked for (Yahoo's key → ours); garbage rows are skipped. */
function rowsFor(rows: readonly unknown[], bySymbol: ReadonlyMap<string, string>): Array<[string, YahooQuoteRow]> {
  const out: Array<[string, YahooQuoteRow]> = [];
  for (const row of rows) {
    const key = typeof row === 'object' && row !== null ? (row as YahooQuoteRow).symbol : undefined;
    const symbol = typeof key === 'string' ? bySymbol.get(key.toUpperCase()) : undefined;
    if (symbol) out.push([symbol, row as YahooQuoteRow]);
  }
  return out;
}

/**
 * Yahoo Finance as the market data source. Quotes of watched symbols are polled every `freshMs` (batched);
 * any other quote is fetched on demand and reused for `freshMs`. Every upstream call goes through a
 * circuit breaker around retries with backoff around a timed request; an answer whose rows for the asked
 * symbols are all unusable (no positive finite price, no plausible time) counts as a failed call. When Yahoo
 * fails, or is still silent after `staleAfterMs`, the last known quote is served with `stale: true`; with
 * none, a 503 ServiceUnavailable with Retry-After. Times come from the injected clock so tests can age the
 * cache (the request timeouts and backoff sleeps are real time).
 *
 * The breaker and retry are our own (`circuit-breaker.ts`, `retry.ts`) rather than cockatiel 3.x: cockatiel's
 * breaker reads Date.now() (no clock to inject) and makes calls that arrive during the half-open trial wait
 * for the trial, where ours fails them fast so they are served stale at once (see docs/ARCHITECTURE.md).
 */
export class YahooMarketProvider implements MarketDataProvider {
  readonly name = 'yahoo' as const;
  readonly storageTag = 'yahoo';
  readonly completeHistory = false;
  readonly sharedCache = true;
  readonly breaker: CircuitBreaker;
  private readonly known = new Map<string, Known>();
  private readonly failedAt = new Map<string, number>();
  private readonly inflight = new Map<string, Promise<void>>();
  private watched: string[] = [];
  private failing = false;
  private readonly logger = new Logger('YahooProvider');

  constructor(
    private readonly client: YahooClient,
    private readonly clock: Clock,
    private readonly options: YahooOptions = DEFAULT_YAHOO_OPTIONS,
  ) {
    this.breaker = new CircuitBreaker({
      failureThreshold: options.failureThreshold,
      cooldownMs: options.cooldownMs,
      now: () => this.clock.now().getTime(),
    });
  }

  private call<T>(fn: () => Promise<T>): Promise<T> {
    return this.breaker.run(() =>
      withRetry(fn, {
        retries: this.options.retries,
        baseDelayMs: this.options.baseDelayMs,
        maxDelayMs: this.options.maxDelayMs,
        retryable: (err) => err instanceof UpstreamError,
        sleep: this.options.sleep,
      }),
    );
  }

  /** One quote call: the usable quotes of the asked symbols; an answer with rows but none usable is a failure. */
  private async fetchQuotes(bySymbol: ReadonlyMap<string, string>): Promise<ProviderQuote[]> {
    const rows = rowsFor(await this.client.quote([...bySymbol.keys()]), bySymbol);
    const now = this.clock.now().getTime();
    const quotes = rows.map(([symbol, row]) => fromYahooQuote(symbol, row, now)).filter((q): q is ProviderQuote => q !== null);
    if (rows.length > 0 && quotes.length === 0) throw new UpstreamError('Yahoo answered no usable quote', null);
    return quotes;
  }

  private async refresh(symbols: readonly string[]): Promise<void> {
    const bySymbol = new Map(symbols.map((s) => [toYahooSymbol(s), s]));
    try {
      const quotes = await this.call(() => this.fetchQuotes(bySymbol));
      const now = this.clock.now().getTime();
      for (const quote of quotes) {
        this.known.set(quote.symbol, { quote, fetchedAt: now });
        this.failedAt.delete(quote.symbol);
      }
      if (this.failing) this.logger.log('Yahoo answers again');
      this.failing = false;
    } catch (err) {
      const now = this.clock.now().getTime();
      for (const s of symbols) this.failedAt.set(s, now);
      if (!this.failing) this.logger.warn({ err: (err as Error).message }, 'Yahoo request failed; serving last known quotes as stale');
      this.failing = true;
      throw err;
    }
  }

  private refreshOne(symbol: string): Promise<void> {
    let p = this.inflight.get(symbol);
    if (!p) {
      p = this.refresh([symbol]).finally(() => this.inflight.delete(symbol));
      this.inflight.set(symbol, p);
    }
    return p;
  }

  /** Waits for the symbol's refresh; with a known quote to fall back on, at most `staleAfterMs` (real time). */
  private async refreshWithin(symbol: string, fallback: boolean): Promise<void> {
    const refresh = this.refreshOne(symbol);
    if (!fallback) return refresh;
    let timer: NodeJS.Timeout | undefined;
    const ms = this.options.staleAfterMs;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new UpstreamError(`Yahoo did not answer within ${ms} ms`, null)), ms);
      timer.unref();
    });
    try {
      await Promise.race([refresh, deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  private isStale(symbol: string, k: Known, now: number): boolean {
    const failed = this.failedAt.get(symbol);
    return (failed !== undefined && failed >= k.fetchedAt) || now - k.fetchedAt > 2 * this.options.freshMs;
  }

  peekQuote(symbol: string): ProviderQuote | null {
    const k = this.known.get(symbol);
    if (!k) return null;
    const stale = this.isStale(symbol, k, this.clock.now().getTime());
    return stale ? { ...k.quote, stale } : k.quote;
  }

  async quote(symbol: string): Promise<ProviderQuote> {
    const now = this.clock.now().getTime();
    const before = this.known.get(symbol);
    if (before && now >= before.fetchedAt && now - before.fetchedAt < this.options.freshMs && !this.isStale(symbol, before, now)) {
      return before.quote;
    }
    try {
      await this.refreshWithin(symbol, before !== undefined);
    } catch (err) {
      if (before) return { ...before.quote, stale: true };
      throw this.unavailable(`no cached quote for ${symbol}`, err);
    }
    const after = this.known.get(symbol);
    if (after && after !== before) return after.quote;
    if (before) return { ...before.quote, stale: true };
    throw new MarketDataUnavailableError(`Yahoo has no quote for ${symbol}`, { provider: 'yahoo' }, Math.ceil(this.options.freshMs / 1000));
  }

  circuitState(): CircuitState {
    return this.breaker.state;
  }

  unavailable(what: string, err: unknown): MarketDataUnavailableError {
    const now = this.clock.now().getTime();
    const retryAfter = err instanceof CircuitOpenError ? Math.max(1, Math.ceil((err.retryAtMs - now) / 1000)) : Math.ceil(this.options.freshMs / 1000);
    const reason = err instanceof CircuitOpenError ? 'circuit open after repeated failures' : (err as Error).message;
    return new MarketDataUnavailableError(`Market data provider yahoo is unavailable and there is ${what}`, { provider: 'yahoo', reason }, retryAfter);
  }

  /** Refreshes, in batches, the symbols without a fresh quote; failures only mark them stale. */
  async prefetch(symbols: readonly string[]): Promise<void> {
    const now = this.clock.now().getTime();
    const due = symbols.filter((s) => {
      const k = this.known.get(s);
      return !k || now < k.fetchedAt || now - k.fetchedAt >= this.options.freshMs;
    });
    for (let i = 0; i < due.length; i += this.options.batchSize) {
      await this.refresh(due.slice(i, i + this.options.batchSize)).catch(() => undefined);
    }
  }

  remember(quote: ProviderQuote, at: number): void {
    const k = this.known.get(quote.symbol);
    if (!k || k.fetchedAt < at) this.known.set(quote.symbol, { quote: { ...quote, stale: false }, fetchedAt: at });
  }

  setWatched(symbols: readonly string[]): void {
    this.watched = [...symbols];
  }

  /** One polling round over the watched symbols; failures are remembered (quotes go stale), not thrown. */
  async poll(): Promise<void> {
    for (let i = 0; i < this.watched.length; i += this.options.batchSize) {
      try {
        await this.refresh(this.watched.slice(i, i + this.options.batchSize));
      } catch {
        // already logged and recorded in refresh()
      }
    }
  }

  historyStart(): Ymd {
    return '1990-01-01';
  }

  async dailyBars(symbol: string, fromYmd: Ymd, toYmd: Ymd, asOf: Date): Promise<ProviderDailyBar[]> {
    const last = lastClosedSession(asOf);
    const to = last !== null && last < toYmd ? last : toYmd;
    if (to < fromYmd) return [];
    const period1 = new Date(ymdToDay(fromYmd) * MS_PER_DAY);
    const period2 = new Date((ymdToDay(to) + 1) * MS_PER_DAY);
    let quotes;
    try {
      quotes = await this.call(() => this.client.chart(toYahooSymbol(symbol), period1, period2, '1d'));
    } catch (err) {
      throw this.unavailable(`no stored history for ${symbol} in that range`, err);
    }
    const byDate = new Map<Ymd, ProviderDailyBar>();
    for (const q of quotes) {
      if (!ok(q.open) || !ok(q.high) || !ok(q.low) || !ok(q.close)) continue;
      const date = newYorkYmd(q.date);
      if (date < fromYmd || date > to) continue;
      // Yahoo's rows occasionally break OHLC order by a rounding hair; the table insists on it.
      byDate.set(date, {
        date,
        open: round6(q.open),
        high: round6(Math.max(q.high, q.open, q.close)),
        low: round6(Math.min(q.low, q.open, q.close)),
        close: round6(q.close),
        adjClose: ok(q.adjclose) ? round6(q.adjclose) : null,
        volume: typeof q.volume === 'number' && q.volume >= 0 ? Math.round(q.volume) : 0,
      });
    }
    return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : 1));
  }

  async intradayBars(symbol: string, from: Date, to: Date, minutes: number, asOf: Date): Promise<ProviderIntradayBar[]> {
    const interval = INTERVALS[minutes];
    if (!interval) throw new RangeError(`Yahoo has no ${minutes}-minute bars`);
    const end = Math.min(to.getTime(), asOf.getTime() + 1);
    if (end <= from.getTime()) return [];
    let quotes;
    try {
      quotes = await this.call(() => this.client.chart(toYahooSymbol(symbol), from, new Date(end), interval));
    } catch (err) {
      throw this.unavailable(`no intraday data for ${symbol}`, err);
    }
    return quotes
      .filter((q) => ok(q.open) && ok(q.high) && ok(q.low) && ok(q.close) && q.date.getTime() >= from.getTime() && q.date.getTime() < end)
      .map((q) => ({
        start: q.date.getTime(),
        open: round6(q.open as number),
        high: round6(Math.max(q.high as number, q.open as number, q.close as number)),
        low: round6(Math.min(q.low as number, q.open as number, q.close as number)),
        close: round6(q.close as number),
        volume: typeof q.volume === 'number' && q.volume >= 0 ? Math.round(q.volume) : 0,
      }));
  }
}
