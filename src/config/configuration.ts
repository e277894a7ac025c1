import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Typed, validated configuration. Every variable is read once here; nothing else reads process.env. */
export interface AppConfig {
  port: number;
  host: string;
  databaseUrl: string | null;
  dataDir: string;
  redisUrl: string | null;
  jwt: { secret: string; secretSource: 'env' | 'generated' | 'persisted'; accessTtl: number; refreshTtl: number };
  rateLimit: { enabled: boolean; perMinute: number; burst: number; burstWindowSeconds: number };
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  runMigrations: boolean;
  dbPoolSize: number;
  adminEmails: string[];
  argon2: { memoryCost: number; timeCost: number; parallelism: number };
  trustProxy: boolean;
  nodeEnv: string;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`Invalid configuration: ${variable} ${message}`);
  }
}

type Env = Record<string, string | undefined>;

const str = (env: Env, name: string): string | undefined => {
  const v = env[name];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
};

function int(env: Env, name: string, def: number, min: number, max: number): number {
  const raw = str(env, name);
  if (raw === undefined) return def;
  if (!/^-?\d+$/.test(raw)) throw new ConfigError(name, `must be an integer, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${n}`);
  return n;
}

function bool(env: Env, name: string, def: boolean): boolean {
  const raw = str(env, name);
  if (raw === undefined) return def;
  const v = raw.toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off'].includes(v)) return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

function url(env: Env, name: string, protocols: string[]): string | null {
  const raw = str(env, name);
  if (raw === undefined) return null;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, 'is not a valid URL');
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must use ${protocols.join(' or ')} (got ${parsed.protocol})`);
  }
  return raw;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Embedded mode keeps a generated signing key under DATA_DIR so tokens survive a restart. With a real
 * database several instances may run, so they must share JWT_SECRET from the environment.
 */
function resolveJwtSecret(
  env: Env,
  databaseUrl: string | null,
  dataDir: string,
): { secret: string; source: AppConfig['jwt']['secretSource'] } {
  const fromEnv = str(env, 'JWT_SECRET');
  if (fromEnv !== undefined) {
    if (fromEnv.length < 32) throw new ConfigError('JWT_SECRET', 'must be at least 32 characters');
    return { secret: fromEnv, source: 'env' };
  }
  if (databaseUrl) throw new ConfigError('JWT_SECRET', 'is required when DATABASE_URL is set (every instance must sign with the same key)');
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) {
    const secret = readFileSync(file, 'utf8').trim();
    if (secret.length >= 32) return { secret, source: 'persisted' };
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return { secret, source: 'generated' };
}

export function loadConfig(env: Env = process.env): AppConfig {
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  const redisUrl = url(env, 'REDIS_URL', ['redis:', 'rediss:']);
  const dataDir = resolve(str(env, 'DATA_DIR') ?? './data');
  const logLevel = (str(env, 'LOG_LEVEL') ?? 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }
  const accessTtl = int(env, 'JWT_ACCESS_TTL', 3600, 60, 86400);
  const refreshTtl = int(env, 'JWT_REFRESH_TTL', 30 * 86400, 300, 365 * 86400);
  if (refreshTtl <= accessTtl) throw new ConfigError('JWT_REFRESH_TTL', 'must be longer than JWT_ACCESS_TTL');
  const jwt = resolveJwtSecret(env, databaseUrl, dataDir);
  const emails = (str(env, 'ADMIN_EMAILS') ?? '')
    .split(',')
    .map((e) => e.trim().toLowerCase())
    .filter(Boolean);
  for (const e of emails) {
    if (!/^[^@\s]+@[^@\s]+$/.test(e)) throw new ConfigError('ADMIN_EMAILS', `contains an invalid email "${e}"`);
  }
  const nodeEnv = str(env, 'NODE_ENV') ?? 'development';
  return {
    port: int(env, 'PORT', 8000, 0, 65535),
    host: str(env, 'HOST') ?? '0.0.0.0',
    databaseUrl,
    dataDir,
    redisUrl,
    jwt: { secret: jwt.secret, secretSource: jwt.source, accessTtl, refreshTtl },
    rateLimit: {
      enabled: bool(env, 'RATE_LIMIT_ENABLED', true),
      perMinute: int(env, 'RATE_LIMIT_PER_MINUTE', 100, 1, 1_000_000),
      burst: int(env, 'RATE_LIMIT_BURST', 20, 1, 1_000_000),
      burstWindowSeconds: 10,
    },
    logLevel: logLevel as AppConfig['logLevel'],
    runMigrations: bool(env, 'RUN_MIGRATIONS', true),
    dbPoolSize: int(env, 'DB_POOL_SIZE', 10, 1, 200),
    adminEmails: emails,
    argon2: {
      memoryCost: int(env, 'ARGON2_MEMORY_KIB', 19456, 1024, 1048576),
      timeCost: int(env, 'ARGON2_TIME_COST', 2, 1, 10),
      parallelism: int(env, 'ARGON2_PARALLELISM', 1, 1, 16),
    },
    trustProxy: bool(env, 'TRUST_PROXY', false),
    nodeEnv,
  };
}

