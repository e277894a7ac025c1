import { randomBytes } from 'node:crypto';
import { createDatabase, type TestDatabase } from '../../../../test/support/database';
import { ensureBuild, serverEnv, startServer, type ServerProcess } from '../../../../test/faults/support/server';
import { OctopusTrading } from '../../src';

export interface Stack {
  db: TestDatabase;
  server: ServerProcess;
  url: string;
  email: string;
  password: string;
  /** An API key of that user (all scopes). */
  apiKey: string;
  /** Stops the server (if still running) and drops the database. */
  stop(): Promise<void>;
  /** Starts the server again on the same port and database (after a `server.kill()`). */
  restart(): Promise<void>;
}

export const uniqueEmail = (tag: string) => `sdk-${tag}-${randomBytes(4).toString('hex')}@example.com`;

/** A server process on a fresh database, one registered user and an API key of theirs. */
export async function startStack(extraEnv: Record<string, string> = {}, options: { port?: number } = {}): Promise<Stack> {
  ensureBuild();
  const db = await createDatabase('sdk');
  const env = serverEnv(db.url, { TRADING_HOURS: 'always', ...extraEnv, ...(options.port ? { PORT: String(options.port) } : {}) });
  let server = await startServer(env);
  const email = uniqueEmail('user');
  const password = 'secure_password';
  const setup = new OctopusTrading({ baseUrl: server.url, email, password });
  await setup.auth.register({ email, password });
  const { key } = await setup.auth.apiKeys.create({ name: 'sdk tests' });
  const stack: Stack = {
    db,
    get server() {
      return server;
    },
    url: server.url,
    email,
    password,
    apiKey: key,
    async stop() {
      if (server.proc.exitCode === null && server.proc.signalCode === null) {
        server.kill('SIGKILL');
        await server.exited;
      }
      await db.drop();
    },
    async restart() {
      await server.exited;
      server = await startServer({ ...env, PORT: String(server.port) });
    },
  };
  return stack;
}

/** Resolves when `predicate` holds, polling every 20 ms; rejects after `timeoutMs`. */
export async function waitFor(predicate: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const started = Date.now();
  while (!predicate()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
