import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { type Decimal, decimalTransformer } from '../../../common/decimal';
import type { SessionTrace } from '../domain/document';

export const DECISION_STATUSES = ['hold', 'pending', 'placing', 'placed', 'refused', 'rejected', 'missed', 'paused'] as const;
export type DecisionStatus = (typeof DECISION_STATUSES)[number];

/** What the rules said about one symbol on one session's close, and what the runner did about it at the next open. */
@Entity('strategy_decisions')
export class StrategyDecision {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'bigint', insert: false, update: false })
  seq: string;

  @Column({ name: 'deployment_id', type: 'uuid' })
  deploymentId: string;

  /** The session whose close was decided on. */
  @Column({ name: 'session_date', type: 'date' })
  sessionDate: string;

  /** The session at whose open the order goes. */
  @Column({ name: 'trade_session', type: 'date' })
  tradeSession: string;

  @Column({ type: 'varchar', length: 10 })
  symbol: string;

  /** Close, open and each indicator's value on the decision session. */
  @Column({ type: 'jsonb' })
  inputs: Record<string, number | null>;

  /** entry / exit / stop results (null where the rule was not evaluated: entry while held, exit while flat). */
  @Column({ type: 'jsonb' })
  rules: SessionTrace['rules'];

  /** 1 = hold a position after the next open, 0 = flat. */
  @Column({ type: 'smallint' })
  target: number;

  @Column({ type: 'varchar', length: 4 })
  action: 'buy' | 'sell' | 'none';

  @Column({ type: 'varchar', length: 10 })
  status: DecisionStatus;

  /** The portfolio's real position when the order was sized. */
  @Column({ name: 'position_quantity', type: 'numeric', precision: 20, scale: 8, nullable: true, transformer: decimalTransformer })
  positionQuantity: Decimal | null;

  @Column({ type: 'numeric', precision: 20, scale: 8, nullable: true, transformer: decimalTransformer })
  quantity: Decimal | null;

  @Column({ name: 'order_id', type: 'uuid', nullable: true })
  orderId: string | null;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
