import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Decimal, decimalTransformer } from '../../common/decimal';

/** A tradable instrument: metadata and the fundamentals quotes derive market_cap and pe_ratio from. */
@Entity('instruments')
export class Instrument {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 10 })
  symbol: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 20 })
  exchange: string;

  @Column({ name: 'asset_class', type: 'varchar', length: 10 })
  assetClass: 'equity' | 'etf';

  @Column({ type: 'char', length: 3 })
  currency: string;

  /** GICS sector; ETFs: the tracked sector, or Diversified / Fixed Income / Commodities. */
  @Column({ type: 'varchar', length: 64 })
  sector: string;

  @Column({ type: 'varchar', length: 100 })
  industry: string;

  @Column({ name: 'shares_outstanding', type: 'numeric', precision: 20, scale: 0, nullable: true, transformer: decimalTransformer })
  sharesOutstanding: Decimal | null;

  @Column({ name: 'eps_ttm', type: 'numeric', precision: 12, scale: 4, nullable: true, transformer: decimalTransformer })
  epsTtm: Decimal | null;

  /** Typical daily share volume (trending's relative volume). */
  @Column({ name: 'avg_volume', type: 'numeric', precision: 20, scale: 0, nullable: true, transformer: decimalTransformer })
  avgVolume: Decimal | null;

  /** Typical annualised volatility as a fraction (trending's yardstick for an unusual move). */
  @Column({ name: 'annual_vol', type: 'numeric', precision: 8, scale: 4, nullable: true, transformer: decimalTransformer })
  annualVol: Decimal | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
