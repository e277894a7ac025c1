import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type Redis from 'ioredis';
import { Subject, Subscription, type Observable } from 'rxjs';
import { d, Decimal } from '../common/decimal';
import { AppError, NotFoundError, ValidationFailedError } from '../common/errors/app-error';
import { appConfig, AppConfigType } from '../config/app.config';
import { REDIS } from '../redis/redis.module';
import { BarStore, type StoredBar } from './bar-store';
import { aggregateBars, type DailyRow } from './history/aggregate';
import { checkCombination, INTRADAY_MINUTES, isIntraday, periodRange, type Interval, type Period } from './history/periods';
import { ImportedHistoryService } from './import/imported-history.service';
import { InstrumentsService, toInstrumentInfo } from './instruments.service';
import type { Instrument } from './entities/instrument.entity';
import {
  CLOCK,
  MarketDataService,
  type Clock,
  type DailyBar,
  type HistoryReplaced,
  type InstrumentInfo,
  type MarketQuote,
  type MarketSessionInfo,
} from './market.contracts';
import { sessionInProgress } from './market-time';
import { MARKET_DATA_PROVIDER, type MarketDataProvider, type ProviderQuote } from './providers/provider';
import { QuoteCache } from './quote-cache';
import { rankSearch, rankTrending, relativeVolume } from './ranking';
import { expectedVolumeShare, isOpen, nextClose, nextOpen, sessionFor, ymdToDay, type Ymd } from './simulator';
import { normalizeSymbol } from './symbols';

/** A historical row as served: `date` is YYYY-MM-DD (daily and longer) or an ISO timestamp (intraday). */
export interface HistoryRow {
  date: string;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  adj_close?: number;
  /** `csv` (imported), `simulated`, `yahoo` or `manual`; `mixed` for a weekly/monthly bar built from several. */
  source: string;
}

/** The public name of a stored bar's source: `simulated:<seed>~<digest>` → `simulated`. */
const publicSource = (stored: string): string => stored.split(':', 1)[0];

export interface TrendingRow {
  symbol: string;
  name: string;
  price: number;
  change_percent: number;
  volume: number;
  relative_volume: number;
}

interface TickState {
  /** When the watch began (ms): a session that opens after it gets `session_open` on its first tick. */
  since: number;
  sessionDate: Ymd | null;
  volume: number;
  offHours: number;
}

const n = (s: string): number => Number(s);
const SQRT_252 = Math.sqrt(252);
/** Timer ticks fire this long after their grid instant (see scheduleTick). */
const TICK_GRID_DELAY_MS = 10;

/**
 * The market module's one service: quotes (cached), history (stored bars + the live session), search,
 * trending, the session clock and the tick stream. Other modules use it through MarketDataService.
 */
@Injectable()
export class MarketService extends MarketDataService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Market');
  private readonly tickSubject = new Subject<MarketQuote>();
  readonly ticks$ = this.tickSubject.asObservable();
  override readonly historyReplaced$: Observable<HistoryReplaced>;
  private readonly watchers = new Map<string, Set<string>>();
  private readonly tickState = new Map<string, TickState>();
  private readonly cache: QuoteCache;
  private readonly tradingHours: 'nyse' | 'always';
  private tickTimer: NodeJS.Timeout | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private changes: Subscription | null = null;
  private trendingCache: { at: number; rows: TrendingRow[] } | null = null;

  constructor(
    @Inject(appConfig.KEY) private readonly config: AppConfigType,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(MARKET_DATA_PROVIDER) readonly provider: MarketDataProvider,
    @Inject(REDIS) redis: Redis | null,
    private readonly instruments: InstrumentsService,
    private readonly bars: BarStore,
    imported: ImportedHistoryService,
  ) {
    super();
    this.historyReplaced$ = imported.replaced$;
    const m = config.market;
    this.tradingHours = m.tradingHours;
    const namespace = provider.storageTag ?? provider.name;
    this.cache = new QuoteCache(m.quoteTtlMs, provider.sharedCache ? redis : null, namespace, m.pollMs || 15_000);
  }

  onApplicationBootstrap(): void {
    const changed = (symbol: string, rebased: boolean) => {
      this.cache.evict(symbol);
      this.trendingCache = null;
      if (!this.watchers.has(symbol)) return;
      if (rebased) this.rebaseTickState(symbol);
      this.tick([symbol]);
    };
    this.changes = new Subscription();
    if (this.provider.changes$) this.changes.add(this.provider.changes$.subscribe((s) => changed(s, false)));
    if (this.provider.rebased$) this.changes.add(this.provider.rebased$.subscribe((s) => changed(s, true)));
    const { tickMs, pollMs } = this.config.market;
    if (tickMs > 0) this.scheduleTick();
    if (pollMs > 0 && this.provider.poll) {
      this.pollTimer = setInterval(() => void this.provider.poll?.(), pollMs);
      this.pollTimer.unref();
    }
  }

  onModuleDestroy(): void {
    if (this.tickTimer) clearTimeout(this.tickTimer);
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.tickTimer = this.pollTimer = null;
    this.changes?.unsubscribe();
    this.tickSubject.complete();
  }

  // ------------------------------------------------------------------ instruments

  /** The active instrument, or a 404 NotFound AppError (also for malformed symbols). */
  requireInstrument(symbol: string): Instrument {
    const s = normalizeSymbol(symbol);
    const i = s === null ? undefined : this.instruments.get(s);
    if (!i) throw new NotFoundError(`Symbol ${s ?? symbol}`);
    return i;
  }

  async getInstrument(symbol: string): Promise<InstrumentInfo> {
    return toInstrumentInfo(this.requireInstrument(symbol));
  }

  async findInstrument(symbol: string): Promise<InstrumentInfo | null> {
    const s = normalizeSymbol(symbol);
    const i = s === null ? undefined : this.instruments.get(s);
    return i ? toInstrumentInfo(i) : null;
  }

  search(query: string, limit: number): Instrument[] {
    return rankSearch(this.instruments.list(), query, limit);
  }

  // ------------------------------------------------------------------ quotes

  /** The provider's quote at the clock's time, through the cache. */
  async snapshot(symbol: string): Promise<ProviderQuote> {
    const now = this.clock.now();
    const ms = now.getTime();
    const cached = this.cache.getLocal(symbol, ms);
    if (cached) return cached;
    if (this.provider.sharedCache) {
      const shared = await this.cache.getShared(symbol, ms);
      if (shared) {
        this.provider.remember?.(shared.quote, shared.at);
        return shared.quote;
      }
    }
    const q = await this.provider.quote(symbol, now);
    this.cache.set(symbol, ms, q);
    return q;
  }

  async quoteView(symbol: string): Promise<{ instrument: Instrument; quote: ProviderQuote }> {
    const instrument = this.requireInstrument(symbol);
    return { instrument, quote: await this.snapshot(instrument.symbol) };
  }

  private toMarketQuote(q: ProviderQuote, tickVolume = 0, sessionOpen = false): MarketQuote {
    return {
      symbol: q.symbol,
      price: d(q.price),
      bid: d(q.bid),
      ask: d(q.ask),
      open: d(q.open),
      high: d(q.high),
      low: d(q.low),
      previous_close: d(q.previousClose),
      volume: d(q.volume),
      tick_volume: d(tickVolume),
      session_date: q.sessionDate,
      traded_volume: d(q.volume).plus(q.offHoursVolume ?? 0),
      timestamp: new Date(q.timestamp),
      source: q.source,
      stale: q.stale,
      ...(sessionOpen ? { session_open: true } : {}),
    };
  }

  /** The current quote (`tick_volume` is 0: it only has a meaning between two ticks). */
  async getQuote(symbol: string): Promise<MarketQuote> {
    const i = this.requireInstrument(symbol);
    return this.toMarketQuote(await this.snapshot(i.symbol));
  }

  /** Quotes of the known symbols among `symbols`; unknown symbols and ones without data are left out. */
  async getQuotes(symbols: string[]): Promise<Map<string, MarketQuote>> {
    const known = [...new Set(symbols.map((s) => normalizeSymbol(s)))].filter(
      (s): s is string => s !== null && this.instruments.get(s) !== undefined,
    );
    const out = new Map<string, MarketQuote>();
    if (known.length > 1) await this.provider.prefetch?.(known);
    await Promise.all(
      known.map(async (s) => {
        try {
          out.set(s, this.toMarketQuote(await this.snapshot(s)));
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
        }
      }),
    );
    return out;
  }

  // ------------------------------------------------------------------ history

  private toDailyRow(b: StoredBar): DailyRow {
    const close = n(b.close);
    return {
      date: b.date,
      open: n(b.open),
      high: n(b.high),
      low: n(b.low),
      close,
      volume: n(b.volume),
      adj_close: b.adjClose === null ? close : n(b.adjClose),
      source: publicSource(b.source),
    };
  }

  async history(symbol: string, period: Period, interval: Interval): Promise<HistoryRow[]> {
    const problem = checkCombination(period, interval);
    if (problem) {
      const { limit, ...fieldError } = problem;
      const err = new ValidationFailedError([fieldError], `Invalid period/interval combination: ${limit}`);
      (err.details as Record<string, unknown>).limit = limit;
      throw err;
    }
    const instrument = this.requireInstrument(symbol);
    const now = this.clock.now();
    const { fromYmd, toYmd } = periodRange(period, now);
    if (isIntraday(interval)) {
      const from = sessionFor(fromYmd)?.openUtc ?? new Date(ymdToDay(fromYmd) * 86_400_000);
      const bars = await this.provider.intradayBars(instrument.symbol, from, new Date(now.getTime() + 1), INTRADAY_MINUTES[interval], now);
      return bars.map((b) => ({
        date: new Date(b.start).toISOString(),
        open: b.open,
        high: b.high,
        low: b.low,
        close: b.close,
        volume: b.volume,
        source: this.provider.name,
      }));
    }
    const stored = await this.bars.daily(this.provider, instrument.symbol, fromYmd, toYmd, now);
    const rows = stored.map((b) => this.toDailyRow(b));
    const live = sessionInProgress(now);
    if (live && live >= fromYmd && live <= toYmd && rows[rows.length - 1]?.date !== live) {
      const q = await this.snapshot(instrument.symbol).catch(() => null);
      if (q && q.sessionDate === live) {
        // A made-up price carries the last day's adjusted/raw ratio (see simulator/imported.ts); a real one is its own.
        const last = rows[rows.length - 1];
        const adj = last && this.provider.setImportedHistory ? last.adj_close / last.close : 1;
        rows.push({ date: live, open: q.open, high: q.high, low: q.low, close: q.price, volume: q.volume, adj_close: q.price * adj, source: q.source });
      }
    }
    return interval === '1d' ? rows : aggregateBars(rows, interval);
  }

  async getDailyBars(symbol: string, from: string, to: string): Promise<DailyBar[]> {
    const instrument = this.requireInstrument(symbol);
    ymdToDay(from);
    ymdToDay(to);
    const stored = await this.bars.daily(this.provider, instrument.symbol, from, to, this.clock.now());
    return stored.map((b) => ({
      date: b.date,
      open: new Decimal(b.open),
      high: new Decimal(b.high),
      low: new Decimal(b.low),
      close: new Decimal(b.close),
      volume: new Decimal(b.volume),
      adjClose: b.adjClose === null ? null : new Decimal(b.adjClose),
      source: publicSource(b.source),
    }));
  }

  // ------------------------------------------------------------------ trending

  async trending(limit: number): Promise<{ rows: TrendingRow[]; asOf: Date }> {
    const now = this.clock.now();
    const ms = now.getTime();
    const ttl = Math.max(this.config.market.quoteTtlMs, 1);
    if (!this.trendingCache || ms < this.trendingCache.at || ms - this.trendingCache.at >= ttl) {
      this.trendingCache = { at: ms, rows: await this.computeTrending(now) };
    }
    return { rows: this.trendingCache.rows.slice(0, limit), asOf: now };
  }

  private async computeTrending(now: Date): Promise<TrendingRow[]> {
    const list = this.instruments.list();
    await this.provider.prefetch?.(list.map((i) => i.symbol));
    const inputs: Array<TrendingRow & { changePercent: number; relativeVolume: number; dailyVol: number }> = [];
    for (const i of list) {
      let q: ProviderQuote;
      try {
        q = await this.snapshot(i.symbol);
      } catch {
        continue;
      }
      if (!(q.previousClose > 0)) continue;
      const changePercent = ((q.price - q.previousClose) / q.previousClose) * 100;
      const session = sessionFor(q.sessionDate);
      const elapsed = session
        ? (Math.min(now.getTime(), session.closeUtc.getTime()) - session.openUtc.getTime()) /
          (session.closeUtc.getTime() - session.openUtc.getTime())
        : 1;
      const rv = relativeVolume(q.volume, i.avgVolume ? i.avgVolume.toNumber() : 0, expectedVolumeShare(elapsed));
      inputs.push({
        symbol: i.symbol,
        name: i.name,
        price: q.price,
        change_percent: changePercent,
        volume: q.volume,
        relative_volume: rv,
        changePercent,
        relativeVolume: rv,
        dailyVol: i.annualVol ? i.annualVol.toNumber() / SQRT_252 : 0.01,
      });
    }
    return rankTrending(inputs, 50).map(({ symbol, name, price, change_percent, volume, relative_volume }) => ({
      symbol,
      name,
      price,
      change_percent,
      volume,
      relative_volume,
    }));
  }

  // ------------------------------------------------------------------ session

  /** The market clock's time (the injected CLOCK). */
  now(): Date {
    return this.clock.now();
  }

  session(at: Date = this.clock.now()): MarketSessionInfo {
    const open = isOpen(at);
    const close = nextClose(at);
    return {
      is_open: this.tradingHours === 'always' ? true : open,
      next_open: nextOpen(at),
      next_close: close,
      session_close: close,
      trading_hours: this.tradingHours,
    };
  }

  // ------------------------------------------------------------------ ticks

  watch(symbol: string, owner: string): void {
    const s = this.requireInstrument(symbol).symbol;
    let owners = this.watchers.get(s);
    if (!owners) {
      owners = new Set();
      this.watchers.set(s, owners);
      this.tickState.set(s, { since: this.clock.now().getTime(), sessionDate: null, volume: 0, offHours: 0 });
      this.provider.setWatched?.([...this.watchers.keys()]);
      // The real provider polls: ask for this symbol now rather than at the next round.
      if (this.provider.poll && !this.provider.peekQuote(s, this.clock.now())) {
        this.snapshot(s).catch(() => undefined);
      }
    }
    owners.add(owner);
  }

  unwatch(symbol: string, owner: string): void {
    const s = normalizeSymbol(symbol);
    const owners = s === null ? undefined : this.watchers.get(s);
    if (!owners || s === null) return;
    owners.delete(owner);
    if (owners.size === 0) {
      this.watchers.delete(s);
      this.tickState.delete(s);
      this.provider.setWatched?.([...this.watchers.keys()]);
    }
  }

  /** Symbols with at least one watcher (for diagnostics and tests). */
  watched(): string[] {
    return [...this.watchers.keys()];
  }

  /** Takes the symbol's current session volume as the baseline: a replaced history is not trading. */
  private rebaseTickState(symbol: string): void {
    const st = this.tickState.get(symbol);
    if (!st) return;
    let q: ProviderQuote | null = null;
    try {
      q = this.provider.peekQuote(symbol, this.clock.now());
    } catch {
      q = null;
    }
    if (!q || q.sessionDate !== st.sessionDate) return;
    st.volume = q.volume;
    st.offHours = q.offHoursVolume ?? 0;
  }

  /**
   * Timer ticks run on a grid of the clock: TICK_GRID_DELAY_MS after each multiple of MARKET_TICK_MS, quoting that
   * multiple. Every instance then quotes the same instants (prices are a function of time; each instance labels
   * by its own clock, so clock skew does not matter), and an order meets each instant's liquidity once across
   * instances — the `last_quote_at` check and the (order, quote time) unique fill index see the same quote. A
   * tick's quote is TICK_GRID_DELAY_MS (+ event-loop lag) old when it is sent.
   */
  private scheduleTick(): void {
    const period = this.config.market.tickMs;
    const now = this.clock.now().getTime();
    const next = (Math.floor(now / period) + 1) * period;
    this.tickTimer = setTimeout(() => {
      this.safeTick();
      if (this.tickTimer) this.scheduleTick();
    }, next - now + TICK_GRID_DELAY_MS);
    this.tickTimer.unref();
  }

  private safeTick(): void {
    const period = this.config.market.tickMs;
    const at = new Date(Math.floor(this.clock.now().getTime() / period) * period);
    try {
      this.tick(undefined, at);
    } catch (err) {
      this.logger.error({ err }, 'tick failed');
    }
  }

  /**
   * Emits one quote per watched symbol (or per given symbol) on ticks$, synchronously, at the clock's time:
   * the timer calls it every MARKET_TICK_MS, tests call it directly. With TRADING_HOURS=nyse nothing ticks
   * outside the session. Returns what it emitted.
   */
  tick(symbols: readonly string[] = [...this.watchers.keys()], now: Date = this.clock.now()): MarketQuote[] {
    if (this.tradingHours === 'nyse' && !isOpen(now)) return [];
    const out: MarketQuote[] = [];
    for (const symbol of symbols) {
      const st = this.tickState.get(symbol);
      if (!st) continue;
      let q: ProviderQuote | null;
      try {
        q = this.provider.peekQuote(symbol, now);
      } catch {
        q = null;
      }
      if (!q) continue;
      let tickVolume = 0;
      let sessionOpen = false;
      const offHours = q.offHoursVolume ?? 0;
      if (st.sessionDate === q.sessionDate) {
        tickVolume = Math.max(0, q.volume - st.volume) + Math.max(0, offHours - st.offHours);
      } else {
        const opened = sessionFor(q.sessionDate)?.openUtc.getTime() ?? 0;
        sessionOpen = st.sessionDate !== null || opened >= st.since;
        tickVolume = sessionOpen ? q.volume : 0;
      }
      st.sessionDate = q.sessionDate;
      st.volume = q.volume;
      st.offHours = offHours;
      const mq = this.toMarketQuote(q, tickVolume, sessionOpen);
      out.push(mq);
      this.tickSubject.next(mq);
    }
    return out;
  }
}
