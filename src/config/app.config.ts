import { registerAs } from '@nestjs/config';
import { bool, ConfigError, dataDirOf, type Env, int, nodeEnvOf, oneOf, str, url } from './env';

export const HTTP_ADAPTERS = ['express', 'fastify'] as const;
export type HttpAdapterKind = (typeof HTTP_ADAPTERS)[number];

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** The process: where it listens, how it logs, what it trusts, Redis (shared by throttling, realtime and caches). */
export interface AppConfig {
  port: number;
  host: string;
  /** The HTTP server under Nest (HTTP_ADAPTER): fastify (default: 2.7× Express's throughput, bench/run) or express. Same routes, headers and errors on both. */
  httpAdapter: HttpAdapterKind;
  nodeEnv: string;
  logLevel: (typeof LOG_LEVELS)[number];
  trustProxy: boolean;
  dataDir: string;
  redisUrl: string | null;
  rateLimit: { enabled: boolean; perMinute: number; burst: number; burstWindowSeconds: number };
  /** Largest JSON request body, bytes (BODY_LIMIT_KB; the market import's multipart upload has its own limit). */
  bodyLimitBytes: number;
  /** Origins allowed by CORS (CORS_ORIGINS, comma-separated, or `*`); empty: no CORS headers at all. */
  corsOrigins: string[];
  /** Bearer token GET /metrics requires (METRICS_TOKEN, ≥ 16 characters); null: /metrics is open. */
  metricsToken: string | null;
  /** SIGTERM/SIGINT: how long in-flight requests and teardown may take before the process exits anyway (SHUTDOWN_GRACE_MS). */
  shutdownGraceMs: number;
  /** The built dashboard to serve at / (WEB_DIST_DIR); null: web/dist of this checkout, when it has been built. */
  webDistDir: string | null;
}

export function loadAppConfig(env: Env): AppConfig {
  const logLevel = (str(env, 'LOG_LEVEL') ?? 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }
  return {
    port: int(env, 'PORT', 8000, 0, 65535),
    host: str(env, 'HOST') ?? '0.0.0.0',
    httpAdapter: oneOf(env, 'HTTP_ADAPTER', HTTP_ADAPTERS, 'fastify'),
    nodeEnv: nodeEnvOf(env),
    logLevel: logLevel as AppConfig['logLevel'],
    trustProxy: bool(env, 'TRUST_PROXY', false),
    dataDir: dataDirOf(env),
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    rateLimit: {
      enabled: bool(env, 'RATE_LIMIT_ENABLED', true),
      perMinute: int(env, 'RATE_LIMIT_PER_MINUTE', 100, 1, 1_000_000),
      burst: int(env, 'RATE_LIMIT_BURST', 20, 1, 1_000_000),
      burstWindowSeconds: 10,
    },
    bodyLimitBytes: int(env, 'BODY_LIMIT_KB', 1024, 1, 102_400) * 1024,
    corsOrigins: corsOrigins(str(env, 'CORS_ORIGINS')),
    metricsToken: metricsToken(str(env, 'METRICS_TOKEN')),
    shutdownGraceMs: int(env, 'SHUTDOWN_GRACE_MS', 8000, 500, 600_000),
    webDistDir: str(env, 'WEB_DIST_DIR') ?? null,
  };
}

/** Inject with `@Inject(appConfig.KEY) config: AppConfig`. */
export const appConfig = registerAs('app', () => loadAppConfig(process.env));

function corsOrigins(raw: string | undefined): string[] {
  if (raw === undefined) return [];
  const list = raw.split(',').map((o) => o.trim()).filter(Boolean);
  for (const o of list) {
    if (o === '*') continue;
    let u: URL;
    try {
      u = new URL(o);
    } catch {
      throw new ConfigError('CORS_ORIGINS', `must be origins like https://app.example.com (or *), got "${o}"`);
    }
    if (u.origin !== o.replace(/\/$/, '')) throw new ConfigError('CORS_ORIGINS', `"${o}" is not an origin (scheme://host[:port], no path)`);
  }
  return list.map((o) => o.replace(/\/$/, ''));
}

function metricsToken(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  if (raw.length < 16) throw new ConfigError('METRICS_TOKEN', 'must be at least 16 characters');
  return raw;
}
