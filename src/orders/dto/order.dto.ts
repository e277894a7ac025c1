import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import { SYMBOL_PATTERN } from '../../common/symbol';
import { IsDecimalInRange, LIMITS } from '../../common/validation/decimal.validator';
import { PageQueryDto } from '../../common/dto/page-query.dto';
import { ORDER_STATUSES } from '../domain/order-state';

const upper = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value);

export const ORDER_SIDES = ['buy', 'sell'] as const;
export const ORDER_TYPES = ['market', 'limit', 'stop', 'stop_limit'] as const;
export const TIMES_IN_FORCE = ['day', 'gtc', 'ioc', 'fok'] as const;
export const STATUS_FILTERS = [...ORDER_STATUSES, 'open', 'closed', 'all'] as const;

export class CreateOrderDto {
  @ApiProperty({ format: 'uuid', example: 'd290f1ee-6c54-4b01-90e6-d701748f0851' })
  @IsUUID('all', { message: 'portfolio_id must be a UUID' })
  portfolio_id: string;

  @ApiProperty({ example: 'AAPL', description: 'Case-insensitive; a known instrument, else 422 `UNKNOWN_SYMBOL`' })
  @Transform(upper)
  @IsString()
  @Matches(SYMBOL_PATTERN, { message: 'symbol must match ^[A-Z][A-Z0-9.\\-]{0,9}$' })
  symbol: string;

  @ApiProperty({ enum: ORDER_SIDES, example: 'buy' })
  @IsIn(ORDER_SIDES)
  side: (typeof ORDER_SIDES)[number];

  @ApiProperty({ enum: ORDER_TYPES, example: 'limit' })
  @IsIn(ORDER_TYPES)
  order_type: (typeof ORDER_TYPES)[number];

  @ApiProperty({
    type: Number,
    example: 100,
    description: '> 0 and at most 1e9. Whole shares, except market orders may be fractional (up to 6 decimals) by default (FRACTIONAL_ORDERS).',
  })
  @IsDecimalInRange({ min: '0', gt: true, max: LIMITS.maxQuantity, maxDp: 6 })
  quantity: number | string;

  @ApiPropertyOptional({ type: Number, example: 175.0, description: 'Limit price: required for limit and stop_limit, refused otherwise; ≤ 1e7' })
  @IsOptional()
  @IsDecimalInRange({ min: '0', gt: true, max: LIMITS.maxPrice, maxDp: 6 })
  price?: number | string;

  @ApiPropertyOptional({ type: Number, example: 170.0, description: 'Required for stop and stop_limit, refused otherwise; ≤ 1e7' })
  @IsOptional()
  @IsDecimalInRange({ min: '0', gt: true, max: LIMITS.maxPrice, maxDp: 6 })
  stop_price?: number | string;

  @ApiPropertyOptional({
    enum: TIMES_IN_FORCE,
    default: 'day',
    description: 'day: expires at the session close; gtc: until canceled; ioc: fill what can fill now, cancel the rest; fok: fill all now or cancel. ioc/fok: market and limit orders only.',
  })
  @IsOptional()
  @IsIn(TIMES_IN_FORCE)
  time_in_force?: (typeof TIMES_IN_FORCE)[number];

  @ApiPropertyOptional({ maxLength: 64, example: 'my-order-0001', description: 'Your own id, unique per user (a duplicate → 409)' })
  @IsOptional()
  @IsString()
  @Matches(/^[\x21-\x7e]{1,64}$/, { message: 'client_order_id must be 1 to 64 printable ASCII characters' })
  client_order_id?: string;
}

export class ListOrdersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: STATUS_FILTERS, description: 'A status, or `open` (pending, partially_filled), `closed` (the rest), `all` (default)' })
  @IsOptional()
  @IsIn(STATUS_FILTERS)
  status?: (typeof STATUS_FILTERS)[number];

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'portfolio_id must be a UUID' })
  portfolio_id?: string;

  @ApiPropertyOptional({ example: 'AAPL' })
  @IsOptional()
  @Transform(upper)
  @IsString()
  @Matches(SYMBOL_PATTERN, { message: 'symbol must match ^[A-Z][A-Z0-9.\\-]{0,9}$' })
  symbol?: string;

}

export class OrderDto {
  @ApiProperty({ format: 'uuid', example: '5f0c3a9e-2b1d-4c8e-a7f6-9d0e1b2c3a4f' }) id: string;
  @ApiProperty({ format: 'uuid', example: 'd290f1ee-6c54-4b01-90e6-d701748f0851' }) portfolio_id: string;
  @ApiProperty({ example: 'AAPL' }) symbol: string;
  @ApiProperty({ enum: ORDER_SIDES, example: 'buy' }) side: string;
  @ApiProperty({ enum: ORDER_TYPES, example: 'limit' }) order_type: string;
  @ApiProperty({ example: 100 }) quantity: number;
  @ApiProperty({ example: 175.0, nullable: true, type: Number, description: 'Limit price (limit, stop_limit)' }) price: number | null;
  @ApiProperty({ enum: ORDER_STATUSES, example: 'pending' }) status: string;
  @ApiProperty({ format: 'date-time', example: '2024-01-15T10:00:00.000Z' }) created_at: string;
  @ApiProperty({ example: 0 }) filled_quantity: number;
  @ApiProperty({ example: null, nullable: true, type: Number, description: 'Volume-weighted price of the fills' }) avg_fill_price: number | null;
  @ApiProperty({ nullable: true, type: Number }) stop_price: number | null;
  @ApiProperty({ enum: TIMES_IN_FORCE }) time_in_force: string;
  @ApiProperty({ format: 'date-time', example: '2024-01-15T10:00:00.000Z' }) updated_at: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) filled_at: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) canceled_at: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) expired_at: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Why the engine rejected or canceled it, when it did' }) reject_reason: string | null;
  @ApiProperty({ nullable: true, type: String }) client_order_id: string | null;
  @ApiProperty({ example: 0, description: 'Commission charged so far' }) commission: number;
}

export class OrderListDto {
  @ApiProperty({ type: [OrderDto] }) orders: OrderDto[];
  @ApiProperty({ nullable: true, type: String }) next_cursor: string | null;
}
