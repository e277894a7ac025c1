import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Subscription } from 'rxjs';
import { DataSource } from 'typeorm';
import { d, Decimal, priceJson, toJsonNumber } from '../../common/decimal';
import { NotFoundError, ValidationFailedError } from '../../common/errors/app-error';
import { type MarketQuote, UnknownSymbolError } from '../../market/market.contracts';
import { RealtimeBus } from '../realtime-bus.service';
import { RealtimeContracts } from '../realtime-contracts.service';
import { AlertCondition, applyTransition, conditionHolds, nextTransition } from './alert-rules';
import { AlertDto, CreateAlertDto } from './dto/alert.dto';
import { Alert } from './entities/alert.entity';
import { decodeTimeIdCursor, encodeTimeIdCursor } from '../../common/pagination/time-id-cursor';

/** Alerts one user may have (active or triggered). */
export const MAX_ALERTS_PER_USER = 100;
/** How often each instance re-reads the active alerts (alerts created or deleted on other instances). */
const REFRESH_MS = 5_000;
const WATCH_OWNER = 'realtime:alerts';

interface Armed {
  id: string;
  userId: string;
  symbol: string;
  condition: AlertCondition;
  threshold: Decimal;
  repeat: boolean;
  active: boolean;
  armed: boolean;
  stateAt: number;
  /** A transition is being written: later ticks wait for it. */
  busy: boolean;
}

const toDto = (a: Alert): AlertDto => ({
  id: a.id,
  symbol: a.symbol,
  condition: a.condition,
  threshold: d(a.threshold).toNumber(),
  repeat: a.repeat,
  status: a.active ? 'active' : 'triggered',
  trigger_count: a.triggerCount,
  last_triggered_at: a.lastTriggeredAt ? a.lastTriggeredAt.toISOString() : null,
  last_triggered_price: a.lastTriggeredPrice ? priceJson(a.lastTriggeredPrice) : null,
  created_at: a.createdAt.toISOString(),
});

/**
 * Price alerts: the REST resource, and their evaluation on every tick of every instance. All instances see the
 * same ticks; the one whose conditional UPDATE claims a firing (armed, and older than the tick) stores the
 * notification in the same statement and publishes it on the bus, so it reaches each of the owner's live
 * /ws/notifications connections once, whichever instance they are on.
 */
@Injectable()
export class AlertsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Alerts');
  private readonly bySymbol = new Map<string, Map<string, Armed>>();
  private ticks: Subscription | null = null;
  private refresher: NodeJS.Timeout | null = null;
  /** Firings this instance claimed (tests and logs). */
  fired = 0;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly contracts: RealtimeContracts,
    private readonly bus: RealtimeBus,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.ticks = this.contracts.market.ticks$.subscribe((q) => this.onTick(q));
    await this.refresh().catch((e: Error) => this.logger.error({ err: e.message }, 'loading alerts failed'));
    this.refresher = setInterval(() => {
      this.refresh().catch((e: Error) => this.logger.warn({ err: e.message }, 'refreshing alerts failed'));
    }, REFRESH_MS);
    this.refresher.unref();
  }

  onApplicationShutdown(): void {
    this.ticks?.unsubscribe();
    if (this.refresher) clearInterval(this.refresher);
    for (const symbol of this.bySymbol.keys()) this.contracts.market.unwatch(symbol, WATCH_OWNER);
    this.bySymbol.clear();
  }

  // ---- REST ----

  async create(userId: string, dto: CreateAlertDto): Promise<AlertDto> {
    const market = this.contracts.market;
    const symbol = dto.symbol.toUpperCase();
    const threshold = d(String(dto.threshold));
    if (dto.condition !== 'percent_change' && !threshold.gt(0)) {
      throw new ValidationFailedError([{ field: 'threshold', code: 'OUT_OF_RANGE', message: 'threshold must be a price greater than 0' }]);
    }
    if (dto.condition === 'percent_change' && (threshold.isZero() || threshold.abs().gt(1000))) {
      throw new ValidationFailedError([
        { field: 'threshold', code: 'OUT_OF_RANGE', message: 'threshold must be a non-zero percent between -1000 and 1000' },
      ]);
    }
    const instrument = await market.findInstrument(symbol);
    if (!instrument || instrument.active === false) {
      throw new UnknownSymbolError(symbol);
    }
    const rows: Alert[] = await this.db.transaction(async (m) => {
      // Serializes one user's creations so the limit holds under concurrency.
      await m.query(`SELECT 1 FROM users WHERE id = $1 FOR UPDATE`, [userId]);
      const count = await m.getRepository(Alert).countBy({ userId });
      if (count >= MAX_ALERTS_PER_USER) return [];
      const repo = m.getRepository(Alert);
      return [await repo.save(repo.create({ userId, symbol, condition: dto.condition, threshold, repeat: dto.repeat ?? false }))];
    });
    if (!rows.length) {
      throw new ValidationFailedError(
        [{ field: 'symbol', code: 'OUT_OF_RANGE', message: `A user may have at most ${MAX_ALERTS_PER_USER} alerts; delete some first` }],
        `Alert limit reached (${MAX_ALERTS_PER_USER})`,
      );
    }
    this.track(rows[0]);
    return toDto(rows[0]);
  }

  async list(userId: string, limit = 50, cursor?: string): Promise<{ alerts: AlertDto[]; next_cursor: string | null }> {
    const qb = this.db
      .getRepository(Alert)
      .createQueryBuilder('a')
      .where('a.user_id = :userId', { userId })
      .orderBy("date_trunc('milliseconds', a.created_at)", 'ASC')
      .addOrderBy('a.id', 'ASC')
      .take(limit + 1);
    const after = decodeTimeIdCursor(cursor);
    if (after) qb.andWhere("(date_trunc('milliseconds', a.created_at), a.id) > (:at::timestamptz, :id::uuid)", { at: after.at, id: after.id });
    const rows = await qb.getMany();
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      alerts: items.map(toDto),
      next_cursor: rows.length > limit && last ? encodeTimeIdCursor(last.createdAt, last.id) : null,
    };
  }

  async get(userId: string, id: string): Promise<AlertDto> {
    const row = await this.db.getRepository(Alert).findOneBy({ id, userId });
    if (!row) throw new NotFoundError('Alert');
    return toDto(row);
  }

  async remove(userId: string, id: string): Promise<void> {
    // TypeORM answers a DELETE with [rows, affected].
    const [rows]: [{ symbol: string }[], number] = await this.db.query(`DELETE FROM alerts WHERE id = $1 AND user_id = $2 RETURNING symbol`, [id, userId]);
    if (!rows.length) throw new NotFoundError('Alert');
    this.untrack(rows[0].symbol, id);
  }

  // ---- evaluation ----

  /** Re-reads the active alerts; keeps the in-memory state of alerts with a write in flight. */
  async refresh(): Promise<void> {
    const rows: Alert[] = await this.db.getRepository(Alert).find({ where: { active: true } });
    const seen = new Set<string>();
    for (const a of rows) {
      seen.add(a.id);
      const current = this.bySymbol.get(a.symbol)?.get(a.id);
      if (current?.busy) continue;
      this.track(a);
    }
    for (const [symbol, alerts] of [...this.bySymbol]) {
      for (const [id, a] of [...alerts]) if (!seen.has(id) && !a.busy) this.untrack(symbol, id);
    }
  }

  private track(a: Alert): void {
    if (!a.active) return;
    let alerts = this.bySymbol.get(a.symbol);
    if (!alerts) {
      this.bySymbol.set(a.symbol, (alerts = new Map()));
      this.contracts.market.watch(a.symbol, WATCH_OWNER);
    }
    alerts.set(a.id, {
      id: a.id,
      userId: a.userId,
      symbol: a.symbol,
      condition: a.condition,
      threshold: d(a.threshold),
      repeat: a.repeat,
      active: a.active,
      armed: a.armed,
      stateAt: a.stateAt ? a.stateAt.getTime() : -Infinity,
      busy: false,
    });
  }

  private untrack(symbol: string, id: string): void {
    const alerts = this.bySymbol.get(symbol);
    if (!alerts?.delete(id) || alerts.size) return;
    this.bySymbol.delete(symbol);
    this.contracts.market.unwatch(symbol, WATCH_OWNER);
  }

  private onTick(q: MarketQuote): void {
    const alerts = this.bySymbol.get(q.symbol);
    if (!alerts || q.stale) return;
    const ts = q.timestamp.getTime();
    for (const a of alerts.values()) {
      if (a.busy || ts <= a.stateAt) continue;
      const t = nextTransition(a, conditionHolds(a.condition, a.threshold, q.price, q.previous_close ?? null));
      if (t) void this.transition(a, t, q);
    }
  }

  private async transition(a: Armed, t: 'fire' | 'rearm', q: MarketQuote): Promise<void> {
    a.busy = true;
    const at = q.timestamp;
    try {
      if (t === 'rearm') {
        await this.db.query(
          `UPDATE alerts SET armed = true, state_at = $2, updated_at = now()
            WHERE id = $1 AND active AND repeat AND NOT armed AND (state_at IS NULL OR state_at < $2)`,
          [a.id, at],
        );
      } else {
        const prev = q.previous_close ? d(q.previous_close) : null;
        const payload = {
          type: 'alert',
          alert_id: a.id,
          symbol: a.symbol,
          condition: a.condition,
          threshold: a.threshold.toNumber(),
          price: priceJson(q.price),
          change_percent: prev && !prev.isZero() ? toJsonNumber(d(q.price).minus(prev).div(prev).times(100), 2) : null,
          repeat: a.repeat,
          triggered_at: at.toISOString(),
        };
        const rows: { id: string; user_id: string; payload: Record<string, unknown> }[] = await this.db.query(
          `WITH claimed AS (
             UPDATE alerts
                SET armed = false, active = repeat, state_at = $2, trigger_count = trigger_count + 1,
                    last_triggered_at = $2, last_triggered_price = $3, updated_at = now()
              WHERE id = $1 AND active AND armed AND (state_at IS NULL OR state_at < $2)
             RETURNING id, user_id, trigger_count)
           INSERT INTO notifications (user_id, kind, alert_id, payload)
           SELECT c.user_id, 'alert', c.id, $4::jsonb || jsonb_build_object('trigger_count', c.trigger_count) FROM claimed c
           RETURNING id, user_id, payload`,
          [a.id, at, d(q.price).toFixed(), JSON.stringify(payload)],
        );
        if (rows.length) {
          this.fired++;
          const row = rows[0];
          await this.bus.publish({
            kind: 'alert',
            user_id: row.user_id,
            message: { ...(row.payload as { type: 'alert' }), notification_id: Number(row.id) },
          });
        }
      }
      // Won or lost, the alert is now in this state (another instance may have written it first).
      Object.assign(a, applyTransition(a, t), { stateAt: at.getTime() });
    } catch (e) {
      this.logger.error({ err: (e as Error).message, alert: a.id }, 'alert transition failed');
    } finally {
      a.busy = false;
      if (!a.active) this.untrack(a.symbol, a.id);
    }
  }
}
