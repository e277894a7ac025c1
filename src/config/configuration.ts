import { appConfig, loadAppConfig } from './app.config';
import { authConfig, loadAuthConfig } from './auth.config';
import { databaseConfig, loadDatabaseConfig } from './database.config';
import type { Env } from './env';
import { loadMarketConfig, marketConfig } from './market.config';
import { loadMlConfig, mlConfig } from './ml.config';
import { loadOrdersConfig, ordersConfig } from './orders.config';
import { loadRealtimeConfig, realtimeConfig } from './realtime.config';
import { loadWatchlistsConfig, watchlistsConfig } from './watchlists.config';

export { ConfigError } from './env';

/**
 * The configuration namespaces, one per concern (`<name>.config.ts`, each a `registerAs` factory reading
 * process.env). A module injects only the namespaces it uses, e.g. `@Inject(marketConfig.KEY) config: MarketConfig`.
 */
export const CONFIG_NAMESPACES = [appConfig, databaseConfig, authConfig, marketConfig, ordersConfig, realtimeConfig, mlConfig, watchlistsConfig];

/** Every namespace at once: main.ts validates the whole environment with it before the app starts. */
export function loadConfig(env: Env = process.env) {
  return {
    app: loadAppConfig(env),
    database: loadDatabaseConfig(env),
    auth: loadAuthConfig(env),
    market: loadMarketConfig(env),
    orders: loadOrdersConfig(env),
    realtime: loadRealtimeConfig(env),
    ml: loadMlConfig(env),
    watchlists: loadWatchlistsConfig(env),
  };
}
