import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Decimal, decimalTransformer } from '../../common/decimal';

/**
 * One symbol held in one portfolio (unique per portfolio and symbol). The row outlives a close to zero so its
 * `realized_pnl` is kept; reads list only positions with a quantity. `reserved_quantity` is held by open sells.
 */
@Entity('positions')
export class Position {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'portfolio_id', type: 'uuid' })
  portfolioId: string;

  @Column({ type: 'varchar', length: 10 })
  symbol: string;

  @Column({ type: 'numeric', precision: 20, scale: 8, transformer: decimalTransformer })
  quantity: Decimal;

  @Column({ name: 'reserved_quantity', type: 'numeric', precision: 20, scale: 8, transformer: decimalTransformer })
  reservedQuantity: Decimal;

  @Column({ name: 'avg_cost', type: 'numeric', precision: 18, scale: 6, transformer: decimalTransformer })
  avgCost: Decimal;

  @Column({ name: 'realized_pnl', type: 'numeric', precision: 20, scale: 4, transformer: decimalTransformer })
  realizedPnl: Decimal;

  /** When the current holding started (set when the quantity leaves zero). */
  @Column({ name: 'opened_at', type: 'timestamptz', nullable: true })
  openedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
