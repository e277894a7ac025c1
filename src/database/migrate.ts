import { DataSource } from 'typeorm';

/** Arbitrary constant shared by every Octopus instance: the advisory lock that serialises migrations. */
const MIGRATION_LOCK_KEY = 7_415_262_001;

/**
 * Runs pending migrations while holding a session-level advisory lock, so several instances starting at
 * once take turns instead of racing (TypeORM itself takes no lock). The lock lives on one dedicated
 * connection; migrations run on another and each in its own transaction.
 */
export async function runMigrationsLocked(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    try {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    } finally {
      await runner.release();
    }
  }
}
