import { ChildProcess, execSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';

/**
 * Running the built server as separate processes against one PostgreSQL database: shared by the orders
 * benchmark and the two-instance e2e test (processes, not modules in one jest process).
 */

export const ROOT = join(__dirname, '..');
export const SERVER_JWT_SECRET = 'orders-multi-process-secret-at-least-32-characters';

/** Builds dist/ when it is missing or older than the sources (as `npm start` does). */
export function ensureBuild(): void {
  execSync(`node ${join(ROOT, 'scripts', 'ensure-build.js')}`, { cwd: ROOT, stdio: 'inherit' });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}


export interface ServerProcess {
  name: string;
  url: string;
  proc: ChildProcess;
  /** stdout and stderr lines so far. */
  lines: string[];
  stop(): Promise<void>;
}

/** Starts `node dist/src/main.js` and waits for /health/ready. */
export async function startServer(name: string, databaseUrl: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const port = await freePort();
  const childEnv: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TZ: 'UTC',
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    JWT_SECRET: SERVER_JWT_SECRET,
    RATE_LIMIT_ENABLED: 'false',
    LOG_LEVEL: 'warn',
    ARGON2_MEMORY_KIB: '1024',
    ARGON2_TIME_COST: '1',
    MARKET_DATA_PROVIDER: 'simulated',
    TRADING_HOURS: 'always',
    ...(process.env.HTTP_ADAPTER ? { HTTP_ADAPTER: process.env.HTTP_ADAPTER } : {}),
    ...env,
  };
  const args = [
    // e.g. ORDERS_SERVER_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' to profile the servers.
    ...(process.env.ORDERS_SERVER_NODE_ARGS ? process.env.ORDERS_SERVER_NODE_ARGS.split(' ') : []),
    ...(childEnv.OCTOPUS_CLOCK_OFFSET_MS ? ['-r', join(ROOT, 'bench', 'orders-clock-shift.js')] : []),
    join(ROOT, 'dist', 'src', 'main.js'),
  ];
  const proc = spawn(process.execPath, args, { cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const collect = (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
  proc.stdout?.on('data', collect);
  proc.stderr?.on('data', collect);
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`${name} exited (${proc.exitCode}):\n${lines.slice(-20).join('\n')}`);
    try {
      const res = await fetch(`${url}/health/ready`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`${name} not ready in 90 s:\n${lines.slice(-20).join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    name,
    url,
    proc,
    lines,
    stop: async () => {
      if (proc.exitCode !== null) return;
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Milliseconds to add to the wall clock so that, for the next hour, it is mid-session (11:00 New York) on a
 * past NYSE trading day (2025-06-10, a Tuesday): the simulated market then trades with volume at any hour.
 */
export function sessionClockOffset(): number {
  return new Date('2025-06-10T15:00:00Z').getTime() - Date.now();
}

/** JSON over fetch, throwing on unexpected statuses. */
export async function api<T = Record<string, unknown>>(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  token?: string,
  expected: number[] = [200, 201],
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const parsed = (text ? JSON.parse(text) : null) as T;
  if (!expected.includes(res.status)) throw new Error(`${method} ${path} → ${res.status}: ${text}`);
  return { status: res.status, body: parsed };
}

/** Registers and logs in a user; returns the access token and id. */
export async function newUser(base: string): Promise<{ token: string; userId: string }> {
  const email = `bench.${Date.now()}.${randomBytes(3).toString('hex')}@example.com`;
  const password = 'correct horse battery';
  const reg = await api<{ id: string }>(base, 'POST', '/api/auth/register', { email, password });
  const login = await api<{ access_token: string }>(base, 'POST', '/api/auth/login', { email, password }, undefined, [200]);
  return { token: login.body.access_token, userId: reg.body.id };
}
