import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Decimal, decimalTransformer } from '../../common/decimal';

export const CASH_TRANSACTION_TYPES = ['deposit', 'withdrawal', 'buy', 'sell', 'commission', 'transfer_in', 'transfer_out'] as const;
export type CashTransactionType = (typeof CASH_TRANSACTION_TYPES)[number];

/**
 * The cash ledger, append-only. `amount` is signed (money in > 0); `balance_after` is the portfolio's cash after
 * it. Position transfers are recorded here too with amount 0 and the quantity and unit cost that moved.
 */
@Entity('cash_transactions')
export class CashTransaction {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Position in the ledger (shared with fills): the order entries were applied in. */
  @Column({ type: 'bigint', insert: false, update: false })
  seq: string;

  @Column({ name: 'portfolio_id', type: 'uuid' })
  portfolioId: string;

  @Column({ type: 'varchar', length: 16 })
  type: CashTransactionType;

  @Column({ type: 'numeric', precision: 20, scale: 4, transformer: decimalTransformer })
  amount: Decimal;

  @Column({ name: 'balance_after', type: 'numeric', precision: 20, scale: 4, transformer: decimalTransformer })
  balanceAfter: Decimal;

  @Column({ name: 'order_id', type: 'uuid', nullable: true })
  orderId: string | null;

  @Column({ name: 'fill_id', type: 'uuid', nullable: true })
  fillId: string | null;

  @Column({ name: 'position_id', type: 'uuid', nullable: true })
  positionId: string | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  symbol: string | null;

  @Column({ type: 'numeric', precision: 20, scale: 8, nullable: true, transformer: decimalTransformer })
  quantity: Decimal | null;

  @Column({ type: 'numeric', precision: 18, scale: 6, nullable: true, transformer: decimalTransformer })
  price: Decimal | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  description: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
