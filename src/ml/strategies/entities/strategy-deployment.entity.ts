import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { type Decimal, decimalTransformer } from '../../../common/decimal';

export const DEPLOYMENT_STATUSES = ['active', 'paused', 'stopped'] as const;
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number];

/**
 * A strategy version trading a paper portfolio. The runner holding the row lease (`lease_owner` until
 * `lease_expires_at`, database time) is the only one deciding for it.
 */
@Entity('strategy_deployments')
@Index('strategy_deployments_user_seq_idx', ['userId', 'seq'])
export class StrategyDeployment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'bigint', insert: false, update: false })
  seq: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'strategy_id', type: 'uuid' })
  strategyId: string;

  @Column({ name: 'strategy_version', type: 'int' })
  strategyVersion: number;

  @Column({ name: 'portfolio_id', type: 'uuid' })
  portfolioId: string;

  @Column({ type: 'varchar', length: 8 })
  mode: 'paper';

  @Column({ type: 'varchar', length: 8 })
  status: DeploymentStatus;

  /** The session on whose close the first decision is made. */
  @Column({ name: 'first_decision', type: 'date' })
  firstDecision: string;

  /** The first session whose open it may trade (its decision is on the close of the session before). */
  @Column({ name: 'first_session', type: 'date' })
  firstSession: string;

  /** The portfolio's value when deployed: the parity backtest's initial capital. */
  @Column({ name: 'initial_capital', type: 'numeric', precision: 20, scale: 4, transformer: decimalTransformer })
  initialCapital: Decimal;

  /** The last session whose close has been decided on (null before the first decision). */
  @Column({ name: 'last_decision_date', type: 'date', nullable: true })
  lastDecisionDate: string | null;

  @Column({ name: 'lease_owner', type: 'varchar', length: 64, nullable: true })
  leaseOwner: string | null;

  @Column({ name: 'lease_expires_at', type: 'timestamptz', nullable: true })
  leaseExpiresAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'stopped_at', type: 'timestamptz', nullable: true })
  stoppedAt: Date | null;
}
