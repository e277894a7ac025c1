import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/configuration';
import { createApp } from './app.setup';
import { DataDirBusyError } from './database/data-dir-lock';

async function bootstrap(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
  if (config.auth.jwt.secretSource === 'generated') {
    process.stderr.write(
      `WARNING: JWT_SECRET is not set; generated a random signing key and saved it in ${config.app.dataDir}/jwt-secret. ` +
        'Set JWT_SECRET in production.\n',
    );
  }
  const app = await createApp();
  await app.listen(config.app.port, config.app.host);
  const mode = config.database.url ? 'PostgreSQL (DATABASE_URL)' : `embedded PostgreSQL in ${config.app.dataDir}`;
  process.stdout.write(`Octopus listening on http://localhost:${config.app.port} (${mode}); docs at /docs\n`);
}

bootstrap().catch((err) => {
  if (err instanceof DataDirBusyError) {
    process.stderr.write(`Octopus failed to start: ${err.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`Octopus failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
