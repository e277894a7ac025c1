import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The server e2e tests use: the local PostgreSQL, overridable with TEST_PG_URL. */
export const ADMIN_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Creates a database for this run; every suite's app migrates it on start. Dropped by global-teardown. */
export default async function globalSetup(): Promise<void> {
  const name = `octopus_e2e_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  process.env.E2E_DATABASE_URL = url.toString();
  process.env.E2E_DATABASE_NAME = name;
}
