import { registerAs } from '@nestjs/config';
import { bool, type Env, int } from './env';

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

export const realtimeConfig = registerAs('realtime', () => loadRealtimeConfig(process.env));
