import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  ValidateNested,
} from 'class-validator';
import { KNOWN_SECTORS, SCENARIO_NAMES } from '../scenarios';
import { HasKnownSectorKeys, HasSymbolKeys, IsNumberInRange, IsShockMap } from './validators';
import { SYMBOL_PATTERN } from '../../common/symbol';
import { MAX_POSITIONS, PositionValueDto } from './var.dto';

export const STRESS_MODEL_DESCRIPTION =
  'Model: a position’s price moves by shock = exp(β · m · ln(1 + S)) − 1, where S is the S&P 500’s move over the ' +
  'scenario window, β the position’s daily beta to SPY over the last 2 years (from market data) and m the scenario’s ' +
  'multiplier for the position’s sector (1 when not listed; see GET /api/risk/scenarios for every multiplier and its ' +
  'reasoning — they are stated assumptions, not measurements). Applied to log prices, a long loses at most 100%; a ' +
  'short (negative value) gains when prices fall; cash is never shocked. P&L = value × shock. `custom` uses ' +
  '`custom_shocks`: a symbol’s shock, else its sector’s, else market × beta (the same log-price rule with m = 1).';

export class CustomShocksDto {
  @ApiPropertyOptional({
    example: -0.2,
    description: 'Index move, a fraction (> −1, ≤ 10); each position moves exp(β·ln(1 + market)) − 1. Default 0.',
  })
  @IsOptional()
  @IsNumberInRange({ min: -1, max: 10, minExclusive: true })
  market?: number;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'number' },
    example: { 'Information Technology': -0.35 },
    description:
      `Sector → price move as given (no beta), fractions in [−1, 10]. Sectors: ${KNOWN_SECTORS.join(', ')} ` +
      '(case-insensitive; aliases such as Technology, Healthcare, Financial Services accepted).',
  })
  @IsOptional()
  @IsShockMap({ min: -1, max: 10 })
  @HasKnownSectorKeys()
  sectors?: Record<string, number>;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'number' },
    example: { AAPL: -0.5 },
    description: 'Symbol → price move as given (no beta), fractions in [−1, 10]; known symbols, case-insensitive. Wins over sectors and market.',
  })
  @IsOptional()
  @IsShockMap({ min: -1, max: 10 })
  @HasSymbolKeys(SYMBOL_PATTERN)
  symbols?: Record<string, number>;
}

export class StressTestRequestDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'One of your portfolios (its current holdings and cash); or give `positions`' })
  @IsOptional()
  @IsUUID()
  portfolio_id?: string;

  @ApiPropertyOptional({ type: [PositionValueDto], description: 'Hypothetical positions instead of a portfolio (no cash)' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_POSITIONS)
  @ValidateNested({ each: true })
  @Type(() => PositionValueDto)
  positions?: PositionValueDto[];

  @ApiProperty({
    example: ['2008_financial_crisis', 'covid_crash', 'custom'],
    description: `Scenario names, distinct: ${SCENARIO_NAMES.join(', ')}. \`custom\` requires \`custom_shocks\`.`,
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(SCENARIO_NAMES.length)
  @ArrayUnique()
  @IsString({ each: true })
  @IsIn(SCENARIO_NAMES, { each: true, message: `scenarios must contain only known scenarios: ${SCENARIO_NAMES.join(', ')}` })
  scenarios: string[];

  @ApiPropertyOptional({ type: CustomShocksDto, description: 'The user’s shocks for the `custom` scenario' })
  @IsOptional()
  @ValidateNested()
  @Type(() => CustomShocksDto)
  custom_shocks?: CustomShocksDto;
}

export class StressPositionResultDto {
  @ApiProperty({ example: 'AAPL' }) symbol: string;
  @ApiProperty({ example: 17584.0, description: 'Market value before the shock, money (negative = short)' }) value: number;
  @ApiProperty({ example: 'Information Technology', description: 'The instrument’s sector' }) sector: string;
  @ApiProperty({ example: 1.18, description: 'Daily beta to SPY over the last 2 years (population cov / var), 4 dp' }) beta: number;
  @ApiProperty({ example: -0.4512, description: 'Price shock applied, a fraction (> −1; −0.45 = −45%), 6 dp' }) shock: number;
  @ApiProperty({ example: -7934.12, description: 'value × shock, money (negative = loss)' }) pnl: number;
  @ApiProperty({
    enum: ['beta_sector', 'market_beta', 'sector', 'symbol'],
    description: 'Which rule set the shock: historical β·m, custom market × β, custom sector, custom symbol',
  })
  rule: string;
}

export class StressScenarioResultDto {
  @ApiProperty({ example: '2008_financial_crisis' }) scenario: string;
  @ApiProperty({ example: 'Global financial crisis' }) title: string;
  @ApiProperty({
    type: Number,
    nullable: true,
    example: -0.5678,
    description: 'The index move S applied (a fraction); for custom, custom_shocks.market (0 when absent)',
  })
  index_shock: number | null;
  @ApiProperty({ example: -12500.55, description: 'Σ position P&L, money, 2 dp (negative = loss); cash is unshocked' }) pnl: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    example: -8.33,
    description: 'pnl / portfolio_value × 100, a percent (−8.33 = −8.33%); null when portfolio_value ≤ 0',
  })
  pnl_percent: number | null;
  @ApiProperty({ type: [StressPositionResultDto] }) positions: StressPositionResultDto[];
}

export class SkippedScenarioDto {
  @ApiProperty({ example: 'custom' }) scenario: string;
  @ApiProperty({ example: 'The custom scenario needs custom_shocks; none were given' }) reason: string;
}

export class StressTestResultDto {
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'The portfolio stressed, or null for positions' })
  portfolio_id: string | null;
  @ApiProperty({ example: 150000.0, description: 'Net value before the shock: cash + Σ position values, money' })
  portfolio_value: number;
  @ApiProperty({ example: 25000.0, description: 'Cash (unshocked), money; 0 for positions' }) cash_balance: number;
  @ApiProperty({ example: '2025-06-13', description: 'Date of the closes positions are valued at and betas end' }) as_of: string;
  @ApiProperty({ type: [StressScenarioResultDto], description: 'One per computed scenario, in request order' })
  results: StressScenarioResultDto[];
  @ApiProperty({
    type: [SkippedScenarioDto],
    description: 'Requested scenarios that could not be computed, with the reason: `custom` without `custom_shocks` (when other scenarios were asked for; alone it is a 422)',
  })
  skipped: SkippedScenarioDto[];
}

export class SectorMultiplierDto {
  @ApiProperty({ example: 1.5, description: 'm in exp(β·m·ln(1 + S)) − 1 (1 for sectors not listed)' }) multiplier: number;
  @ApiProperty({ example: 'Epicentre (bank solvency, credit losses)…' }) reason: string;
}

export class ScenarioDto {
  @ApiProperty({ example: '2008_financial_crisis' }) name: string;
  @ApiProperty({ example: 'Global financial crisis' }) title: string;
  @ApiProperty({ enum: ['historical', 'custom'] }) kind: 'historical' | 'custom';
  @ApiProperty({ type: String, nullable: true, example: '2007-10-09', description: 'First close of the window' })
  start_date: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2009-03-09', description: 'Last close of the window' })
  end_date: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'S&P 500' }) index: string | null;
  @ApiProperty({ type: Number, nullable: true, example: 1565.15 }) start_level: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 676.53 }) end_level: number | null;
  @ApiProperty({ type: Number, nullable: true, example: -0.5678, description: 'end_level / start_level − 1, a fraction' })
  index_shock: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'Where the index levels come from' }) source: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/SectorMultiplierDto' },
    description: 'Sector → multiplier with its reasoning (stated assumptions)',
  })
  sector_multipliers: Record<string, SectorMultiplierDto>;
  @ApiProperty({ example: 'Index levels are closes; sector multipliers are stated assumptions, not fitted' }) notes: string;
}

export class ScenarioListDto {
  @ApiProperty({ description: STRESS_MODEL_DESCRIPTION, example: STRESS_MODEL_DESCRIPTION }) model: string;
  @ApiProperty({ type: [ScenarioDto] }) scenarios: ScenarioDto[];
}
