/**
 * What the outbox publishes. `seq` increases by exactly one per user in commit order: a consumer that sees a
 * gap missed events (fetch them with `OrdersEventsService.since`), and a repeated (user_id, seq) is a
 * redelivery to drop — delivery is at least once.
 */
export interface TradingEvent {
  /** Global outbox id (relay order). */
  id: string;
  user_id: string;
  seq: number;
  portfolio_id: string | null;
  order_id: string | null;
  /** `order`: an order's state change or fill; `portfolio`: cash or positions changed outside an order. */
  type: 'order' | 'portfolio';
  /** Order events as the state machine names them (new, partial_fill, fill, canceled, rejected, expired);
   *  portfolio events: created, updated, deleted, deposit, withdrawal, transfer_in, transfer_out. */
  event: string;
  payload: Record<string, unknown>;
  created_at: string;
}

export interface NewOutboxEvent {
  userId: string;
  portfolioId: string | null;
  orderId?: string | null;
  type: TradingEvent['type'];
  event: string;
  payload: Record<string, unknown>;
}
