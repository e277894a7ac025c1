import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A user's strategy: its name and latest version; the documents are in `strategy_versions`, one immutable row each. */
@Entity('strategies')
@Index('strategies_user_seq_idx', ['userId', 'seq'])
export class Strategy {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Listing order (cursor pages, newest first). */
  @Column({ type: 'bigint', insert: false, update: false })
  seq: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  /** The latest version's name. */
  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ name: 'latest_version', type: 'int' })
  latestVersion: number;

  /** Soft delete: the versions stay, so backtests and (later) deployments that ran them stay explainable. */
  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
