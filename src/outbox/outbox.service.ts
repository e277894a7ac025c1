import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { SqlPart, WriteBatch } from '../common/database/write-batch';
import { NewOutboxEvent } from './trading-event';

/**
 * One user's events of a transaction in one write: the per-user sequence row bumped once by their count (and
 * locked until commit, so one user's events get consecutive numbers in commit order), the events numbered in
 * the order they were appended.
 */
function appendAll(events: NewOutboxEvent[]): SqlPart[] {
  return [
    {
      sql: `INSERT INTO outbox_sequences (user_id, last_seq) VALUES ($1, $2::int)
            ON CONFLICT (user_id) DO UPDATE SET last_seq = outbox_sequences.last_seq + EXCLUDED.last_seq
            RETURNING last_seq`,
      params: [events[0].userId, events.length],
    },
    {
      sql: `INSERT INTO outbox_events (user_id, seq, portfolio_id, order_id, type, event, payload)
            SELECT $1, s.last_seq - $2::int + e.n, e.portfolio_id, e.order_id, e.type, e.event, e.payload
            FROM {prev} s, unnest($3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::jsonb[]) WITH ORDINALITY AS e(portfolio_id, order_id, type, event, payload, n)`,
      params: [
        events[0].userId,
        events.length,
        events.map((e) => e.portfolioId),
        events.map((e) => e.orderId ?? null),
        events.map((e) => e.type),
        events.map((e) => e.event),
        events.map((e) => JSON.stringify(e.payload)),
      ],
    },
  ];
}

/** Writes events inside the caller's transaction, so an event exists if and only if its change committed. */
@Injectable()
export class OutboxService {
  append(m: EntityManager, e: NewOutboxEvent): Promise<void> {
    return WriteBatch.collect(m, `outbox:${e.userId}`, e, appendAll);
  }
}
