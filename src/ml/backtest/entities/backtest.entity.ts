import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Decimal, decimalTransformer } from '../../../common/decimal';
import type { JobStatus } from '../../jobs/entities/ml-job.entity';

/** One backtest of a user: its inputs and, once run, the report (summary, equity curve, trades as served). */
@Entity('backtests')
@Index('backtests_user_seq_idx', ['userId', 'seq'])
export class Backtest {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Listing order (cursor pages, newest first). */
  @Column({ type: 'bigint', insert: false, update: false })
  seq: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  /** The job that runs it (long runs); null when it ran within the request. */
  @Column({ name: 'job_id', type: 'uuid', nullable: true })
  jobId: string | null;

  @Column({ type: 'varchar', length: 16, default: 'queued' })
  status: JobStatus;

  /** The built-in strategy; null when a strategy document ran (strategy_id, strategy_version). */
  @Column({ type: 'varchar', length: 32, nullable: true })
  strategy: string | null;

  @Column({ name: 'strategy_id', type: 'uuid', nullable: true })
  strategyId: string | null;

  @Column({ name: 'strategy_version', type: 'int', nullable: true })
  strategyVersion: number | null;

  @Column({ type: 'text', array: true })
  symbols: string[];

  @Column({ name: 'start_date', type: 'date' })
  startDate: string;

  @Column({ name: 'end_date', type: 'date' })
  endDate: string;

  @Column({ name: 'initial_capital', type: 'numeric', precision: 20, scale: 4, transformer: decimalTransformer })
  initialCapital: Decimal;

  /** The request with every default resolved (what a re-run needs). */
  @Column({ type: 'jsonb' })
  inputs: Record<string, unknown>;

  @Column({ type: 'jsonb', nullable: true })
  summary: Record<string, unknown> | null;

  @Column({ name: 'equity_curve', type: 'jsonb', nullable: true })
  equityCurve: unknown[] | null;

  @Column({ type: 'jsonb', nullable: true })
  trades: unknown[] | null;

  /** { data_source, data_sources, first_session, last_session } of the run. */
  @Column({ name: 'data_source', type: 'jsonb', nullable: true })
  dataSource: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  error: { error: string; message: string; details: Record<string, unknown> | null } | null;

  /** Symbols × sessions simulated, warm-up included. */
  @Column({ type: 'int', nullable: true })
  bars: number | null;

  @Column({ name: 'duration_ms', type: 'int', nullable: true })
  durationMs: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}
