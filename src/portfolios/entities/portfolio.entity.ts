import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Decimal, decimalTransformer } from '../../common/decimal';

/**
 * A portfolio and its cash. `cash_balance` always equals the sum of its cash transactions; `reserved_cash` is
 * the part held by open buy orders (never more than the cash). A deleted portfolio keeps its rows
 * (`deleted_at` set) and disappears from every read.
 */
@Entity('portfolios')
export class Portfolio {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  description: string | null;

  @Column({ name: 'cash_balance', type: 'numeric', precision: 20, scale: 4, transformer: decimalTransformer })
  cashBalance: Decimal;

  @Column({ name: 'reserved_cash', type: 'numeric', precision: 20, scale: 4, transformer: decimalTransformer })
  reservedCash: Decimal;

  @Column({ name: 'realized_pnl', type: 'numeric', precision: 20, scale: 4, transformer: decimalTransformer })
  realizedPnl: Decimal;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt: Date | null;
}
