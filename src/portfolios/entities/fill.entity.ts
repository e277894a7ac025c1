import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Decimal, decimalTransformer } from '../../common/decimal';

/** One execution of (part of) an order. Unique per order and quote: a quote's liquidity is taken once. */
@Entity('fills')
export class Fill {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'bigint', insert: false, update: false })
  seq: string;

  @Column({ name: 'order_id', type: 'uuid' })
  orderId: string;

  @Column({ name: 'portfolio_id', type: 'uuid' })
  portfolioId: string;

  @Column({ name: 'position_id', type: 'uuid' })
  positionId: string;

  @Column({ type: 'varchar', length: 10 })
  symbol: string;

  @Column({ type: 'varchar', length: 4 })
  side: 'buy' | 'sell';

  @Column({ type: 'numeric', precision: 20, scale: 8, transformer: decimalTransformer })
  quantity: Decimal;

  @Column({ type: 'numeric', precision: 18, scale: 6, transformer: decimalTransformer })
  price: Decimal;

  @Column({ type: 'numeric', precision: 20, scale: 4, transformer: decimalTransformer })
  commission: Decimal;

  /** Sells only: P&L of this fill by average cost, net of its commission. */
  @Column({ name: 'realized_pnl', type: 'numeric', precision: 20, scale: 4, nullable: true, transformer: decimalTransformer })
  realizedPnl: Decimal | null;

  /** Timestamp of the quote the fill took its price and liquidity from. */
  @Column({ name: 'quote_at', type: 'timestamptz' })
  quoteAt: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
