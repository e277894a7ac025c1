import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, UploadedFiles, UseInterceptors } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { percentJson, priceJson } from '../common/decimal';
import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { Roles } from '../common/decorators/roles.decorator';
import { ValidationFailedError } from '../common/errors/app-error';
import { MultipartFilesInterceptor, type UploadedFile } from '../common/http/multipart-files.interceptor';
import { ApiErrors } from '../common/openapi/api-errors.decorator';
import { MarketClockDto } from './dto/clock.dto';
import { HistoricalDto, HistoricalQueryDto } from './dto/historical.dto';
import { ImportBodyDto, ImportListDto, ImportListQueryDto, ImportResultDto, ImportUploadDto } from './dto/import.dto';
import { toBarDto, toQuoteDto } from './dto/mappers';
import { QuoteDto } from './dto/quote.dto';
import { SearchQueryDto, SearchResultsDto } from './dto/search.dto';
import { TrendingDto, TrendingQueryDto } from './dto/trending.dto';
import { MIXED_SOURCE } from './history/aggregate';
import { MarketImportService } from './import/market-import.service';
import { MarketService } from './market.service';
import { TrendingService } from './trending.service';
import { parseSymbol } from './symbols';

const MAX_FILES = 20;
const MAX_FILE_BYTES = 20 * 1024 * 1024;
const SYMBOL_PARAM = { name: 'symbol', example: 'AAPL', description: 'Case-insensitive; ^[A-Z][A-Z0-9.-]{0,9}$ after upper-casing' };

@ApiTags('market')
@ApiBearerAuth()
@ApiSecurity('api_key')
@Controller('api/market')
export class MarketController {
  constructor(
    private readonly market: MarketService,
    private readonly imports: MarketImportService,
    private readonly trendingList: TrendingService,
  ) {}

  @Get('quote/:symbol')
  @ApiOperation({
    summary: 'Latest quote of a symbol',
    description:
      'With an upstream provider (MARKET_DATA_PROVIDER=yahoo): when the upstream fails, answers something unusable ' +
      'or has not answered within MARKET_YAHOO_TIMEOUT_MS, the last good quote is served with `stale: true`. A ' +
      'symbol with no good quote yet answers 503 `ServiceUnavailable` with `Retry-After` (seconds until the ' +
      'circuit breaker lets a trial call through, or until the next attempt is worth it).',
  })
  @ApiParam(SYMBOL_PARAM)
  @ApiOkResponse({ type: QuoteDto })
  @ApiErrors(401, 404, 422, 429, 503)
  async quote(@Param('symbol') raw: string): Promise<Readonly<QuoteDto>> {
    const { instrument, quote } = await this.market.quoteView(parseSymbol(raw));
    return toQuoteDto(instrument, quote);
  }

  @Get('historical/:symbol')
  @ApiOperation({
    summary: 'OHLCV bars of a symbol',
    description: 'Weekly and monthly bars are aggregated from daily ones. Imported (CSV) daily bars take precedence.',
  })
  @ApiParam(SYMBOL_PARAM)
  @ApiOkResponse({ type: HistoricalDto })
  @ApiErrors(401, 404, 422, 429, 503)
  async historical(@Param('symbol') raw: string, @Query() query: HistoricalQueryDto): Promise<HistoricalDto> {
    const symbol = parseSymbol(raw);
    const period = query.period ?? '1y';
    const interval = query.interval ?? '1d';
    const rows = await this.market.history(symbol, period, interval);
    const sources = new Set(rows.map((r) => r.source));
    const source = sources.size === 1 ? rows[0].source : sources.size ? MIXED_SOURCE : this.market.provider.name;
    return { symbol, period, interval, source, data: rows.map(toBarDto) };
  }

  @Get('search')
  @ApiOperation({ summary: 'Find instruments by symbol prefix or name', description: 'Ranked: exact symbol, symbol prefix, then name match.' })
  @ApiOkResponse({ type: SearchResultsDto })
  @ApiErrors(401, 422, 429)
  search(@Query() query: SearchQueryDto): SearchResultsDto {
    return {
      results: this.market.search(query.q, query.limit ?? 10).map((i) => ({
        symbol: i.symbol,
        name: i.name,
        exchange: i.exchange,
        asset_class: i.assetClass,
        sector: i.sector,
      })),
    };
  }

  @Get('trending')
  @ApiOperation({
    summary: 'Most unusual movers of the latest session',
    description:
      'Score = |ln(price / previous close)| / (the instrument\'s annual volatility / √252) × √relative_volume. See docs/ARCHITECTURE.md (Market).',
  })
  @ApiOkResponse({ type: TrendingDto })
  @ApiErrors(401, 422, 429)
  async trending(@Query() query: TrendingQueryDto): Promise<TrendingDto> {
    const { rows, asOf } = await this.trendingList.trending(query.limit ?? 10);
    return {
      trending: rows.map((r) => ({
        symbol: r.symbol,
        name: r.name,
        price: priceJson(r.price) as number,
        change_percent: percentJson(r.change_percent) as number,
        volume: r.volume,
        relative_volume: percentJson(r.relative_volume) as number,
      })),
      as_of: asOf.toISOString(),
    };
  }

  @Get('clock')
  @ApiOperation({ summary: 'Is the market open, and when does it next open and close (explains a waiting market order)' })
  @ApiOkResponse({ type: MarketClockDto })
  @ApiErrors(401, 429)
  clock(): MarketClockDto {
    const s = this.market.session();
    return {
      is_open: s.is_open,
      next_open: s.next_open.toISOString(),
      next_close: s.next_close.toISOString(),
      trading_hours: s.trading_hours,
      timestamp: this.market.now().toISOString(),
    };
  }

  @Post('import')
  @HttpCode(201)
  @Roles('admin')
  @UseInterceptors(MultipartFilesInterceptor('file', { fileSize: MAX_FILE_BYTES, files: MAX_FILES }))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: ImportUploadDto })
  @ApiOperation({
    summary: 'Admin: import daily OHLCV from Yahoo or Stooq CSV files',
    description:
      'Imported bars replace simulated or fetched ones for those days. With the simulated provider the live ' +
      'price follows the import too: the simulation continues from the last imported close with its own ' +
      'returns (quotes, intraday bars and later daily bars), and days before the first imported one are scaled ' +
      'to meet it; other instances follow within MARKET_IMPORT_SYNC_MS. A real provider\'s quotes are not ' +
      'changed. All files or none: any bad row refuses the request (422) listing every problem by file and ' +
      'line. Each import is logged with who made it.',
  })
  @ApiCreatedResponse({ type: ImportResultDto })
  @ApiErrors(401, 403, 413, 422, 429)
  async import(
    @CurrentUser() user: AuthUser,
    @UploadedFiles() files: UploadedFile[] | undefined,
    @Body() body: ImportBodyDto,
  ): Promise<ImportResultDto> {
    if (!files?.length) {
      throw new ValidationFailedError([{ field: 'file', code: 'REQUIRED', message: 'upload at least one CSV file as multipart field "file"' }]);
    }
    const imported = await this.imports.importAll(
      files.map((f) => ({ name: f.originalname, content: f.buffer.toString('utf8'), symbol: body.symbol })),
      { userId: user.id, label: `user:${user.email}` },
    );
    return { imports: imported };
  }

  @Get('imports')
  @Roles('admin')
  @ApiOperation({
    summary: 'Admin: the import audit trail',
    description: 'Every CSV import and every removal of imported history: who, what, when. Newest first.',
  })
  @ApiOkResponse({ type: ImportListDto })
  @ApiErrors(401, 403, 422, 429)
  async importsList(@Query() query: ImportListQueryDto): Promise<ImportListDto> {
    const symbol = query.symbol === undefined ? undefined : parseSymbol(query.symbol);
    return this.imports.list(query.limit ?? 50, query.cursor, symbol);
  }

  @Delete('imports/:symbol')
  @HttpCode(204)
  @Roles('admin')
  @ApiOperation({
    summary: "Admin: remove a symbol's imported history",
    description:
      'Deletes the imported (csv) daily bars of the symbol, recorded in the audit trail: its history and, with the ' +
      'simulated provider, its live prices are the simulation again (other instances follow within ' +
      'MARKET_IMPORT_SYNC_MS). 404 when the symbol has no imported history.',
  })
  @ApiParam(SYMBOL_PARAM)
  @ApiNoContentResponse()
  @ApiErrors(401, 403, 404, 422, 429)
  async removeImport(@CurrentUser() user: AuthUser, @Param('symbol') raw: string): Promise<void> {
    const { symbol } = await this.market.getInstrument(parseSymbol(raw));
    await this.imports.remove(symbol, { userId: user.id, label: `user:${user.email}` });
  }
}
