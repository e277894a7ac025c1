import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Subscription } from 'rxjs';
import { AppError } from '../common/errors/app-error';
import { realtimeConfig, type RealtimeConfig } from '../config/realtime.config';
import type { MarketQuote } from '../market/market.contracts';
import type { PortfolioHoldings } from '../portfolios/portfolio-holdings.contract';
import { RealtimeConnection } from './connection';
import { PortfolioValuationMessage, valuationMessage } from './protocol/valuation';
import { RealtimeContracts } from './realtime-contracts.service';

interface Feed {
  id: string;
  userId: string;
  connections: Set<RealtimeConnection>;
  holdings: PortfolioHoldings | null;
  symbols: Set<string>;
  last: PortfolioValuationMessage | null;
  lastSentAt: number;
  timer: NodeJS.Timeout | null;
  refresher: NodeJS.Timeout | null;
  loading: Promise<void> | null;
}

/** Holdings can change without an order (deposits, manual positions): re-read them this often per open feed. */
const HOLDINGS_REFRESH_MIN_MS = 5_000;

/**
 * /ws/portfolio/{id}: the portfolio's valuation (seed fields and positions) whenever its prices or holdings
 * change, at most once per WS_PORTFOLIO_THROTTLE_MS per portfolio. One feed per portfolio per instance, shared
 * by all its connections; price-driven updates are computed locally (every instance has the same prices).
 */
@Injectable()
export class PortfolioFeeds implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('PortfolioFeeds');
  private readonly feeds = new Map<string, Feed>();
  private readonly bySymbol = new Map<string, Set<Feed>>();
  private readonly quotes = new Map<string, MarketQuote>();
  private ticks: Subscription | null = null;
  /** Called when a feed's portfolio is gone (deleted, or no longer the user's): close its connections. */
  onGone: (c: RealtimeConnection) => void = () => undefined;

  constructor(
    private readonly contracts: RealtimeContracts,
    @Inject(realtimeConfig.KEY) private readonly config: RealtimeConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.ticks = this.contracts.market.ticks$.subscribe((q) => this.onTick(q));
  }

  onApplicationShutdown(): void {
    this.ticks?.unsubscribe();
    for (const feed of [...this.feeds.values()]) this.dispose(feed);
  }

  get size(): number {
    return this.feeds.size;
  }

  /** Adds an owner-checked connection; it gets the current valuation at once. */
  async join(c: RealtimeConnection): Promise<void> {
    const id = c.portfolioId!;
    let feed = this.feeds.get(id);
    if (!feed) {
      feed = {
        id,
        userId: c.userId!,
        connections: new Set(),
        holdings: null,
        symbols: new Set(),
        last: null,
        lastSentAt: 0,
        timer: null,
        refresher: null,
        loading: null,
      };
      this.feeds.set(id, feed);
      const refreshMs = Math.max(HOLDINGS_REFRESH_MIN_MS, this.config.portfolioThrottleMs * 5);
      feed.refresher = setInterval(() => void this.reload(feed!), refreshMs);
      feed.refresher.unref();
    }
    feed.connections.add(c);
    if (feed.last) {
      c.queue.sendLatest('portfolio', feed.last);
      return;
    }
    await this.reload(feed);
    if (this.feeds.get(id) === feed && !c.closed) this.publish(feed, true);
  }

  leave(c: RealtimeConnection): void {
    const feed = c.portfolioId ? this.feeds.get(c.portfolioId) : undefined;
    if (!feed || !feed.connections.delete(c)) return;
    if (feed.connections.size === 0) this.dispose(feed);
  }

  /** Orders changed the portfolio's holdings (a fill, a cancel releasing cash): re-read them and publish. */
  holdingsChanged(portfolioId: string): void {
    const feed = this.feeds.get(portfolioId);
    if (feed) void this.reload(feed, true);
  }

  private onTick(q: MarketQuote): void {
    const feeds = this.bySymbol.get(q.symbol);
    if (!feeds) return;
    this.quotes.set(q.symbol, q);
    for (const feed of feeds) this.schedule(feed);
  }

  private async reload(feed: Feed, publish = false): Promise<void> {
    if (feed.loading) {
      await feed.loading;
      if (!publish) return;
    }
    const reader = this.contracts.holdings;
    feed.loading = (async () => {
      let holdings: PortfolioHoldings;
      try {
        holdings = await reader.getHoldings(feed.userId, feed.id);
      } catch (e) {
        if (e instanceof AppError && e.status === 404) {
          for (const c of [...feed.connections]) this.onGone(c);
          this.dispose(feed);
        } else {
          this.logger.warn({ err: (e as Error).message, portfolio: feed.id }, 'holdings unavailable');
        }
        return;
      }
      const changed = feed.holdings?.version !== holdings.version;
      feed.holdings = holdings;
      await this.watch(feed, holdings);
      if ((changed && feed.last) || publish) this.schedule(feed);
    })();
    try {
      await feed.loading;
    } finally {
      feed.loading = null;
    }
  }

  private async watch(feed: Feed, h: PortfolioHoldings): Promise<void> {
    const market = this.contracts.market;
    const next = new Set([...h.positions, ...(h.closed_today ?? [])].map((p) => p.symbol));
    for (const s of feed.symbols) {
      if (next.has(s)) continue;
      feed.symbols.delete(s);
      this.bySymbol.get(s)?.delete(feed);
      if (this.bySymbol.get(s)?.size === 0) this.bySymbol.delete(s);
      market?.unwatch(s, `realtime:portfolio:${feed.id}`);
    }
    const added = [...next].filter((s) => !feed.symbols.has(s));
    for (const s of added) {
      feed.symbols.add(s);
      let set = this.bySymbol.get(s);
      if (!set) this.bySymbol.set(s, (set = new Set()));
      set.add(feed);
      market?.watch(s, `realtime:portfolio:${feed.id}`);
    }
    const missing = added.filter((s) => !this.quotes.has(s));
    if (market && missing.length) {
      try {
        for (const [s, q] of await market.getQuotes(missing)) this.quotes.set(s, q);
      } catch (e) {
        this.logger.warn({ err: (e as Error).message }, 'quotes unavailable for a portfolio valuation');
      }
    }
  }

  private schedule(feed: Feed): void {
    if (feed.timer || !feed.holdings) return;
    const wait = Math.max(0, feed.lastSentAt + this.config.portfolioThrottleMs - Date.now());
    feed.timer = setTimeout(() => {
      feed.timer = null;
      if (this.feeds.get(feed.id) === feed) this.publish(feed);
    }, wait);
    feed.timer.unref();
  }

  private publish(feed: Feed, initial = false): void {
    if (!feed.holdings) return;
    const message = valuationMessage(feed.holdings, this.quotes, this.contracts.clock.now());
    feed.last = message;
    if (!initial) feed.lastSentAt = Date.now();
    for (const c of feed.connections) c.queue.sendLatest('portfolio', message);
  }

  private dispose(feed: Feed): void {
    if (this.feeds.get(feed.id) !== feed) return;
    this.feeds.delete(feed.id);
    if (feed.timer) clearTimeout(feed.timer);
    if (feed.refresher) clearInterval(feed.refresher);
    for (const s of feed.symbols) {
      const set = this.bySymbol.get(s);
      set?.delete(feed);
      if (set?.size === 0) {
        this.bySymbol.delete(s);
        this.quotes.delete(s);
      }
      this.contracts.market.unwatch(s, `realtime:portfolio:${feed.id}`);
    }
  }
}
