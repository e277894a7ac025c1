import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { LOOKBACKS, type Lookback } from '../lookback';
import {
  DEFAULT_PATHS,
  DEFAULT_SEED,
  LOOKBACK_DESCRIPTION,
  MAX_PATHS,
  METHOD_DESCRIPTION,
  RISK_METHODS,
  type RiskMethod,
  upperCase,
} from './var.dto';
import { METRIC_TEXT } from '../../common/openapi/performance-metrics';
import { SYMBOL_PATTERN } from '../../common/symbol';

export const SERIES = ['holdings', 'actual'] as const;
export type SeriesKind = (typeof SERIES)[number];

const SERIES_DESCRIPTION =
  'The value series the performance figures (sharpe_ratio, sortino_ratio, volatility, max_drawdown, beta, alpha) ' +
  'come from. `holdings` (default): the current holdings valued at each past day’s close plus the current cash, ' +
  'Vₜ = cash + Σⱼ qⱼ·Pₜⱼ — what today’s portfolio would have done. `actual`: the recorded daily NAV of the ' +
  'portfolio (includes trades and unadjusted deposits/withdrawals); 422 InsufficientHistory when the recorded ' +
  'history does not cover the lookback. VaR, CVaR and correlations always use the current holdings.';

const toNumber = ({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() !== '' ? Number(value) : value);

export class PortfolioRiskQueryDto {
  @ApiPropertyOptional({ enum: RISK_METHODS, default: 'historical', description: METHOD_DESCRIPTION })
  @IsOptional()
  @IsIn(RISK_METHODS)
  method?: RiskMethod;

  @ApiPropertyOptional({ enum: LOOKBACKS, default: '2y', description: LOOKBACK_DESCRIPTION })
  @IsOptional()
  @IsIn(LOOKBACKS)
  lookback?: Lookback;

  @ApiPropertyOptional({ default: 'SPY', example: 'SPY', description: 'A known symbol: the market for beta and alpha' })
  @IsOptional()
  @Transform(upperCase)
  @IsString()
  @Matches(SYMBOL_PATTERN, { message: 'benchmark must match ^[A-Z][A-Z0-9.\\-]{0,9}$ (case-insensitive)' })
  benchmark?: string;

  @ApiPropertyOptional({ enum: SERIES, default: 'holdings', description: SERIES_DESCRIPTION })
  @IsOptional()
  @IsIn(SERIES)
  series?: SeriesKind;

  @ApiPropertyOptional({
    default: 0,
    minimum: -0.1,
    maximum: 0.5,
    example: 0.04,
    description: 'Annual risk-free rate, a fraction (0.04 = 4% a year), used per day as (1 + rf)^(1/252) − 1',
  })
  @IsOptional()
  @Transform(toNumber)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-0.1)
  @Max(0.5)
  risk_free_rate?: number;

  @ApiPropertyOptional({ default: DEFAULT_PATHS, minimum: 1000, maximum: MAX_PATHS, description: 'monte_carlo: simulated paths' })
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(1000)
  @Max(MAX_PATHS)
  paths?: number;

  @ApiPropertyOptional({ default: DEFAULT_SEED, minimum: 0, maximum: 4294967295, description: 'monte_carlo: RNG seed' })
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(0)
  @Max(4294967295)
  seed?: number;
}

const VAR_TEXT = (c: string) =>
  `1-day Value at Risk at ${c} confidence of the current positions (cash carries no risk), by \`method\` over the ` +
  '`lookback`: a loss in portfolio currency, positive = loss (negative would mean even the tail is a gain). Not annualised.';

export class PortfolioRiskDto {
  @ApiProperty({ format: 'uuid', example: 'd290f1ee-6c54-4b01-90e6-d701748f0851' }) portfolio_id: string;

  @ApiProperty({ example: 2500.0, description: VAR_TEXT('95%') }) var_95: number;
  @ApiProperty({ example: 3800.0, description: VAR_TEXT('99%') }) var_99: number;
  @ApiProperty({
    example: 5200.0,
    description:
      VAR_TEXT('99.9%') +
      ' With ~500 daily returns (2y), historical var_999 is the interpolated worst tail: the quantile sits about halfway ' +
      'between the worst and the second-worst day ((n − 1)·0.001 ≈ 0.5), so read it as "about the worst day seen", ' +
      'not a precise 1-in-1000 estimate.',
  })
  var_999: number;
  @ApiProperty({ example: 3100.0, description: 'Expected loss beyond var_95 (expected shortfall), 1-day, positive money' })
  cvar_95: number;
  @ApiProperty({ example: 4500.0, description: 'Expected loss beyond var_99 (expected shortfall), 1-day, positive money' })
  cvar_99: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 1.85,
    description: METRIC_TEXT.sharpe('the daily simple returns of the value series (see `series`) over the lookback'),
  })
  sharpe_ratio: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    example: 2.1,
    description: METRIC_TEXT.sortino(),
  })
  sortino_ratio: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    example: 0.18,
    description: METRIC_TEXT.volatility(),
  })
  volatility: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    example: -0.12,
    description: METRIC_TEXT.maxDrawdown('the value series over the lookback'),
  })
  max_drawdown: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    example: 1.15,
    description: METRIC_TEXT.beta(),
  })
  beta: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    example: 0.021,
    description: METRIC_TEXT.alpha(),
  })
  alpha: number | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'object', additionalProperties: { type: 'number' } },
    example: { AAPL: { AAPL: 1, MSFT: 0.62 }, MSFT: { AAPL: 0.62, MSFT: 1 } },
    description:
      'Pearson correlations of the held symbols’ daily simple returns over the lookback, {symbol: {symbol: ρ}}: ' +
      'symmetric, unit diagonal, in [−1, 1]; 0 against a constant series.',
  })
  correlation_matrix: Record<string, Record<string, number>>;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    example: { 'Information Technology': 0.65, Financials: 0.35 },
    description:
      'Sector weights as fractions of the invested value: Σ signed market value of the sector’s positions / Σ |market ' +
      'value| of all positions (cash excluded). A long-only portfolio’s weights sum to 1; shorts are negative.',
  })
  sector_exposure: Record<string, number>;

  @ApiProperty({ enum: RISK_METHODS }) method: RiskMethod;
  @ApiProperty({ enum: LOOKBACKS }) lookback: Lookback;
  @ApiProperty({ example: 'SPY' }) benchmark: string;
  @ApiProperty({ enum: SERIES }) series: SeriesKind;
  @ApiProperty({ example: 0, description: 'Annual risk-free rate used, a fraction' }) risk_free_rate: number;
  @ApiProperty({ example: '2025-06-13', description: 'Date of the last daily close used (YYYY-MM-DD); positions are valued at it' })
  as_of: string;
  @ApiProperty({ example: '2023-06-13', description: 'Date of the first daily close used' }) start_date: string;
  @ApiProperty({ example: 502, description: 'Daily returns behind VaR, correlations and (series=holdings) the ratios' })
  observations: number;
  @ApiProperty({ example: 150000.0, description: 'Cash + Σ position market values at the as_of close, money' })
  portfolio_value: number;
  @ApiProperty({ example: 125000.0, description: 'Σ position market values at the as_of close (net), money' }) invested_value: number;
  @ApiProperty({ example: 25000.0, description: 'Current cash, money' }) cash_balance: number;
  @ApiProperty({ type: Number, nullable: true, description: 'monte_carlo: paths simulated; else null' }) paths: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'monte_carlo: the seed used; else null' }) seed: number | null;
}
