import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Audit trail of CSV imports: imported bars replace prices everyone trades on, so who did what is kept. */
@Entity('market_imports')
export class MarketImport {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The admin who uploaded the file; null for the CLI. */
  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId: string | null;

  /** `user:<email>` or `cli:<os user>`. */
  @Column({ type: 'varchar', length: 300 })
  actor: string;

  @Column({ type: 'varchar', length: 10 })
  symbol: string;

  @Column({ name: 'file_name', type: 'varchar', length: 255, nullable: true })
  fileName: string | null;

  @Column({ type: 'varchar', length: 16 })
  format: string;

  @Column({ name: 'row_count', type: 'int' })
  rowCount: number;

  @Column({ name: 'first_date', type: 'date' })
  firstDate: string;

  @Column({ name: 'last_date', type: 'date' })
  lastDate: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
