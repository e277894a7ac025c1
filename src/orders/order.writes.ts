import type { EntityManager } from 'typeorm';
import { SqlPart, WriteBatch } from '../common/database/write-batch';
import type { Decimal } from '../common/decimal';
import type { Order } from './entities/order.entity';

const dec = (v: Decimal | null) => (v === null ? null : v.toFixed());

/** What changes on an order after its insert, in UPDATE order ($1 is the id). */
const mutable = (o: Order) => [
  o.status,
  o.filledQuantity.toFixed(),
  o.filledNotional.toFixed(),
  dec(o.avgFillPrice),
  o.commission.toFixed(),
  o.reservedCash.toFixed(),
  o.reservedQuantity.toFixed(),
  o.triggeredAt,
  o.lastQuoteAt,
  o.lastQuoteSession,
  dec(o.lastQuoteVolume),
  o.rejectReason,
  o.filledAt,
  o.canceledAt,
  o.expiredAt,
  o.updatedAt,
];

const insertOrder = (o: Order): SqlPart => ({
  sql: `INSERT INTO orders (id, user_id, portfolio_id, client_order_id, symbol, side, order_type, time_in_force, quantity, limit_price,
          stop_price, expires_at, created_at, status, filled_quantity, filled_notional, avg_fill_price, commission, reserved_cash,
          reserved_quantity, triggered_at, last_quote_at, last_quote_session, last_quote_volume, reject_reason, filled_at, canceled_at,
          expired_at, updated_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26,
          $27, $28, $29)`,
  params: [
    o.id,
    o.userId,
    o.portfolioId,
    o.clientOrderId,
    o.symbol,
    o.side,
    o.orderType,
    o.timeInForce,
    o.quantity.toFixed(),
    dec(o.limitPrice),
    dec(o.stopPrice),
    o.expiresAt,
    o.createdAt,
    ...mutable(o),
  ],
});

const updateOrder = (o: Order): SqlPart => ({
  sql: `UPDATE orders SET status = $2, filled_quantity = $3, filled_notional = $4, avg_fill_price = $5, commission = $6, reserved_cash = $7,
          reserved_quantity = $8, triggered_at = $9, last_quote_at = $10, last_quote_session = $11, last_quote_volume = $12,
          reject_reason = $13, filled_at = $14, canceled_at = $15, expired_at = $16, updated_at = $17
        WHERE id = $1`,
  params: [o.id, ...mutable(o)],
});

/** A new order (its id chosen by the caller); in a batch written once, with the state it has at commit. */
export const insertOrderRow = (m: EntityManager, o: Order): Promise<void> => WriteBatch.write(m, `order:${o.id}`, () => insertOrder(o));

/** The order's current state; in a batch after `insertOrderRow` the insert carries it. */
export const saveOrderRow = (m: EntityManager, o: Order): Promise<void> => WriteBatch.write(m, `order:${o.id}`, () => updateOrder(o));
