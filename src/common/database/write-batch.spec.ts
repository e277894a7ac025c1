import type { DataSource, EntityManager } from 'typeorm';
import { WriteBatch } from './write-batch';

function fakeDb() {
  const sent: { sql: string; params: unknown[] }[] = [];
  const m = { query: async (sql: string, params: unknown[]) => void sent.push({ sql, params }), queryRunner: undefined } as unknown as EntityManager;
  const db = { transaction: <T>(fn: (m: EntityManager) => Promise<T>) => fn(m) } as unknown as DataSource;
  return { m, db, sent };
}

describe('WriteBatch', () => {
  it('sends each write at once outside a batching transaction', async () => {
    const { m, sent } = fakeDb();
    await WriteBatch.write(m, 'row:1', () => ({ sql: 'UPDATE t SET a = $2 WHERE id = $1', params: [1, 'x'] }));
    await WriteBatch.write(m, 'row:1', () => ({ sql: 'UPDATE t SET a = $2 WHERE id = $1', params: [1, 'y'] }));
    expect(sent).toEqual([
      { sql: 'UPDATE t SET a = $2 WHERE id = $1', params: [1, 'x'] },
      { sql: 'UPDATE t SET a = $2 WHERE id = $1', params: [1, 'y'] },
    ]);
  });

  it('sends a transaction’s writes as one statement at the end, renumbering parameters and reading state at send time', async () => {
    const { db, sent } = fakeDb();
    const row = { id: 'o1', status: 'new' };
    await WriteBatch.transaction(db, async (m) => {
      await WriteBatch.write(m, `order:${row.id}`, () => ({ sql: 'INSERT INTO orders (id, status) VALUES ($1, $2)', params: [row.id, row.status] }));
      await WriteBatch.write(m, null, () => ({ sql: 'INSERT INTO fills (order_id) VALUES ($1)', params: [row.id] }));
      row.status = 'filled';
      // The same row again: the insert above goes out once, with the final status.
      await WriteBatch.write(m, `order:${row.id}`, () => ({ sql: 'UPDATE orders SET status = $2 WHERE id = $1', params: [row.id, row.status] }));
      expect(sent).toEqual([]);
    });
    expect(sent).toEqual([
      { sql: 'WITH w0 AS (INSERT INTO orders (id, status) VALUES ($1, $2))\nINSERT INTO fills (order_id) VALUES ($3)', params: ['o1', 'filled', 'o1'] },
    ]);
  });

  it('collects items under one key into one write, chaining multi-part writes through {prev}', async () => {
    const { db, sent } = fakeDb();
    const events = (items: string[]) => [
      { sql: 'INSERT INTO seqs VALUES ($1) RETURNING n', params: [items.length] },
      { sql: 'INSERT INTO events SELECT n, unnest($1::text[]) FROM {prev}', params: [items] },
    ];
    await WriteBatch.transaction(db, async (m) => {
      await WriteBatch.collect(m, 'outbox:u1', 'new', events);
      await WriteBatch.collect(m, 'outbox:u1', 'fill', events);
    });
    expect(sent).toEqual([
      { sql: 'WITH w0 AS (INSERT INTO seqs VALUES ($1) RETURNING n)\nINSERT INTO events SELECT n, unnest($2::text[]) FROM w0', params: [2, ['new', 'fill']] },
    ]);
  });

  it('sends nothing when the transaction fails', async () => {
    const { db, sent } = fakeDb();
    await expect(
      WriteBatch.transaction(db, async (m) => {
        await WriteBatch.write(m, null, () => ({ sql: 'INSERT INTO t VALUES ($1)', params: [1] }));
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(sent).toEqual([]);
  });
});
