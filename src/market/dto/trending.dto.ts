import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class TrendingQueryDto {
  @ApiPropertyOptional({ example: 10, default: 10, minimum: 1, maximum: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  limit?: number;
}

export class TrendingItemDto {
  @ApiProperty({ example: 'NVDA' }) symbol: string;
  @ApiProperty({ example: 'NVIDIA Corporation' }) name: string;
  @ApiProperty({ example: 131.2 }) price: number;
  @ApiProperty({ example: -4.31, description: 'Percent' }) change_percent: number;
  @ApiProperty({ example: 312000000 }) volume: number;
  @ApiProperty({ example: 1.85, description: 'Volume so far / volume an average day has traded by this time of the session' })
  relative_volume: number;
}

export class TrendingDto {
  @ApiProperty({
    type: [TrendingItemDto],
    description: 'Ranked by |today\'s move| in the instrument\'s own daily standard deviations × √relative_volume',
  })
  trending: TrendingItemDto[];
  @ApiProperty({ format: 'date-time', example: '2024-01-15T16:30:00.000Z' }) as_of: string;
}
