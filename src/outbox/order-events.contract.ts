import type { Observable } from 'rxjs';

/**
 * Order events as the rest of Octopus (realtime, notifications) sees them. Each is an outbox row committed
 * in the same transaction as the state change, then published here; `seq` increases per user.
 */
export type OrderEventName = 'new' | 'partial_fill' | 'fill' | 'canceled' | 'rejected' | 'expired';

export interface OrderEventMessage {
  /** Per-user, strictly increasing; clients resume with `{"type":"resume","since":seq}`. */
  seq: number;
  user_id: string;
  portfolio_id: string;
  event: OrderEventName;
  /** The order as the REST API shows it (seed fields plus extensions). */
  order: Record<string, unknown>;
  /** The fill for partial_fill / fill: {id, quantity, price, commission, timestamp}. */
  fill: Record<string, unknown> | null;
  timestamp: string;
}

export abstract class OrderEventsSource {
  /** Events as they are published (after commit), on this instance. */
  abstract readonly events$: Observable<OrderEventMessage>;
  /** Events of one user with seq > since, oldest first, up to `limit`; `null` when `since` is older than retention. */
  abstract replay(userId: string, since: number, limit: number): Promise<OrderEventMessage[] | null>;
}
