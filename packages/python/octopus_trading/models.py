"""Models generated from docs/openapi.json by tools/generate_models.py. Do not edit."""
# API version 0.1.0
from dataclasses import dataclass
from typing import Any, Dict, List, Optional

from ._model import Model


@dataclass
class AddPosition(Model):
    """The `AddPositionDto` schema."""

    _schema = "AddPositionDto"
    _refs = {}
    _renamed = {}
    symbol: str
    quantity: float
    price: float


@dataclass
class AddWatchlistSymbol(Model):
    """The `AddWatchlistSymbolDto` schema."""

    _schema = "AddWatchlistSymbolDto"
    _refs = {}
    _renamed = {}
    symbol: str


@dataclass
class Alert(Model):
    """The `AlertDto` schema."""

    _schema = "AlertDto"
    _refs = {}
    _renamed = {}
    id: str
    symbol: str
    condition: str
    threshold: float
    repeat: bool
    status: str
    trigger_count: float
    last_triggered_at: Optional[str]
    last_triggered_price: Optional[float]
    created_at: str


@dataclass
class AlertList(Model):
    """The `AlertListDto` schema."""

    _schema = "AlertListDto"
    _refs = {'alerts': ('list', 'Alert')}
    _renamed = {}
    alerts: List["Alert"]
    next_cursor: Optional[str]


@dataclass
class ApiKey(Model):
    """The `ApiKeyDto` schema."""

    _schema = "ApiKeyDto"
    _refs = {}
    _renamed = {}
    id: str
    name: str
    prefix: str
    scopes: List[str]
    created_at: str
    last_used_at: Optional[str]


@dataclass
class ApiKeyList(Model):
    """The `ApiKeyListDto` schema."""

    _schema = "ApiKeyListDto"
    _refs = {'api_keys': ('list', 'ApiKey')}
    _renamed = {}
    api_keys: List["ApiKey"]


@dataclass
class Backtest(Model):
    """The `BacktestDto` schema."""

    _schema = "BacktestDto"
    _refs = {'commission': ('one', 'CommissionSchedule'), 'summary': ('one', 'BacktestSummary'), 'equity_curve': ('list', 'EquityPoint'), 'trades': ('list', 'Trade'), 'error': ('one', 'BacktestError')}
    _renamed = {}
    strategy: Optional[str]
    strategy_id: Optional[str]
    strategy_version: Optional[float]
    symbols: List[str]
    start_date: str
    end_date: str
    initial_capital: float
    parameters: Dict[str, Any]
    commission: "CommissionSchedule"
    slippage_bps: float
    benchmark: Optional[str]
    fractional: bool
    allow_short: bool
    risk_free_rate: float
    id: str
    status: str
    progress: float
    job_id: Optional[str]
    first_session: Optional[str]
    last_session: Optional[str]
    bars: Optional[float]
    summary: Optional["BacktestSummary"]
    equity_curve: Optional[List["EquityPoint"]]
    trades: Optional[List["Trade"]]
    data_source: Optional[str]
    data_sources: Optional[Dict[str, Any]]
    error: Optional["BacktestError"]
    duration_ms: Optional[float]
    created_at: str
    finished_at: Optional[str]


@dataclass
class BacktestError(Model):
    """The `BacktestErrorDto` schema."""

    _schema = "BacktestErrorDto"
    _refs = {}
    _renamed = {}
    error: str
    message: str
    details: Optional[Dict[str, Any]]


@dataclass
class BacktestList(Model):
    """The `BacktestListDto` schema."""

    _schema = "BacktestListDto"
    _refs = {'backtests': ('list', 'BacktestListItem')}
    _renamed = {}
    backtests: List["BacktestListItem"]
    next_cursor: Optional[str]


@dataclass
class BacktestListItem(Model):
    """The `BacktestListItemDto` schema."""

    _schema = "BacktestListItemDto"
    _refs = {'commission': ('one', 'CommissionSchedule'), 'summary': ('one', 'BacktestSummary')}
    _renamed = {}
    strategy: Optional[str]
    strategy_id: Optional[str]
    strategy_version: Optional[float]
    symbols: List[str]
    start_date: str
    end_date: str
    initial_capital: float
    parameters: Dict[str, Any]
    commission: "CommissionSchedule"
    slippage_bps: float
    benchmark: Optional[str]
    fractional: bool
    allow_short: bool
    risk_free_rate: float
    id: str
    status: str
    summary: Optional["BacktestSummary"]
    created_at: str


@dataclass
class BacktestRequest(Model):
    """The `BacktestRequestDto` schema."""

    _schema = "BacktestRequestDto"
    _refs = {'commission': ('one', 'Commission')}
    _renamed = {}
    start_date: str
    end_date: str
    strategy: Optional[str] = None
    strategy_id: Optional[str] = None
    strategy_version: Optional[float] = None
    symbol: Optional[str] = None
    symbols: Optional[List[str]] = None
    initial_capital: Optional[float] = None
    parameters: Optional[Dict[str, Any]] = None
    commission: Optional["Commission"] = None
    slippage_bps: Optional[float] = None
    benchmark: Optional[str] = None
    fractional: Optional[bool] = None
    allow_short: Optional[bool] = None
    risk_free_rate: Optional[float] = None


@dataclass
class BacktestSummary(Model):
    """The `BacktestSummaryDto` schema."""

    _schema = "BacktestSummaryDto"
    _refs = {}
    _renamed = {}
    total_return: float
    cagr: Optional[float]
    volatility: Optional[float]
    sharpe_ratio: Optional[float]
    sortino_ratio: Optional[float]
    max_drawdown: Optional[float]
    calmar: Optional[float]
    win_rate: Optional[float]
    profit_factor: Optional[float]
    trades_count: float
    closed_trades: float
    orders_count: float
    orders_sized_down: float
    orders_skipped: float
    exposure: float
    turnover: float
    fees_paid: float
    slippage_paid: float
    final_equity: float
    benchmark_return: Optional[float]
    alpha: Optional[float]
    beta: Optional[float]


@dataclass
class Bar(Model):
    """The `BarDto` schema."""

    _schema = "BarDto"
    _refs = {}
    _renamed = {}
    date: str
    open: float
    high: float
    low: float
    close: float
    volume: float
    source: str
    adj_close: Optional[float] = None


@dataclass
class BuiltinStrategyList(Model):
    """The `BuiltinStrategyListDto` schema."""

    _schema = "BuiltinStrategyListDto"
    _refs = {'strategies': ('list', 'StrategyInfo')}
    _renamed = {}
    strategies: List["StrategyInfo"]
    fill_model: str


@dataclass
class CashMovement(Model):
    """The `CashMovementDto` schema."""

    _schema = "CashMovementDto"
    _refs = {}
    _renamed = {}
    type: str
    amount: float


@dataclass
class CashTransaction(Model):
    """The `CashTransactionDto` schema."""

    _schema = "CashTransactionDto"
    _refs = {}
    _renamed = {}
    id: str
    type: str
    amount: float
    balance_after: float
    order_id: Optional[str]
    fill_id: Optional[str]
    position_id: Optional[str]
    symbol: Optional[str]
    quantity: Optional[float]
    price: Optional[float]
    description: Optional[str]
    created_at: str


@dataclass
class CashTransactionList(Model):
    """The `CashTransactionListDto` schema."""

    _schema = "CashTransactionListDto"
    _refs = {'transactions': ('list', 'CashTransaction')}
    _renamed = {}
    transactions: List["CashTransaction"]
    next_cursor: Optional[str]


@dataclass
class Commission(Model):
    """The `CommissionDto` schema."""

    _schema = "CommissionDto"
    _refs = {}
    _renamed = {}
    per_share: Optional[float] = None
    bps: Optional[float] = None
    minimum: Optional[float] = None


@dataclass
class CommissionSchedule(Model):
    """The `CommissionScheduleDto` schema."""

    _schema = "CommissionScheduleDto"
    _refs = {}
    _renamed = {}
    kind: str
    per_share: Optional[float] = None
    bps: Optional[float] = None
    minimum: Optional[float] = None


@dataclass
class Coverage(Model):
    """The `CoverageDto` schema."""

    _schema = "CoverageDto"
    _refs = {}
    _renamed = {}
    level: float
    model: Optional[float]
    conformal: Optional[float]
    conformal_forecasts: float


@dataclass
class CreateAlert(Model):
    """The `CreateAlertDto` schema."""

    _schema = "CreateAlertDto"
    _refs = {}
    _renamed = {}
    symbol: str
    condition: str
    threshold: float
    repeat: Optional[bool] = None


@dataclass
class CreateApiKey(Model):
    """The `CreateApiKeyDto` schema."""

    _schema = "CreateApiKeyDto"
    _refs = {}
    _renamed = {}
    name: str
    scopes: Optional[List[str]] = None


@dataclass
class CreateDeployment(Model):
    """The `CreateDeploymentDto` schema."""

    _schema = "CreateDeploymentDto"
    _refs = {}
    _renamed = {}
    portfolio_id: str
    mode: str
    version: Optional[float] = None


@dataclass
class CreateNewsSource(Model):
    """The `CreateNewsSourceDto` schema."""

    _schema = "CreateNewsSourceDto"
    _refs = {}
    _renamed = {}
    url: str
    kind: Optional[str] = None
    poll_seconds: Optional[float] = None
    symbols: Optional[List[str]] = None
    weight: Optional[float] = None


@dataclass
class CreateOrder(Model):
    """The `CreateOrderDto` schema."""

    _schema = "CreateOrderDto"
    _refs = {}
    _renamed = {}
    portfolio_id: str
    symbol: str
    side: str
    order_type: str
    quantity: float
    price: Optional[float] = None
    stop_price: Optional[float] = None
    time_in_force: Optional[str] = None
    client_order_id: Optional[str] = None


@dataclass
class CreatePortfolio(Model):
    """The `CreatePortfolioDto` schema."""

    _schema = "CreatePortfolioDto"
    _refs = {}
    _renamed = {}
    name: str
    description: Optional[str] = None
    initial_cash: Optional[float] = None


@dataclass
class CreateWatchlist(Model):
    """The `CreateWatchlistDto` schema."""

    _schema = "CreateWatchlistDto"
    _refs = {}
    _renamed = {}
    name: str
    symbols: Optional[List[str]] = None


@dataclass
class CreatedApiKey(Model):
    """The `CreatedApiKeyDto` schema."""

    _schema = "CreatedApiKeyDto"
    _refs = {}
    _renamed = {}
    id: str
    name: str
    prefix: str
    scopes: List[str]
    created_at: str
    last_used_at: Optional[str]
    key: str


@dataclass
class CustomShocks(Model):
    """The `CustomShocksDto` schema."""

    _schema = "CustomShocksDto"
    _refs = {}
    _renamed = {}
    market: Optional[float] = None
    sectors: Optional[Dict[str, Any]] = None
    symbols: Optional[Dict[str, Any]] = None


@dataclass
class DecisionRules(Model):
    """The `DecisionRulesDto` schema."""

    _schema = "DecisionRulesDto"
    _refs = {}
    _renamed = {}
    entry: Optional[bool]
    exit: Optional[bool]
    stop: Optional[bool]
    score: Optional[float]


@dataclass
class EquityPoint(Model):
    """The `EquityPointDto` schema."""

    _schema = "EquityPointDto"
    _refs = {}
    _renamed = {}
    date: str
    equity: float
    cash: float
    drawdown: float
    benchmark_equity: Optional[float]


@dataclass
class ErrorBody(Model):
    """The standard error body of every 4xx/5xx response"""

    _schema = "Error"
    _refs = {'details': ('one', 'ErrorDetails')}
    _renamed = {}
    error: str
    message: str
    details: Optional["ErrorDetails"]
    timestamp: str
    request_id: str


@dataclass
class ErrorDetails(Model):
    """Structured details of an error; which fields appear depends on `error`"""

    _schema = "ErrorDetails"
    _refs = {'errors': ('list', 'FieldError')}
    _renamed = {}
    field: Optional[str] = None
    code: Optional[str] = None
    position: Optional[float] = None
    errors: Optional[List["FieldError"]] = None
    missing_scope: Optional[str] = None
    scopes: Optional[List[str]] = None
    retry_after: Optional[float] = None


@dataclass
class Evaluation(Model):
    """The `EvaluationDto` schema."""

    _schema = "EvaluationDto"
    _refs = {'coverage': ('list', 'Coverage')}
    _renamed = {}
    origins: float
    horizon: float
    mape: float
    mase: float
    relative_mase: float
    coverage: List["Coverage"]


@dataclass
class EvaluationTable(Model):
    """The `EvaluationTableDto` schema."""

    _schema = "EvaluationTableDto"
    _refs = {'models': ('list', 'ModelEvaluation')}
    _renamed = {}
    symbol: str
    lookback: str
    trained_from: str
    trained_to: str
    horizon: float
    models: List["ModelEvaluation"]


@dataclass
class FieldError(Model):
    """The `FieldError` schema."""

    _schema = "FieldError"
    _refs = {}
    _renamed = {}
    field: str
    code: str
    message: str
    position: Optional[float] = None


@dataclass
class Fill(Model):
    """The `FillDto` schema."""

    _schema = "FillDto"
    _refs = {}
    _renamed = {}
    id: str
    order_id: str
    portfolio_id: str
    symbol: str
    side: str
    quantity: float
    price: float
    commission: float
    realized_pnl: Optional[float]
    created_at: str


@dataclass
class FillList(Model):
    """The `FillListDto` schema."""

    _schema = "FillListDto"
    _refs = {'fills': ('list', 'Fill')}
    _renamed = {}
    fills: List["Fill"]
    next_cursor: Optional[str]


@dataclass
class FitDetail(Model):
    """The `FitDetailDto` schema."""

    _schema = "FitDetailDto"
    _refs = {}
    _renamed = {}
    order: Optional[List[float]] = None
    aic: Optional[float] = None
    yearly_seasonality: Optional[bool] = None
    optimizer: Optional[str] = None
    members: Optional[List[str]] = None


@dataclass
class HealthStatus(Model):
    """The probes' status body (terminus)"""

    _schema = "HealthStatus"
    _refs = {}
    _renamed = {}
    status: Optional[str] = None
    info: Optional[Dict[str, Any]] = None
    error: Optional[Dict[str, Any]] = None
    details: Optional[Dict[str, Any]] = None


@dataclass
class Historical(Model):
    """The `HistoricalDto` schema."""

    _schema = "HistoricalDto"
    _refs = {'data': ('list', 'Bar')}
    _renamed = {}
    symbol: str
    period: str
    interval: str
    source: str
    data: List["Bar"]


@dataclass
class ImportList(Model):
    """The `ImportListDto` schema."""

    _schema = "ImportListDto"
    _refs = {'imports': ('list', 'ImportRecord')}
    _renamed = {}
    imports: List["ImportRecord"]
    next_cursor: Optional[str]


@dataclass
class ImportRecord(Model):
    """The `ImportRecordDto` schema."""

    _schema = "ImportRecordDto"
    _refs = {}
    _renamed = {}
    id: str
    symbol: str
    action: str
    actor: str
    file: Optional[str]
    format: Optional[str]
    rows: float
    first_date: str
    last_date: str
    created_at: str


@dataclass
class ImportResult(Model):
    """The `ImportResultDto` schema."""

    _schema = "ImportResultDto"
    _refs = {'imports': ('list', 'ImportedFile')}
    _renamed = {}
    imports: List["ImportedFile"]


@dataclass
class ImportUpload(Model):
    """The `ImportUploadDto` schema."""

    _schema = "ImportUploadDto"
    _refs = {}
    _renamed = {}
    file: List[str]
    symbol: Optional[str] = None


@dataclass
class ImportedFile(Model):
    """The `ImportedFileDto` schema."""

    _schema = "ImportedFileDto"
    _refs = {}
    _renamed = {}
    file: Optional[str]
    symbol: str
    format: str
    rows: float
    first_date: str
    last_date: str


@dataclass
class Indicator(Model):
    """The `IndicatorDto` schema."""

    _schema = "IndicatorDto"
    _refs = {}
    _renamed = {}
    name: str
    type: str
    period: float
    k: Optional[float] = None
    offset: Optional[float] = None
    source: Optional[str] = None


@dataclass
class IngestNews(Model):
    """The `IngestNewsDto` schema."""

    _schema = "IngestNewsDto"
    _refs = {'items': ('list', 'NewsItemInput')}
    _renamed = {}
    items: List["NewsItemInput"]


@dataclass
class Job(Model):
    """The `JobDto` schema."""

    _schema = "JobDto"
    _refs = {'error': ('one', 'JobError')}
    _renamed = {}
    id: str
    kind: str
    status: str
    progress: float
    params: Dict[str, Any]
    result: Optional[Dict[str, Any]]
    error: Optional["JobError"]
    attempts: float
    created_at: str
    started_at: Optional[str]
    finished_at: Optional[str]


@dataclass
class JobError(Model):
    """The `JobErrorDto` schema."""

    _schema = "JobErrorDto"
    _refs = {}
    _renamed = {}
    error: str
    message: str
    details: Optional[Dict[str, Any]]


@dataclass
class Login(Model):
    """The `LoginDto` schema."""

    _schema = "LoginDto"
    _refs = {}
    _renamed = {}
    email: str
    password: str


@dataclass
class Logout(Model):
    """The `LogoutDto` schema."""

    _schema = "LogoutDto"
    _refs = {}
    _renamed = {}
    refresh_token: Optional[str] = None


@dataclass
class LogoutResult(Model):
    """The `LogoutResultDto` schema."""

    _schema = "LogoutResultDto"
    _refs = {}
    _renamed = {}
    logged_out: bool


@dataclass
class MarketClock(Model):
    """The `MarketClockDto` schema."""

    _schema = "MarketClockDto"
    _refs = {}
    _renamed = {}
    is_open: bool
    next_open: str
    next_close: str
    trading_hours: str
    timestamp: str


@dataclass
class Me(Model):
    """The `MeDto` schema."""

    _schema = "MeDto"
    _refs = {}
    _renamed = {}
    id: str
    email: str
    first_name: Optional[str]
    last_name: Optional[str]
    created_at: str
    role: str


@dataclass
class ModelEvaluation(Model):
    """The `ModelEvaluationDto` schema."""

    _schema = "ModelEvaluationDto"
    _refs = {'coverage': ('list', 'Coverage')}
    _renamed = {}
    origins: float
    horizon: float
    mape: float
    mase: float
    relative_mase: float
    coverage: List["Coverage"]
    model: str
    members: Optional[List[str]] = None


@dataclass
class ModelInfo(Model):
    """The `ModelInfoDto` schema."""

    _schema = "ModelInfoDto"
    _refs = {}
    _renamed = {}
    name: str
    summary: str
    parameters: Dict[str, Any]
    min_history_sessions: float
    min_history_sessions_evaluated: float
    intervals: List[str]
    typical_fit_ms: float
    observed_fit_ms: Optional[float]


@dataclass
class ModelList(Model):
    """The `ModelListDto` schema."""

    _schema = "ModelListDto"
    _refs = {'models': ('list', 'ModelInfo')}
    _renamed = {}
    models: List["ModelInfo"]
    evaluation_origins: float
    evaluation_horizon: float


@dataclass
class NavHistory(Model):
    """The `NavHistoryDto` schema."""

    _schema = "NavHistoryDto"
    _refs = {'history': ('list', 'NavPoint')}
    _renamed = {}
    portfolio_id: str
    history: List["NavPoint"]


@dataclass
class NavPoint(Model):
    """The `NavPointDto` schema."""

    _schema = "NavPointDto"
    _refs = {}
    _renamed = {}
    date: str
    total_value: float
    cash_balance: float
    positions_value: float
    source: str
    recorded_at: str


@dataclass
class NewsIngestOutcome(Model):
    """The `NewsIngestOutcomeDto` schema."""

    _schema = "NewsIngestOutcomeDto"
    _refs = {'reasons': ('list', 'NewsItemProblem')}
    _renamed = {}
    index: float
    status: str
    id: Optional[str] = None
    symbols: Optional[List[str]] = None
    reasons: Optional[List["NewsItemProblem"]] = None


@dataclass
class NewsIngestResult(Model):
    """The `NewsIngestResultDto` schema."""

    _schema = "NewsIngestResultDto"
    _refs = {'items': ('list', 'NewsIngestOutcome')}
    _renamed = {}
    inserted: float
    duplicate: float
    rejected: float
    items: List["NewsIngestOutcome"]


@dataclass
class NewsItem(Model):
    """The `NewsItemDto` schema."""

    _schema = "NewsItemDto"
    _refs = {'score_details': ('one', 'NewsScoreDetails')}
    _renamed = {}
    id: str
    kind: str
    source: str
    external_id: str
    url: Optional[str]
    title: Optional[str]
    body: Optional[str]
    author: Optional[str]
    published_at: str
    fetched_at: str
    language: str
    symbols: List[str]
    score: float
    score_details: "NewsScoreDetails"
    lexicon_version: str


@dataclass
class NewsItemInput(Model):
    """The `NewsItemInputDto` schema."""

    _schema = "NewsItemInputDto"
    _refs = {}
    _renamed = {}
    kind: Optional[str] = None
    title: Optional[str] = None
    text: Optional[str] = None
    url: Optional[str] = None
    external_id: Optional[str] = None
    published_at: Optional[str] = None
    symbols: Optional[List[str]] = None
    source: Optional[str] = None
    author: Optional[str] = None
    language: Optional[str] = None


@dataclass
class NewsItemProblem(Model):
    """The `NewsItemProblemDto` schema."""

    _schema = "NewsItemProblemDto"
    _refs = {}
    _renamed = {}
    field: str
    code: str
    message: str


@dataclass
class NewsList(Model):
    """The `NewsListDto` schema."""

    _schema = "NewsListDto"
    _refs = {'news': ('list', 'NewsItem')}
    _renamed = {}
    news: List["NewsItem"]
    next_cursor: Optional[str]


@dataclass
class NewsScoreDetails(Model):
    """The `NewsScoreDetailsDto` schema."""

    _schema = "NewsScoreDetailsDto"
    _refs = {}
    _renamed = {}
    title: Optional[float]
    body: Optional[float]
    terms: List[str]


@dataclass
class NewsSource(Model):
    """The `NewsSourceDto` schema."""

    _schema = "NewsSourceDto"
    _refs = {}
    _renamed = {}
    id: str
    url: str
    name: str
    kind: str
    poll_seconds: float
    symbols: List[str]
    weight: float
    created_at: str
    next_poll_at: str
    polling: bool
    failures: float
    last_polled_at: Optional[str]
    last_success_at: Optional[str]
    last_error: Optional[str]
    etag: Optional[str]
    last_modified: Optional[str]
    items_inserted: float


@dataclass
class NewsSourceList(Model):
    """The `NewsSourceListDto` schema."""

    _schema = "NewsSourceListDto"
    _refs = {'sources': ('list', 'NewsSource')}
    _renamed = {}
    sources: List["NewsSource"]


@dataclass
class Order(Model):
    """The `OrderDto` schema."""

    _schema = "OrderDto"
    _refs = {}
    _renamed = {}
    id: str
    portfolio_id: str
    symbol: str
    side: str
    order_type: str
    quantity: float
    price: Optional[float]
    status: str
    created_at: str
    filled_quantity: float
    avg_fill_price: Optional[float]
    stop_price: Optional[float]
    time_in_force: str
    updated_at: str
    filled_at: Optional[str]
    canceled_at: Optional[str]
    expired_at: Optional[str]
    reject_reason: Optional[str]
    client_order_id: Optional[str]
    commission: float


@dataclass
class OrderList(Model):
    """The `OrderListDto` schema."""

    _schema = "OrderListDto"
    _refs = {'orders': ('list', 'Order')}
    _renamed = {}
    orders: List["Order"]
    next_cursor: Optional[str]


@dataclass
class OrderSpec(Model):
    """The `OrderSpecDto` schema."""

    _schema = "OrderSpecDto"
    _refs = {}
    _renamed = {}
    type: str
    offset_bps: Optional[float] = None


@dataclass
class ParityDifference(Model):
    """The `ParityDifferenceDto` schema."""

    _schema = "ParityDifferenceDto"
    _refs = {}
    _renamed = {}
    trade_session: str
    symbol: str
    side: str
    backtest_quantity: Optional[float]
    live_quantity: Optional[float]
    reason: str
    message: str


@dataclass
class PortfolioDetail(Model):
    """The `PortfolioDetailDto` schema."""

    _schema = "PortfolioDetailDto"
    _refs = {'positions': ('list', 'Position')}
    _renamed = {}
    id: str
    name: str
    total_value: float
    cash_balance: float
    day_change: float
    day_change_percent: Optional[float]
    positions_count: float
    created_at: str
    reserved_cash: float
    buying_power: float
    realized_pnl: float
    updated_at: str
    description: Optional[str]
    positions: List["Position"]


@dataclass
class Portfolio(Model):
    """The `PortfolioDto` schema."""

    _schema = "PortfolioDto"
    _refs = {}
    _renamed = {}
    id: str
    name: str
    total_value: float
    cash_balance: float
    day_change: float
    day_change_percent: Optional[float]
    positions_count: float
    created_at: str
    reserved_cash: float
    buying_power: float
    realized_pnl: float
    updated_at: str


@dataclass
class PortfolioList(Model):
    """The `PortfolioListDto` schema."""

    _schema = "PortfolioListDto"
    _refs = {'portfolios': ('list', 'Portfolio')}
    _renamed = {}
    portfolios: List["Portfolio"]


@dataclass
class PortfolioRisk(Model):
    """The `PortfolioRiskDto` schema."""

    _schema = "PortfolioRiskDto"
    _refs = {}
    _renamed = {}
    portfolio_id: str
    var_95: float
    var_99: float
    var_999: float
    cvar_95: float
    cvar_99: float
    sharpe_ratio: Optional[float]
    sortino_ratio: Optional[float]
    volatility: Optional[float]
    max_drawdown: Optional[float]
    beta: Optional[float]
    alpha: Optional[float]
    correlation_matrix: Dict[str, Any]
    sector_exposure: Dict[str, Any]
    method: str
    lookback: str
    benchmark: str
    series: str
    risk_free_rate: float
    as_of: str
    start_date: str
    observations: float
    portfolio_value: float
    invested_value: float
    cash_balance: float
    paths: Optional[float]
    seed: Optional[float]


@dataclass
class Position(Model):
    """The `PositionDto` schema."""

    _schema = "PositionDto"
    _refs = {}
    _renamed = {}
    id: str
    portfolio_id: str
    symbol: str
    quantity: float
    avg_cost: float
    current_price: float
    market_value: float
    unrealized_pnl: float
    unrealized_pnl_percent: Optional[float]
    weight: float
    realized_pnl: float
    reserved_quantity: float
    day_change: float
    day_change_percent: Optional[float]


@dataclass
class PositionList(Model):
    """The `PositionListDto` schema."""

    _schema = "PositionListDto"
    _refs = {'positions': ('list', 'Position')}
    _renamed = {}
    positions: List["Position"]


@dataclass
class PositionValue(Model):
    """The `PositionValueDto` schema."""

    _schema = "PositionValueDto"
    _refs = {}
    _renamed = {}
    symbol: str
    value: float


@dataclass
class PredictRequest(Model):
    """The `PredictRequestDto` schema."""

    _schema = "PredictRequestDto"
    _refs = {}
    _renamed = {}
    symbol: str
    horizon: str
    model: Optional[str] = None
    confidence: Optional[float] = None
    lookback: Optional[str] = None
    interval: Optional[str] = None


@dataclass
class PredictResult(Model):
    """The `PredictResultDto` schema."""

    _schema = "PredictResultDto"
    _refs = {'predictions': ('list', 'Prediction'), 'fit': ('one', 'FitDetail'), 'evaluation': ('one', 'Evaluation')}
    _renamed = {}
    symbol: str
    predictions: List["Prediction"]
    model: str
    horizon: str
    interval: str
    trained_from: str
    trained_to: str
    last_close: float
    data_source: str
    fit: "FitDetail"
    evaluation: Optional["Evaluation"]
    evaluation_status: str
    evaluation_job: Optional[str]


@dataclass
class Prediction(Model):
    """The `PredictionDto` schema."""

    _schema = "PredictionDto"
    _refs = {}
    _renamed = {}
    date: str
    predicted_price: float
    lower_bound: float
    upper_bound: float
    confidence: float


@dataclass
class Quote(Model):
    """The `QuoteDto` schema."""

    _schema = "QuoteDto"
    _refs = {}
    _renamed = {}
    symbol: str
    price: float
    change: float
    change_percent: float
    volume: float
    market_cap: Optional[float]
    pe_ratio: Optional[float]
    high: float
    low: float
    open: float
    previous_close: float
    timestamp: str
    bid: float
    ask: float
    source: str
    stale: bool


@dataclass
class Refresh(Model):
    """The `RefreshDto` schema."""

    _schema = "RefreshDto"
    _refs = {}
    _renamed = {}
    refresh_token: Optional[str] = None


@dataclass
class Register(Model):
    """The `RegisterDto` schema."""

    _schema = "RegisterDto"
    _refs = {}
    _renamed = {}
    email: str
    password: str
    first_name: Optional[str] = None
    last_name: Optional[str] = None


@dataclass
class ReplaceWatchlist(Model):
    """The `ReplaceWatchlistDto` schema."""

    _schema = "ReplaceWatchlistDto"
    _refs = {}
    _renamed = {}
    name: str
    symbols: List[str]


@dataclass
class Scenario(Model):
    """The `ScenarioDto` schema."""

    _schema = "ScenarioDto"
    _refs = {}
    _renamed = {}
    name: str
    title: str
    kind: str
    start_date: Optional[str]
    end_date: Optional[str]
    index: Optional[str]
    start_level: Optional[float]
    end_level: Optional[float]
    index_shock: Optional[float]
    source: Optional[str]
    sector_multipliers: Dict[str, Any]
    notes: str


@dataclass
class ScenarioList(Model):
    """The `ScenarioListDto` schema."""

    _schema = "ScenarioListDto"
    _refs = {'scenarios': ('list', 'Scenario')}
    _renamed = {}
    model: str
    scenarios: List["Scenario"]


@dataclass
class SearchResult(Model):
    """The `SearchResultDto` schema."""

    _schema = "SearchResultDto"
    _refs = {}
    _renamed = {}
    symbol: str
    name: str
    exchange: str
    asset_class: str
    sector: str


@dataclass
class SearchResults(Model):
    """The `SearchResultsDto` schema."""

    _schema = "SearchResultsDto"
    _refs = {'results': ('list', 'SearchResult')}
    _renamed = {}
    results: List["SearchResult"]


@dataclass
class SectorMultiplier(Model):
    """The `SectorMultiplierDto` schema."""

    _schema = "SectorMultiplierDto"
    _refs = {}
    _renamed = {}
    multiplier: float
    reason: str


@dataclass
class SentimentCounts(Model):
    """The `SentimentCountsDto` schema."""

    _schema = "SentimentCountsDto"
    _refs = {}
    _renamed = {}
    news: float
    social: float


@dataclass
class Sentiment(Model):
    """The `SentimentDto` schema."""

    _schema = "SentimentDto"
    _refs = {'half_life_hours': ('one', 'SentimentHalfLives'), 'counts': ('one', 'SentimentCounts'), 'top_items': ('list', 'SentimentTopItem')}
    _renamed = {}
    symbol: str
    overall_sentiment: Optional[float]
    sentiment_label: str
    news_sentiment: Optional[float]
    social_sentiment: Optional[float]
    analyzed_sources: float
    timestamp: str
    window: str
    half_life_hours: "SentimentHalfLives"
    counts: "SentimentCounts"
    top_items: List["SentimentTopItem"]


@dataclass
class SentimentHalfLives(Model):
    """The `SentimentHalfLivesDto` schema."""

    _schema = "SentimentHalfLivesDto"
    _refs = {}
    _renamed = {}
    news: float
    social: float


@dataclass
class SentimentHistory(Model):
    """The `SentimentHistoryDto` schema."""

    _schema = "SentimentHistoryDto"
    _refs = {'history': ('list', 'SentimentPoint')}
    _renamed = {}
    symbol: str
    interval: str
    period: str
    window: str
    history: List["SentimentPoint"]


@dataclass
class SentimentPoint(Model):
    """The `SentimentPointDto` schema."""

    _schema = "SentimentPointDto"
    _refs = {}
    _renamed = {}
    date: str
    overall_sentiment: Optional[float]
    sentiment_label: str
    news_sentiment: Optional[float]
    social_sentiment: Optional[float]
    analyzed_sources: float


@dataclass
class SentimentTopItem(Model):
    """The `SentimentTopItemDto` schema."""

    _schema = "SentimentTopItemDto"
    _refs = {}
    _renamed = {}
    id: str
    kind: str
    title: str
    source: str
    published_at: str
    score: float
    weight: float
    url: Optional[str]


@dataclass
class Sizing(Model):
    """The `SizingDto` schema."""

    _schema = "SizingDto"
    _refs = {}
    _renamed = {}
    type: str
    fraction: Optional[float] = None
    quantity: Optional[float] = None
    n: Optional[float] = None
    score: Optional[str] = None


@dataclass
class SkippedScenario(Model):
    """The `SkippedScenarioDto` schema."""

    _schema = "SkippedScenarioDto"
    _refs = {}
    _renamed = {}
    scenario: str
    reason: str


@dataclass
class StrategyDecision(Model):
    """The `StrategyDecisionDto` schema."""

    _schema = "StrategyDecisionDto"
    _refs = {'rules': ('one', 'DecisionRules')}
    _renamed = {}
    id: str
    deployment_id: str
    session_date: str
    trade_session: str
    symbol: str
    inputs: Dict[str, Any]
    rules: "DecisionRules"
    target: float
    action: str
    status: str
    position_quantity: Optional[float]
    quantity: Optional[float]
    order_id: Optional[str]
    reason: Optional[str]
    created_at: str
    updated_at: str


@dataclass
class StrategyDecisionList(Model):
    """The `StrategyDecisionListDto` schema."""

    _schema = "StrategyDecisionListDto"
    _refs = {'decisions': ('list', 'StrategyDecision')}
    _renamed = {}
    decisions: List["StrategyDecision"]
    next_cursor: Optional[str]


@dataclass
class StrategyDeployment(Model):
    """The `StrategyDeploymentDto` schema."""

    _schema = "StrategyDeploymentDto"
    _refs = {}
    _renamed = {}
    id: str
    strategy_id: str
    strategy_version: float
    portfolio_id: str
    mode: str
    status: str
    first_decision_session: str
    first_session: str
    initial_capital: float
    last_decision_session: Optional[str]
    running: bool
    created_at: str
    updated_at: str
    stopped_at: Optional[str]


@dataclass
class StrategyDeploymentList(Model):
    """The `StrategyDeploymentListDto` schema."""

    _schema = "StrategyDeploymentListDto"
    _refs = {'deployments': ('list', 'StrategyDeployment')}
    _renamed = {}
    deployments: List["StrategyDeployment"]
    next_cursor: Optional[str]


@dataclass
class StrategyDocument(Model):
    """The `StrategyDocumentDto` schema."""

    _schema = "StrategyDocumentDto"
    _refs = {'indicators': ('list', 'Indicator'), 'sizing': ('one', 'Sizing'), 'order': ('one', 'OrderSpec')}
    _renamed = {}
    name: str
    universe: List[str]
    indicators: List["Indicator"]
    entry: str
    exit: str
    sizing: "Sizing"
    description: Optional[str] = None
    stop_loss_percent: Optional[float] = None
    take_profit_percent: Optional[float] = None
    rebalance: Optional[str] = None
    order: Optional["OrderSpec"] = None


@dataclass
class Strategy(Model):
    """The `StrategyDto` schema."""

    _schema = "StrategyDto"
    _refs = {'document': ('one', 'StrategyDocument')}
    _renamed = {}
    id: str
    name: str
    version: float
    latest_version: float
    document: "StrategyDocument"
    warmup: float
    created_at: str
    version_created_at: str


@dataclass
class StrategyExample(Model):
    """The `StrategyExampleDto` schema."""

    _schema = "StrategyExampleDto"
    _refs = {'document': ('one', 'StrategyDocument')}
    _renamed = {}
    key: str
    builtin: str
    parameters: Dict[str, Any]
    document: "StrategyDocument"


@dataclass
class StrategyExampleList(Model):
    """The `StrategyExampleListDto` schema."""

    _schema = "StrategyExampleListDto"
    _refs = {'examples': ('list', 'StrategyExample')}
    _renamed = {}
    examples: List["StrategyExample"]


@dataclass
class StrategyInfo(Model):
    """The `StrategyInfoDto` schema."""

    _schema = "StrategyInfoDto"
    _refs = {'parameters': ('list', 'StrategyParameter'), 'parameters_multi': ('list', 'StrategyParameter')}
    _renamed = {}
    name: str
    description: str
    short_rule: str
    parameters: List["StrategyParameter"]
    parameters_multi: List["StrategyParameter"]
    warmup: str


@dataclass
class StrategyList(Model):
    """The `StrategyListDto` schema."""

    _schema = "StrategyListDto"
    _refs = {'strategies': ('list', 'StrategyListItem')}
    _renamed = {}
    strategies: List["StrategyListItem"]
    next_cursor: Optional[str]


@dataclass
class StrategyListItem(Model):
    """The `StrategyListItemDto` schema."""

    _schema = "StrategyListItemDto"
    _refs = {}
    _renamed = {}
    id: str
    name: str
    latest_version: float
    created_at: str
    updated_at: str


@dataclass
class StrategyParameter(Model):
    """The `StrategyParameterDto` schema."""

    _schema = "StrategyParameterDto"
    _refs = {}
    _renamed = {}
    name: str
    type: str
    default: Any
    minimum: float
    maximum: float
    description: str


@dataclass
class StrategyParity(Model):
    """The `StrategyParityDto` schema."""

    _schema = "StrategyParityDto"
    _refs = {'differences': ('list', 'ParityDifference')}
    _renamed = {}
    deployment_id: str
    strategy_id: str
    strategy_version: float
    first_session: str
    last_session: Optional[str]
    initial_capital: float
    backtest_fills: float
    live_fills: float
    matched: float
    in_parity: bool
    differences: List["ParityDifference"]


@dataclass
class StressPositionResult(Model):
    """The `StressPositionResultDto` schema."""

    _schema = "StressPositionResultDto"
    _refs = {}
    _renamed = {}
    symbol: str
    value: float
    sector: str
    beta: float
    shock: float
    pnl: float
    rule: str


@dataclass
class StressScenarioResult(Model):
    """The `StressScenarioResultDto` schema."""

    _schema = "StressScenarioResultDto"
    _refs = {'positions': ('list', 'StressPositionResult')}
    _renamed = {}
    scenario: str
    title: str
    index_shock: Optional[float]
    pnl: float
    pnl_percent: Optional[float]
    positions: List["StressPositionResult"]


@dataclass
class StressTestRequest(Model):
    """The `StressTestRequestDto` schema."""

    _schema = "StressTestRequestDto"
    _refs = {'positions': ('list', 'PositionValue'), 'custom_shocks': ('one', 'CustomShocks')}
    _renamed = {}
    scenarios: List[str]
    portfolio_id: Optional[str] = None
    positions: Optional[List["PositionValue"]] = None
    custom_shocks: Optional["CustomShocks"] = None


@dataclass
class StressTestResult(Model):
    """The `StressTestResultDto` schema."""

    _schema = "StressTestResultDto"
    _refs = {'results': ('list', 'StressScenarioResult'), 'skipped': ('list', 'SkippedScenario')}
    _renamed = {}
    portfolio_id: Optional[str]
    portfolio_value: float
    cash_balance: float
    as_of: str
    results: List["StressScenarioResult"]
    skipped: List["SkippedScenario"]


@dataclass
class Token(Model):
    """The `TokenDto` schema."""

    _schema = "TokenDto"
    _refs = {}
    _renamed = {}
    access_token: str
    token_type: str
    expires_in: float
    refresh_token: str
    refresh_expires_in: float


@dataclass
class Trade(Model):
    """The `TradeDto` schema."""

    _schema = "TradeDto"
    _refs = {}
    _renamed = {}
    symbol: str
    entry_date: str
    exit_date: Optional[str]
    side: str
    quantity: float
    entry_price: float
    exit_price: Optional[float]
    pnl: float
    pnl_percent: float
    fees: float


@dataclass
class Trending(Model):
    """The `TrendingDto` schema."""

    _schema = "TrendingDto"
    _refs = {'trending': ('list', 'TrendingItem')}
    _renamed = {}
    trending: List["TrendingItem"]
    as_of: str


@dataclass
class TrendingItem(Model):
    """The `TrendingItemDto` schema."""

    _schema = "TrendingItemDto"
    _refs = {}
    _renamed = {}
    symbol: str
    name: str
    price: float
    change_percent: float
    volume: float
    relative_volume: float


@dataclass
class UpdatePortfolio(Model):
    """The `UpdatePortfolioDto` schema."""

    _schema = "UpdatePortfolioDto"
    _refs = {}
    _renamed = {}
    name: Optional[str] = None
    description: Optional[str] = None


@dataclass
class User(Model):
    """The `UserDto` schema."""

    _schema = "UserDto"
    _refs = {}
    _renamed = {}
    id: str
    email: str
    first_name: Optional[str]
    last_name: Optional[str]
    created_at: str


@dataclass
class VarPositionResult(Model):
    """The `VarPositionResultDto` schema."""

    _schema = "VarPositionResultDto"
    _refs = {}
    _renamed = {}
    symbol: str
    value: float
    marginal_var: float
    component_var: float


@dataclass
class VarRequest(Model):
    """The `VarRequestDto` schema."""

    _schema = "VarRequestDto"
    _refs = {'positions': ('list', 'PositionValue')}
    _renamed = {}
    positions: List["PositionValue"]
    confidence_level: Optional[float] = None
    time_horizon: Optional[float] = None
    method: Optional[str] = None
    lookback: Optional[str] = None
    horizon_method: Optional[str] = None
    distribution: Optional[str] = None
    dof: Optional[float] = None
    paths: Optional[float] = None
    seed: Optional[float] = None


@dataclass
class VarResult(Model):
    """The `VarResultDto` schema."""

    _schema = "VarResultDto"
    _refs = {'positions': ('list', 'VarPositionResult')}
    _renamed = {}
    var: float
    cvar: float
    method: str
    confidence_level: float
    time_horizon: float
    horizon_method: str
    portfolio_value: float
    lookback: str
    as_of: str
    start_date: str
    observations: float
    paths: Optional[float]
    seed: Optional[float]
    positions: List["VarPositionResult"]


@dataclass
class Watchlist(Model):
    """The `WatchlistDto` schema."""

    _schema = "WatchlistDto"
    _refs = {}
    _renamed = {}
    id: str
    name: str
    symbols: List[str]
    created_at: str
    updated_at: str


@dataclass
class WatchlistList(Model):
    """The `WatchlistListDto` schema."""

    _schema = "WatchlistListDto"
    _refs = {'watchlists': ('list', 'Watchlist')}
    _renamed = {}
    watchlists: List["Watchlist"]
    next_cursor: Optional[str]


SCHEMAS: Dict[str, Any] = {
    "AddPositionDto": AddPosition,
    "AddWatchlistSymbolDto": AddWatchlistSymbol,
    "AlertDto": Alert,
    "AlertListDto": AlertList,
    "ApiKeyDto": ApiKey,
    "ApiKeyListDto": ApiKeyList,
    "BacktestDto": Backtest,
    "BacktestErrorDto": BacktestError,
    "BacktestListDto": BacktestList,
    "BacktestListItemDto": BacktestListItem,
    "BacktestRequestDto": BacktestRequest,
    "BacktestSummaryDto": BacktestSummary,
    "BarDto": Bar,
    "BuiltinStrategyListDto": BuiltinStrategyList,
    "CashMovementDto": CashMovement,
    "CashTransactionDto": CashTransaction,
    "CashTransactionListDto": CashTransactionList,
    "CommissionDto": Commission,
    "CommissionScheduleDto": CommissionSchedule,
    "CoverageDto": Coverage,
    "CreateAlertDto": CreateAlert,
    "CreateApiKeyDto": CreateApiKey,
    "CreateDeploymentDto": CreateDeployment,
    "CreateNewsSourceDto": CreateNewsSource,
    "CreateOrderDto": CreateOrder,
    "CreatePortfolioDto": CreatePortfolio,
    "CreateWatchlistDto": CreateWatchlist,
    "CreatedApiKeyDto": CreatedApiKey,
    "CustomShocksDto": CustomShocks,
    "DecisionRulesDto": DecisionRules,
    "EquityPointDto": EquityPoint,
    "Error": ErrorBody,
    "ErrorDetails": ErrorDetails,
    "EvaluationDto": Evaluation,
    "EvaluationTableDto": EvaluationTable,
    "FieldError": FieldError,
    "FillDto": Fill,
    "FillListDto": FillList,
    "FitDetailDto": FitDetail,
    "HealthStatus": HealthStatus,
    "HistoricalDto": Historical,
    "ImportListDto": ImportList,
    "ImportRecordDto": ImportRecord,
    "ImportResultDto": ImportResult,
    "ImportUploadDto": ImportUpload,
    "ImportedFileDto": ImportedFile,
    "IndicatorDto": Indicator,
    "IngestNewsDto": IngestNews,
    "JobDto": Job,
    "JobErrorDto": JobError,
    "LoginDto": Login,
    "LogoutDto": Logout,
    "LogoutResultDto": LogoutResult,
    "MarketClockDto": MarketClock,
    "MeDto": Me,
    "ModelEvaluationDto": ModelEvaluation,
    "ModelInfoDto": ModelInfo,
    "ModelListDto": ModelList,
    "NavHistoryDto": NavHistory,
    "NavPointDto": NavPoint,
    "NewsIngestOutcomeDto": NewsIngestOutcome,
    "NewsIngestResultDto": NewsIngestResult,
    "NewsItemDto": NewsItem,
    "NewsItemInputDto": NewsItemInput,
    "NewsItemProblemDto": NewsItemProblem,
    "NewsListDto": NewsList,
    "NewsScoreDetailsDto": NewsScoreDetails,
    "NewsSourceDto": NewsSource,
    "NewsSourceListDto": NewsSourceList,
    "OrderDto": Order,
    "OrderListDto": OrderList,
    "OrderSpecDto": OrderSpec,
    "ParityDifferenceDto": ParityDifference,
    "PortfolioDetailDto": PortfolioDetail,
    "PortfolioDto": Portfolio,
    "PortfolioListDto": PortfolioList,
    "PortfolioRiskDto": PortfolioRisk,
    "PositionDto": Position,
    "PositionListDto": PositionList,
    "PositionValueDto": PositionValue,
    "PredictRequestDto": PredictRequest,
    "PredictResultDto": PredictResult,
    "PredictionDto": Prediction,
    "QuoteDto": Quote,
    "RefreshDto": Refresh,
    "RegisterDto": Register,
    "ReplaceWatchlistDto": ReplaceWatchlist,
    "ScenarioDto": Scenario,
    "ScenarioListDto": ScenarioList,
    "SearchResultDto": SearchResult,
    "SearchResultsDto": SearchResults,
    "SectorMultiplierDto": SectorMultiplier,
    "SentimentCountsDto": SentimentCounts,
    "SentimentDto": Sentiment,
    "SentimentHalfLivesDto": SentimentHalfLives,
    "SentimentHistoryDto": SentimentHistory,
    "SentimentPointDto": SentimentPoint,
    "SentimentTopItemDto": SentimentTopItem,
    "SizingDto": Sizing,
    "SkippedScenarioDto": SkippedScenario,
    "StrategyDecisionDto": StrategyDecision,
    "StrategyDecisionListDto": StrategyDecisionList,
    "StrategyDeploymentDto": StrategyDeployment,
    "StrategyDeploymentListDto": StrategyDeploymentList,
    "StrategyDocumentDto": StrategyDocument,
    "StrategyDto": Strategy,
    "StrategyExampleDto": StrategyExample,
    "StrategyExampleListDto": StrategyExampleList,
    "StrategyInfoDto": StrategyInfo,
    "StrategyListDto": StrategyList,
    "StrategyListItemDto": StrategyListItem,
    "StrategyParameterDto": StrategyParameter,
    "StrategyParityDto": StrategyParity,
    "StressPositionResultDto": StressPositionResult,
    "StressScenarioResultDto": StressScenarioResult,
    "StressTestRequestDto": StressTestRequest,
    "StressTestResultDto": StressTestResult,
    "TokenDto": Token,
    "TradeDto": Trade,
    "TrendingDto": Trending,
    "TrendingItemDto": TrendingItem,
    "UpdatePortfolioDto": UpdatePortfolio,
    "UserDto": User,
    "VarPositionResultDto": VarPositionResult,
    "VarRequestDto": VarRequest,
    "VarResultDto": VarResult,
    "WatchlistDto": Watchlist,
    "WatchlistListDto": WatchlistList,
}
MODELS: Dict[str, Any] = {cls.__name__: cls for cls in SCHEMAS.values()}
Model._registry = MODELS

__all__ = ["AddPosition", "AddWatchlistSymbol", "Alert", "AlertList", "ApiKey", "ApiKeyList", "Backtest", "BacktestError", "BacktestList", "BacktestListItem", "BacktestRequest", "BacktestSummary", "Bar", "BuiltinStrategyList", "CashMovement", "CashTransaction", "CashTransactionList", "Commission", "CommissionSchedule", "Coverage", "CreateAlert", "CreateApiKey", "CreateDeployment", "CreateNewsSource", "CreateOrder", "CreatePortfolio", "CreateWatchlist", "CreatedApiKey", "CustomShocks", "DecisionRules", "EquityPoint", "ErrorBody", "ErrorDetails", "Evaluation", "EvaluationTable", "FieldError", "Fill", "FillList", "FitDetail", "HealthStatus", "Historical", "ImportList", "ImportRecord", "ImportResult", "ImportUpload", "ImportedFile", "Indicator", "IngestNews", "Job", "JobError", "Login", "Logout", "LogoutResult", "MarketClock", "Me", "ModelEvaluation", "ModelInfo", "ModelList", "NavHistory", "NavPoint", "NewsIngestOutcome", "NewsIngestResult", "NewsItem", "NewsItemInput", "NewsItemProblem", "NewsList", "NewsScoreDetails", "NewsSource", "NewsSourceList", "Order", "OrderList", "OrderSpec", "ParityDifference", "Portfolio", "PortfolioDetail", "PortfolioList", "PortfolioRisk", "Position", "PositionList", "PositionValue", "PredictRequest", "PredictResult", "Prediction", "Quote", "Refresh", "Register", "ReplaceWatchlist", "Scenario", "ScenarioList", "SearchResult", "SearchResults", "SectorMultiplier", "Sentiment", "SentimentCounts", "SentimentHalfLives", "SentimentHistory", "SentimentPoint", "SentimentTopItem", "Sizing", "SkippedScenario", "Strategy", "StrategyDecision", "StrategyDecisionList", "StrategyDeployment", "StrategyDeploymentList", "StrategyDocument", "StrategyExample", "StrategyExampleList", "StrategyInfo", "StrategyList", "StrategyListItem", "StrategyParameter", "StrategyParity", "StressPositionResult", "StressScenarioResult", "StressTestRequest", "StressTestResult", "Token", "Trade", "Trending", "TrendingItem", "UpdatePortfolio", "User", "VarPositionResult", "VarRequest", "VarResult", "Watchlist", "WatchlistList", "SCHEMAS", "MODELS"]
