import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../common/decorators/roles.decorator';
import { ApiErrors } from '../../common/openapi/api-errors.decorator';
import {
  IngestNewsDto,
  ListNewsQueryDto,
  NewsIngestResultDto,
  NewsListDto,
  SENTIMENT_TEXT,
  SentimentDto,
  SentimentHistoryDto,
  SentimentHistoryQueryDto,
  SentimentQueryDto,
} from './dto/sentiment.dto';
import { SentimentService } from './sentiment.service';

@ApiTags('ml')
@ApiBearerAuth()
@ApiSecurity('api_key')
@Controller('api/ml')
export class SentimentController {
  constructor(private readonly sentiment: SentimentService) {}

  @Get('sentiment/:symbol')
  @ApiOperation({ summary: 'Market sentiment of a symbol from the news and social posts stored about it (time-decayed)', description: SENTIMENT_TEXT })
  @ApiParam({ name: 'symbol', example: 'AAPL' })
  @ApiOkResponse({ type: SentimentDto })
  @ApiErrors(401, 404, 422, 429)
  get(@Param('symbol') symbol: string, @Query() q: SentimentQueryDto): Promise<SentimentDto> {
    return this.sentiment.sentiment(symbol, q.window ? Number(q.window.slice(0, -1)) : undefined);
  }

  @Get('sentiment/:symbol/history')
  @ApiOperation({
    summary: 'Daily sentiment series of a symbol',
    description: 'One point per UTC day of the period, each computed as GET /api/ml/sentiment/{symbol} would have at the end of that day (same window, decay and labels; days without items are `insufficient_data`).',
  })
  @ApiParam({ name: 'symbol', example: 'AAPL' })
  @ApiOkResponse({ type: SentimentHistoryDto })
  @ApiErrors(401, 404, 422, 429)
  history(@Param('symbol') symbol: string, @Query() q: SentimentHistoryQueryDto): Promise<SentimentHistoryDto> {
    return this.sentiment.history(symbol, q.period);
  }

  @Get('news')
  @ApiOperation({ summary: 'Stored news items and posts with their scores, newest first (cursor pages)', description: 'Why a sentiment is what it is: each item with its score, the finance terms found and the lexicon version.' })
  @ApiOkResponse({ type: NewsListDto })
  @ApiErrors(401, 404, 422, 429)
  list(@Query() q: ListNewsQueryDto): Promise<NewsListDto> {
    return this.sentiment.list(q.symbol, q.limit, q.cursor);
  }

  @Post('news')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary: 'Ingest a batch of news items or social posts (admins; an API key needs the admin scope)',
    description:
      'Up to 500 items; each is validated, matched to symbols and scored on its own. 200 with counts and one outcome per ' +
      'item: `inserted`, `duplicate` (same source and external id — `external_id`, else `url` — or the same title and ' +
      'text, case and spacing ignored, already stored or earlier in the batch) or `rejected` with its reasons. 422 ' +
      '`ValidationError` when every item is refused (`details.errors[].field` = `items.<index>.<field>`); 413 for more ' +
      'than 500 items or a body over the size limit. ' +
      SENTIMENT_TEXT,
  })
  @ApiOkResponse({ type: NewsIngestResultDto })
  @ApiErrors(401, 403, 413, 422, 429)
  ingest(@Body() dto: IngestNewsDto): Promise<NewsIngestResultDto> {
    return this.sentiment.ingest(dto.items, { defaultSource: 'api' });
  }
}
