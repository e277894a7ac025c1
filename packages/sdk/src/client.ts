import createClient, { type Client } from 'openapi-fetch';
import { Session } from './auth';
import { errorFromResponse } from './errors';
import { Realtime, type QuoteMessage, type RealtimeOptions } from './realtime';
import type { components, operations, paths } from './schema';
import { createTransport, type RetryOptions } from './transport';

export type Schemas = components['schemas'];
/** The query parameters of an operation, by its operationId. */
export type QueryOf<Op extends keyof operations> = NonNullable<operations[Op]['parameters']['query']>;

export interface OctopusTradingOptions {
  /** e.g. `http://localhost:8000` (no `/api`). */
  baseUrl: string;
  /** An API key (`ok_…`), sent as `X-API-Key`. */
  apiKey?: string;
  /** Or a user's credentials: the client logs in on first use and refreshes its access token itself. */
  email?: string;
  password?: string;
  /** Or tokens from an earlier login. */
  accessToken?: string;
  refreshToken?: string;
  /** Per-attempt timeout (default 30 s). */
  timeoutMs?: number;
  /** Retries of idempotent requests on 429 / 503 / network errors; `false` turns them off. */
  retry?: Partial<RetryOptions> | false;
  /** Refresh the access token this long before it expires (default 30 s). */
  refreshSkewMs?: number;
  /** A fetch to use instead of the global one. */
  fetch?: typeof globalThis.fetch;
  /** Socket.IO options for the realtime channels. */
  realtime?: RealtimeOptions;
}

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The 2xx body of an openapi-fetch result, or the typed OctopusError for anything else. */
async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw errorFromResponse(response, error);
  return data as T;
}

/** Iterates every item of a cursor-paginated list, fetching the next page only when the previous one is used up. */
async function* paginate<Page extends { next_cursor: string | null }, Item>(
  fetchPage: (cursor: string | undefined) => Promise<Page>,
  items: (page: Page) => Item[],
): AsyncGenerator<Item, void, undefined> {
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    yield* items(page);
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
}

function idempotencyKey(): string {
  return globalThis.crypto.randomUUID();
}

/**
 * The Octopus API. Every method calls one operation of docs/openapi.json through openapi-fetch, so its argument and
 * result types are the spec's (`quote.price`); errors are thrown as `OctopusError` subclasses.
 */
export class OctopusTrading {
  /** The typed openapi-fetch client underneath, for operations the groups below do not wrap. */
  readonly api: Client<paths>;
  readonly auth: AuthApi;
  readonly market: MarketApi;
  readonly portfolios: PortfoliosApi;
  readonly orders: OrdersApi;
  readonly risk: RiskApi;
  readonly ml: MlApi;
  readonly alerts: AlertsApi;
  readonly watchlists: WatchlistsApi;
  readonly strategies: StrategiesApi;
  /** @internal */
  readonly session: Session;
  private readonly realtime: Realtime;

  constructor(options: OctopusTradingOptions) {
    if (!options?.baseUrl) throw new TypeError('OctopusTrading: baseUrl is required');
    const baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.session = new Session(options, options.refreshSkewMs ?? 30_000);
    const retry: RetryOptions =
      options.retry === false
        ? { retries: 0, baseDelayMs: 0, maxDelayMs: 0 }
        : { retries: 3, baseDelayMs: 250, maxDelayMs: 30_000, ...options.retry };
    const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.api = createClient<paths>({
      baseUrl,
      fetch: createTransport({ fetch: fetchImpl, timeoutMs: options.timeoutMs ?? 30_000, retry, auth: this.session }),
    });
    this.session.api = this.api;
    this.auth = new AuthApi(this.api, this.session);
    this.market = new MarketApi(this.api);
    this.portfolios = new PortfoliosApi(this.api);
    this.orders = new OrdersApi(this.api);
    this.risk = new RiskApi(this.api);
    this.ml = new MlApi(this.api);
    this.alerts = new AlertsApi(this.api);
    this.watchlists = new WatchlistsApi(this.api);
    this.strategies = new StrategiesApi(this.api);
    this.realtime = new Realtime(baseUrl, () => this.session.token(), options.realtime);
  }

  /** Live quotes of one or more symbols (`/ws/market-data`); returns the function that unsubscribes. */
  subscribe(symbols: string | string[], callback: (quote: QuoteMessage) => void): () => void {
    return this.realtime.subscribe(Array.isArray(symbols) ? symbols : [symbols], callback);
  }

  /** The user's order events (`/ws/trading`), resumed from the last `seq` after a reconnect. */
  onOrderUpdate(callback: Parameters<Realtime['onOrderUpdate']>[0]): () => void {
    return this.realtime.onOrderUpdate(callback);
  }

  /** Valuation updates of one portfolio (`/ws/portfolio/{id}`). */
  onPortfolio(portfolioId: string, callback: Parameters<Realtime['onPortfolio']>[1]): () => void {
    return this.realtime.onPortfolio(portfolioId, callback);
  }

  /** The user's notifications and price alerts (`/ws/notifications`). */
  onNotification(callback: Parameters<Realtime['onNotification']>[0]): () => void {
    return this.realtime.onNotification(callback);
  }

  /** Closes every realtime connection. */
  close(): void {
    this.realtime.close();
  }
}

export class AuthApi {
  constructor(
    private readonly api: Client<paths>,
    private readonly session: Session,
  ) {}

  register(body: Schemas['RegisterDto']): Promise<Schemas['UserDto']> {
    return unwrap(this.api.POST('/api/auth/register', { body }));
  }

  /** Logs in and makes this client use (and refresh) the session. */
  async login(email: string, password: string): Promise<Schemas['TokenDto']> {
    const tokens = await unwrap(this.api.POST('/api/auth/login', { body: { email, password } }));
    this.session.adopt(tokens);
    return tokens;
  }

  /** Rotates the refresh token (the session's own one by default) and uses the new tokens. */
  async refresh(refreshToken?: string): Promise<Schemas['TokenDto']> {
    const token = refreshToken ?? this.session.currentRefreshToken;
    if (!token) throw new TypeError('auth.refresh: no refresh token (log in with email/password first)');
    const tokens = await unwrap(this.api.POST('/api/auth/refresh', { body: { refresh_token: token } }));
    this.session.adopt(tokens);
    return tokens;
  }

  async logout(body: Schemas['LogoutDto'] = {}): Promise<Schemas['LogoutResultDto']> {
    const token = body.refresh_token ?? this.session.currentRefreshToken ?? undefined;
    const result = await unwrap(this.api.POST('/api/auth/logout', { body: token ? { ...body, refresh_token: token } : body }));
    this.session.clear();
    return result;
  }

  me(): Promise<Schemas['MeDto']> {
    return unwrap(this.api.GET('/api/auth/me'));
  }

  readonly apiKeys = {
    create: (body: Schemas['CreateApiKeyDto']): Promise<Schemas['CreatedApiKeyDto']> => unwrap(this.api.POST('/api/auth/api-keys', { body })),
    list: (): Promise<Schemas['ApiKeyListDto']> => unwrap(this.api.GET('/api/auth/api-keys')),
    revoke: (id: string): Promise<void> => unwrap(this.api.DELETE('/api/auth/api-keys/{id}', { params: { path: { id } } })).then(() => undefined),
  };
}

export class MarketApi {
  constructor(private readonly api: Client<paths>) {}

  getQuote(symbol: string): Promise<Schemas['QuoteDto']> {
    return unwrap(this.api.GET('/api/market/quote/{symbol}', { params: { path: { symbol } } }));
  }

  getHistorical(symbol: string, query: QueryOf<'getHistorical'> = {}): Promise<Schemas['HistoricalDto']> {
    return unwrap(this.api.GET('/api/market/historical/{symbol}', { params: { path: { symbol }, query } }));
  }

  search(q: string, query: Omit<QueryOf<'searchInstruments'>, 'q'> = {}): Promise<Schemas['SearchResultsDto']> {
    return unwrap(this.api.GET('/api/market/search', { params: { query: { ...query, q } } }));
  }

  trending(query: QueryOf<'getTrending'> = {}): Promise<Schemas['TrendingDto']> {
    return unwrap(this.api.GET('/api/market/trending', { params: { query } }));
  }

  clock(): Promise<Schemas['MarketClockDto']> {
    return unwrap(this.api.GET('/api/market/clock'));
  }
}

export class PortfoliosApi {
  constructor(private readonly api: Client<paths>) {}

  async list(): Promise<Schemas['PortfolioDto'][]> {
    return (await unwrap(this.api.GET('/api/portfolios'))).portfolios;
  }

  /** Creates a portfolio; an Idempotency-Key is sent (one is made unless given), so a retry cannot create two. */
  create(body: Schemas['CreatePortfolioDto'], options: { idempotencyKey?: string } = {}): Promise<Schemas['PortfolioDetailDto']> {
    return unwrap(this.api.POST('/api/portfolios', { body, params: { header: { 'Idempotency-Key': options.idempotencyKey ?? idempotencyKey() } } }));
  }

  get(id: string): Promise<Schemas['PortfolioDetailDto']> {
    return unwrap(this.api.GET('/api/portfolios/{id}', { params: { path: { id } } }));
  }

  update(id: string, body: Schemas['UpdatePortfolioDto']): Promise<Schemas['PortfolioDetailDto']> {
    return unwrap(this.api.PUT('/api/portfolios/{id}', { params: { path: { id } }, body }));
  }

  async delete(id: string): Promise<void> {
    await unwrap(this.api.DELETE('/api/portfolios/{id}', { params: { path: { id } } }));
  }

  async positions(id: string): Promise<Schemas['PositionDto'][]> {
    return (await unwrap(this.api.GET('/api/portfolios/{id}/positions', { params: { path: { id } } }))).positions;
  }

  addPosition(id: string, body: Schemas['AddPositionDto']): Promise<Schemas['PositionDto']> {
    return unwrap(this.api.POST('/api/portfolios/{id}/positions', { params: { path: { id } }, body }));
  }

  /** A deposit or withdrawal. */
  cash(id: string, body: Schemas['CashMovementDto']): Promise<Schemas['CashTransactionDto']> {
    return unwrap(this.api.POST('/api/portfolios/{id}/cash', { params: { path: { id } }, body }));
  }

  /** Every cash transaction, newest first, across cursor pages. */
  transactions(id: string, query: Omit<QueryOf<'listTransactions'>, 'cursor'> = {}): AsyncGenerator<Schemas['CashTransactionDto'], void, undefined> {
    return paginate((cursor) => this.transactionsPage(id, { ...query, cursor }), (p) => p.transactions);
  }

  transactionsPage(id: string, query: QueryOf<'listTransactions'> = {}): Promise<Schemas['CashTransactionListDto']> {
    return unwrap(this.api.GET('/api/portfolios/{id}/transactions', { params: { path: { id }, query } }));
  }

  /** Every fill of the portfolio's orders across cursor pages. */
  fills(id: string, query: Omit<QueryOf<'listFills'>, 'cursor'> = {}): AsyncGenerator<Schemas['FillDto'], void, undefined> {
    return paginate(
      (cursor) => unwrap(this.api.GET('/api/portfolios/{id}/fills', { params: { path: { id }, query: { ...query, cursor } } })),
      (p) => p.fills,
    );
  }

  history(id: string): Promise<Schemas['NavHistoryDto']> {
    return unwrap(this.api.GET('/api/portfolios/{id}/history', { params: { path: { id } } }));
  }
}

export class OrdersApi {
  constructor(private readonly api: Client<paths>) {}

  /** Places an order with an Idempotency-Key (made unless given), so the client's retries never place it twice. */
  create(body: Schemas['CreateOrderDto'], options: { idempotencyKey?: string } = {}): Promise<Schemas['OrderDto']> {
    return unwrap(this.api.POST('/api/orders', { body, params: { header: { 'Idempotency-Key': options.idempotencyKey ?? idempotencyKey() } } }));
  }

  /** Every matching order, newest first: `for await (const o of client.orders.list({status: 'open'}))`. */
  list(query: Omit<QueryOf<'listOrders'>, 'cursor'> = {}): AsyncGenerator<Schemas['OrderDto'], void, undefined> {
    return paginate((cursor) => this.listPage({ ...query, cursor }), (p) => p.orders);
  }

  /** One page of orders and the cursor of the next one. */
  listPage(query: QueryOf<'listOrders'> = {}): Promise<Schemas['OrderListDto']> {
    return unwrap(this.api.GET('/api/orders', { params: { query } }));
  }

  get(id: string): Promise<Schemas['OrderDto']> {
    return unwrap(this.api.GET('/api/orders/{id}', { params: { path: { id } } }));
  }

  cancel(id: string): Promise<Schemas['OrderDto']> {
    return unwrap(this.api.PUT('/api/orders/{id}/cancel', { params: { path: { id } } }));
  }
}

export class RiskApi {
  constructor(private readonly api: Client<paths>) {}

  portfolio(portfolioId: string, query: QueryOf<'getPortfolioRisk'> = {}): Promise<Schemas['PortfolioRiskDto']> {
    return unwrap(this.api.GET('/api/risk/portfolio/{portfolio_id}', { params: { path: { portfolio_id: portfolioId }, query } }));
  }

  var(body: Schemas['VarRequestDto']): Promise<Schemas['VarResultDto']> {
    return unwrap(this.api.POST('/api/risk/var', { body }));
  }

  stressTest(body: Schemas['StressTestRequestDto']): Promise<Schemas['StressTestResultDto']> {
    return unwrap(this.api.POST('/api/risk/stress-test', { body }));
  }

  scenarios(): Promise<Schemas['ScenarioListDto']> {
    return unwrap(this.api.GET('/api/risk/scenarios'));
  }
}

export class MlApi {
  constructor(private readonly api: Client<paths>) {}

  /** A forecast, or (202) the job computing it: poll `ml.job(id)` or wait for the notification. */
  predict(body: Schemas['PredictRequestDto']): Promise<Schemas['PredictResultDto'] | Schemas['JobDto']> {
    return unwrap(this.api.POST('/api/ml/predict', { body }));
  }

  evaluate(symbol: string, query: QueryOf<'evaluateModels'> = {}): Promise<Schemas['EvaluationTableDto'] | Schemas['JobDto']> {
    return unwrap(this.api.GET('/api/ml/evaluate/{symbol}', { params: { path: { symbol }, query } }));
  }

  models(): Promise<Schemas['ModelListDto']> {
    return unwrap(this.api.GET('/api/ml/models'));
  }

  job(id: string): Promise<Schemas['JobDto']> {
    return unwrap(this.api.GET('/api/ml/jobs/{id}', { params: { path: { id } } }));
  }

  backtest(body: Schemas['BacktestRequestDto']): Promise<Schemas['BacktestDto']> {
    return unwrap(this.api.POST('/api/ml/backtest', { body }));
  }

  backtests(query: Omit<QueryOf<'listBacktests'>, 'cursor'> = {}): AsyncGenerator<Schemas['BacktestListItemDto'], void, undefined> {
    return paginate((cursor) => unwrap(this.api.GET('/api/ml/backtests', { params: { query: { ...query, cursor } } })), (p) => p.backtests);
  }

  getBacktest(id: string): Promise<Schemas['BacktestDto']> {
    return unwrap(this.api.GET('/api/ml/backtests/{id}', { params: { path: { id } } }));
  }

  async deleteBacktest(id: string): Promise<void> {
    await unwrap(this.api.DELETE('/api/ml/backtests/{id}', { params: { path: { id } } }));
  }

  strategies(): Promise<Schemas['BuiltinStrategyListDto']> {
    return unwrap(this.api.GET('/api/ml/strategies'));
  }
}

export class AlertsApi {
  constructor(private readonly api: Client<paths>) {}

  create(body: Schemas['CreateAlertDto']): Promise<Schemas['AlertDto']> {
    return unwrap(this.api.POST('/api/alerts', { body }));
  }

  list(query: Omit<QueryOf<'listAlerts'>, 'cursor'> = {}): AsyncGenerator<Schemas['AlertDto'], void, undefined> {
    return paginate((cursor) => unwrap(this.api.GET('/api/alerts', { params: { query: { ...query, cursor } } })), (p) => p.alerts);
  }

  get(id: string): Promise<Schemas['AlertDto']> {
    return unwrap(this.api.GET('/api/alerts/{id}', { params: { path: { id } } }));
  }

  async delete(id: string): Promise<void> {
    await unwrap(this.api.DELETE('/api/alerts/{id}', { params: { path: { id } } }));
  }
}

export class WatchlistsApi {
  constructor(private readonly api: Client<paths>) {}

  create(body: Schemas['CreateWatchlistDto']): Promise<Schemas['WatchlistDto']> {
    return unwrap(this.api.POST('/api/watchlists', { body }));
  }

  list(query: Omit<QueryOf<'listWatchlists'>, 'cursor'> = {}): AsyncGenerator<Schemas['WatchlistDto'], void, undefined> {
    return paginate((cursor) => unwrap(this.api.GET('/api/watchlists', { params: { query: { ...query, cursor } } })), (p) => p.watchlists);
  }

  get(id: string): Promise<Schemas['WatchlistDto']> {
    return unwrap(this.api.GET('/api/watchlists/{id}', { params: { path: { id } } }));
  }

  /** Replaces the name and the symbols (in the order given). */
  replace(id: string, body: Schemas['ReplaceWatchlistDto']): Promise<Schemas['WatchlistDto']> {
    return unwrap(this.api.PUT('/api/watchlists/{id}', { params: { path: { id } }, body }));
  }

  async delete(id: string): Promise<void> {
    await unwrap(this.api.DELETE('/api/watchlists/{id}', { params: { path: { id } } }));
  }

  /** Appends a symbol (no change if it is already there); resolves to the list. */
  addSymbol(id: string, symbol: string): Promise<Schemas['WatchlistDto']> {
    return unwrap(this.api.POST('/api/watchlists/{id}/symbols', { params: { path: { id } }, body: { symbol } }));
  }

  /** Removes a symbol (no-op if it is not there). */
  async removeSymbol(id: string, symbol: string): Promise<void> {
    await unwrap(this.api.DELETE('/api/watchlists/{id}/symbols/{symbol}', { params: { path: { id, symbol } } }));
  }
}

export class StrategiesApi {
  constructor(private readonly api: Client<paths>) {}

  create(body: Schemas['StrategyDocumentDto']): Promise<Schemas['StrategyDto']> {
    return unwrap(this.api.POST('/api/strategies', { body }));
  }

  /** The built-in strategies written as documents, ready to create or to edit. */
  examples(): Promise<Schemas['StrategyExampleListDto']> {
    return unwrap(this.api.GET('/api/strategies/examples'));
  }

  list(query: Omit<QueryOf<'listStrategies'>, 'cursor'> = {}): AsyncGenerator<Schemas['StrategyListItemDto'], void, undefined> {
    return paginate((cursor) => unwrap(this.api.GET('/api/strategies', { params: { query: { ...query, cursor } } })), (p) => p.strategies);
  }

  get(id: string, query: QueryOf<'getStrategy'> = {}): Promise<Schemas['StrategyDto']> {
    return unwrap(this.api.GET('/api/strategies/{id}', { params: { path: { id }, query } }));
  }

  update(id: string, body: Schemas['StrategyDocumentDto']): Promise<Schemas['StrategyDto']> {
    return unwrap(this.api.PUT('/api/strategies/{id}', { params: { path: { id } }, body }));
  }

  async delete(id: string): Promise<void> {
    await unwrap(this.api.DELETE('/api/strategies/{id}', { params: { path: { id } } }));
  }

  /** Runs a strategy version on one of your paper portfolios (decisions on the close, orders at the next open). */
  deploy(id: string, body: Schemas['CreateDeploymentDto']): Promise<Schemas['StrategyDeploymentDto']> {
    return unwrap(this.api.POST('/api/strategies/{id}/deployments', { params: { path: { id } }, body }));
  }

  deployments(id: string, query: Omit<QueryOf<'listStrategyDeployments'>, 'cursor'> = {}): AsyncGenerator<Schemas['StrategyDeploymentDto'], void, undefined> {
    return paginate(
      (cursor) => unwrap(this.api.GET('/api/strategies/{id}/deployments', { params: { path: { id }, query: { ...query, cursor } } })),
      (p) => p.deployments,
    );
  }

  deployment(deploymentId: string): Promise<Schemas['StrategyDeploymentDto']> {
    return unwrap(this.api.GET('/api/strategies/deployments/{id}/status', { params: { path: { id: deploymentId } } }));
  }

  pause(deploymentId: string): Promise<Schemas['StrategyDeploymentDto']> {
    return unwrap(this.api.POST('/api/strategies/deployments/{id}/pause', { params: { path: { id: deploymentId } } }));
  }

  resume(deploymentId: string): Promise<Schemas['StrategyDeploymentDto']> {
    return unwrap(this.api.POST('/api/strategies/deployments/{id}/resume', { params: { path: { id: deploymentId } } }));
  }

  /** Final: a stopped deployment places nothing more and cannot be resumed. */
  stop(deploymentId: string): Promise<Schemas['StrategyDeploymentDto']> {
    return unwrap(this.api.POST('/api/strategies/deployments/{id}/stop', { params: { path: { id: deploymentId } } }));
  }

  decisions(deploymentId: string, query: Omit<QueryOf<'listStrategyDecisions'>, 'cursor'> = {}): AsyncGenerator<Schemas['StrategyDecisionDto'], void, undefined> {
    return paginate(
      (cursor) => unwrap(this.api.GET('/api/strategies/deployments/{id}/decisions', { params: { path: { id: deploymentId }, query: { ...query, cursor } } })),
      (p) => p.decisions,
    );
  }

  parity(deploymentId: string): Promise<Schemas['StrategyParityDto']> {
    return unwrap(this.api.GET('/api/strategies/deployments/{id}/parity', { params: { path: { id: deploymentId } } }));
  }
}
