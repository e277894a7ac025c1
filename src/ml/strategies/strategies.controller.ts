import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser } from '../../common/decorators/current-user.decorator';
import { ApiErrors } from '../../common/openapi/api-errors.decorator';
import { uuidParam } from '../../common/validation/uuid-param';
import {
  EXPRESSION_TEXT,
  GetStrategyQueryDto,
  ListStrategiesQueryDto,
  StrategyDocumentDto,
  StrategyDto,
  StrategyExampleListDto,
  StrategyListDto,
} from './dto/strategy.dto';
import { StrategiesService } from './strategies.service';

const VALIDATION =
  '422 `ValidationError` lists every problem with its `field` path (`entry`, `indicators.0.period`, `sizing.score`, …) and ' +
  'code; expression problems (`INVALID_EXPRESSION`, `UNKNOWN_NAME`) also carry `position`, the 0-based character ' +
  'offset in the expression. Unknown symbols are `UnknownSymbol`; a limit order, more than STRATEGY_MAX_SYMBOLS ' +
  'symbols (default 50) or more than STRATEGY_MAX_PER_USER strategies (default 100) are 422 too.';

@ApiTags('strategies')
@ApiBearerAuth()
@ApiSecurity('api_key')
@Controller('api/strategies')
export class StrategiesController {
  constructor(private readonly strategies: StrategiesService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Create a strategy document (version 1)', description: `${EXPRESSION_TEXT} ${VALIDATION}` })
  @ApiCreatedResponse({ type: StrategyDto })
  @ApiErrors(401, 422, 429)
  create(@CurrentUser() user: AuthUser, @Body() dto: StrategyDocumentDto): Promise<StrategyDto> {
    return this.strategies.create(user.id, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Your strategies, newest first (cursor pages; latest versions’ names)' })
  @ApiOkResponse({ type: StrategyListDto })
  @ApiErrors(401, 422, 429)
  list(@CurrentUser() user: AuthUser, @Query() q: ListStrategiesQueryDto): Promise<StrategyListDto> {
    return this.strategies.list(user.id, q.limit, q.cursor);
  }

  @Get('examples')
  @ApiOperation({
    summary: 'The built-in backtest strategies as documents (with the built-ins’ default parameters)',
    description: 'Each gives the same fills and equity as the built-in of `builtin` with `parameters` on the same bars. POST one to /api/strategies to use it.',
  })
  @ApiOkResponse({ type: StrategyExampleListDto })
  @ApiErrors(401, 429)
  examples(): StrategyExampleListDto {
    return this.strategies.examples();
  }

  @Get(':id')
  @ApiOperation({ summary: 'One of your strategies: the latest version, or `?version=n` (404 for anyone else’s)' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: StrategyDto })
  @ApiErrors(401, 404, 422, 429)
  get(@CurrentUser() user: AuthUser, @Param('id', uuidParam('Strategy')) id: string, @Query() q: GetStrategyQueryDto): Promise<StrategyDto> {
    return this.strategies.get(user.id, id, q.version);
  }

  @Put(':id')
  @ApiOperation({
    summary: 'Replace the document: creates the next version (earlier versions stay as they were) and returns it',
    description: `The whole document, validated like a creation. ${VALIDATION}`,
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: StrategyDto })
  @ApiErrors(401, 404, 422, 429)
  update(@CurrentUser() user: AuthUser, @Param('id', uuidParam('Strategy')) id: string, @Body() dto: StrategyDocumentDto): Promise<StrategyDto> {
    return this.strategies.update(user.id, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete one of your strategies (its versions are kept for the backtests that ran them)' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiNoContentResponse()
  @ApiErrors(401, 404, 429)
  async remove(@CurrentUser() user: AuthUser, @Param('id', uuidParam('Strategy')) id: string): Promise<void> {
    await this.strategies.remove(user.id, id);
  }
}
