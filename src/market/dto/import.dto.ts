import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/dto/page-query.dto';

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
  @ApiProperty({ type: 'array', items: { type: 'string', format: 'binary' }, example: ['AAPL.csv'], description: 'One or more Yahoo or Stooq daily CSV files' })
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

export class ImportListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'AAPL', description: 'Only this symbol (case-insensitive)' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  symbol?: string;
}

export class ImportRecordDto {
  @ApiProperty({ format: 'uuid', example: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d' }) id: string;
  @ApiProperty({ example: 'AAPL' }) symbol: string;
  @ApiProperty({ enum: ['import', 'removal'], description: 'An import of CSV files, or the removal of the imported history' })
  action: 'import' | 'removal';
  @ApiProperty({ example: 'user:admin@example.com', description: '`user:<email>` (endpoint) or `cli:<os user>` (npm run market:import)' })
  actor: string;
  @ApiProperty({ example: 'AAPL.csv', nullable: true, type: String }) file: string | null;
  @ApiProperty({ enum: ['yahoo', 'stooq', 'stooq-bulk'], nullable: true, type: String }) format: string | null;
  @ApiProperty({ example: 251, description: 'Rows imported (or removed)' }) rows: number;
  @ApiProperty({ example: '2024-01-02' }) first_date: string;
  @ApiProperty({ example: '2024-12-31' }) last_date: string;
  @ApiProperty({ format: 'date-time', example: '2024-01-15T10:00:00.000Z' }) created_at: string;
}

export class ImportListDto {
  @ApiProperty({ type: [ImportRecordDto], description: 'Newest first' }) imports: ImportRecordDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Cursor of the next page; null on the last' }) next_cursor: string | null;
}
