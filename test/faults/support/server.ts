import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { TEST_JWT_SECRET } from '../../support/app';

const ROOT = join(__dirname, '..', '..', '..');

/** Builds dist/ when it is missing or older than the sources (the same check as `npm start`). */
export function ensureBuild(): void {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'ensure-build.js')], { cwd: ROOT, stdio: 'inherit' });
}

/** A free TCP port on 127.0.0.1 (bound and released, so a child can take it). */
export async function freePort(): Promise<number> {
  const srv = createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const port = (srv.address() as { port: number }).port;
  srv.close();
  await once(srv, 'close');
  return port;
}

export interface ServerProcess {
  url: string;
  port: number;
  proc: ChildProcess;
  /** Everything the process wrote (stdout + stderr), for assertions and for failure messages. */
  output(): string;
  /** Resolves with the exit code and signal once the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  kill(signal?: NodeJS.Signals): void;
}

/** Environment of a fault-test server: real PostgreSQL, quiet JSON logs, fast hashing, no rate limits. */
export function serverEnv(databaseUrl: string, extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TZ: 'UTC',
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    JWT_SECRET: TEST_JWT_SECRET,
    RATE_LIMIT_ENABLED: 'false',
    LOG_LEVEL: 'warn',
    ARGON2_MEMORY_KIB: '1024',
    ARGON2_TIME_COST: '1',
    TRUST_PROXY: 'true',
    HOST: '127.0.0.1',
    ...extra,
  };
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

/**
 * Starts `node dist/src/main` with `env` (see serverEnv) on a free port and waits until it listens. `script` runs
 * another entry point instead (e.g. support/market-server.js), with an IPC channel to it when `ipc` is set.
 */
export async function startServer(env: Record<string, string>, timeoutMs = 60_000, opts: { script?: string; ipc?: boolean } = {}): Promise<ServerProcess> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const proc = spawn(process.execPath, [opts.script ?? join(ROOT, 'dist', 'src', 'main.js')], {
    cwd: ROOT,
    env: { ...env, PORT: String(port) },
    stdio: opts.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    proc.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  const started = Date.now();
  let gone = false;
  void exited.then(() => (gone = true));
  while (!out.includes('Octopus listening on')) {
    if (gone) throw new Error(`server exited before listening:\n${out}`);
    if (Date.now() - started > timeoutMs) {
      proc.kill('SIGKILL');
      throw new Error(`server did not listen within ${timeoutMs} ms:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    proc,
    output: () => out,
    exited,
    kill: (signal = 'SIGTERM') => void proc.kill(signal),
  };
}
