import { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from '../../migrations';

export interface ConnectionTarget {
  /** postgres:// URL of a real server, or null for the embedded socket. */
  url: string | null;
  socketDir?: string;
  port?: number;
  poolSize: number;
  /** Optional schema (tests run each suite in a database of its own; a schema is also possible). */
  schema?: string;
}

/** One definition of the data source, shared by the app, the TypeORM CLI (ormconfig.ts) and the tests. */
export function buildDataSourceOptions(target: ConnectionTarget): DataSourceOptions {
  const connection = target.url
    ? { url: target.url }
    : { host: target.socketDir, port: target.port, username: 'postgres', database: 'postgres' };
  return {
    type: 'postgres',
    ...connection,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    uuidExtension: 'pgcrypto',
    poolSize: target.poolSize,
    schema: target.schema,
    extra: {
      max: target.poolSize,
      ...(target.schema ? { options: `-c search_path=${target.schema}` } : {}),
      connectionTimeoutMillis: 10_000,
    },
  };
}
