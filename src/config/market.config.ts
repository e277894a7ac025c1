import { registerAs } from '@nestjs/config';
import { ConfigError, type Env, int, nodeEnvOf, oneOf, str } from './env';

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
  };
}

export const marketConfig = registerAs('market', () => loadMarketConfig(process.env));
