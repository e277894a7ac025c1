import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ordersConfig, type OrdersConfig } from '../config/orders.config';
import { OrdersEventsService, OUTBOX_COLUMNS, OutboxRow, toTradingEvent } from './orders-events.service';

/** Transaction-scoped advisory lock: one relay at a time across instances keeps the global publish order. */
const RELAY_LOCK = 7415262002;
const BATCH = 500;

/**
 * Relays committed outbox rows to `OrdersEventsService`. Writers `kick()` it after their commit for low
 * latency; a poll every OUTBOX_POLL_INTERVAL_MS picks up whatever a kick missed — including rows committed by an
 * instance that crashed before publishing, so a crash between commit and publish loses nothing. A row is marked
 * published in the same transaction that read it, after it was handed to subscribers: a crash in between
 * publishes it again (at least once; `(user_id, seq)` identifies duplicates).
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('OutboxRelay');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(ordersConfig.KEY) private readonly config: OrdersConfig,
    private readonly events: OrdersEventsService,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.kick(), this.config.outboxPollMs);
    this.timer.unref();
    this.kick();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Publish soon; coalesces with a relay already running. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => {
      this.running = null;
    });
  }

  /** Resolves once everything committed before the call has been published (tests, shutdown). */
  async flush(): Promise<void> {
    while (this.running) await this.running.catch(() => undefined);
    this.running = this.loop().finally(() => {
      this.running = null;
    });
    await this.running;
  }

  private async loop(): Promise<void> {
    try {
      do {
        this.again = false;
        while (!this.stopped && (await this.relayBatch()) === BATCH) {
          /* more waiting */
        }
      } while (this.again && !this.stopped);
    } catch (err) {
      this.logger.error({ err }, 'outbox relay failed; retrying on the next poll');
    }
  }

  /** One batch in one transaction; returns how many rows it published (0 when another instance holds the relay). */
  async relayBatch(): Promise<number> {
    return this.db.transaction(async (m) => {
      const [{ locked }]: { locked: boolean }[] = await m.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [RELAY_LOCK]);
      if (!locked) return 0;
      const rows: OutboxRow[] = await m.query(
        `SELECT ${OUTBOX_COLUMNS} FROM outbox_events WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [BATCH],
      );
      if (!rows.length) return 0;
      for (const r of rows) this.events.publish(toTradingEvent(r));
      await m.query('UPDATE outbox_events SET published_at = now() WHERE id = ANY($1::bigint[])', [rows.map((r) => r.id)]);
      return rows.length;
    });
  }
}
