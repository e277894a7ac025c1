import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { EvaluationRecord } from '../domain/evaluation';

/**
 * A model's rolling-origin record on one symbol's history, kept per data version (the closes it saw): every
 * instance reads it, and a new close or an import is a new version, so a stale one is never served.
 */
@Entity('ml_evaluations')
@Unique('ml_evaluations_key', ['symbol', 'model', 'lookback', 'dataVersion'])
export class MlEvaluation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 10 })
  symbol: string;

  @Column({ type: 'varchar', length: 16 })
  model: string;

  @Column({ type: 'varchar', length: 4 })
  lookback: string;

  /** Closes count, first and last date and last close: changes with every new session or import. */
  @Column({ name: 'data_version', type: 'varchar', length: 120 })
  dataVersion: string;

  @Column({ name: 'trained_to', type: 'date' })
  trainedTo: string;

  @Column({ type: 'jsonb' })
  record: EvaluationRecord;

  /** Wall time of the evaluation (fits included), for GET /api/ml/models' typical fit time. */
  @Column({ name: 'duration_ms', type: 'int' })
  durationMs: number;

  @Column({ type: 'int' })
  fits: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
