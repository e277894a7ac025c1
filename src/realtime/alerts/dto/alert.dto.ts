import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { PageQueryDto } from '../../../common/dto/page-query.dto';
import { IsDecimalInRange } from '../../../common/validation/decimal.validator';
import { ALERT_CONDITIONS, AlertCondition } from '../alert-rules';

export class CreateAlertDto {
  @ApiProperty({ example: 'AAPL', description: 'Case-insensitive; a known instrument, else 422 `UnknownSymbol`' })
  @IsString()
  @Matches(/^[A-Za-z][A-Za-z0-9.-]{0,9}$/, { message: 'symbol must match ^[A-Z][A-Z0-9.\\-]{0,9}$ (case-insensitive)' })
  symbol: string;

  @ApiProperty({
    enum: ALERT_CONDITIONS,
    description:
      '`above`: price ≥ threshold; `below`: price ≤ threshold; `percent_change`: the day\'s change in percent (like ' +
      '`change_percent`, 1.5 = 1.5 %) — a positive threshold fires at ≥ threshold, a negative one at ≤ threshold',
  })
  @IsIn(ALERT_CONDITIONS as AlertCondition[])
  condition: AlertCondition;

  @ApiProperty({ example: 180, description: 'A price (> 0) for above/below; a non-zero percent within ±1000 for percent_change' })
  // Decimal-aware: IsNumber's maxDecimalPlaces reads 1e-320 as having none, and the numeric column then rounds it to 0.
  @IsDecimalInRange({ min: '-1000', max: '1000000000', maxDp: 6 })
  threshold: number;

  @ApiPropertyOptional({ default: false, description: 'false: fires once, then is done; true: fires again after each new crossing' })
  @IsOptional()
  @IsBoolean()
  repeat?: boolean;
}

/** Cursor pagination: `limit` 1–500 (default 50), `cursor` = the previous page's next_cursor. */
export class ListAlertsQueryDto extends PageQueryDto {}

export class AlertDto {
  @ApiProperty({ format: 'uuid', example: '4d3c2b1a-0f9e-4d8c-b7a6-5f4e3d2c1b0a' }) id: string;
  @ApiProperty({ example: 'AAPL' }) symbol: string;
  @ApiProperty({ enum: ALERT_CONDITIONS }) condition: AlertCondition;
  @ApiProperty({ example: 180 }) threshold: number;
  @ApiProperty({ example: false }) repeat: boolean;
  @ApiProperty({ enum: ['active', 'triggered'], description: '`triggered`: a one-shot alert that has fired (it no longer fires)' })
  status: 'active' | 'triggered';
  @ApiProperty({ example: 0 }) trigger_count: number;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) last_triggered_at: string | null;
  @ApiProperty({ nullable: true, type: Number, example: 180.12 }) last_triggered_price: number | null;
  @ApiProperty({ format: 'date-time', example: '2024-01-15T10:00:00.000Z' }) created_at: string;
}

export class AlertListDto {
  @ApiProperty({ type: [AlertDto] }) alerts: AlertDto[];
  @ApiProperty({ nullable: true, type: String }) next_cursor: string | null;
}
