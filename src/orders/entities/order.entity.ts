import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Decimal, decimalTransformer } from '../../common/decimal';
import type { OrderSide, OrderType, TimeInForce } from '../domain/matching';
import type { OrderStatus } from '../domain/order-state';

/**
 * An order and what it still holds. `status` changes only through `transition()` (domain/order-state.ts);
 * `reserved_cash` (buys) and `reserved_quantity` (sells) are what this order holds of its portfolio's cash or
 * position, released as it fills and entirely when it ends.
 */
@Entity('orders')
export class Order {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Insertion order, for cursors. */
  @Column({ type: 'bigint', insert: false, update: false })
  seq: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'portfolio_id', type: 'uuid' })
  portfolioId: string;

  @Column({ name: 'client_order_id', type: 'varchar', length: 64, nullable: true })
  clientOrderId: string | null;

  @Column({ type: 'varchar', length: 10 })
  symbol: string;

  @Column({ type: 'varchar', length: 4 })
  side: OrderSide;

  @Column({ name: 'order_type', type: 'varchar', length: 10 })
  orderType: OrderType;

  @Column({ name: 'time_in_force', type: 'varchar', length: 3 })
  timeInForce: TimeInForce;

  @Column({ type: 'numeric', precision: 20, scale: 8, transformer: decimalTransformer })
  quantity: Decimal;

  @Column({ name: 'limit_price', type: 'numeric', precision: 18, scale: 6, nullable: true, transformer: decimalTransformer })
  limitPrice: Decimal | null;

  @Column({ name: 'stop_price', type: 'numeric', precision: 18, scale: 6, nullable: true, transformer: decimalTransformer })
  stopPrice: Decimal | null;

  @Column({ type: 'varchar', length: 16 })
  status: OrderStatus;

  @Column({ name: 'filled_quantity', type: 'numeric', precision: 20, scale: 8, transformer: decimalTransformer })
  filledQuantity: Decimal;

  /** Σ quantity × price of the fills, exact (for avg_fill_price and per-order commission minimums). */
  @Column({ name: 'filled_notional', type: 'numeric', precision: 38, scale: 14, transformer: decimalTransformer })
  filledNotional: Decimal;

  @Column({ name: 'avg_fill_price', type: 'numeric', precision: 18, scale: 6, nullable: true, transformer: decimalTransformer })
  avgFillPrice: Decimal | null;

  /** Σ commission charged on the fills. */
  @Column({ type: 'numeric', precision: 20, scale: 4, transformer: decimalTransformer })
  commission: Decimal;

  @Column({ name: 'reserved_cash', type: 'numeric', precision: 20, scale: 4, transformer: decimalTransformer })
  reservedCash: Decimal;

  @Column({ name: 'reserved_quantity', type: 'numeric', precision: 20, scale: 8, transformer: decimalTransformer })
  reservedQuantity: Decimal;

  /** When a stop or stop-limit order's stop triggered (not a status: the order stays pending). */
  @Column({ name: 'triggered_at', type: 'timestamptz', nullable: true })
  triggeredAt: Date | null;

  /** Day orders: the close of their session. */
  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt: Date | null;

  /** Timestamp of the last quote that filled or triggered it: a quote is used at most once per order. */
  @Column({ name: 'last_quote_at', type: 'timestamptz', nullable: true })
  lastQuoteAt: Date | null;

  /** Session and running traded volume of the quote it last used (or was placed at): caps its next liquidity. */
  @Column({ name: 'last_quote_session', type: 'date', nullable: true })
  lastQuoteSession: string | null;

  @Column({ name: 'last_quote_volume', type: 'numeric', precision: 24, scale: 0, nullable: true, transformer: decimalTransformer })
  lastQuoteVolume: Decimal | null;

  @Column({ name: 'reject_reason', type: 'varchar', length: 200, nullable: true })
  rejectReason: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'filled_at', type: 'timestamptz', nullable: true })
  filledAt: Date | null;

  @Column({ name: 'canceled_at', type: 'timestamptz', nullable: true })
  canceledAt: Date | null;

  @Column({ name: 'expired_at', type: 'timestamptz', nullable: true })
  expiredAt: Date | null;
}
