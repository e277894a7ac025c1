export {
  OctopusTrading,
  AuthApi,
  MarketApi,
  PortfoliosApi,
  OrdersApi,
  RiskApi,
  MlApi,
  AlertsApi,
  StrategiesApi,
  type OctopusTradingOptions,
  type Schemas,
  type QueryOf,
} from './client';
export {
  OctopusError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  ConflictError,
  ValidationError,
  RateLimitError,
  ServerError,
  OctopusConnectionError,
  OctopusTimeoutError,
  type ErrorBody,
} from './errors';
export type { QuoteMessage, OrderUpdate, PortfolioUpdate, NotificationMessage, RealtimeOptions } from './realtime';
export type { RetryOptions } from './transport';
export type { paths, components, operations } from './schema';
