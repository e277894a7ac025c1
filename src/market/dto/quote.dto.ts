import { ApiProperty } from '@nestjs/swagger';

export class QuoteDto {
  @ApiProperty({ example: 'AAPL' }) symbol: string;
  @ApiProperty({ example: 175.84, description: 'Last price (4 dp). Outside the session with TRADING_HOURS=nyse: the close' })
  price: number;
  @ApiProperty({ example: 2.15, description: 'price − previous_close' }) change: number;
  @ApiProperty({ example: 1.24, description: 'Percent: 1.24 means 1.24%' }) change_percent: number;
  @ApiProperty({ example: 89234567, description: 'Shares traded in the latest session (so far while it runs)' }) volume: number;
  @ApiProperty({ example: 2800000000000, nullable: true, type: Number, description: 'price × shares outstanding; null for ETFs' })
  market_cap: number | null;
  @ApiProperty({ example: 28.5, nullable: true, type: Number, description: 'price / trailing EPS; null for ETFs and when EPS ≤ 0' })
  pe_ratio: number | null;
  @ApiProperty({ example: 177.5 }) high: number;
  @ApiProperty({ example: 173.2 }) low: number;
  @ApiProperty({ example: 174.0 }) open: number;
  @ApiProperty({ example: 173.69 }) previous_close: number;
  @ApiProperty({ example: '2024-01-15T16:30:00.000Z', format: 'date-time', description: 'When the price was observed' })
  timestamp: string;
  @ApiProperty({ example: 175.83, description: 'Beyond the seed: best bid (spread by liquidity)' }) bid: number;
  @ApiProperty({ example: 175.85, description: 'Beyond the seed: best ask' }) ask: number;
  @ApiProperty({ example: 'simulated', enum: ['simulated', 'yahoo', 'manual'], description: 'Beyond the seed: where the data came from' })
  source: string;
  @ApiProperty({
    example: false,
    description:
      'Beyond the seed: true when the upstream failed, answered garbage or did not answer in time and this is the last good quote (stale quotes never fill orders)',
  })
  stale: boolean;
}
