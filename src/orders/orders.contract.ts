/**
 * What other modules (the strategy runner in ml) may do with orders: place an ordinary market order for a user, as
 * POST /api/orders does (validation, reservation, the engine, the ledger and the outbox), and read one back.
 * OrdersModule provides it; consumers inject `OrderPlacement` and never touch order tables.
 */
export interface MarketOrderRequest {
  portfolio_id: string;
  symbol: string;
  side: 'buy' | 'sell';
  /** Decimal string, > 0. */
  quantity: string;
}

export interface PlacedOrder {
  id: string;
  symbol: string;
  side: 'buy' | 'sell';
  status: 'pending' | 'partially_filled' | 'filled' | 'canceled' | 'rejected' | 'expired';
  quantity: number;
  filled_quantity: number;
  avg_fill_price: number | null;
  reject_reason: string | null;
  filled_at: string | null;
  /** True when the Idempotency-Key had been used: the first placement's order is returned, nothing new is placed. */
  replayed: boolean;
}

export abstract class OrderPlacement {
  /** A day market order under `idempotencyKey` (the same key and request again returns the first order). Typed errors as POST /api/orders. */
  abstract placeMarket(userId: string, order: MarketOrderRequest, idempotencyKey: string): Promise<PlacedOrder>;
  /** The user's order, or null when it is unknown (or its portfolio was deleted). */
  abstract find(userId: string, orderId: string): Promise<PlacedOrder | null>;
}
