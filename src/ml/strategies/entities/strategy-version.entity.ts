import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { StrategyDocument } from '../domain/document';

/** One version of a strategy's document. Never updated: a change is a new version (PUT), so a run can name what it ran. */
@Entity('strategy_versions')
export class StrategyVersion {
  @PrimaryColumn({ name: 'strategy_id', type: 'uuid' })
  strategyId: string;

  @PrimaryColumn({ type: 'int' })
  version: number;

  /** The validated document with its defaults filled in (symbols upper-case, rebalance, order). */
  @Column({ type: 'jsonb' })
  document: StrategyDocument;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
