import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class ImportBodyDto {
  @ApiPropertyOptional({
    example: 'AAPL',
    description: 'Symbol of every uploaded file; by default from the file (Stooq <TICKER>) or its name (AAPL.csv, aapl.us.txt, BRK-B.csv)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  symbol?: string;
}

export class ImportUploadDto extends ImportBodyDto {
  @ApiProperty({ type: 'array', items: { type: 'string', format: 'binary' }, description: 'One or more Yahoo or Stooq daily CSV files' })
  file: unknown[];
}

export class ImportedFileDto {
  @ApiProperty({ example: 'AAPL.csv', nullable: true, type: String }) file: string | null;
  @ApiProperty({ example: 'AAPL' }) symbol: string;
  @ApiProperty({ enum: ['yahoo', 'stooq', 'stooq-bulk'] }) format: string;
  @ApiProperty({ example: 251 }) rows: number;
  @ApiProperty({ example: '2024-01-02' }) first_date: string;
  @ApiProperty({ example: '2024-12-31' }) last_date: string;
}

export class ImportResultDto {
  @ApiProperty({ type: [ImportedFileDto] }) imports: ImportedFileDto[];
}
