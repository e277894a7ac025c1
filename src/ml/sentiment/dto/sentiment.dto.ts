import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsIn, IsOptional, Matches } from 'class-validator';
import { PageQueryDto } from '../../../common/dto/page-query.dto';

export const SENTIMENT_TEXT =
  'Items are news stories and social posts ingested from RSS/Atom sources, POST /api/ml/news and `npm run ml:import-news`, ' +
  'each scored once when stored. **Scoring**: VADER compound score with our finance lexicon layered on it (terms such as ' +
  '"beats estimates", "guidance cut", "downgrade", "recall", "bankruptcy", "buyback", "short seller", negated by a negator ' +
  'in the 3 words before them as VADER does); title and body are weighted 2 : 1 (the body is the mean of its first 20 ' +
  'sentences). **Matching**: cashtags ($AAPL), bare tickers in capitals except those that are words or abbreviations ' +
  '(A, ON, IT, SO, LOW, CEO, …), company names from the instrument universe ("Apple", "Apple Inc.", "Microsoft"; names that ' +
  'are everyday words only next to market words: never "apple pie" or "Target practice"), plus the symbols an item or its ' +
  'source names. **Decay**: an item weighs `source weight × 0.5^(age / half-life)`, half-life 24 h for news and 6 h for ' +
  'social posts by default (SENTIMENT_NEWS_HALF_LIFE_HOURS, SENTIMENT_SOCIAL_HALF_LIFE_HOURS; `half_life_hours` says ' +
  'which apply). `news_sentiment` and `social_sentiment` are the weighted means of their items’ scores; ' +
  '`overall_sentiment` = 0.6 × news + 0.4 × social (the kind present alone when the other has no items); all in [-1, 1]. ' +
  '**Labels**: bullish ≥ +0.15, bearish ≤ -0.15, neutral between. **No data**: without items in the window the answer is ' +
  '200 with `analyzed_sources: 0`, the three sentiments null and `sentiment_label: "insufficient_data"`; a kind without ' +
  'items is null.';

export class SentimentQueryDto {
  @ApiPropertyOptional({ example: '7d', pattern: '^([1-9]|[1-8][0-9]|90)d$', description: 'Items published within this many days (1d–90d); default SENTIMENT_WINDOW_DAYS (7)' })
  @IsOptional()
  @Matches(/^([1-9]|[1-8][0-9]|90)d$/, { message: 'window must be 1d to 90d' })
  window?: string;
}

export class SentimentHalfLivesDto {
  @ApiProperty({ example: 24 })
  news: number;
  @ApiProperty({ example: 6 })
  social: number;
}

export class SentimentCountsDto {
  @ApiProperty({ example: 30 })
  news: number;
  @ApiProperty({ example: 15 })
  social: number;
}

export class SentimentTopItemDto {
  @ApiProperty({ format: 'uuid', example: '5b0f8a4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b' })
  id: string;
  @ApiProperty({ enum: ['news', 'social'], example: 'news' })
  kind: string;
  @ApiProperty({ example: 'Apple beats estimates as iPhone sales climb', description: 'The title (a social post: its first 140 characters)' })
  title: string;
  @ApiProperty({ example: 'example-wire' })
  source: string;
  @ApiProperty({ example: '2024-01-15T14:05:00.000Z' })
  published_at: string;
  @ApiProperty({ example: 0.6249, minimum: -1, maximum: 1 })
  score: number;
  @ApiProperty({ example: 0.9128, description: 'Its weight now: source weight × decay' })
  weight: number;
  @ApiProperty({ example: 'https://news.example.com/apple-beats', nullable: true, type: String })
  url: string | null;
}

export class SentimentDto {
  @ApiProperty({ example: 'AAPL' })
  symbol: string;
  @ApiProperty({ example: 0.72, nullable: true, type: Number, minimum: -1, maximum: 1 })
  overall_sentiment: number | null;
  @ApiProperty({ example: 'bullish', enum: ['bullish', 'neutral', 'bearish', 'insufficient_data'] })
  sentiment_label: string;
  @ApiProperty({ example: 0.65, nullable: true, type: Number, minimum: -1, maximum: 1 })
  news_sentiment: number | null;
  @ApiProperty({ example: 0.78, nullable: true, type: Number, minimum: -1, maximum: 1 })
  social_sentiment: number | null;
  @ApiProperty({ example: 45, description: 'Items in the window' })
  analyzed_sources: number;
  @ApiProperty({ example: '2024-01-15T16:30:00.000Z', description: 'When computed' })
  timestamp: string;
  @ApiProperty({ example: '7d' })
  window: string;
  @ApiProperty({ type: SentimentHalfLivesDto })
  half_life_hours: SentimentHalfLivesDto;
  @ApiProperty({ type: SentimentCountsDto })
  counts: SentimentCountsDto;
  @ApiProperty({ type: [SentimentTopItemDto], description: 'The (up to) 5 items that weigh most, heaviest first' })
  top_items: SentimentTopItemDto[];
}

export class SentimentHistoryQueryDto {
  @ApiPropertyOptional({ enum: ['1d'], default: '1d' })
  @IsOptional()
  @IsIn(['1d'], { message: 'interval must be 1d' })
  interval?: string;

  @ApiPropertyOptional({ enum: ['1mo', '3mo', '6mo', '1y'], default: '3mo' })
  @IsOptional()
  @IsIn(['1mo', '3mo', '6mo', '1y'], { message: 'period must be one of 1mo, 3mo, 6mo, 1y' })
  period?: string;
}

export class SentimentPointDto {
  @ApiProperty({ example: '2024-01-15' })
  date: string;
  @ApiProperty({ example: 0.31, nullable: true, type: Number })
  overall_sentiment: number | null;
  @ApiProperty({ example: 'bullish', enum: ['bullish', 'neutral', 'bearish', 'insufficient_data'] })
  sentiment_label: string;
  @ApiProperty({ example: 0.28, nullable: true, type: Number })
  news_sentiment: number | null;
  @ApiProperty({ example: 0.35, nullable: true, type: Number })
  social_sentiment: number | null;
  @ApiProperty({ example: 12 })
  analyzed_sources: number;
}

export class SentimentHistoryDto {
  @ApiProperty({ example: 'AAPL' })
  symbol: string;
  @ApiProperty({ example: '1d' })
  interval: string;
  @ApiProperty({ example: '3mo' })
  period: string;
  @ApiProperty({ example: '7d' })
  window: string;
  @ApiProperty({ type: [SentimentPointDto], description: 'One point per UTC day, oldest first: the sentiment as computed at the end of that day (today: now)' })
  history: SentimentPointDto[];
}

export class NewsItemInputDto {
  @ApiPropertyOptional({ enum: ['news', 'social'], default: 'news' })
  kind?: string;
  @ApiPropertyOptional({ example: 'Apple beats estimates as iPhone sales climb', maxLength: 500, description: 'Required unless `text` is given' })
  title?: string;
  @ApiPropertyOptional({ example: 'Revenue rose 8% on strong demand.', maxLength: 20000, description: 'The body, or a social post’s text' })
  text?: string;
  @ApiPropertyOptional({ example: 'https://news.example.com/apple-beats', description: 'http(s); the item’s id within its source unless `external_id` is given' })
  url?: string;
  @ApiPropertyOptional({ example: 'wire-2024-0001', maxLength: 500 })
  external_id?: string;
  @ApiPropertyOptional({ example: '2024-01-15T14:05:00Z', description: 'ISO 8601; default now; at most 5 minutes in the future' })
  published_at?: string;
  @ApiPropertyOptional({ example: ['AAPL'], type: [String], maxItems: 20, description: 'Symbols the item is about, besides those matched in its text' })
  symbols?: string[];
  @ApiPropertyOptional({ example: 'example-wire', maxLength: 200, description: 'Default `api`' })
  source?: string;
  @ApiPropertyOptional({ example: 'Jane Doe', maxLength: 200 })
  author?: string;
  @ApiPropertyOptional({ example: 'en', description: 'Only English is scored (other languages are refused)' })
  language?: string;
}

export class IngestNewsDto {
  @ApiProperty({ type: [NewsItemInputDto], maxItems: 500, description: 'Up to 500 items; each is validated on its own' })
  @IsArray()
  items: unknown[];
}

export class NewsItemProblemDto {
  @ApiProperty({ example: 'published_at' })
  field: string;
  @ApiProperty({ example: 'INVALID_FORMAT' })
  code: string;
  @ApiProperty({ example: 'published_at must be an ISO 8601 date-time' })
  message: string;
}

export class NewsIngestOutcomeDto {
  @ApiProperty({ example: 0 })
  index: number;
  @ApiProperty({ enum: ['inserted', 'duplicate', 'rejected'], example: 'inserted' })
  status: string;
  @ApiPropertyOptional({ format: 'uuid', example: '5b0f8a4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b' })
  id?: string;
  @ApiPropertyOptional({ type: [String], example: ['AAPL'] })
  symbols?: string[];
  @ApiPropertyOptional({ type: [NewsItemProblemDto] })
  reasons?: NewsItemProblemDto[];
}

export class NewsIngestResultDto {
  @ApiProperty({ example: 1 })
  inserted: number;
  @ApiProperty({ example: 0 })
  duplicate: number;
  @ApiProperty({ example: 0 })
  rejected: number;
  @ApiProperty({ type: [NewsIngestOutcomeDto], description: 'One per item, in request order' })
  items: NewsIngestOutcomeDto[];
}

export class ListNewsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'AAPL', description: 'Only items about this symbol' })
  @IsOptional()
  @Matches(/^[A-Za-z][A-Za-z0-9.-]{0,9}$/, { message: 'symbol must match ^[A-Z][A-Z0-9.\\-]{0,9}$ (case-insensitive)' })
  symbol?: string;
}

export class NewsScoreDetailsDto {
  @ApiProperty({ example: 0.5267, nullable: true, type: Number })
  title: number | null;
  @ApiProperty({ example: 0.4404, nullable: true, type: Number })
  body: number | null;
  @ApiProperty({ type: [String], example: ['beats estimates'], description: 'Finance-lexicon terms found' })
  terms: string[];
}

export class NewsItemDto {
  @ApiProperty({ format: 'uuid', example: '5b0f8a4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b' })
  id: string;
  @ApiProperty({ enum: ['news', 'social'], example: 'news' })
  kind: string;
  @ApiProperty({ example: 'example-wire' })
  source: string;
  @ApiProperty({ example: 'wire-2024-0001' })
  external_id: string;
  @ApiProperty({ example: 'https://news.example.com/apple-beats', nullable: true, type: String })
  url: string | null;
  @ApiProperty({ example: 'Apple beats estimates as iPhone sales climb', nullable: true, type: String })
  title: string | null;
  @ApiProperty({ example: 'Revenue rose 8% on strong demand.', nullable: true, type: String })
  body: string | null;
  @ApiProperty({ example: 'Jane Doe', nullable: true, type: String })
  author: string | null;
  @ApiProperty({ example: '2024-01-15T14:05:00.000Z' })
  published_at: string;
  @ApiProperty({ example: '2024-01-15T14:06:10.000Z' })
  fetched_at: string;
  @ApiProperty({ example: 'en' })
  language: string;
  @ApiProperty({ type: [String], example: ['AAPL'] })
  symbols: string[];
  @ApiProperty({ example: 0.4979, minimum: -1, maximum: 1 })
  score: number;
  @ApiProperty({ type: NewsScoreDetailsDto })
  score_details: NewsScoreDetailsDto;
  @ApiProperty({ example: 'fin-2026.12.1' })
  lexicon_version: string;
}

export class NewsListDto {
  @ApiProperty({ type: [NewsItemDto] })
  news: NewsItemDto[];
  @ApiProperty({ nullable: true, type: String, example: null })
  next_cursor: string | null;
}
