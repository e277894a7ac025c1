import { Injectable } from '@nestjs/common';
import { toJobDto, type JobDto } from '../jobs/dto/job.dto';
import { JobsService } from '../jobs/jobs.service';
import type { EvaluateQueryDto, EvaluationTableDto } from './dto/evaluation.dto';
import type { ModelListDto } from './dto/models.dto';
import { EvaluationsService, modelsToEvaluate } from './evaluations.service';
import { EVALUATION, evaluationMinCloses, FORECAST_MODELS, MODEL_INFO } from './models';

/** GET /api/ml/models and GET /api/ml/evaluate/{symbol}. */
@Injectable()
export class ModelsService {
  constructor(
    private readonly evaluations: EvaluationsService,
    private readonly jobs: JobsService,
  ) {}

  async models(): Promise<ModelListDto> {
    const observed = await this.evaluations.observedFitMs();
    const evaluated = evaluationMinCloses(this.evaluations.origins);
    return {
      models: FORECAST_MODELS.map((name) => {
        const info = MODEL_INFO[name];
        return {
          ...info,
          min_history_sessions: name === 'ensemble' ? evaluated : info.min_history_sessions,
          min_history_sessions_evaluated: evaluated,
          observed_fit_ms: observed[name] ?? null,
        };
      }),
      evaluation_origins: this.evaluations.origins,
      evaluation_horizon: EVALUATION.horizon,
    };
  }

  async evaluate(userId: string, symbol: string, q: EvaluateQueryDto): Promise<{ status: 200; body: EvaluationTableDto } | { status: 202; body: JobDto }> {
    const models = q.models?.length ? q.models : [...FORECAST_MODELS];
    const lookback = q.lookback ?? '5y';
    const horizon = q.horizon ?? EVALUATION.horizon;
    const h = await this.evaluations.history(symbol, lookback);
    this.evaluations.requireEvaluable(h, models[0]);
    const needed = modelsToEvaluate(models);
    const records = await this.evaluations.records(h, needed);
    if (records.size === needed.length) return { status: 200, body: this.evaluations.table(h, records, models, horizon) };
    const job = await this.evaluations.ensureJob(userId, h, needed.filter((m) => !records.has(m)), models, horizon);
    return { status: 202, body: toJobDto(await this.jobs.get(userId, job.id)) };
  }
}
