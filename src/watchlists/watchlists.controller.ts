import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { ApiErrors } from '../common/openapi/api-errors.decorator';
import { uuidParam } from '../common/validation/uuid-param';
import { AddWatchlistSymbolDto, CreateWatchlistDto, ListWatchlistsQueryDto, ReplaceWatchlistDto, WatchlistDto, WatchlistListDto } from './dto/watchlist.dto';
import { WatchlistsService } from './watchlists.service';

const watchlistId = uuidParam('Watchlist');

@ApiTags('watchlists')
@ApiBearerAuth()
@ApiSecurity('api_key')
@Controller('api/watchlists')
export class WatchlistsController {
  constructor(private readonly watchlists: WatchlistsService) {}

  @Get()
  @ApiOperation({ summary: 'Your watchlists, oldest first' })
  @ApiOkResponse({ type: WatchlistListDto })
  @ApiErrors(401, 422, 429)
  list(@CurrentUser() user: AuthUser, @Query() query: ListWatchlistsQueryDto): Promise<WatchlistListDto> {
    return this.watchlists.list(user.id, query.limit ?? 50, query.cursor);
  }

  @Post()
  @ApiOperation({
    summary: 'Create a watchlist',
    description:
      'A named, ordered list of symbols. Names are unique per user (case-insensitive: 409 `Conflict`); symbols must be ' +
      'known instruments (422 `UnknownSymbol`, `details.field` = `symbols[i]`). At most WATCHLISTS_MAX_PER_USER lists ' +
      '(default 20) of WATCHLISTS_MAX_SYMBOLS symbols (default 100) each.',
  })
  @ApiCreatedResponse({ type: WatchlistDto })
  @ApiErrors(401, 409, 422, 429)
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateWatchlistDto): Promise<WatchlistDto> {
    return this.watchlists.create(user.id, dto);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One of your watchlists' })
  @ApiOkResponse({ type: WatchlistDto })
  @ApiErrors(401, 404, 429)
  get(@CurrentUser() user: AuthUser, @Param('id', watchlistId) id: string): Promise<WatchlistDto> {
    return this.watchlists.get(user.id, id);
  }

  @Put(':id')
  @ApiOperation({ summary: 'Replace a watchlist (name and symbols)', description: 'The symbols become exactly the list given, in its order.' })
  @ApiOkResponse({ type: WatchlistDto })
  @ApiErrors(401, 404, 409, 422, 429)
  replace(@CurrentUser() user: AuthUser, @Param('id', watchlistId) id: string, @Body() dto: ReplaceWatchlistDto): Promise<WatchlistDto> {
    return this.watchlists.replace(user.id, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a watchlist' })
  @ApiNoContentResponse()
  @ApiErrors(401, 404, 429)
  async remove(@CurrentUser() user: AuthUser, @Param('id', watchlistId) id: string): Promise<void> {
    await this.watchlists.remove(user.id, id);
  }

  @Post(':id/symbols')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Add a symbol to a watchlist',
    description: 'Appended at the end; a symbol already in the list leaves it unchanged (idempotent). Answers the list.',
  })
  @ApiOkResponse({ type: WatchlistDto })
  @ApiErrors(401, 404, 422, 429)
  addSymbol(@CurrentUser() user: AuthUser, @Param('id', watchlistId) id: string, @Body() dto: AddWatchlistSymbolDto): Promise<WatchlistDto> {
    return this.watchlists.addSymbol(user.id, id, dto);
  }

  @Delete(':id/symbols/:symbol')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a symbol from a watchlist', description: 'Case-insensitive; a symbol not in the list is a no-op (idempotent).' })
  @ApiNoContentResponse()
  @ApiErrors(401, 404, 429)
  async removeSymbol(@CurrentUser() user: AuthUser, @Param('id', watchlistId) id: string, @Param('symbol') symbol: string): Promise<void> {
    await this.watchlists.removeSymbol(user.id, id, symbol);
  }
}
