import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { INTERVALS, PERIODS, type Interval, type Period } from '../history/periods';

export class HistoricalQueryDto {
  @ApiPropertyOptional({ enum: PERIODS, default: '1y' })
  @IsOptional()
  @IsIn(PERIODS, { message: `period must be one of ${PERIODS.join(', ')}` })
  period?: Period;

  @ApiPropertyOptional({
    enum: INTERVALS,
    default: '1d',
    description:
      'Limits: 1m ≤ 5d, 5m ≤ 1mo, 15m ≤ 3mo, 1h ≤ 1y; 1wk needs ≥ 1mo, 1mo needs ≥ 3mo (else 422 INVALID_COMBINATION naming the limit)',
  })
  @IsOptional()
  @IsIn(INTERVALS, { message: `interval must be one of ${INTERVALS.join(', ')}` })
  interval?: Interval;
}

export class BarDto {
  @ApiProperty({
    example: '2024-01-15',
    description: 'YYYY-MM-DD for 1d/1wk/1mo (weeks: their Monday, months: their 1st); bar start as ISO 8601 UTC for intraday',
  })
  date: string;
  @ApiProperty({ example: 174.0 }) open: number;
  @ApiProperty({ example: 177.5 }) high: number;
  @ApiProperty({ example: 173.2 }) low: number;
  @ApiProperty({ example: 175.84 }) close: number;
  @ApiProperty({ example: 89234567 }) volume: number;
  @ApiPropertyOptional({ example: 175.84, description: 'Beyond the seed, daily and longer bars: split/dividend-adjusted close' })
  adj_close?: number;
  @ApiProperty({
    example: 'simulated',
    enum: ['csv', 'simulated', 'yahoo', 'manual', 'mixed'],
    description:
      'Beyond the seed: where the bar came from — csv (imported), simulated, yahoo, manual (tests); mixed for a weekly or monthly bar built from days of several sources',
  })
  source: string;
}

export class HistoricalDto {
  @ApiProperty({ example: 'AAPL' }) symbol: string;
  @ApiProperty({ enum: PERIODS, example: '1y' }) period: Period;
  @ApiProperty({ enum: INTERVALS, example: '1d' }) interval: Interval;
  @ApiProperty({
    example: 'simulated',
    enum: ['csv', 'simulated', 'yahoo', 'manual', 'mixed'],
    description: "Beyond the seed: the bars' source when they share one, mixed when imported and other bars meet in the range",
  })
  source: string;
  @ApiProperty({ type: [BarDto], description: 'Oldest first; never a bar from after the current time' }) data: BarDto[];
}
