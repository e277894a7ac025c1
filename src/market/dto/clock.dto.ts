import { ApiProperty } from '@nestjs/swagger';

export class MarketClockDto {
  @ApiProperty({ example: true, description: 'Whether orders can fill now (always true with TRADING_HOURS=always)' }) is_open: boolean;
  @ApiProperty({ format: 'date-time', example: '2024-01-16T14:30:00.000Z', description: 'Next NYSE regular-session open strictly after now' }) next_open: string;
  @ApiProperty({ format: 'date-time', example: '2024-01-15T21:00:00.000Z', description: 'Next NYSE regular-session close strictly after now (today\'s while open)' })
  next_close: string;
  @ApiProperty({ enum: ['nyse', 'always'] }) trading_hours: 'nyse' | 'always';
  @ApiProperty({ format: 'date-time', example: '2024-01-15T16:30:00.000Z', description: 'The market clock\'s current time' }) timestamp: string;
}
