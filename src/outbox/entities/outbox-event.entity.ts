import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * An event written in the same transaction as the change it describes, then relayed. `seq` increases by one per
 * user in commit order, so a consumer can detect gaps and resume.
 */
@Entity('outbox_events')
export class OutboxEvent {
  @PrimaryColumn({ type: 'bigint', insert: false, update: false })
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ type: 'bigint' })
  seq: string;

  @Column({ name: 'portfolio_id', type: 'uuid', nullable: true })
  portfolioId: string | null;

  @Column({ name: 'order_id', type: 'uuid', nullable: true })
  orderId: string | null;

  @Column({ type: 'varchar', length: 16 })
  type: string;

  @Column({ type: 'varchar', length: 32 })
  event: string;

  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null;
}
