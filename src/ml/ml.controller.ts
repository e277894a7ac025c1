import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { ApiErrors } from '../common/openapi/api-errors.decorator';
import { uuidParam } from '../common/validation/uuid-param';
import { parseSymbol } from '../market/market.contracts';
import { EvaluateQueryDto, EvaluationTableDto } from './forecast/dto/evaluation.dto';
import { ModelListDto } from './forecast/dto/models.dto';
import { PredictRequestDto, PredictResultDto } from './forecast/dto/predict.dto';
import { ForecastService } from './forecast/forecast.service';
import { ModelsService } from './forecast/models.service';
import { JobDto, toJobDto } from './jobs/dto/job.dto';
import { JobsService } from './jobs/jobs.service';
import type { HttpReply } from '../common/http/http-platform';

const JOB_ACCEPTED = {
  type: JobDto,
  description: 'The computation outlasted the wait: the job that runs it (`Location: /api/ml/jobs/{id}`); poll it, then repeat the request',
  headers: { Location: { description: '/api/ml/jobs/{id}', schema: { type: 'string' } } },
};

@ApiTags('ml')
@ApiBearerAuth()
@ApiSecurity('api_key')
@Controller('api/ml')
export class MlController {
  constructor(
    private readonly forecasts: ForecastService,
    private readonly queries: ModelsService,
    private readonly jobs: JobsService,
  ) {}

  @Post('predict')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Forecast daily closes with Prophet, ARIMA, AutoETS, the naive drift model or their ensemble, with an evaluated interval',
    description:
      "Fits the model on the symbol's daily closes (adjusted where an import has them) and forecasts the next sessions. " +
      "`evaluation` is the model's rolling-origin record on this symbol (20 origins over the last 2 years, up to 21 " +
      'sessions ahead, the same origins for every model): MAPE, MASE and MASE relative to the naive model, and the ' +
      "empirical coverage of the 80% and 95% (and the requested) intervals, for the model's own and the conformal " +
      'interval. Evaluations run as jobs and are stored per data version: a first conformal request for a symbol and ' +
      'model waits for its evaluation (Prophet on 5 years: ~20 s), later ones are immediate until the next close. ' +
      '404 unknown symbol; 422 bad horizon, model or confidence, too little history (`InsufficientHistory`, with the ' +
      'minimum and what there is), or a model that cannot be fitted (`ModelFitFailed`, with its reason).',
  })
  @ApiOkResponse({ type: PredictResultDto })
  @ApiAcceptedResponse(JOB_ACCEPTED)
  @ApiErrors(401, 404, 422, 429, 503)
  async predict(@CurrentUser() user: AuthUser, @Body() dto: PredictRequestDto, @Res({ passthrough: true }) res: HttpReply): Promise<PredictResultDto | JobDto> {
    const outcome = await this.forecasts.predict(user.id, dto);
    if (outcome.status === 202) {
      res.status(202);
      res.header('Location', `/api/ml/jobs/${outcome.body.id}`);
    }
    return outcome.body;
  }

  @Get('evaluate/:symbol')
  @ApiOperation({
    summary: "Each model's rolling-origin record on a symbol: MAPE, MASE, relative MASE, 80/95% coverage",
    description:
      'Answers 200 with the table when every evaluation asked for is stored for the current history; otherwise starts ' +
      'an evaluation job and answers 202 with it (`Location: /api/ml/jobs/{id}`, whose `result` is this table). The ' +
      'ensemble is evaluated on the same origins from its members\' forecasts; its members are chosen on the same ' +
      'errors, so its record is slightly optimistic.',
  })
  @ApiParam({ name: 'symbol', example: 'AAPL' })
  @ApiOkResponse({ type: EvaluationTableDto })
  @ApiAcceptedResponse({ ...JOB_ACCEPTED, description: 'An evaluation job started (or already running): poll `Location`' })
  @ApiErrors(401, 404, 422, 429)
  async evaluate(
    @CurrentUser() user: AuthUser,
    @Param('symbol') raw: string,
    @Query() query: EvaluateQueryDto,
    @Res({ passthrough: true }) res: HttpReply,
  ): Promise<EvaluationTableDto | JobDto> {
    const outcome = await this.queries.evaluate(user.id, parseSymbol(raw), query);
    if (outcome.status === 202) {
      res.status(202);
      res.header('Location', `/api/ml/jobs/${outcome.body.id}`);
    }
    return outcome.body;
  }

  @Get('models')
  @ApiOperation({ summary: 'The forecasting models: parameters, minimum history, interval methods and fit times' })
  @ApiOkResponse({ type: ModelListDto })
  @ApiErrors(401, 429)
  models(): Promise<ModelListDto> {
    return this.queries.models();
  }

  @Get('jobs/:id')
  @ApiOperation({ summary: 'An ML job of yours: status, progress 0–1, and its result or error (404 for anyone else\'s)' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: JobDto })
  @ApiErrors(401, 404, 429)
  async job(@CurrentUser() user: AuthUser, @Param('id', uuidParam('Job')) id: string): Promise<JobDto> {
    return toJobDto(await this.jobs.get(user.id, id));
  }
}
