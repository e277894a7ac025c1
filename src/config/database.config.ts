import { registerAs } from '@nestjs/config';
import { bool, dataDirOf, databaseUrlOf, type Env, int } from './env';

/** PostgreSQL: a server (DATABASE_URL) or the embedded one under DATA_DIR; migrations on start. */
export interface DatabaseConfig {
  url: string | null;
  dataDir: string;
  runMigrations: boolean;
  poolSize: number;
}

export function loadDatabaseConfig(env: Env): DatabaseConfig {
  return {
    url: databaseUrlOf(env),
    dataDir: dataDirOf(env),
    runMigrations: bool(env, 'RUN_MIGRATIONS', true),
    poolSize: int(env, 'DB_POOL_SIZE', 10, 1, 200),
  };
}

export const databaseConfig = registerAs('database', () => loadDatabaseConfig(process.env));
