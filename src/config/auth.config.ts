import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { registerAs } from '@nestjs/config';
import { ConfigError, dataDirOf, databaseUrlOf, type Env, int, str } from './env';

/** Tokens, password hashing and who is an admin. */
export interface AuthConfig {
  jwt: { secret: string; secretSource: 'env' | 'generated' | 'persisted'; accessTtl: number; refreshTtl: number };
  adminEmails: string[];
  argon2: { memoryCost: number; timeCost: number; parallelism: number };
}

/**
 * Embedded mode keeps a generated signing key under DATA_DIR so tokens survive a restart. With a real
 * database several instances may run, so they must share JWT_SECRET from the environment.
 */
function resolveJwtSecret(env: Env): { secret: string; source: AuthConfig['jwt']['secretSource'] } {
  const fromEnv = str(env, 'JWT_SECRET');
  if (fromEnv !== undefined) {
    if (fromEnv.length < 32) throw new ConfigError('JWT_SECRET', 'must be at least 32 characters');
    return { secret: fromEnv, source: 'env' };
  }
  if (databaseUrlOf(env)) throw new ConfigError('JWT_SECRET', 'is required when DATABASE_URL is set (every instance must sign with the same key)');
  const dataDir = dataDirOf(env);
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

export function loadAuthConfig(env: Env): AuthConfig {
  const accessTtl = int(env, 'JWT_ACCESS_TTL', 3600, 60, 86400);
  const refreshTtl = int(env, 'JWT_REFRESH_TTL', 30 * 86400, 300, 365 * 86400);
  if (refreshTtl <= accessTtl) throw new ConfigError('JWT_REFRESH_TTL', 'must be longer than JWT_ACCESS_TTL');
  const emails = (str(env, 'ADMIN_EMAILS') ?? '')
    .split(',')
    .map((e) => e.trim().toLowerCase())
    .filter(Boolean);
  for (const e of emails) {
    if (!/^[^@\s]+@[^@\s]+$/.test(e)) throw new ConfigError('ADMIN_EMAILS', `contains an invalid email "${e}"`);
  }
  const jwt = resolveJwtSecret(env);
  return {
    jwt: { secret: jwt.secret, secretSource: jwt.source, accessTtl, refreshTtl },
    adminEmails: emails,
    argon2: {
      memoryCost: int(env, 'ARGON2_MEMORY_KIB', 19456, 1024, 1048576),
      timeCost: int(env, 'ARGON2_TIME_COST', 2, 1, 10),
      parallelism: int(env, 'ARGON2_PARALLELISM', 1, 1, 16),
    },
  };
}

export const authConfig = registerAs('auth', () => loadAuthConfig(process.env));
