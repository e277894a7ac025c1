import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { type AuthUser, CurrentUser } from '../../common/decorators/current-user.decorator';
import { ApiErrors } from '../../common/openapi/api-errors.decorator';
import { uuidParam } from '../../common/validation/uuid-param';
import { BacktestsService } from './backtests.service';
import { BacktestDto, BacktestListDto, BacktestRequestDto, FILL_MODEL, ListBacktestsQueryDto, BuiltinStrategyListDto } from './dto/backtest.dto';
import type { HttpReply } from '../../common/http/http-platform';

@ApiTags('ml')
@ApiBearerAuth()
@ApiSecurity('api_key')
@Controller('api/ml')
export class BacktestsController {
  constructor(private readonly backtests: BacktestsService) {}

  @Post('backtest')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Backtest a strategy on daily history, with the order engine’s costs and the risk endpoint’s metrics',
    description:
      'Simulates the strategy session by session on the symbols’ daily bars (simulated, imported CSV or Yahoo) from ' +
      'start_date to end_date, after the warm-up its indicators need. ' +
      FILL_MODEL +
      ' Runs of up to ML_BACKTEST_SYNC_MAX_BARS symbol-sessions (default 50,000, warm-up included: e.g. 20 symbols × 10 ' +
      'years) answer 200 with the report; larger ones answer 202 with the stored backtest (`status` queued, `job_id`, ' +
      '`Location: /api/ml/backtest/{id}`): poll it, or listen on /ws/notifications for backtest_progress and ' +
      'backtest_completed / backtest_failed. Every run is stored (GET /api/ml/backtests). `strategy` names a built-in; ' +
      '`strategy_id` (+ `strategy_version`) runs one of your strategy documents (/api/strategies) instead, on the same ' +
      'engine with the same costs and report, which records the id and version (exactly one of the two, else 422; 404 for ' +
      'a strategy that is not yours). 422: unknown strategy ' +
      '(listing the known), a bad parameter (naming it, with its range), start_date ≥ end_date, end_date after today ' +
      'or a start before the history (with the available range), too little warm-up history (`InsufficientHistory`, ' +
      'with the sessions needed), unknown symbols (`UnknownSymbol`).',
  })
  @ApiOkResponse({ type: BacktestDto })
  @ApiAcceptedResponse({
    type: BacktestDto,
    description: 'A long run: queued as a job (`Location: /api/ml/backtest/{id}`)',
    headers: { Location: { description: '/api/ml/backtest/{id}', schema: { type: 'string' } } },
  })
  @ApiErrors(401, 422, 429)
  async run(@CurrentUser() user: AuthUser, @Body() dto: BacktestRequestDto, @Res({ passthrough: true }) res: HttpReply): Promise<BacktestDto> {
    const outcome = await this.backtests.submit(user.id, dto);
    if (outcome.status === 202) {
      res.status(202);
      res.header('Location', `/api/ml/backtest/${outcome.body.id}`);
    }
    return outcome.body;
  }

  @Get('backtests')
  @ApiOperation({ summary: 'Your backtests, newest first (cursor pages; summaries only)' })
  @ApiOkResponse({ type: BacktestListDto })
  @ApiErrors(401, 422, 429)
  list(@CurrentUser() user: AuthUser, @Query() q: ListBacktestsQueryDto): Promise<BacktestListDto> {
    return this.backtests.list(user.id, q.limit, q.cursor);
  }

  @Get(['backtest/:id', 'backtests/:id'])
  @ApiOperation({ summary: 'One of your backtests: status and progress while it runs, the report when done (404 for anyone else’s)' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: BacktestDto })
  @ApiErrors(401, 404, 429)
  get(@CurrentUser() user: AuthUser, @Param('id', uuidParam('Backtest')) id: string): Promise<BacktestDto> {
    return this.backtests.get(user.id, id);
  }

  @Delete(['backtest/:id', 'backtests/:id'])
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete one of your backtests (a running one stops being stored)' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiNoContentResponse()
  @ApiErrors(401, 404, 429)
  async remove(@CurrentUser() user: AuthUser, @Param('id', uuidParam('Backtest')) id: string): Promise<void> {
    await this.backtests.remove(user.id, id);
  }

  @Get('strategies')
  @ApiOperation({ summary: 'The built-in strategies: rules, parameters with ranges and defaults, warm-up, and the fill model' })
  @ApiOkResponse({ type: BuiltinStrategyListDto })
  @ApiErrors(401, 429)
  strategies(): BuiltinStrategyListDto {
    return this.backtests.strategies();
  }
}
