import { registerAs } from '@nestjs/config';
import { bool, ConfigError, type Env, int, nodeEnvOf, oneOf, str, url } from './env';

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
  /** Compute the trending list once after boot, off the request path (every symbol's first quote builds its history). */
  trendingWarm: boolean;
  yahoo: YahooConfig;
}

/** The `yahoo` provider's upstream and how it copes when Yahoo is slow or broken. */
export interface YahooConfig {
  /** Where Yahoo's hosts are reached (a proxy, a local fake); null = Yahoo itself. */
  baseUrl: string | null;
  /** Per HTTP request; also how long a quote request waits before serving the last known quote as stale. */
  timeoutMs: number;
  /** Retries of a timed-out or 429/5xx request. */
  retries: number;
  /** Consecutive failed calls that open the circuit, and how long it stays open before one trial call. */
  failureThreshold: number;
  cooldownMs: number;
}

/** Market data. Timers default to off under NODE_ENV=test so test apps never tick unless they ask. */
export function loadMarketConfig(env: Env): MarketConfig {
  const nodeEnv = nodeEnvOf(env);
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
    trendingWarm: bool(env, 'MARKET_TRENDING_WARM', timers),
    yahoo: {
      baseUrl: url(env, 'MARKET_YAHOO_BASE_URL', ['http:', 'https:']),
      timeoutMs: int(env, 'MARKET_YAHOO_TIMEOUT_MS', 5000, 100, 60_000),
      retries: int(env, 'MARKET_YAHOO_RETRIES', 2, 0, 5),
      failureThreshold: int(env, 'MARKET_YAHOO_FAILURE_THRESHOLD', 5, 1, 100),
      cooldownMs: int(env, 'MARKET_YAHOO_COOLDOWN_MS', 30_000, 1000, 3_600_000),
    },
  };
}

export const marketConfig = registerAs('market', () => loadMarketConfig(process.env));
