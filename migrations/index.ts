import { Auth1764000000000 } from './1764000000000-Auth';
import { Market1764000100000 } from './1764000100000-Market';
import { Ledger1764100000000 } from './1764100000000-Ledger';
import { Alerts1764500000000 } from './1764500000000-Alerts';
import { ImportedHistory1764600000000 } from './1764600000000-ImportedHistory';
import { OrderLiquidity1764700000000 } from './1764700000000-OrderLiquidity';
import { MlJobs1764800000000 } from './1764800000000-MlJobs';
import { Backtests1764900000000 } from './1764900000000-Backtests';
import { ApiKeyScopes1765000000000 } from './1765000000000-ApiKeyScopes';
import { Strategies1765100000000 } from './1765100000000-Strategies';
import { StrategyDeployments1765200000000 } from './1765200000000-StrategyDeployments';
import { NewsItems1765300000000 } from './1765300000000-NewsItems';
import { Watchlists1765400000000 } from './1765400000000-Watchlists';

/** Every migration in order. Listed explicitly so the app, the CLI and jest load the same classes. */
export const MIGRATIONS = [Auth1764000000000, Market1764000100000, Ledger1764100000000, Alerts1764500000000, ImportedHistory1764600000000, OrderLiquidity1764700000000, MlJobs1764800000000, Backtests1764900000000, ApiKeyScopes1765000000000, Strategies1765100000000, StrategyDeployments1765200000000, NewsItems1765300000000, Watchlists1765400000000];
