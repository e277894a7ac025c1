import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Subscription } from 'rxjs';
import { DataSource, In } from 'typeorm';
import { ordersConfig, type OrdersConfig } from '../config/orders.config';
import { Clock, CLOCK, MarketDataService, MarketQuote } from '../market/market.contracts';
import { OPEN_STATUSES } from './domain/order-state';
import { Order } from './entities/order.entity';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { mayAct, OrderExecutor } from './order-executor.service';
import { TradingSettings } from './trading-settings';

const WATCH_OWNER = 'orders:engine';
/** An ioc/fok order still pending this long after submission was never evaluated (its instance died): cancel it. */
const IMMEDIATE_GRACE_MS = 5_000;
export const OUTBOX_RETENTION_DAYS = 7;

/**
 * The execution engine. Every instance subscribes to the market's ticks and evaluates the open orders of the
 * ticked symbol; the executor's row lock (FOR UPDATE SKIP LOCKED) makes sure each change is made once, by
 * whichever instance gets there first. Ticks are processed one symbol at a time in arrival order; while a
 * symbol is busy only its newest tick waits (intermediate ones are folded into it: volumes add up).
 * A sweep every ORDER_SWEEP_INTERVAL_MS expires day orders at the close, cancels orders of deleted portfolios and
 * stale ioc/fok orders, keeps the market watching every symbol with open orders and purges idempotency keys past
 * 24 h and published events past OUTBOX_RETENTION_DAYS.
 */
@Injectable()
export class OrderEngine implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('OrderEngine');
  private subscription: Subscription | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly pending = new Map<string, MarketQuote>();
  private readonly busy = new Map<string, Promise<void>>();
  private sweeping: Promise<void> | null = null;
  private readonly watched = new Set<string>();
  private stopped = false;
  private sweeps = 0;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(ordersConfig.KEY) private readonly config: OrdersConfig,
    private readonly market: MarketDataService,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly executor: OrderExecutor,
    private readonly settings: TradingSettings,
    private readonly idempotency: IdempotencyService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.subscription = this.market.ticks$.subscribe({
      next: (q) => this.enqueue(q),
      error: (err) => this.logger.error({ err }, 'tick stream failed'),
    });
    await this.syncWatches().catch((err) => this.logger.error({ err }, 'initial watch sync failed'));
    this.timer = setInterval(() => void this.sweep(), this.config.sweepIntervalMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    this.subscription?.unsubscribe();
    if (this.timer) clearInterval(this.timer);
    this.pending.clear();
    await this.drain();
    for (const s of this.watched) this.market.unwatch(s, WATCH_OWNER);
    this.watched.clear();
  }

  /** Ask the market for ticks of a symbol with open orders (idempotent). */
  watch(symbol: string): void {
    if (this.watched.has(symbol) || this.stopped) return;
    this.watched.add(symbol);
    this.market.watch(symbol, WATCH_OWNER);
  }

  enqueue(quote: MarketQuote): void {
    if (this.stopped) return;
    const waiting = this.pending.get(quote.symbol);
    this.pending.set(quote.symbol, waiting ? fold(waiting, quote) : quote);
    if (!this.busy.has(quote.symbol)) this.startSymbol(quote.symbol);
  }

  /** Resolves when every queued tick and any running sweep are done (tests, shutdown). */
  async drain(): Promise<void> {
    while (this.busy.size || this.sweeping) {
      await Promise.all([...this.busy.values(), this.sweeping]);
    }
  }

  private startSymbol(symbol: string): void {
    const run = (async () => {
      for (let q = this.pending.get(symbol); q && !this.stopped; q = this.pending.get(symbol)) {
        this.pending.delete(symbol);
        try {
          await this.processTick(q);
        } catch (err) {
          this.logger.error({ err, symbol }, 'tick processing failed');
        }
      }
    })().finally(() => this.busy.delete(symbol));
    this.busy.set(symbol, run);
  }

  /** Evaluates the symbol's open orders, oldest first; only orders the tick may change open a transaction. */
  async processTick(quote: MarketQuote): Promise<void> {
    const now = this.clock.now();
    const session = this.market.session(now);
    const open = await this.db.getRepository(Order).find({
      where: { symbol: quote.symbol, status: In([...OPEN_STATUSES]) },
      order: { seq: 'ASC' },
    });
    for (const o of open) {
      if (this.stopped) return;
      if (!session.is_open && !(o.expiresAt && now >= o.expiresAt)) continue;
      if (!mayAct(o, quote, this.settings, now)) continue;
      await this.executor.onQuote(o.id, quote, session, now);
    }
  }

  /** Housekeeping; safe to run on every instance at once. */
  async sweep(): Promise<void> {
    if (this.sweeping || this.stopped) return this.sweeping ?? undefined;
    this.sweeping = this.doSweep()
      .catch((err) => this.logger.error({ err }, 'sweep failed'))
      .finally(() => {
        this.sweeping = null;
      });
    return this.sweeping;
  }

  private async doSweep(): Promise<void> {
    const now = this.clock.now();
    const due: { id: string }[] = await this.db.query(
      `SELECT id FROM orders WHERE status IN ('pending', 'partially_filled') AND expires_at <= $1 ORDER BY seq LIMIT 1000`,
      [now],
    );
    for (const { id } of due) await this.executor.expire(id, now);

    const orphaned: { id: string }[] = await this.db.query(
      `SELECT o.id FROM orders o JOIN portfolios p ON p.id = o.portfolio_id
       WHERE o.status IN ('pending', 'partially_filled') AND p.deleted_at IS NOT NULL ORDER BY o.seq LIMIT 1000`,
    );
    for (const { id } of orphaned) await this.executor.cancel(id, 'portfolio deleted', now);

    const stale: { id: string; tif: string }[] = await this.db.query(
      `SELECT id, time_in_force AS tif FROM orders
       WHERE status IN ('pending', 'partially_filled') AND time_in_force IN ('ioc', 'fok') AND created_at < $1 ORDER BY seq LIMIT 1000`,
      [new Date(now.getTime() - IMMEDIATE_GRACE_MS)],
    );
    for (const { id, tif } of stale) await this.executor.cancel(id, `${tif}: not filled on submission`, now);

    await this.syncWatches();
    if (++this.sweeps % 600 === 0) {
      await this.idempotency.purgeExpired();
      // Published events are kept for replay (OrderEventsSource.replay) this long.
      await this.db.query(`DELETE FROM outbox_events WHERE published_at < now() - make_interval(days => $1)`, [OUTBOX_RETENTION_DAYS]);
    }
  }

  /** Watch every symbol with open orders (orders placed on other instances too); drop the rest. */
  private async syncWatches(): Promise<void> {
    const rows: { symbol: string }[] = await this.db.query(`SELECT DISTINCT symbol FROM orders WHERE status IN ('pending', 'partially_filled')`);
    const wanted = new Set(rows.map((r) => r.symbol));
    for (const s of wanted) this.watch(s);
    for (const s of [...this.watched]) {
      if (!wanted.has(s)) {
        this.watched.delete(s);
        this.market.unwatch(s, WATCH_OWNER);
      }
    }
  }
}

/** Two ticks of one symbol seen as one: the newer prices, the volume of both, the session-open flag kept. */
function fold(older: MarketQuote, newer: MarketQuote): MarketQuote {
  return {
    ...newer,
    tick_volume: older.tick_volume.plus(newer.tick_volume),
    session_open: older.session_open || newer.session_open,
    open: older.session_open ? older.open : newer.open,
  };
}
