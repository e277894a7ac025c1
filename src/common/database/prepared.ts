import { EntityManager, QueryFailedError } from 'typeorm';

interface PgClient {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/** One name per statement text, the same on every connection (node-postgres prepares a name once per connection). */
const names = new Map<string, string>();

/**
 * Runs a statement of the caller's transaction as a named prepared statement on node-postgres: PostgreSQL parses
 * it once per connection, and later runs send only Bind/Execute. Errors are TypeORM's QueryFailedError, as from
 * `m.query`. Outside a transaction (or on another driver) it is plain `m.query`.
 */
export async function preparedQuery<T>(m: EntityManager, text: string, params: unknown[]): Promise<T[]> {
  const runner = m.queryRunner;
  if (!runner?.isTransactionActive || m.connection.driver.options.type !== 'postgres') return m.query(text, params);
  const client = (await runner.connect()) as PgClient;
  let name = names.get(text);
  if (!name) {
    name = `octopus_${names.size + 1}`;
    names.set(text, name);
  }
  try {
    return (await client.query({ name, text, values: params })).rows as T[];
  } catch (err) {
    throw new QueryFailedError(text, params, err as Error);
  }
}
