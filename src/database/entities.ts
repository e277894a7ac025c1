import { ApiKey } from '../auth/entities/api-key.entity';
import { LoginAttempt } from '../auth/entities/login-attempt.entity';
import { RefreshToken } from '../auth/entities/refresh-token.entity';
import { User } from '../auth/entities/user.entity';
import { MARKET_ENTITIES } from '../market/entities';
import { IdempotencyKey } from '../idempotency/entities/idempotency-key.entity';
import { Order } from '../orders/entities/order.entity';
import { OutboxEvent } from '../outbox/entities/outbox-event.entity';
import { CashTransaction } from '../portfolios/entities/cash-transaction.entity';
import { Fill } from '../portfolios/entities/fill.entity';
import { NavPoint } from '../portfolios/entities/nav-point.entity';
import { Portfolio } from '../portfolios/entities/portfolio.entity';
import { Position } from '../portfolios/entities/position.entity';
import { REALTIME_ENTITIES } from '../realtime/alerts/entities';
import { ML_ENTITIES } from '../ml/entities';
import { Watchlist } from '../watchlists/entities/watchlist.entity';

/** Every entity, listed once: the app and the TypeORM CLI load the same set. */
export const ENTITIES = [User, RefreshToken, ApiKey, LoginAttempt, ...MARKET_ENTITIES, Portfolio, Position, CashTransaction, Fill, NavPoint, Order, IdempotencyKey, OutboxEvent, ...REALTIME_ENTITIES, ...ML_ENTITIES, Watchlist];
