import { dropDatabase } from './database';

export default async function globalTeardown(): Promise<void> {
  const name = process.env.E2E_DATABASE_NAME;
  if (!name || process.env.E2E_KEEP_DATABASE === 'true') return;
  await dropDatabase(name);
}
