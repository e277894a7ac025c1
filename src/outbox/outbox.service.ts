import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { NewOutboxEvent } from './trading-event';

/**
 * Writes events inside the caller's transaction, so an event exists if and only if its change committed.
 * The per-user sequence row is locked until commit: one user's events get consecutive numbers in commit order.
 */
@Injectable()
export class OutboxService {
  async append(m: EntityManager, e: NewOutboxEvent): Promise<number> {
    const rows: { seq: string }[] = await m.query(
      `WITH s AS (
         INSERT INTO outbox_sequences (user_id, last_seq) VALUES ($1, 1)
         ON CONFLICT (user_id) DO UPDATE SET last_seq = outbox_sequences.last_seq + 1
         RETURNING last_seq)
       INSERT INTO outbox_events (user_id, seq, portfolio_id, order_id, type, event, payload)
       SELECT $1, s.last_seq, $2, $3, $4, $5, $6 FROM s
       RETURNING seq`,
      [e.userId, e.portfolioId, e.orderId ?? null, e.type, e.event, JSON.stringify(e.payload)],
    );
    return Number(rows[0].seq);
  }
}
