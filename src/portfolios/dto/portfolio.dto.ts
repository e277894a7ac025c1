import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { SYMBOL_PATTERN } from '../../common/symbol';
import { IsDecimalInRange, LIMITS } from '../../common/validation/decimal.validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const upper = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value);

export class CreatePortfolioDto {
  @ApiProperty({ example: 'Growth Portfolio', maxLength: 100 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;

  @ApiPropertyOptional({ example: 'Long-term growth focused portfolio', maxLength: 1000, nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  description?: string | null;

  @ApiPropertyOptional({
    type: Number,
    example: 100000,
    default: 0,
    minimum: 0,
    maximum: 1e13,
    description: 'Cash deposited at creation (a `deposit` transaction); up to 2 decimals',
  })
  @IsOptional()
  @IsDecimalInRange({ min: '0', max: LIMITS.maxCash, maxDp: 2 })
  initial_cash?: number | string;
}

export class UpdatePortfolioDto {
  @ApiPropertyOptional({ example: 'Updated Portfolio Name', maxLength: 100 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ example: 'Updated description', maxLength: 1000, nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  description?: string | null;
}

export class CashMovementDto {
  @ApiProperty({ enum: ['deposit', 'withdrawal'], example: 'deposit' })
  @IsIn(['deposit', 'withdrawal'])
  type: 'deposit' | 'withdrawal';

  @ApiProperty({ type: Number, example: 5000, minimum: 0.01, maximum: 1e13, description: 'Up to 2 decimals' })
  @IsDecimalInRange({ min: '0', gt: true, max: LIMITS.maxCash, maxDp: 2 })
  amount: number | string;
}

export class AddPositionDto {
  @ApiProperty({ example: 'AAPL', description: 'Case-insensitive; a known instrument' })
  @Transform(upper)
  @IsString()
  @Matches(SYMBOL_PATTERN, { message: 'symbol must match ^[A-Z][A-Z0-9.\\-]{0,9}$' })
  symbol: string;

  @ApiProperty({ type: Number, example: 100, description: '> 0, at most 1e9, up to 8 decimals' })
  @IsDecimalInRange({ min: '0', gt: true, max: LIMITS.maxQuantity, maxDp: 8 })
  quantity: number | string;

  @ApiProperty({ type: Number, example: 175.0, description: 'Unit cost of the holding: > 0, at most 1e7, up to 6 decimals' })
  @IsDecimalInRange({ min: '0', gt: true, max: LIMITS.maxPrice, maxDp: 6 })
  price: number | string;
}

export { PageQueryDto } from '../../common/dto/page-query.dto';

// ---- Responses ------------------------------------------------------------------------------------

export class PositionDto {
  @ApiProperty({ format: 'uuid', example: '8b2e6f1a-4c3d-4e5f-9a0b-1c2d3e4f5a6b' }) id: string;
  @ApiProperty({ format: 'uuid', example: 'd290f1ee-6c54-4b01-90e6-d701748f0851' }) portfolio_id: string;
  @ApiProperty({ example: 'AAPL' }) symbol: string;
  @ApiProperty({ example: 100 }) quantity: number;
  @ApiProperty({ example: 150.0, description: 'Average cost per share, commissions included' }) avg_cost: number;
  @ApiProperty({ example: 175.84 }) current_price: number;
  @ApiProperty({ example: 17584.0 }) market_value: number;
  @ApiProperty({ example: 2584.0 }) unrealized_pnl: number;
  @ApiProperty({ example: 17.23, nullable: true, type: Number, description: 'Percent of cost (17.23 = 17.23%)' })
  unrealized_pnl_percent: number | null;
  @ApiProperty({ example: 11.72, description: 'Percent of the portfolio total_value' }) weight: number;
  @ApiProperty({ example: 0, description: 'Beyond the seed: realized P&L of this symbol by average cost' }) realized_pnl: number;
  @ApiProperty({ example: 0, description: 'Beyond the seed: quantity held by open sell orders' }) reserved_quantity: number;
  @ApiProperty({ example: 215.0, description: 'Beyond the seed: change since the previous close' }) day_change: number;
  @ApiProperty({ example: 1.24, nullable: true, type: Number }) day_change_percent: number | null;
}

export class PositionListDto {
  @ApiProperty({ type: [PositionDto] }) positions: PositionDto[];
}

export class PortfolioDto {
  @ApiProperty({ format: 'uuid', example: 'd290f1ee-6c54-4b01-90e6-d701748f0851' }) id: string;
  @ApiProperty({ example: 'Growth Portfolio' }) name: string;
  @ApiProperty({ example: 150000.0, description: 'Cash plus the market value of the positions' }) total_value: number;
  @ApiProperty({ example: 25000.0 }) cash_balance: number;
  @ApiProperty({ example: 1250.0 }) day_change: number;
  @ApiProperty({ example: 0.84, nullable: true, type: Number, description: 'Percent (0.84 = 0.84%)' })
  day_change_percent: number | null;
  @ApiProperty({ example: 12 }) positions_count: number;
  @ApiProperty({ format: 'date-time', example: '2024-01-01T00:00:00.000Z' }) created_at: string;
  @ApiProperty({ example: 0, description: 'Beyond the seed: cash held by open buy orders' }) reserved_cash: number;
  @ApiProperty({ example: 25000.0, description: 'Beyond the seed: cash_balance − reserved_cash' }) buying_power: number;
  @ApiProperty({ example: 0, description: 'Beyond the seed: realized P&L of every sell' }) realized_pnl: number;
  @ApiProperty({ format: 'date-time', example: '2024-01-15T10:00:00.000Z' }) updated_at: string;
}

export class PortfolioListDto {
  @ApiProperty({ type: [PortfolioDto] }) portfolios: PortfolioDto[];
}

export class PortfolioDetailDto extends PortfolioDto {
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ type: [PositionDto], description: 'The open positions, as GET /positions lists them' })
  positions: PositionDto[];
}

export class CashTransactionDto {
  @ApiProperty({ format: 'uuid', example: '2c4e6a8b-1d3f-4a5b-9c7e-0f2a4c6e8b1d' }) id: string;
  @ApiProperty({ enum: ['deposit', 'withdrawal', 'buy', 'sell', 'commission', 'transfer_in', 'transfer_out'] }) type: string;
  @ApiProperty({ example: -17584.0, description: 'Signed: money in > 0; transfers move no cash (0)' }) amount: number;
  @ApiProperty({ example: 82416.0 }) balance_after: number;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) order_id: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) fill_id: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) position_id: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'AAPL' }) symbol: string | null;
  @ApiProperty({ nullable: true, type: Number }) quantity: number | null;
  @ApiProperty({ nullable: true, type: Number }) price: number | null;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ format: 'date-time', example: '2024-01-15T10:00:00.000Z' }) created_at: string;
}

export class CashTransactionListDto {
  @ApiProperty({ type: [CashTransactionDto] }) transactions: CashTransactionDto[];
  @ApiProperty({ nullable: true, type: String }) next_cursor: string | null;
}

export class FillDto {
  @ApiProperty({ format: 'uuid', example: '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' }) id: string;
  @ApiProperty({ format: 'uuid', example: '5f0c3a9e-2b1d-4c8e-a7f6-9d0e1b2c3a4f' }) order_id: string;
  @ApiProperty({ format: 'uuid', example: 'd290f1ee-6c54-4b01-90e6-d701748f0851' }) portfolio_id: string;
  @ApiProperty({ example: 'AAPL' }) symbol: string;
  @ApiProperty({ enum: ['buy', 'sell'] }) side: 'buy' | 'sell';
  @ApiProperty({ example: 10 }) quantity: number;
  @ApiProperty({ example: 175.84 }) price: number;
  @ApiProperty({ example: 0 }) commission: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Sells: realized P&L of this fill' }) realized_pnl: number | null;
  @ApiProperty({ format: 'date-time', example: '2024-01-15T16:30:00.123Z' }) created_at: string;
}

export class FillListDto {
  @ApiProperty({ type: [FillDto] }) fills: FillDto[];
  @ApiProperty({ nullable: true, type: String }) next_cursor: string | null;
}

export class NavPointDto {
  @ApiProperty({ example: '2024-01-15', description: 'New York session date' }) date: string;
  @ApiProperty({ example: 150000.0 }) total_value: number;
  @ApiProperty({ example: 25000.0 }) cash_balance: number;
  @ApiProperty({ example: 125000.0 }) positions_value: number;
  @ApiProperty({ enum: ['close', 'manual'] }) source: 'close' | 'manual';
  @ApiProperty({ format: 'date-time', example: '2024-01-15T21:00:00.000Z' }) recorded_at: string;
}

export class NavHistoryDto {
  @ApiProperty({ format: 'uuid', example: 'd290f1ee-6c54-4b01-90e6-d701748f0851' }) portfolio_id: string;
  @ApiProperty({ type: [NavPointDto] }) history: NavPointDto[];
}
