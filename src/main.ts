import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/configuration';
import type { Server } from 'node:http';
import { Logger } from '@nestjs/common';
import { createApp, shutdownGateOf } from './app.setup';
import { shutDown } from './common/http/graceful-shutdown';
import { OutboxRelay } from './outbox/outbox-relay.service';
import { ChannelHub } from './realtime/channel-hub.service';
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
  const logger = new Logger('Shutdown');
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    void shutDown(
      {
        gate: shutdownGateOf(app),
        server: app.getHttpServer() as Server,
        graceMs: config.app.shutdownGraceMs,
        onDrain: () => app.get(ChannelHub).drain(),
        // Orders committed before the signal reach the bus now rather than at the next start.
        beforeClose: (ms) => Promise.race([app.get(OutboxRelay).flush(), new Promise<void>((r) => setTimeout(r, ms).unref())]),
        close: () => app.close(),
        log: (message, fields) => (fields ? logger.log(fields, message) : logger.log(message)),
        exit: (code) => process.exit(code),
      },
      signal,
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
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
