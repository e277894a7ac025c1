import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Decimal, decimalTransformer } from '../../../common/decimal';
import type { AlertCondition } from '../alert-rules';

@Entity('alerts')
export class Alert {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ type: 'varchar', length: 10 })
  symbol: string;

  @Column({ type: 'varchar', length: 16 })
  condition: AlertCondition;

  @Column({ type: 'numeric', precision: 18, scale: 6, transformer: decimalTransformer })
  threshold: Decimal;

  @Column({ type: 'boolean', default: false })
  repeat: boolean;

  /** False once a one-shot alert has fired. */
  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** May fire: true until it fires, and again once the condition stops holding (repeating alerts). */
  @Column({ type: 'boolean', default: true })
  armed: boolean;

  /** Quote time of the last fire/re-arm transition. */
  @Column({ name: 'state_at', type: 'timestamptz', nullable: true })
  stateAt: Date | null;

  @Column({ name: 'trigger_count', type: 'integer', default: 0 })
  triggerCount: number;

  @Column({ name: 'last_triggered_at', type: 'timestamptz', nullable: true })
  lastTriggeredAt: Date | null;

  @Column({ name: 'last_triggered_price', type: 'numeric', precision: 18, scale: 6, nullable: true, transformer: decimalTransformer })
  lastTriggeredPrice: Decimal | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
