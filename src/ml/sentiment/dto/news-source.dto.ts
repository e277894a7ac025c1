import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsNumber, IsOptional, IsString, IsUrl, Matches, Max, MaxLength, Min } from 'class-validator';
import type { NewsSource } from '../entities/news-source.entity';

export const SOURCES_TEXT =
  'RSS 2.0, RSS 1.0 and Atom feeds, polled by the ML job runner (`feed-poll` jobs; with Redis any instance may run a ' +
  'poll, and a lease on the source row keeps it to one at a time). Each poll sends the stored ETag / Last-Modified ' +
  '(304 → nothing to do), waits at most FEED_TIMEOUT_MS (10 s), reads at most FEED_MAX_BYTES (5 MiB), follows at most 3 ' +
  'redirects and checks every address it connects to: private, loopback, link-local, CGNAT, multicast and reserved ' +
  'addresses are refused unless FEED_ALLOW_PRIVATE_NETWORKS=true. A failed poll (HTTP error, timeout, oversized or ' +
  'malformed feed, refused address) sets `last_error`, counts in `failures` and backs off: the next poll waits ' +
  '`poll_seconds × 2^failures` (at most FEED_MAX_BACKOFF_SECONDS, 6 h); a success resets both. Entries are ingested ' +
  'like POST /api/ml/news items with the source’s host name as `source`, its `kind`, `weight` and `symbols`.';

export class CreateNewsSourceDto {
  @ApiProperty({ example: 'https://wire.example.com/markets.rss', maxLength: 2000 })
  @IsString()
  @MaxLength(2000)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'url must be an http(s) URL' })
  url: string;

  @ApiPropertyOptional({ enum: ['news', 'social'], default: 'news' })
  @IsOptional()
  @IsIn(['news', 'social'], { message: 'kind must be news or social' })
  kind?: 'news' | 'social';

  @ApiPropertyOptional({ example: 300, minimum: 60, maximum: 86400, default: 300, description: 'Seconds between polls' })
  @IsOptional()
  @IsInt()
  @Min(60)
  @Max(86400)
  poll_seconds?: number;

  @ApiPropertyOptional({ example: ['AAPL'], type: [String], maxItems: 20, description: 'Symbols every item of this source is about (besides those matched)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(/^[A-Za-z][A-Za-z0-9.-]{0,9}$/, { each: true, message: 'symbols must be symbols' })
  symbols?: string[];

  @ApiPropertyOptional({ example: 1, minimum: 0.1, maximum: 10, default: 1, description: 'Multiplies the decay weight of its items' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.1)
  @Max(10)
  weight?: number;
}

export class NewsSourceDto {
  @ApiProperty({ format: 'uuid', example: '7c6b5a49-3827-4165-9a4b-3c2d1e0f9a8b' })
  id: string;
  @ApiProperty({ example: 'https://wire.example.com/markets.rss' })
  url: string;
  @ApiProperty({ example: 'wire.example.com', description: 'The `source` of its items' })
  name: string;
  @ApiProperty({ enum: ['news', 'social'], example: 'news' })
  kind: string;
  @ApiProperty({ example: 300 })
  poll_seconds: number;
  @ApiProperty({ type: [String], example: ['AAPL'] })
  symbols: string[];
  @ApiProperty({ example: 1 })
  weight: number;
  @ApiProperty({ example: '2025-06-10T12:00:00.000Z' })
  created_at: string;
  @ApiProperty({ example: '2025-06-10T12:05:00.000Z', description: 'When the next poll is due' })
  next_poll_at: string;
  @ApiProperty({ example: false, description: 'A poll is running' })
  polling: boolean;
  @ApiProperty({ example: 0, description: 'Consecutive failed polls' })
  failures: number;
  @ApiProperty({ example: '2025-06-10T12:00:01.000Z', nullable: true, type: String })
  last_polled_at: string | null;
  @ApiProperty({ example: '2025-06-10T12:00:01.000Z', nullable: true, type: String })
  last_success_at: string | null;
  @ApiProperty({ example: null, nullable: true, type: String, description: 'Why the last poll failed (null after a success)' })
  last_error: string | null;
  @ApiProperty({ example: 'W/"5e1-abc"', nullable: true, type: String })
  etag: string | null;
  @ApiProperty({ example: 'Tue, 10 Jun 2025 13:00:00 GMT', nullable: true, type: String })
  last_modified: string | null;
  @ApiProperty({ example: 42, description: 'Items this source has inserted' })
  items_inserted: number;
}

export class NewsSourceListDto {
  @ApiProperty({ type: [NewsSourceDto] })
  sources: NewsSourceDto[];
}

export function toNewsSourceDto(s: NewsSource): NewsSourceDto {
  return {
    id: s.id,
    url: s.url,
    name: s.name,
    kind: s.kind,
    poll_seconds: s.pollSeconds,
    symbols: s.defaultSymbols,
    weight: s.weight,
    created_at: s.createdAt.toISOString(),
    next_poll_at: s.nextPollAt.toISOString(),
    polling: s.pollingUntil !== null && s.pollingUntil.getTime() > Date.now(),
    failures: s.failures,
    last_polled_at: s.lastPolledAt?.toISOString() ?? null,
    last_success_at: s.lastSuccessAt?.toISOString() ?? null,
    last_error: s.lastError,
    etag: s.etag,
    last_modified: s.lastModified,
    items_inserted: s.itemsInserted,
  };
}
