import { createDatabase } from './database';

/** Creates a database for this run; every suite's app migrates it on start. Dropped by global-teardown. */
export default async function globalSetup(): Promise<void> {
  const db = await createDatabase('octopus_e2e');
  process.env.E2E_DATABASE_URL = db.url;
  process.env.E2E_DATABASE_NAME = db.name;
}
