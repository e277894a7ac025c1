import { resolve } from 'node:path';

/* Reading environment variables for the config namespaces: each variable parsed and range-checked in one place. */

export type Env = Record<string, string | undefined>;

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`Invalid configuration: ${variable} ${message}`);
  }
}

export const str = (env: Env, name: string): string | undefined => {
  const v = env[name];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
};

export function int(env: Env, name: string, def: number, min: number, max: number): number {
  const raw = str(env, name);
  if (raw === undefined) return def;
  if (!/^-?\d+$/.test(raw)) throw new ConfigError(name, `must be an integer, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${n}`);
  return n;
}

export function bool(env: Env, name: string, def: boolean): boolean {
  const raw = str(env, name);
  if (raw === undefined) return def;
  const v = raw.toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off'].includes(v)) return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

export function url(env: Env, name: string, protocols: string[]): string | null {
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

export function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], def: T): T {
  const v = (str(env, name) ?? def).toLowerCase();
  if (!(allowed as readonly string[]).includes(v)) throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${v}"`);
  return v as T;
}

/** A non-negative decimal kept as its string (money settings never pass through a float). */
export function dec(env: Env, name: string, def: string, min: number, max: number, minExclusive = false): string {
  const raw = str(env, name);
  if (raw === undefined) return def;
  if (!/^\d+(\.\d{1,8})?$/.test(raw)) throw new ConfigError(name, `must be a non-negative decimal, got "${raw}"`);
  const n = Number(raw);
  if (n > max || n < min || (minExclusive && n === min)) {
    throw new ConfigError(name, `must be ${minExclusive ? 'above' : 'at least'} ${min} and at most ${max}, got ${raw}`);
  }
  return raw;
}

/* Variables more than one namespace needs. */

export const dataDirOf = (env: Env): string => resolve(str(env, 'DATA_DIR') ?? './data');
export const databaseUrlOf = (env: Env): string | null => url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
export const nodeEnvOf = (env: Env): string => str(env, 'NODE_ENV') ?? 'development';
