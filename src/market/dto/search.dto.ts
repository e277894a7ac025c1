import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export class SearchQueryDto {
  @ApiProperty({ example: 'apple', maxLength: 50, description: 'Symbol prefix or part of the name, case-insensitive' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  q: string;

  @ApiPropertyOptional({ example: 10, default: 10, minimum: 1, maximum: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  limit?: number;
}

export class SearchResultDto {
  @ApiProperty({ example: 'AAPL' }) symbol: string;
  @ApiProperty({ example: 'Apple Inc.' }) name: string;
  @ApiProperty({ example: 'NASDAQ' }) exchange: string;
  @ApiProperty({ enum: ['equity', 'etf'], example: 'equity' }) asset_class: string;
  @ApiProperty({ example: 'Information Technology', description: 'GICS sector; ETFs: tracked sector or Diversified / Fixed Income / Commodities' })
  sector: string;
}

export class SearchResultsDto {
  @ApiProperty({ type: [SearchResultDto], description: 'Exact symbol first, then symbol prefixes, then name matches' })
  results: SearchResultDto[];
}
