import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A notification as sent to the user's /ws/notifications connections (alert firings, system notices). */
@Entity('notifications')
export class Notification {
  @PrimaryColumn({ type: 'bigint', insert: false, update: false })
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ type: 'varchar', length: 16 })
  kind: 'alert' | 'system';

  @Column({ name: 'alert_id', type: 'uuid', nullable: true })
  alertId: string | null;

  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
