import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/dto/page-query.dto';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const SYMBOL_INPUT = /^[A-Za-z][A-Za-z0-9.-]{0,9}$/;
const SYMBOL_MESSAGE = 'symbol must match ^[A-Z][A-Z0-9.\\-]{0,9}$ (case-insensitive)';
/** What a request body may carry at all; the configured per-list limit (WATCHLISTS_MAX_SYMBOLS) is checked after. */
const SYMBOLS_IN_A_BODY = 1000;

export class CreateWatchlistDto {
  @ApiProperty({ example: 'Tech', maxLength: 64, description: 'Unique per user, case-insensitively (409 otherwise); trimmed' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  name: string;

  @ApiPropertyOptional({
    type: [String],
    example: ['AAPL', 'MSFT'],
    description:
      'Case-insensitive known instruments (422 `UnknownSymbol` naming `symbols[i]` otherwise), kept in the order given; ' +
      'repeats are dropped. At most WATCHLISTS_MAX_SYMBOLS (default 100).',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(SYMBOLS_IN_A_BODY)
  @IsString({ each: true })
  @Matches(SYMBOL_INPUT, { each: true, message: SYMBOL_MESSAGE })
  symbols?: string[];
}

/** PUT replaces both the name and the symbols. */
export class ReplaceWatchlistDto {
  @ApiProperty({ example: 'Tech', maxLength: 64, description: 'Unique per user, case-insensitively (409 otherwise); trimmed' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  name: string;

  @ApiProperty({ type: [String], example: ['MSFT', 'AAPL', 'NVDA'], description: 'The new list, in order; same rules as at creation' })
  @IsArray()
  @ArrayMaxSize(SYMBOLS_IN_A_BODY)
  @IsString({ each: true })
  @Matches(SYMBOL_INPUT, { each: true, message: SYMBOL_MESSAGE })
  symbols: string[];
}

export class AddWatchlistSymbolDto {
  @ApiProperty({ example: 'NVDA', description: 'Case-insensitive; a known instrument, else 422 `UnknownSymbol`' })
  @IsString()
  @Matches(SYMBOL_INPUT, { message: SYMBOL_MESSAGE })
  symbol: string;
}

/** Cursor pagination: `limit` 1–500 (default 50), `cursor` = the previous page's next_cursor. */
export class ListWatchlistsQueryDto extends PageQueryDto {}

export class WatchlistDto {
  @ApiProperty({ format: 'uuid', example: '0b7e3c9a-2f1d-4e5b-9a8c-7d6e5f4a3b2c' }) id: string;
  @ApiProperty({ example: 'Tech' }) name: string;
  @ApiProperty({ type: [String], example: ['AAPL', 'MSFT'], description: 'Upper-case, in the order they were added' }) symbols: string[];
  @ApiProperty({ format: 'date-time', example: '2024-01-15T10:00:00.000Z' }) created_at: string;
  @ApiProperty({ format: 'date-time', example: '2024-01-15T10:05:00.000Z' }) updated_at: string;
}

export class WatchlistListDto {
  @ApiProperty({ type: [WatchlistDto] }) watchlists: WatchlistDto[];
  @ApiProperty({ nullable: true, type: String }) next_cursor: string | null;
}
