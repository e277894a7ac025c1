import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Decimal, decimalTransformer } from '../../common/decimal';

/** Net asset value of a portfolio on one (New York) session date: recorded at each close and on demand. */
@Entity('portfolio_nav_history')
export class NavPoint {
  @PrimaryColumn({ name: 'portfolio_id', type: 'uuid' })
  portfolioId: string;

  /** YYYY-MM-DD. */
  @PrimaryColumn({ type: 'date' })
  date: string;

  @Column({ name: 'total_value', type: 'numeric', precision: 20, scale: 4, transformer: decimalTransformer })
  totalValue: Decimal;

  @Column({ name: 'cash_balance', type: 'numeric', precision: 20, scale: 4, transformer: decimalTransformer })
  cashBalance: Decimal;

  @Column({ name: 'positions_value', type: 'numeric', precision: 20, scale: 4, transformer: decimalTransformer })
  positionsValue: Decimal;

  @Column({ type: 'varchar', length: 8 })
  source: 'close' | 'manual';

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;
}
