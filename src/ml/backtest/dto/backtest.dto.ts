import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '../../../common/dto/page-query.dto';
import { METRIC_TEXT } from '../../../common/openapi/performance-metrics';
import { SYMBOL_PATTERN } from '../../../common/symbol';
import { IsDecimalInRange, LIMITS } from '../../../common/validation/decimal.validator';
import { JOB_STATUSES, type JobStatus } from '../../jobs/entities/ml-job.entity';
import { STRATEGY_NAMES, type StrategyName } from '../domain/strategies';

const upperCase = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value);
const upperCaseAll = ({ value }: { value: unknown }) => (Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v.trim().toUpperCase() : v)) : value);
const lowerCase = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);
const SYMBOL_MESSAGE = 'must match ^[A-Z][A-Z0-9.\\-]{0,9}$ (case-insensitive)';
const YMD = /^\d{4}-\d{2}-\d{2}$/;

export const MAX_SYMBOLS = 100;

export const FILL_MODEL =
  'Fills: a signal computed from session t’s close is traded at session t+1’s open (the last session’s signal is ' +
  'never traded); buys pay open × (1 + slippage_bps/10000), sells get open × (1 − slippage_bps/10000), rounded to ' +
  '6 dp; commission from the same schedule as paper orders (per share or bps of notional, at least `minimum`, ' +
  'rounded to 4 dp). Exits are filled before entries; an entry takes `weight` × equity at that open (1/N of equity ' +
  'for N symbols, 1/top_n for ranked momentum) and is sized down to the cash when it does not fit (counted in ' +
  '`orders_sized_down`; an order of zero shares is skipped and counted in `orders_skipped`): cash never goes ' +
  'negative. Whole shares unless `fractional` (6 dp). Long-only unless `allow_short`; short proceeds are held as ' +
  'cash and earn no interest. Prices are split- and dividend-adjusted when the history has adjusted closes (opens ' +
  'are scaled by adj_close / close), so trade prices are adjusted prices. Equity is cash + Σ quantity × close at ' +
  'every close. A symbol without a bar on a session is carried at its last close and its orders wait for its next bar.';

export class CommissionDto {
  @ApiPropertyOptional({ type: Number, example: 0.005, description: 'Per share, money (≤ 100, 6 dp); cannot be combined with `bps`' })
  @IsOptional()
  @IsDecimalInRange({ min: '0', max: '100', maxDp: 6 })
  per_share?: number | string;

  @ApiPropertyOptional({ type: Number, example: 5, description: 'Basis points of notional (≤ 1000, 4 dp); cannot be combined with `per_share`' })
  @IsOptional()
  @IsDecimalInRange({ min: '0', max: '1000', maxDp: 4 })
  bps?: number | string;

  @ApiPropertyOptional({ type: Number, example: 1, default: 0, description: 'Minimum per order, money (≤ 10000, 4 dp)' })
  @IsOptional()
  @IsDecimalInRange({ min: '0', max: '10000', maxDp: 4 })
  minimum?: number | string;
}

export class BacktestRequestDto {
  @ApiPropertyOptional({
    enum: STRATEGY_NAMES,
    example: 'momentum',
    description: 'A built-in strategy (GET /api/ml/strategies lists the rules, parameters and defaults); or `strategy_id`, exactly one of the two',
  })
  @IsOptional()
  @Transform(lowerCase)
  @IsIn(STRATEGY_NAMES, { message: `strategy must be one of ${STRATEGY_NAMES.join(', ')}` })
  strategy?: StrategyName;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'One of your strategy documents (/api/strategies) instead of `strategy`: its rules run on the same engine with the same ' +
      'costs and report. Symbols default to its universe (`symbol`/`symbols` override it); `parameters` and `allow_short` do not apply (documents are long-only).',
  })
  @IsOptional()
  @IsUUID('all', { message: 'strategy_id must be a UUID' })
  strategy_id?: string;

  @ApiPropertyOptional({ example: 1, minimum: 1, description: 'With strategy_id: the version to run (default the latest)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  strategy_version?: number;

  @ApiPropertyOptional({ example: 'AAPL', description: 'One symbol (or `symbols`, not both)' })
  @IsOptional()
  @Transform(upperCase)
  @IsString()
  @Matches(SYMBOL_PATTERN, { message: `symbol ${SYMBOL_MESSAGE}` })
  symbol?: string;

  @ApiPropertyOptional({ type: [String], example: ['AAPL', 'MSFT', 'NVDA'], description: `Several symbols (1–${MAX_SYMBOLS}, distinct), or \`symbol\`` })
  @IsOptional()
  @Transform(upperCaseAll)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_SYMBOLS)
  @ArrayUnique()
  @IsString({ each: true })
  @Matches(SYMBOL_PATTERN, { each: true, message: `each value in symbols ${SYMBOL_MESSAGE}` })
  symbols?: string[];

  @ApiProperty({ example: '2023-01-01', format: 'date', description: 'First day of the period (YYYY-MM-DD); trading starts at its first session' })
  @IsString()
  @Matches(YMD, { message: 'start_date must be YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'start_date must be a valid date' })
  start_date: string;

  @ApiProperty({ example: '2024-01-01', format: 'date', description: 'Last day of the period (YYYY-MM-DD), after start_date, not after today' })
  @IsString()
  @Matches(YMD, { message: 'end_date must be YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'end_date must be a valid date' })
  end_date: string;

  @ApiPropertyOptional({ type: Number, example: 100000, default: 100000, description: 'Starting cash, money (> 0, ≤ 1e13, 2 dp)' })
  @IsOptional()
  @IsDecimalInRange({ min: '0', gt: true, max: LIMITS.maxCash, maxDp: 2 })
  initial_capital?: number | string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'number' },
    example: { lookback: 126 },
    description: 'The strategy’s parameters (GET /api/ml/strategies); omitted ones take their defaults',
  })
  @IsOptional()
  @IsObject()
  parameters?: Record<string, unknown>;

  @ApiPropertyOptional({
    type: CommissionDto,
    description: 'Commission schedule; default: the server’s (COMMISSION_PER_SHARE / COMMISSION_BPS / COMMISSION_MINIMUM), what paper orders pay. `{}` = none.',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => CommissionDto)
  commission?: CommissionDto;

  @ApiPropertyOptional({ type: Number, example: 5, description: 'Adverse slippage on every fill, basis points (0–1000); default: the server’s SLIPPAGE_BPS' })
  @IsOptional()
  @IsDecimalInRange({ min: '0', max: '1000', maxDp: 4 })
  slippage_bps?: number | string;

  @ApiPropertyOptional({ example: 'SPY', default: 'SPY', nullable: true, type: String, description: 'A known symbol for benchmark_return, alpha and beta; null for none' })
  @IsOptional()
  @Transform(upperCase)
  @IsString()
  @Matches(SYMBOL_PATTERN, { message: `benchmark ${SYMBOL_MESSAGE}` })
  benchmark?: string | null;

  @ApiPropertyOptional({ default: false, description: 'Fractional quantities (6 dp) instead of whole shares' })
  @IsOptional()
  @IsBoolean()
  fractional?: boolean;

  @ApiPropertyOptional({ default: false, description: 'Allow short positions (each strategy’s short rule: GET /api/ml/strategies)' })
  @IsOptional()
  @IsBoolean()
  allow_short?: boolean;

  @ApiPropertyOptional({ example: 0, default: 0, minimum: -0.5, maximum: 1, description: 'Annual risk-free rate, a fraction (0.04 = 4% a year), used per day as (1 + rf)^(1/252) − 1' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-0.5)
  @Max(1)
  risk_free_rate?: number;
}

export class BacktestSummaryDto {
  @ApiProperty({ example: 0.1834, description: 'Final equity / initial capital − 1, a fraction' }) total_return: number;
  @ApiProperty({ type: Number, nullable: true, example: 0.1834, description: 'Compound annual growth: (1 + total_return)^(252 / sessions) − 1, a fraction per year; null when equity reached 0' })
  cagr: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 0.21, description: METRIC_TEXT.volatility() }) volatility: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 0.95, description: METRIC_TEXT.sharpe('the daily simple returns of the equity curve (the initial capital, then every close)') })
  sharpe_ratio: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 1.4, description: METRIC_TEXT.sortino() }) sortino_ratio: number | null;
  @ApiProperty({ type: Number, nullable: true, example: -0.12, description: METRIC_TEXT.maxDrawdown('the equity curve (the initial capital, then every close)') })
  max_drawdown: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 1.5, description: 'Calmar ratio: cagr / |max_drawdown|. Unitless; null when max_drawdown is 0' })
  calmar: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 0.55, description: 'Share of closed trades with pnl > 0, a fraction; null without closed trades' })
  win_rate: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 1.8, description: 'Σ pnl of winning closed trades / |Σ pnl of losing ones|; null without a losing (or any) closed trade' })
  profit_factor: number | null;
  @ApiProperty({ example: 7, description: 'Trades in `trades` (round trips; positions still open at the end included)' }) trades_count: number;
  @ApiProperty({ example: 6, description: 'Trades closed before the end' }) closed_trades: number;
  @ApiProperty({ example: 13, description: 'Fills (orders executed)' }) orders_count: number;
  @ApiProperty({ example: 0, description: 'Orders sized down to the available cash' }) orders_sized_down: number;
  @ApiProperty({ example: 0, description: 'Orders not placed: zero quantity after sizing, or no cash for the commission' }) orders_skipped: number;
  @ApiProperty({ example: 0.62, description: 'Mean over sessions of Σ |position value| / equity at the close, a fraction' }) exposure: number;
  @ApiProperty({ example: 4.1, description: 'Σ traded notional / mean equity over the period (not annualised; 2 = the equity bought and sold once)' }) turnover: number;
  @ApiProperty({ example: 12.5, description: 'Σ commissions, money' }) fees_paid: number;
  @ApiProperty({ example: 48.3, description: 'Σ |fill price − open| × quantity: what slippage cost, money' }) slippage_paid: number;
  @ApiProperty({ example: 118340.25, description: 'Equity at the last close, money' }) final_equity: number;
  @ApiProperty({ type: Number, nullable: true, example: 0.2429, description: 'Benchmark bought at the first session’s open, no costs: last close / that open − 1, a fraction; null without a benchmark' })
  benchmark_return: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 0.02, description: METRIC_TEXT.alpha() + ' null without a benchmark.' }) alpha: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 0.8, description: METRIC_TEXT.beta() + ' null without a benchmark.' }) beta: number | null;
}

export class EquityPointDto {
  @ApiProperty({ example: '2023-01-03' }) date: string;
  @ApiProperty({ example: 100412.5, description: 'Cash + Σ quantity × close, money' }) equity: number;
  @ApiProperty({ example: 312.4, description: 'Money' }) cash: number;
  @ApiProperty({ example: -0.012, description: 'equity / running peak (the initial capital included) − 1, a fraction ≤ 0' }) drawdown: number;
  @ApiProperty({ type: Number, nullable: true, example: 100250.1, description: 'initial_capital × benchmark close / its first open, money; null without a benchmark' })
  benchmark_equity: number | null;
}

export class TradeDto {
  @ApiProperty({ example: 'AAPL' }) symbol: string;
  @ApiProperty({ example: '2023-01-04' }) entry_date: string;
  @ApiProperty({ type: String, nullable: true, example: '2023-03-01', description: 'null: still open at the end' }) exit_date: string | null;
  @ApiProperty({ enum: ['long', 'short'] }) side: 'long' | 'short';
  @ApiProperty({ example: 780 }) quantity: number;
  @ApiProperty({ example: 126.3815, description: 'Fill price (with slippage), 4 dp' }) entry_price: number;
  @ApiProperty({ type: Number, nullable: true, example: 147.2101, description: 'Fill price; null while open' }) exit_price: number | null;
  @ApiProperty({ example: 16240.11, description: '(exit − entry) × quantity (negated for shorts) − fees, money; open trades marked at the last close without exit fees' })
  pnl: number;
  @ApiProperty({ example: 16.47, description: 'pnl / (entry_price × quantity) × 100, a percent' }) pnl_percent: number;
  @ApiProperty({ example: 2.5, description: 'Commissions of the entry (pro rata) and the exit, money' }) fees: number;
}

export class CommissionScheduleDto {
  @ApiProperty({ enum: ['none', 'per_share', 'bps'] }) kind: 'none' | 'per_share' | 'bps';
  @ApiPropertyOptional({ example: 0.005 }) per_share?: number;
  @ApiPropertyOptional({ example: 5 }) bps?: number;
  @ApiPropertyOptional({ example: 1 }) minimum?: number;
}

export class BacktestInputsDto {
  @ApiProperty({ enum: STRATEGY_NAMES, nullable: true, description: 'The built-in strategy; null when a strategy document ran' }) strategy: StrategyName | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The strategy document that ran (null for a built-in)' }) strategy_id: string | null;
  @ApiProperty({ type: Number, nullable: true, example: 1, description: 'Its version (versions are immutable)' }) strategy_version: number | null;
  @ApiProperty({ type: [String], example: ['AAPL'] }) symbols: string[];
  @ApiProperty({ example: '2023-01-01' }) start_date: string;
  @ApiProperty({ example: '2024-01-01' }) end_date: string;
  @ApiProperty({ example: 100000 }) initial_capital: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, example: { lookback: 126 }, description: 'Every parameter, defaults filled in' })
  parameters: Record<string, number>;
  @ApiProperty({ type: CommissionScheduleDto }) commission: CommissionScheduleDto;
  @ApiProperty({ example: 0 }) slippage_bps: number;
  @ApiProperty({ type: String, nullable: true, example: 'SPY' }) benchmark: string | null;
  @ApiProperty({ example: false }) fractional: boolean;
  @ApiProperty({ example: false }) allow_short: boolean;
  @ApiProperty({ example: 0 }) risk_free_rate: number;
}

export class BacktestErrorDto {
  @ApiProperty({ example: 'InsufficientHistory' }) error: string;
  @ApiProperty({ example: 'Backtesting AAPL from 1990-01-02 needs daily closes before the first stored one' }) message: string;
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true }) details: Record<string, unknown> | null;
}

export class BacktestDto extends BacktestInputsDto {
  @ApiProperty({ format: 'uuid', example: '0f1e2d3c-4b5a-4968-8776-655443322110' }) id: string;
  @ApiProperty({ enum: JOB_STATUSES, example: 'completed', description: 'completed when the report is here; queued/running while its job runs; failed with `error`' })
  status: JobStatus;
  @ApiProperty({ example: 1, description: 'Share done, 0–1' }) progress: number;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', example: null, description: 'The job that ran it (GET /api/ml/jobs/{id}); null when it ran within the request' })
  job_id: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2023-01-03', description: 'First session simulated (the first session on or after start_date)' })
  first_session: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2023-12-29', description: 'Last session simulated' }) last_session: string | null;
  @ApiProperty({ type: Number, nullable: true, example: 1008, description: 'Symbols × sessions simulated, warm-up included' }) bars: number | null;
  @ApiProperty({ type: BacktestSummaryDto, nullable: true }) summary: BacktestSummaryDto | null;
  @ApiProperty({ type: [EquityPointDto], nullable: true, description: 'One point per session of the period' }) equity_curve: EquityPointDto[] | null;
  @ApiProperty({ type: [TradeDto], nullable: true, description: 'Round trips by entry date' }) trades: TradeDto[] | null;
  @ApiProperty({ type: String, nullable: true, example: 'simulated', description: 'Where the bars came from: csv, simulated, yahoo, manual, or mixed (see data_sources)' })
  data_source: string | null;
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: { type: 'string' }, example: { AAPL: 'simulated', SPY: 'simulated' } })
  data_sources: Record<string, string> | null;
  @ApiProperty({ type: BacktestErrorDto, nullable: true, example: null }) error: BacktestErrorDto | null;
  @ApiProperty({ type: Number, nullable: true, example: 41, description: 'Time to load the bars and run, ms' }) duration_ms: number | null;
  @ApiProperty({ format: 'date-time', example: '2024-01-15T10:00:00.000Z' }) created_at: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time', example: '2024-01-15T10:00:00.041Z' }) finished_at: string | null;
}

export class BacktestListItemDto extends BacktestInputsDto {
  @ApiProperty({ format: 'uuid', example: '0f1e2d3c-4b5a-4968-8776-655443322110' }) id: string;
  @ApiProperty({ enum: JOB_STATUSES, example: 'completed' }) status: JobStatus;
  @ApiProperty({ type: BacktestSummaryDto, nullable: true }) summary: BacktestSummaryDto | null;
  @ApiProperty({ format: 'date-time', example: '2024-01-15T10:00:00.000Z' }) created_at: string;
}

export class BacktestListDto {
  @ApiProperty({ type: [BacktestListItemDto], description: 'Newest first, without curves and trades (GET /api/ml/backtest/{id})' })
  backtests: BacktestListItemDto[];
  @ApiProperty({ nullable: true, type: String }) next_cursor: string | null;
}

export class ListBacktestsQueryDto extends PageQueryDto {}

export class StrategyParameterDto {
  @ApiProperty({ example: 'lookback' }) name: string;
  @ApiProperty({ enum: ['integer', 'number'] }) type: 'integer' | 'number';
  @ApiProperty({ oneOf: [{ type: 'number' }, { type: 'string' }], example: 126, description: 'A number, or the rule when it depends on the universe' })
  default: number | string;
  @ApiProperty({ example: 2 }) minimum: number;
  @ApiProperty({ example: 1260 }) maximum: number;
  @ApiProperty({ example: 'Sessions of past returns the signal looks at' }) description: string;
}

export class StrategyInfoDto {
  @ApiProperty({ enum: STRATEGY_NAMES }) name: StrategyName;
  @ApiProperty({ example: 'Buys the symbols with the strongest past return, rebalanced every period' }) description: string;
  @ApiProperty({ example: 'Shorts the weakest symbols instead of holding cash', description: 'What changes with allow_short' }) short_rule: string;
  @ApiProperty({ type: [StrategyParameterDto], description: 'With one symbol' }) parameters: StrategyParameterDto[];
  @ApiProperty({ type: [StrategyParameterDto], description: 'With several symbols (momentum ranks them; the others trade each symbol on its own 1/N)' })
  parameters_multi: StrategyParameterDto[];
  @ApiProperty({ example: '`lookback` + 1 sessions before start_date', description: 'Sessions of history needed before start_date' })
  warmup: string;
}

export class BuiltinStrategyListDto {
  @ApiProperty({ type: [StrategyInfoDto] }) strategies: StrategyInfoDto[];
  @ApiProperty({ description: 'The fill and cost model every strategy is simulated with', example: FILL_MODEL }) fill_model: string;
}
