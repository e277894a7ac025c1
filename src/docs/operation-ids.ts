/**
 * The operationId of every operation in the OpenAPI document, keyed by `METHOD path`: the names generated
 * clients (and our SDKs) call, so they are part of the contract. Renaming one is a breaking change.
 *
 * Keyed by route rather than by controller method so that a method serving several paths (an alias) gets one id
 * per path, and so that the whole surface reads in one table. Names: camelCase verb + resource (`get`, `list`,
 * `create`, `update`, `delete`, `cancel`, …). An alias path gets its canonical operation's id + `Alias` and
 * `x-alias-of` (see `ALIASES`). A route missing here keeps Nest's `Controller_method` id, which the docs test
 * refuses (not camelCase), so a new route cannot ship without a name.
 */
export const OPERATION_IDS: Record<string, string> = {
  // auth
  'POST /api/auth/register': 'register',
  'POST /api/auth/login': 'login',
  'POST /api/auth/refresh': 'refreshToken',
  'POST /api/auth/logout': 'logout',
  'GET /api/auth/me': 'getCurrentUser',
  'POST /api/auth/api-keys': 'createApiKey',
  'GET /api/auth/api-keys': 'listApiKeys',
  'DELETE /api/auth/api-keys/{id}': 'revokeApiKey',
  // market
  'GET /api/market/quote/{symbol}': 'getQuote',
  'GET /api/market/historical/{symbol}': 'getHistorical',
  'GET /api/market/search': 'searchInstruments',
  'GET /api/market/trending': 'getTrending',
  'GET /api/market/clock': 'getMarketClock',
  'POST /api/market/import': 'importHistory',
  'GET /api/market/imports': 'listImports',
  'DELETE /api/market/imports/{symbol}': 'deleteImport',
  // portfolios and positions
  'GET /api/portfolios': 'listPortfolios',
  'POST /api/portfolios': 'createPortfolio',
  'GET /api/portfolios/{id}': 'getPortfolio',
  'PUT /api/portfolios/{id}': 'updatePortfolio',
  'DELETE /api/portfolios/{id}': 'deletePortfolio',
  'GET /api/portfolios/{id}/positions': 'listPositions',
  'POST /api/portfolios/{id}/positions': 'addPosition',
  'POST /api/portfolios/{id}/cash': 'createCashTransaction',
  'GET /api/portfolios/{id}/transactions': 'listTransactions',
  'GET /api/portfolios/{id}/fills': 'listFills',
  'GET /api/portfolios/{id}/history': 'getPortfolioHistory',
  'POST /api/portfolios/{id}/history': 'recordPortfolioHistory',
  'GET /api/positions/{id}': 'getPosition',
  'DELETE /api/positions/{id}': 'deletePosition',
  // orders
  'POST /api/orders': 'createOrder',
  'GET /api/orders': 'listOrders',
  'GET /api/orders/{id}': 'getOrder',
  'PUT /api/orders/{id}/cancel': 'cancelOrder',
  // risk
  'GET /api/risk/portfolio/{portfolio_id}': 'getPortfolioRisk',
  'POST /api/risk/var': 'calculateVar',
  'POST /api/risk/stress-test': 'runStressTest',
  'GET /api/risk/scenarios': 'listStressScenarios',
  // ml: forecasting, jobs, backtests
  'POST /api/ml/predict': 'predictPrice',
  'GET /api/ml/evaluate/{symbol}': 'evaluateModels',
  'GET /api/ml/models': 'listModels',
  'GET /api/ml/jobs/{id}': 'getMlJob',
  'POST /api/ml/backtest': 'runBacktest',
  'GET /api/ml/backtests': 'listBacktests',
  'GET /api/ml/backtests/{id}': 'getBacktest',
  'DELETE /api/ml/backtests/{id}': 'deleteBacktest',
  'GET /api/ml/backtest/{id}': 'getBacktestAlias',
  'DELETE /api/ml/backtest/{id}': 'deleteBacktestAlias',
  'GET /api/ml/strategies': 'listBuiltinStrategies',
  'GET /api/ml/sentiment/{symbol}': 'getSentiment',
  'GET /api/ml/sentiment/{symbol}/history': 'getSentimentHistory',
  'GET /api/ml/news': 'listNews',
  'POST /api/ml/news': 'ingestNews',
  'POST /api/ml/sources': 'createNewsSource',
  'GET /api/ml/sources': 'listNewsSources',
  'GET /api/ml/sources/{id}': 'getNewsSource',
  'DELETE /api/ml/sources/{id}': 'deleteNewsSource',
  'POST /api/ml/sources/{id}/poll': 'pollNewsSource',
  // strategies as data
  'POST /api/strategies': 'createStrategy',
  'GET /api/strategies': 'listStrategies',
  'GET /api/strategies/examples': 'listStrategyExamples',
  'GET /api/strategies/{id}': 'getStrategy',
  'PUT /api/strategies/{id}': 'updateStrategy',
  'DELETE /api/strategies/{id}': 'deleteStrategy',
  'POST /api/strategies/{id}/deployments': 'createStrategyDeployment',
  'GET /api/strategies/{id}/deployments': 'listStrategyDeployments',
  'GET /api/strategies/deployments/{id}/status': 'getStrategyDeployment',
  'POST /api/strategies/deployments/{id}/pause': 'pauseStrategyDeployment',
  'POST /api/strategies/deployments/{id}/resume': 'resumeStrategyDeployment',
  'POST /api/strategies/deployments/{id}/stop': 'stopStrategyDeployment',
  'GET /api/strategies/deployments/{id}/decisions': 'listStrategyDecisions',
  'GET /api/strategies/deployments/{id}/parity': 'getStrategyParity',
  // alerts
  'POST /api/alerts': 'createAlert',
  'GET /api/alerts': 'listAlerts',
  'GET /api/alerts/{id}': 'getAlert',
  'DELETE /api/alerts/{id}': 'deleteAlert',
  // watchlists
  'GET /api/watchlists': 'listWatchlists',
  'POST /api/watchlists': 'createWatchlist',
  'GET /api/watchlists/{id}': 'getWatchlist',
  'PUT /api/watchlists/{id}': 'replaceWatchlist',
  'DELETE /api/watchlists/{id}': 'deleteWatchlist',
  'POST /api/watchlists/{id}/symbols': 'addWatchlistSymbol',
  'DELETE /api/watchlists/{id}/symbols/{symbol}': 'removeWatchlistSymbol',
  // health
  'GET /health': 'getLiveness',
  'GET /health/ready': 'getReadiness',
};

/** Alias operations (`x-alias-of`): the same handler as the canonical one, kept for clients of the other path. */
export const ALIASES: Record<string, string> = {
  getBacktestAlias: 'getBacktest',
  deleteBacktestAlias: 'deleteBacktest',
};

/** The tags, one per module, in the order documentation shows them. */
export const TAGS: { name: string; description: string }[] = [
  { name: 'auth', description: 'Accounts, password sessions (access and refresh tokens) and API keys with scopes' },
  { name: 'market', description: 'Quotes, history, instrument search, trending symbols, the market clock and CSV history imports' },
  { name: 'portfolios', description: 'Paper portfolios, positions, the cash ledger, fills and daily NAV history' },
  { name: 'orders', description: 'Paper orders (market, limit, stop, stop-limit): submission with Idempotency-Key, listing, cancellation' },
  { name: 'risk', description: 'Portfolio risk metrics, Value at Risk and stress tests' },
  { name: 'ml', description: 'Price forecasts, model evaluation, background jobs and strategy backtests' },
  { name: 'strategies', description: 'Rule-based strategies as versioned JSON documents (backtest them with POST /api/ml/backtest)' },
  { name: 'alerts', description: 'Price alerts delivered on the notifications channel' },
  { name: 'watchlists', description: 'Named, ordered symbol lists stored per user' },
  { name: 'health', description: 'Liveness and readiness probes (public, not rate limited)' },
];
