import type { DataSource, EntityManager } from 'typeorm';
import { preparedQuery } from './prepared';

/**
 * One part of a write: parameterised SQL numbered from $1. In a multi-part write `{prev}` names the part before
 * (`WITH … RETURNING` chains, such as the outbox's sequence bump feeding its event rows).
 */
export interface SqlPart {
  sql: string;
  params: unknown[];
}

type Write = () => SqlPart | SqlPart[];

/**
 * The writes of one transaction that nothing in it reads back, sent together as ONE statement just before
 * COMMIT (each a data-modifying CTE) instead of one round trip each. PostgreSQL runs every part of the statement
 * on the transaction's locks and checks foreign keys at its end, so an order, its fill, the position and the
 * cash entries referencing each other may go out together; what it does not allow is touching one row twice in
 * one statement, hence the keys: a write is a function of the entities' state at send time, registered under
 * the key of the row it writes, and registering a key again keeps the first write (an INSERT of a row updated
 * later in the transaction is sent once, with the final values).
 *
 * Only transactions opened with `WriteBatch.transaction` batch; anywhere else each write is sent at once.
 * Rows a batching transaction read FOR UPDATE are kept in `locked`, so a second read sees the pending changes.
 */
export class WriteBatch {
  private static readonly open = new WeakMap<EntityManager, WriteBatch>();
  private readonly writes = new Map<string, Write>();
  private readonly bags = new Map<string, unknown[]>();
  private anonymous = 0;
  readonly locked = new Map<string, unknown>();

  static transaction<T>(db: DataSource, fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return db.transaction(async (m) => {
      const batch = new WriteBatch();
      WriteBatch.open.set(m, batch);
      try {
        const result = await fn(m);
        await batch.send(m);
        return result;
      } finally {
        WriteBatch.open.delete(m);
      }
    });
  }

  static of(m: EntityManager): WriteBatch | undefined {
    return WriteBatch.open.get(m);
  }

  /** Writes the row under `key` (null: a row no other write touches), now or with the batch. */
  static async write(m: EntityManager, key: string | null, write: Write): Promise<void> {
    const batch = WriteBatch.open.get(m);
    if (!batch) return send(m, [write()]);
    const k = key ?? `#${batch.anonymous++}`;
    if (!batch.writes.has(k)) batch.writes.set(k, write);
  }

  /** Adds `item` to the list under `key`, written by one `write(items)` (e.g. several events in one INSERT). */
  static async collect<T>(m: EntityManager, key: string, item: T, write: (items: T[]) => SqlPart | SqlPart[]): Promise<void> {
    const batch = WriteBatch.open.get(m);
    if (!batch) return send(m, [write([item])]);
    let bag = batch.bags.get(key) as T[] | undefined;
    if (!bag) {
      const items: T[] = [];
      bag = items;
      batch.bags.set(key, items);
      batch.writes.set(key, () => write(items));
    }
    bag.push(item);
  }

  private async send(m: EntityManager): Promise<void> {
    const writes = [...this.writes.values()].map((w) => w());
    this.writes.clear();
    this.bags.clear();
    if (writes.length) await send(m, writes);
  }
}

/** The parts as one statement: all but the last as CTEs `w0…`, the last as the main statement. */
async function send(m: EntityManager, writes: (SqlPart | SqlPart[])[]): Promise<void> {
  const parts = writes.flat();
  const params: unknown[] = [];
  const sql = parts.map((p, i) => {
    const offset = params.length;
    params.push(...p.params);
    const text = p.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`).replace(/\{prev\}/g, `w${i - 1}`);
    return i === parts.length - 1 ? text : `w${i} AS (${text})`;
  });
  const last = sql.pop()!;
  await preparedQuery(m, sql.length ? `WITH ${sql.join(',\n')}\n${last}` : last, params);
}
