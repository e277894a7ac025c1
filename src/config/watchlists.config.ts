import { registerAs } from '@nestjs/config';
import { type Env, int } from './env';

/** Per-user watchlists: how many lists a user may keep and how many symbols one list may hold. */
export interface WatchlistsConfig {
  maxPerUser: number;
  maxSymbols: number;
}

export function loadWatchlistsConfig(env: Env): WatchlistsConfig {
  return {
    maxPerUser: int(env, 'WATCHLISTS_MAX_PER_USER', 20, 1, 1000),
    maxSymbols: int(env, 'WATCHLISTS_MAX_SYMBOLS', 100, 1, 1000),
  };
}

export const watchlistsConfig = registerAs('watchlists', () => loadWatchlistsConfig(process.env));

