import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { Decimal, decimalTransformer } from '../../common/decimal';

/**
 * One stored bar. The primary key (symbol, interval, ts) is the unique constraint and the index range
 * reads use. Daily bars have `ts` = the session date at 00:00 UTC. `source` says who wrote the row:
 * `simulated:<seed>` (`simulated:<seed>~<digest>` for a symbol with imported history, whose generated bars
 * depend on it), `yahoo`, or `csv` (imported; never overwritten by generated or fetched data).
 */
@Entity('daily_bars')
export class DailyBarRecord {
  @PrimaryColumn({ type: 'varchar', length: 10 })
  symbol: string;

  @PrimaryColumn({ type: 'varchar', length: 4 })
  interval: string;

  @PrimaryColumn({ type: 'timestamptz' })
  ts: Date;

  @Column({ type: 'numeric', precision: 20, scale: 6, transformer: decimalTransformer })
  open: Decimal;

  @Column({ type: 'numeric', precision: 20, scale: 6, transformer: decimalTransformer })
  high: Decimal;

  @Column({ type: 'numeric', precision: 20, scale: 6, transformer: decimalTransformer })
  low: Decimal;

  @Column({ type: 'numeric', precision: 20, scale: 6, transformer: decimalTransformer })
  close: Decimal;

  @Column({ name: 'adj_close', type: 'numeric', precision: 20, scale: 6, nullable: true, transformer: decimalTransformer })
  adjClose: Decimal | null;

  @Column({ type: 'bigint' })
  volume: string;

  @Column({ type: 'varchar', length: 120 })
  source: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
