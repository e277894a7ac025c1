import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, ValidateNested } from 'class-validator';
import { LOOKBACKS, type Lookback } from '../lookback';
import { IsNumberInRange } from './validators';

/** Symbols: case-insensitive on input, upper-case after (API conventions). */
import { SYMBOL_PATTERN } from '../../common/symbol';
export const upperCase = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value);

export const RISK_METHODS = ['historical', 'parametric', 'monte_carlo'] as const;
export type RiskMethod = (typeof RISK_METHODS)[number];

export const MAX_POSITIONS = 500;
export const MAX_VALUE = 1e13;
export const DEFAULT_PATHS = 10_000;
export const MAX_PATHS = 200_000;
export const DEFAULT_SEED = 1;

export const METHOD_DESCRIPTION =
  '`historical`: the empirical distribution of daily P&L, today’s exposures × each past day’s simple returns ' +
  '(VaR = −q₁₋c(P&L), the quantile interpolated linearly between order statistics like numpy’s default; ' +
  'CVaR = −mean of the P&L at or below that quantile). `parametric` (variance–covariance): VaR = −μₚ·h + z_c·σₚ·√h ' +
  'and CVaR = −μₚ·h + φ(z_c)/(1−c)·σₚ·√h with μₚ, σₚ the mean and standard deviation (ddof 1) of the daily P&L ' +
  'from the sample mean vector and covariance matrix of the returns. `monte_carlo`: correlated normal (or ' +
  'Student-t) daily returns drawn through a Cholesky factor of the sample covariance, seeded (same inputs and ' +
  'seed → same answer), VaR/CVaR read off the simulated P&L like `historical`.';

export const LOOKBACK_DESCRIPTION =
  'Calendar period of daily closes ending at the market’s as-of date (the last completed session): 3mo, 6mo, 1y, ' +
  '2y, 3y, 5y or 10y. Only dates on which every symbol has a close are used (inner join); returns are simple ' +
  'close-to-close returns of split/dividend-adjusted closes where known. At least 50 daily returns are required.';

export class PositionValueDto {
  @ApiProperty({ example: 'AAPL', description: 'A known instrument (case-insensitive)' })
  @Transform(upperCase)
  @IsString()
  @Matches(SYMBOL_PATTERN, { message: 'symbol must match ^[A-Z][A-Z0-9.\\-]{0,9}$ (case-insensitive)' })
  symbol: string;

  @ApiProperty({
    example: 17584,
    description: 'Market value in portfolio currency (money); negative for a (hypothetical) short. |value| ≤ 1e13.',
  })
  @IsNumberInRange({ min: -MAX_VALUE, max: MAX_VALUE })
  value: number;
}

export class VarRequestDto {
  @ApiProperty({ type: [PositionValueDto], minItems: 1, maxItems: MAX_POSITIONS, description: 'Distinct symbols' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_POSITIONS)
  @ValidateNested({ each: true })
  @Type(() => PositionValueDto)
  positions: PositionValueDto[];

  @ApiPropertyOptional({
    example: 0.99,
    default: 0.95,
    exclusiveMinimum: true,
    minimum: 0.5,
    exclusiveMaximum: true,
    maximum: 1,
    description: 'Confidence c, a fraction: 0.5 < c < 1. The loss is exceeded with probability 1 − c.',
  })
  @IsOptional()
  @IsNumberInRange({ min: 0.5, max: 1, minExclusive: true, maxExclusive: true })
  confidence_level?: number;

  @ApiPropertyOptional({
    example: 10,
    default: 1,
    minimum: 1,
    maximum: 252,
    description:
      'Horizon h in trading days. historical: the 1-day figure × √h (`horizon_method: sqrt`), or the quantile of ' +
      'overlapping h-day buy-and-hold returns (`overlapping`, no scaling); parametric and monte_carlo: μ·h and σ·√h.',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(252)
  time_horizon?: number;

  @ApiPropertyOptional({ enum: RISK_METHODS, default: 'historical', description: METHOD_DESCRIPTION })
  @IsOptional()
  @IsIn(RISK_METHODS)
  method?: RiskMethod;

  @ApiPropertyOptional({ enum: LOOKBACKS, default: '1y', description: LOOKBACK_DESCRIPTION })
  @IsOptional()
  @IsIn(LOOKBACKS)
  lookback?: Lookback;

  @ApiPropertyOptional({
    enum: ['sqrt', 'overlapping'],
    default: 'sqrt',
    description: 'historical only: how a multi-day horizon is reached (see time_horizon)',
  })
  @IsOptional()
  @IsIn(['sqrt', 'overlapping'])
  horizon_method?: 'sqrt' | 'overlapping';

  @ApiPropertyOptional({
    enum: ['normal', 'student_t'],
    default: 'normal',
    description: 'parametric and monte_carlo: the return distribution (Student-t rescaled to the sample covariance)',
  })
  @IsOptional()
  @IsIn(['normal', 'student_t'])
  distribution?: 'normal' | 'student_t';

  @ApiPropertyOptional({ default: 5, minimum: 3, maximum: 100, description: 'Degrees of freedom of `student_t`' })
  @IsOptional()
  @IsInt()
  @Min(3)
  @Max(100)
  dof?: number;

  @ApiPropertyOptional({ default: DEFAULT_PATHS, minimum: 1000, maximum: MAX_PATHS, description: 'monte_carlo: simulated paths' })
  @IsOptional()
  @IsInt()
  @Min(1000)
  @Max(MAX_PATHS)
  paths?: number;

  @ApiPropertyOptional({ default: DEFAULT_SEED, minimum: 0, maximum: 4294967295, description: 'monte_carlo: RNG seed' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(4294967295)
  seed?: number;
}

export class VarPositionResultDto {
  @ApiProperty({ example: 'AAPL' }) symbol: string;
  @ApiProperty({ example: 17584, description: 'The position value given, money' }) value: number;
  @ApiProperty({
    example: 0.0321,
    description:
      'Marginal VaR ∂VaR/∂value: VaR added per unit of money added to this position, a fraction (6 dp). ' +
      'parametric: (−μⱼ·h + z_c·√h·(Σv)ⱼ/σₚ); historical and monte_carlo: minus the position’s return in the ' +
      'scenario(s) at the VaR quantile (noisy: one or two scenarios).',
  })
  marginal_var: number;
  @ApiProperty({
    example: 564.45,
    description:
      'Component VaR = value × marginal_var, money (Euler allocation). The components sum to `var` (up to ' +
      'rounding to cents); a negative component is a hedge.',
  })
  component_var: number;
}

export class VarResultDto {
  @ApiProperty({ example: 3800.12, description: 'Value at Risk over the horizon: a loss, positive money (negative = even the tail is a gain)' })
  var: number;
  @ApiProperty({ example: 4410.5, description: 'Conditional VaR (expected shortfall): mean loss beyond VaR, positive money' })
  cvar: number;
  @ApiProperty({ enum: RISK_METHODS }) method: RiskMethod;
  @ApiProperty({ example: 0.99 }) confidence_level: number;
  @ApiProperty({ example: 10, description: 'Trading days' }) time_horizon: number;
  @ApiProperty({ enum: ['sqrt', 'overlapping'] }) horizon_method: 'sqrt' | 'overlapping';
  @ApiProperty({ example: 42584, description: 'Σ position values (net), money' }) portfolio_value: number;
  @ApiProperty({ enum: LOOKBACKS }) lookback: Lookback;
  @ApiProperty({ example: '2025-06-13', description: 'Date of the last daily close used (YYYY-MM-DD)' }) as_of: string;
  @ApiProperty({ example: '2024-06-13', description: 'Date of the first daily close used' }) start_date: string;
  @ApiProperty({ example: 250, description: 'Daily returns in the sample' }) observations: number;
  @ApiProperty({ type: Number, nullable: true, example: 10000, description: 'monte_carlo: paths simulated; else null' })
  paths: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 1, description: 'monte_carlo: the seed used; else null' })
  seed: number | null;
  @ApiProperty({ type: [VarPositionResultDto], description: 'Per-position contributions, in request order' })
  positions: VarPositionResultDto[];
}
