import { Injectable } from '@nestjs/common';
import { orderEvents } from '../common/metrics/metrics';
import { InjectDataSource } from '@nestjs/typeorm';
import { filter, map, Observable, Subject } from 'rxjs';
import { DataSource } from 'typeorm';
import { OrderEventMessage, OrderEventName, OrderEventsSource } from './order-events.contract';
import { TradingEvent } from './trading-event';

interface OutboxRow {
  id: string;
  user_id: string;
  seq: string;
  portfolio_id: string | null;
  order_id: string | null;
  type: TradingEvent['type'];
  event: string;
  payload: Record<string, unknown>;
  created_at: Date;
}

export const toTradingEvent = (r: OutboxRow): TradingEvent => ({
  id: String(r.id),
  user_id: r.user_id,
  seq: Number(r.seq),
  portfolio_id: r.portfolio_id,
  order_id: r.order_id,
  type: r.type,
  event: r.event,
  payload: r.payload,
  created_at: new Date(r.created_at).toISOString(),
});

/** An order event as the realtime contract shows it: the order as the REST API does, the fill trimmed. */
export function toOrderEventMessage(e: TradingEvent): OrderEventMessage {
  const fill = e.payload.fill as Record<string, unknown> | undefined;
  return {
    seq: e.seq,
    user_id: e.user_id,
    portfolio_id: e.portfolio_id ?? '',
    event: e.event as OrderEventName,
    order: (e.payload.order ?? {}) as Record<string, unknown>,
    fill: fill ? { id: fill.id, quantity: fill.quantity, price: fill.price, commission: fill.commission, timestamp: fill.created_at } : null,
    timestamp: e.created_at,
  };
}

export const OUTBOX_COLUMNS = 'id, user_id, seq, portfolio_id, order_id, type, event, payload, created_at';
export type { OutboxRow };

/**
 * The event stream of orders and portfolios, fed only by the outbox relay (so everything on it was committed),
 * each event once across all instances (the realtime bus fans out). `events$`/`replay` are the
 * `OrderEventsSource` contract (order events only); `all$`/`since` also carry portfolio events (cash,
 * transfers, created/updated/deleted). One per-user `seq` numbers both kinds, so order events alone may skip numbers.
 */
@Injectable()
export class OrdersEventsService extends OrderEventsSource {
  private readonly subject = new Subject<TradingEvent>();
  readonly all$: Observable<TradingEvent> = this.subject.asObservable();
  readonly events$: Observable<OrderEventMessage> = this.all$.pipe(
    filter((e) => e.type === 'order'),
    map(toOrderEventMessage),
  );

  constructor(@InjectDataSource() private readonly db: DataSource) {
    super();
  }

  /** Called by the relay. Subscriber errors are theirs: rxjs reports them without stopping the stream. */
  publish(event: TradingEvent): void {
    if (event.type === 'order') orderEvents.inc({ event: event.event });
    this.subject.next(event);
  }

  /** A user's committed events (all kinds) after `afterSeq`, oldest first, published or not yet. */
  async since(userId: string, afterSeq: number, limit = 500): Promise<TradingEvent[]> {
    const rows: OutboxRow[] = await this.db.query(
      `SELECT ${OUTBOX_COLUMNS} FROM outbox_events WHERE user_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
      [userId, afterSeq, Math.min(Math.max(limit, 1), 5000)],
    );
    return rows.map(toTradingEvent);
  }

  /** Order events after `since`; null when events after `since` were already purged (the client must resync). */
  async replay(userId: string, since: number, limit: number): Promise<OrderEventMessage[] | null> {
    const [bounds]: { min: string | null; last: string | null }[] = await this.db.query(
      `SELECT (SELECT MIN(seq) FROM outbox_events WHERE user_id = $1) AS min,
              (SELECT last_seq FROM outbox_sequences WHERE user_id = $1) AS last`,
      [userId],
    );
    const last = Number(bounds?.last ?? 0);
    const oldest = bounds?.min === null || bounds?.min === undefined ? last + 1 : Number(bounds.min);
    if (since < last && oldest > since + 1) return null;
    const rows: OutboxRow[] = await this.db.query(
      `SELECT ${OUTBOX_COLUMNS} FROM outbox_events WHERE user_id = $1 AND seq > $2 AND type = 'order' ORDER BY seq LIMIT $3`,
      [userId, since, Math.min(Math.max(limit, 1), 5000)],
    );
    return rows.map((r) => toOrderEventMessage(toTradingEvent(r)));
  }

  complete(): void {
    this.subject.complete();
  }
}
