import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Subject, Subscription } from 'rxjs';
import { marketConfig, type MarketConfig } from '../config/market.config';
import { InstrumentsService } from './instruments.service';
import { CLOCK, type Clock, type MarketQuote } from './market.contracts';
import { MARKET_DATA_PROVIDER, type MarketDataProvider, type ProviderQuote } from './providers/provider';
import { QuoteSource, toMarketQuote } from './quote-source.service';
import { isOpen, sessionFor, type Ymd } from './simulator';
import { normalizeSymbol } from './symbols';
import { TrendingService } from './trending.service';

interface TickState {
  /** When the watch began (ms): a session that opens after it gets `session_open` on its first tick. */
  since: number;
  sessionDate: Ymd | null;
  volume: number;
  offHours: number;
}

/** Timer ticks fire this long after their grid instant (see scheduleTick). */
const TICK_GRID_DELAY_MS = 10;

/**
 * The live stream: who watches which symbol (ref-counted by owner), one quote per watched symbol on ticks$
 * every MARKET_TICK_MS (and at once when a provider reports a changed or rebased price), and the provider's
 * poll timer. MarketDataService.ticks$/watch/unwatch are this service's.
 */
@Injectable()
export class TickSchedulerService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Market');
  private readonly tickSubject = new Subject<MarketQuote>();
  readonly ticks$ = this.tickSubject.asObservable();
  private readonly watchers = new Map<string, Set<string>>();
  private readonly tickState = new Map<string, TickState>();
  private readonly tradingHours: 'nyse' | 'always';
  private tickTimer: NodeJS.Timeout | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private changes: Subscription | null = null;

  constructor(
    @Inject(marketConfig.KEY) private readonly config: MarketConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(MARKET_DATA_PROVIDER) private readonly provider: MarketDataProvider,
    private readonly instruments: InstrumentsService,
    private readonly quotes: QuoteSource,
    private readonly trending: TrendingService,
  ) {
    this.tradingHours = config.tradingHours;
  }

  onApplicationBootstrap(): void {
    const changed = (symbol: string, rebased: boolean) => {
      this.quotes.evict(symbol);
      this.trending.invalidate();
      if (!this.watchers.has(symbol)) return;
      if (rebased) this.rebaseTickState(symbol);
      this.tick([symbol]);
    };
    this.changes = new Subscription();
    if (this.provider.changes$) this.changes.add(this.provider.changes$.subscribe((s) => changed(s, false)));
    if (this.provider.rebased$) this.changes.add(this.provider.rebased$.subscribe((s) => changed(s, true)));
    const { tickMs, pollMs } = this.config;
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

  watch(symbol: string, owner: string): void {
    const s = this.instruments.require(symbol).symbol;
    let owners = this.watchers.get(s);
    if (!owners) {
      owners = new Set();
      this.watchers.set(s, owners);
      this.tickState.set(s, { since: this.clock.now().getTime(), sessionDate: null, volume: 0, offHours: 0 });
      this.provider.setWatched?.([...this.watchers.keys()]);
      // The real provider polls: ask for this symbol now rather than at the next round.
      if (this.provider.poll && !this.provider.peekQuote(s, this.clock.now())) {
        this.quotes.snapshot(s).catch(() => undefined);
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
    const period = this.config.tickMs;
    const now = this.clock.now().getTime();
    const next = (Math.floor(now / period) + 1) * period;
    this.tickTimer = setTimeout(() => {
      this.safeTick();
      if (this.tickTimer) this.scheduleTick();
    }, next - now + TICK_GRID_DELAY_MS);
    this.tickTimer.unref();
  }

  private safeTick(): void {
    const period = this.config.tickMs;
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
      const mq = toMarketQuote(q, tickVolume, sessionOpen);
      out.push(mq);
      this.tickSubject.next(mq);
    }
    return out;
  }
}
