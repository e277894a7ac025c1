import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '../../../common/dto/page-query.dto';
import { SYMBOL_PATTERN } from '../../../common/symbol';
import { IsDecimalInRange } from '../../../common/validation/decimal.validator';
import { STRATEGY_NAMES, type StrategyName } from '../../backtest/domain/strategies';
import {
  type IndicatorType,
  INDICATOR_TYPES,
  MAX_INDICATORS,
  MAX_PERIOD,
  NAME_PATTERN,
  ORDER_TYPES,
  PRICE_FIELDS,
  type PriceField,
  REBALANCE,
  type Rebalance,
  SIZING_TYPES,
} from '../domain/document';
import { FUNCTION_NAMES, MAX_EXPRESSION_LENGTH } from '../domain/expression';

const upperCaseAll = ({ value }: { value: unknown }) => (Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v.trim().toUpperCase() : v)) : value);

/** Hard cap of the schema; STRATEGY_MAX_SYMBOLS (default 50) is checked by the service. */
const UNIVERSE_CAP = 100;

export const EXPRESSION_TEXT =
  'A rule expression: numbers, true/false, the document’s indicator names (a bollinger indicator `bb` gives `bb.upper`, ' +
  '`bb.middle`, `bb.lower`), the bar’s `open`, `high`, `low`, `close`, `volume`, and the position state `position` (1 when ' +
  'held, else 0), `entry_price` (the open the position was entered at) and `bars_held` (sessions held, the entry ' +
  'session included); operators `+ - * /`, `< > <= >= == !=`, `and` `or` `not` (also `&& || !`; `not` applies to the ' +
  `next term: write \`not (a > b)\`), parentheses, and the functions ${FUNCTION_NAMES.join(', ')} (crosses_above(a, b): ` +
  'a > b on this bar and a ≤ b on the one before). Rules are evaluated on a session’s close and act at the next open. ' +
  'An unknown name or a type error is a 422 whose details give the field and the 0-based character `position`.';

export class IndicatorDto {
  @ApiProperty({ example: 'sma_20', pattern: NAME_PATTERN.source, description: 'The name rules use (lower case, digits, _; not a price, state or function name)' })
  @IsString()
  @Matches(NAME_PATTERN, { message: `name must match ${NAME_PATTERN.source}` })
  name: string;

  @ApiProperty({
    enum: INDICATOR_TYPES,
    example: 'sma',
    description:
      'sma, ema (seeded with the first value), rsi (Wilder), bollinger (SMA ± k·population σ of closes: .upper/.middle/.lower), ' +
      'return or momentum (source[t − offset] / source[t − offset − period] − 1), atr (Wilder), highest / lowest over the period',
  })
  @IsIn(INDICATOR_TYPES)
  type: IndicatorType;

  @ApiProperty({ example: 20, minimum: 1, maximum: MAX_PERIOD, description: 'Window in sessions (rsi and bollinger ≥ 2)' })
  @IsInt()
  @Min(1)
  @Max(MAX_PERIOD)
  period: number;

  @ApiPropertyOptional({ example: 2, minimum: 0.1, maximum: 10, default: 2, description: 'bollinger only: band width in standard deviations' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.1)
  @Max(10)
  k?: number;

  @ApiPropertyOptional({ example: 0, minimum: 0, maximum: MAX_PERIOD, default: 0, description: 'return / momentum only: recent sessions skipped (12-1 momentum: period 231, offset 21)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_PERIOD)
  offset?: number;

  @ApiPropertyOptional({ enum: PRICE_FIELDS, default: 'close', description: 'The series (not for atr, which uses high/low/close, nor bollinger)' })
  @IsOptional()
  @IsIn(PRICE_FIELDS)
  source?: PriceField;
}

export class SizingDto {
  @ApiProperty({
    enum: SIZING_TYPES,
    example: 'fraction_of_equity',
    description:
      'fraction_of_equity: each entry takes `fraction` × equity at that open (default 1/N of the universe); fixed_quantity: ' +
      '`quantity` shares per entry; equal_weight_top_n: on each rebalance, hold the `n` symbols with the highest `score` among ' +
      'those whose entry rule is true (1/n of equity each). Entries are sized down to the cash.',
  })
  @IsIn(SIZING_TYPES)
  type: (typeof SIZING_TYPES)[number];

  @ApiPropertyOptional({ example: 0.5, nullable: true, description: 'fraction_of_equity: > 0, ≤ 1 (null or absent: 1/N of the universe)' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  fraction?: number;

  @ApiPropertyOptional({ type: Number, example: 10, description: 'fixed_quantity: shares per entry (> 0, 6 dp; whole shares unless the backtest is fractional)' })
  @IsOptional()
  @IsDecimalInRange({ min: '0', gt: true, max: '1000000000', maxDp: 6 })
  quantity?: number | string;

  @ApiPropertyOptional({ example: 1, description: 'equal_weight_top_n: how many to hold (1 … universe size)' })
  @IsOptional()
  @IsInt()
  n?: number;

  @ApiPropertyOptional({ example: 'mom_12_1', description: `equal_weight_top_n: a number expression to rank by. ${'Same names as the rules.'}` })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_EXPRESSION_LENGTH)
  score?: string;
}

export class OrderSpecDto {
  @ApiProperty({
    enum: ORDER_TYPES,
    example: 'market',
    description: 'market: filled at the next session’s open (± slippage). limit is refused (422) for now: the backtest engine fills at the open only.',
  })
  @IsIn(ORDER_TYPES)
  type: (typeof ORDER_TYPES)[number];

  @ApiPropertyOptional({ example: 10, nullable: true, description: 'limit only: offset from the open, basis points (null or absent: none)' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(10000)
  offset_bps?: number;
}

export class StrategyDocumentDto {
  @ApiProperty({ example: 'SMA crossover 20/50', minLength: 1, maxLength: 100 })
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiPropertyOptional({ example: 'Long while the 20-day SMA is above the 50-day', maxLength: 2000, nullable: true, description: 'null or absent: none' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiProperty({ type: [String], example: ['AAPL', 'MSFT'], description: 'Symbols it trades (known instruments, distinct, at most STRATEGY_MAX_SYMBOLS = 50 by default)' })
  @Transform(upperCaseAll)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(UNIVERSE_CAP)
  @ArrayUnique()
  @IsString({ each: true })
  @Matches(SYMBOL_PATTERN, { each: true, message: 'each value in universe must match ^[A-Z][A-Z0-9.\\-]{0,9}$ (case-insensitive)' })
  universe: string[];

  @ApiProperty({
    type: [IndicatorDto],
    example: [
      { name: 'sma_20', type: 'sma', period: 20 },
      { name: 'sma_50', type: 'sma', period: 50 },
    ],
    description: `Named indicator instances (at most ${MAX_INDICATORS})`,
  })
  @IsArray()
  @ArrayMaxSize(MAX_INDICATORS)
  @ValidateNested({ each: true })
  @Type(() => IndicatorDto)
  indicators: IndicatorDto[];

  @ApiProperty({ example: 'sma_20 > sma_50', maxLength: MAX_EXPRESSION_LENGTH, description: `When flat: enter at the next open when true. ${EXPRESSION_TEXT}` })
  @IsString()
  @Length(1, MAX_EXPRESSION_LENGTH)
  entry: string;

  @ApiProperty({ example: 'sma_20 <= sma_50', maxLength: MAX_EXPRESSION_LENGTH, description: 'When held: exit at the next open when true (same language as entry)' })
  @IsString()
  @Length(1, MAX_EXPRESSION_LENGTH)
  exit: string;

  @ApiProperty({ type: SizingDto, example: { type: 'fraction_of_equity' } })
  @ValidateNested()
  @Type(() => SizingDto)
  sizing: SizingDto;

  @ApiPropertyOptional({ example: 8, nullable: true, description: 'Exit at the next open after a close ≤ entry_price × (1 − x/100); a percent, checked every session. null or absent: no stop-loss' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.01)
  @Max(99.99)
  stop_loss_percent?: number;

  @ApiPropertyOptional({ example: 20, nullable: true, description: 'Exit at the next open after a close ≥ entry_price × (1 + x/100); a percent, checked every session. null or absent: no take-profit' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.01)
  @Max(10000)
  take_profit_percent?: number;

  @ApiPropertyOptional({
    enum: REBALANCE,
    default: 'daily',
    description: 'When the entry/exit rules (and rankings) may trade: every session, the first session of a week, or of a month (and the first session of a run)',
  })
  @IsOptional()
  @IsIn(REBALANCE)
  rebalance?: Rebalance;

  @ApiPropertyOptional({ type: OrderSpecDto, example: { type: 'market' }, description: 'Default market' })
  @IsOptional()
  @ValidateNested()
  @Type(() => OrderSpecDto)
  order?: OrderSpecDto;
}

export class GetStrategyQueryDto {
  @ApiPropertyOptional({ minimum: 1, example: 1, description: 'An older version (default: the latest)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  version?: number;
}

export class ListStrategiesQueryDto extends PageQueryDto {}

const EXAMPLE_STRATEGY_ID = '5b0f8a57-3c8e-4d52-9a8e-2f7d1f6b9c41';

export class StrategyDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE_STRATEGY_ID }) id: string;
  @ApiProperty({ example: 'SMA crossover 20/50', description: 'This version’s name' }) name: string;
  @ApiProperty({ example: 2, description: 'The version shown' }) version: number;
  @ApiProperty({ example: 2 }) latest_version: number;
  @ApiProperty({ type: StrategyDocumentDto, description: 'The stored document, defaults filled in (immutable for this version)' }) document: StrategyDocumentDto;
  @ApiProperty({ example: 50, description: 'Sessions of history a backtest needs before its start' }) warmup: number;
  @ApiProperty({ format: 'date-time', example: '2026-12-01T14:30:00.000Z', description: 'When the strategy was created' }) created_at: string;
  @ApiProperty({ format: 'date-time', example: '2026-12-03T09:15:00.000Z', description: 'When this version was created' }) version_created_at: string;
}

export class StrategyListItemDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE_STRATEGY_ID }) id: string;
  @ApiProperty({ example: 'SMA crossover 20/50' }) name: string;
  @ApiProperty({ example: 2 }) latest_version: number;
  @ApiProperty({ format: 'date-time', example: '2026-12-01T14:30:00.000Z' }) created_at: string;
  @ApiProperty({ format: 'date-time', example: '2026-12-03T09:15:00.000Z', description: 'When the latest version was created' }) updated_at: string;
}

export class StrategyListDto {
  @ApiProperty({ type: [StrategyListItemDto], description: 'Newest first' }) strategies: StrategyListItemDto[];
  @ApiProperty({ nullable: true, type: String }) next_cursor: string | null;
}

export class StrategyExampleDto {
  @ApiProperty({ example: 'sma_crossover' }) key: string;
  @ApiProperty({ enum: STRATEGY_NAMES, description: 'The built-in strategy it reproduces (same fills and equity, proven in the unit tests)' }) builtin: StrategyName;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, example: { fast: 20, slow: 50 }, description: 'The built-in’s parameters it matches' })
  parameters: Record<string, number>;
  @ApiProperty({ type: StrategyDocumentDto }) document: StrategyDocumentDto;
}

export class StrategyExampleListDto {
  @ApiProperty({ type: [StrategyExampleDto] }) examples: StrategyExampleDto[];
}
