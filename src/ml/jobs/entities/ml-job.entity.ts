import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const JOB_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/**
 * One slow ML task (an evaluation now; backtests and feed polls later) and its state. The row is the truth that
 * GET /api/ml/jobs/{id} reads on any instance; the queue (BullMQ or in-process) only carries its id.
 */
@Entity('ml_jobs')
@Index('ml_jobs_user_created_idx', ['userId', 'createdAt'])
export class MlJob {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ type: 'varchar', length: 32 })
  kind: string;

  @Column({ type: 'jsonb' })
  params: Record<string, unknown>;

  @Column({ type: 'varchar', length: 16, default: 'queued' })
  status: JobStatus;

  /** 0–1, float: a share of work, not money. */
  @Column({ type: 'double precision', default: 0 })
  progress: number;

  @Column({ type: 'jsonb', nullable: true })
  result: unknown;

  /** The seed's error body ({ error, message, details }) of a failed job. */
  @Column({ type: 'jsonb', nullable: true })
  error: { error: string; message: string; details: Record<string, unknown> | null } | null;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
