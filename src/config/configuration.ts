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
  market: MarketConfig;
  trading: TradingConfig;
  realtime: RealtimeConfig;
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
    market: loadMarketConfig(env, nodeEnv),
    trading: loadTradingConfig(env),
    realtime: loadRealtimeConfig(env),
  };
}

export interface MarketConfig {
  provider: 'simulated' | 'yahoo' | 'manual';
  seed: string;
  /** Tick period of the live stream; 0 = no timer (ticks only through TickSchedulerService.tick()). */
  tickMs: number;
  tradingHours: 'nyse' | 'always';
  /** Upstream polling period of the real provider; 0 = no timer. */
  pollMs: number;
  quoteTtlMs: number;
  /** How often an instance looks for CSV imports made elsewhere (another instance, the CLI); 0 = never. */
  importSyncMs: number;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], def: T): T {
  const v = (str(env, name) ?? def).toLowerCase();
  if (!(allowed as readonly string[]).includes(v)) throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${v}"`);
  return v as T;
}

/** Market data. Timers default to off under NODE_ENV=test so test apps never tick unless they ask. */
function loadMarketConfig(env: Env, nodeEnv: string): MarketConfig {
  const seed = str(env, 'MARKET_SEED') ?? 'octopus';
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(seed)) throw new ConfigError('MARKET_SEED', 'must be 1-64 of A-Z a-z 0-9 . _ -');
  const timers = nodeEnv !== 'test';
  const tickMs = int(env, 'MARKET_TICK_MS', timers ? 1000 : 0, 0, 60_000);
  if (tickMs > 0 && tickMs < 50) throw new ConfigError('MARKET_TICK_MS', `must be 0 (off) or at least 50, got ${tickMs}`);
  const pollMs = int(env, 'MARKET_POLL_MS', timers ? 15_000 : 0, 0, 3_600_000);
  if (pollMs > 0 && pollMs < 1000) throw new ConfigError('MARKET_POLL_MS', `must be 0 (off) or at least 1000, got ${pollMs}`);
  const importSyncMs = int(env, 'MARKET_IMPORT_SYNC_MS', timers ? 5000 : 0, 0, 3_600_000);
  if (importSyncMs > 0 && importSyncMs < 500) {
    throw new ConfigError('MARKET_IMPORT_SYNC_MS', `must be 0 (off) or at least 500, got ${importSyncMs}`);
  }
  return {
    provider: oneOf(env, 'MARKET_DATA_PROVIDER', ['simulated', 'yahoo', 'manual'] as const, 'simulated'),
    seed,
    tickMs,
    tradingHours: oneOf(env, 'TRADING_HOURS', ['nyse', 'always'] as const, 'nyse'),
    pollMs,
    quoteTtlMs: int(env, 'MARKET_QUOTE_TTL_MS', 1000, 0, 60_000),
    importSyncMs,
  };
}

// ---- Trading (orders and portfolios) ----------------------------------------------------------------

/** Decimal settings stay strings so money math never passes through a float. */
export interface TradingConfig {
  /** Per order: `per_share` × shares or `bps` of notional, at least `minimum`; `none` like Alpaca. */
  commission:
    | { kind: 'none' }
    | { kind: 'per_share'; per_share: string; minimum: string }
    | { kind: 'bps'; bps: string; minimum: string };
  /** Adverse slippage on every fill, basis points. */
  slippageBps: string;
  /** A market (or stop) buy reserves last price × (1 + collar) + commission. */
  marketCollarBps: string;
  /** Largest share of one tick's volume a single fill may take, in (0, 1]. */
  maxVolumeShare: string;
  /** Which orders may have fractional quantities (≤ 6 dp): none, market orders only, or all. */
  fractionalOrders: 'none' | 'market' | 'all';
  /** How often the engine expires day orders, re-evaluates, syncs watched symbols and records closes. */
  sweepIntervalMs: number;
  /** How often the outbox relay polls for events left unpublished (e.g. by a crashed instance). */
  outboxPollMs: number;
}

function dec(env: Env, name: string, def: string, min: number, max: number, minExclusive = false): string {
  const raw = str(env, name);
  if (raw === undefined) return def;
  if (!/^\d+(\.\d{1,8})?$/.test(raw)) throw new ConfigError(name, `must be a non-negative decimal, got "${raw}"`);
  const n = Number(raw);
  if (n > max || n < min || (minExclusive && n === min)) {
    throw new ConfigError(name, `must be ${minExclusive ? 'above' : 'at least'} ${min} and at most ${max}, got ${raw}`);
  }
  return raw;
}

const FRACTIONAL_POLICIES = ['none', 'market', 'all'] as const;

export function loadTradingConfig(env: Env): TradingConfig {
  const perShare = dec(env, 'COMMISSION_PER_SHARE', '0', 0, 100);
  const bps = dec(env, 'COMMISSION_BPS', '0', 0, 1000);
  const minimum = dec(env, 'COMMISSION_MINIMUM', '0', 0, 10000);
  if (Number(perShare) > 0 && Number(bps) > 0) throw new ConfigError('COMMISSION_BPS', 'cannot be combined with COMMISSION_PER_SHARE');
  const fractional = (str(env, 'FRACTIONAL_ORDERS') ?? 'market').toLowerCase();
  if (!(FRACTIONAL_POLICIES as readonly string[]).includes(fractional)) {
    throw new ConfigError('FRACTIONAL_ORDERS', `must be one of ${FRACTIONAL_POLICIES.join(', ')}, got "${fractional}"`);
  }
  return {
    commission:
      Number(perShare) > 0
        ? { kind: 'per_share', per_share: perShare, minimum }
        : Number(bps) > 0
          ? { kind: 'bps', bps, minimum }
          : { kind: 'none' },
    slippageBps: dec(env, 'SLIPPAGE_BPS', '0', 0, 1000),
    marketCollarBps: dec(env, 'MARKET_ORDER_COLLAR_BPS', '250', 0, 5000),
    maxVolumeShare: dec(env, 'MAX_VOLUME_SHARE', '0.1', 0, 1, true),
    fractionalOrders: fractional as TradingConfig['fractionalOrders'],
    sweepIntervalMs: int(env, 'ORDER_SWEEP_INTERVAL_MS', 1000, 50, 60_000),
    outboxPollMs: int(env, 'OUTBOX_POLL_INTERVAL_MS', 500, 20, 60_000),
  };
}

// ---- Realtime (WebSocket channels) -------------------------------------------------------------------

export interface RealtimeConfig {
  /** Anonymous clients may use /ws/market-data (the seed's browser snippet sends no token). */
  marketDataPublic: boolean;
  /** Open connections per client IP on one instance, both transports and all channels together. */
  maxConnectionsPerIp: number;
  /** Symbols one anonymous IP may have subscribed across its connections (one instance). */
  anonymousMaxSymbolsPerIp: number;
  maxSymbolsPerConnection: number;
  /** Inbound messages per second per connection (token bucket, burst = the same number). */
  maxMessagesPerSecond: number;
  /** At most one portfolio valuation per portfolio per this many ms. */
  portfolioThrottleMs: number;
  /** Ping period; a connection that does not answer is dropped within two periods. */
  heartbeatMs: number;
  /** A private channel opened without a token must send {"type":"auth"} within this time. */
  authTimeoutMs: number;
  /** Period of the re-check of sessions (logout) and API keys (revocation) of open connections. */
  revalidateMs: number;
  /** Outbound messages queued on a connection before its quotes are conflated (latest per symbol). */
  slowConsumerBacklog: number;
}

export function loadRealtimeConfig(env: Env): RealtimeConfig {
  return {
    marketDataPublic: bool(env, 'MARKET_DATA_WS_PUBLIC', true),
    maxConnectionsPerIp: int(env, 'WS_MAX_CONNECTIONS_PER_IP', 50, 1, 1_000_000),
    anonymousMaxSymbolsPerIp: int(env, 'WS_ANON_MAX_SYMBOLS_PER_IP', 200, 1, 1_000_000),
    maxSymbolsPerConnection: int(env, 'WS_MAX_SYMBOLS_PER_CONNECTION', 100, 1, 10_000),
    maxMessagesPerSecond: int(env, 'WS_MAX_MESSAGES_PER_SECOND', 20, 1, 10_000),
    portfolioThrottleMs: int(env, 'WS_PORTFOLIO_THROTTLE_MS', 1000, 0, 60_000),
    heartbeatMs: int(env, 'WS_HEARTBEAT_MS', 25_000, 100, 600_000),
    authTimeoutMs: int(env, 'WS_AUTH_TIMEOUT_MS', 10_000, 100, 600_000),
    revalidateMs: int(env, 'WS_REVALIDATE_MS', 15_000, 100, 3_600_000),
    slowConsumerBacklog: int(env, 'WS_SLOW_CONSUMER_BACKLOG', 256, 1, 100_000),
  };
}
