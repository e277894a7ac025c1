import { Inject, Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { toJsonNumber } from '../../common/decimal';
import { AppError, ValidationFailedError } from '../../common/errors/app-error';
import { ERROR_NAMES, type ErrorName } from '../../common/errors/error-codes';
import { mlConfig, type MlConfig } from '../../config/ml.config';
import { sessionsAfter } from '../../market/market.contracts';
import { InsufficientHistoryError, ModelFitFailedError } from '../errors';
import { toJobDto, type JobDto } from '../jobs/dto/job.dto';
import type { MlJob } from '../jobs/entities/ml-job.entity';
import { JobsService } from '../jobs/jobs.service';
import { combineRecords, conformalRadii, type EvaluationRecord } from './domain/evaluation';
import { type LogForecast, ModelFitError } from './domain/forecast';
import { HORIZON_FORMS, horizonSessions } from './domain/horizon';
import type { FitDetailDto, PredictRequestDto, PredictResultDto } from './dto/predict.dto';
import { EvaluationsService, type History, modelsToEvaluate } from './evaluations.service';
import { forecasterFor } from './forecasters';
import { ModelRunner } from './model-runner';
import { type BaseModel, EVALUATION, evaluationMinCloses, type ForecastModel, MIN_CLOSES } from './models';

const FIT_CACHE = { max: 500, ttlMs: 6 * 60 * 60 * 1000 };
const price = (x: number) => toJsonNumber(x, 4) as number;

export type PredictOutcome = { status: 200; body: PredictResultDto } | { status: 202; body: JobDto };

/**
 * POST /api/ml/predict: the model fitted on the symbol's log closes (WASM models in the worker pool), its interval
 * (conformal from its stored rolling-origin evaluation, or its own), and that evaluation's metrics. Evaluations run
 * as jobs; fits are cached per (inputs, data version), so a new close or an import is a new key.
 */
@Injectable()
export class ForecastService {
  private readonly fits = new LRUCache<string, LogForecast, () => Promise<LogForecast>>({
    max: FIT_CACHE.max,
    ttl: FIT_CACHE.ttlMs,
    fetchMethod: (_k, _s, { context }) => context(),
  });

  constructor(
    private readonly evaluations: EvaluationsService,
    private readonly jobs: JobsService,
    private readonly runner: ModelRunner,
    @Inject(mlConfig.KEY) private readonly config: MlConfig,
  ) {}

  async predict(userId: string, dto: PredictRequestDto): Promise<PredictOutcome> {
    const model = dto.model ?? 'prophet';
    const lookback = dto.lookback ?? '5y';
    const interval = dto.interval ?? 'conformal';
    const confidence = dto.confidence ?? 0.8;
    const steps = this.validate(model, interval, confidence, dto.horizon);

    const h = await this.evaluations.history(dto.symbol, lookback);
    if (h.closes.length < MIN_CLOSES) {
      throw new InsufficientHistoryError(`The ${model} model needs at least ${MIN_CLOSES} daily closes; ${h.symbol} has ${h.closes.length} in the ${lookback} lookback`, {
        model,
        required: MIN_CLOSES,
        available: h.closes.length,
        lookback,
      });
    }
    const needed = modelsToEvaluate([model]);
    const evalHorizon = Math.min(steps, EVALUATION.horizon);
    let records = await this.evaluations.records(h, needed);
    let status: PredictResultDto['evaluation_status'] = 'complete';
    let jobId: string | null = null;
    if (records.size < needed.length) {
      if (h.closes.length < evaluationMinCloses(this.evaluations.origins)) {
        if (interval === 'conformal') this.evaluations.requireEvaluable(h, model);
        status = 'unavailable';
      } else {
        const missing = needed.filter((m) => !records.has(m));
        const job = await this.evaluations.ensureJob(userId, h, missing, [model], evalHorizon);
        if (interval === 'model') {
          status = 'pending';
          jobId = job.id;
        } else {
          const done = await this.jobs.waitFor(job.id, this.config.predictWaitMs);
          if (!done) return { status: 202, body: toJobDto(await this.jobs.get(userId, job.id)) };
          if (done.status === 'failed') throw errorOf(done);
          records = await this.evaluations.records(h, needed);
          if (records.size < needed.length) {
            throw new AppError('ServiceUnavailable', `The history of ${h.symbol} changed while it was being evaluated; retry`, { symbol: h.symbol }, { 'Retry-After': '1' });
          }
        }
      }
    }

    const members: BaseModel[] = model === 'ensemble' ? this.evaluations.members(records, evalHorizon) : [model];
    const fits: LogForecast[] = [];
    for (const m of members) fits.push(await this.fit(h, m, steps, confidence));
    const point = fits[0].point.map((_, k) => fits.reduce((s, f) => s + f.point[k], 0) / fits.length);

    let bounds: (k: number) => [number, number];
    if (interval === 'conformal') {
      const record = model === 'ensemble' ? combineRecords(members.map((m) => records.get(m) as EvaluationRecord)) : (records.get(model as BaseModel) as EvaluationRecord);
      const radii = conformalRadii(record, confidence);
      if (!radii.every(Number.isFinite)) {
        throw new InsufficientHistoryError(
          `A conformal interval at ${confidence} needs more than ${record.origins.length} rolling-origin forecasts; use a lower confidence, a longer lookback or interval=model`,
          { origins: record.origins.length, confidence },
        );
      }
      // Beyond the evaluated horizon the last radius grows like √k, an extrapolation the guarantee does not cover.
      const radiusAt = (k: number) => (k < radii.length ? radii[k] : radii[radii.length - 1] * Math.sqrt((k + 1) / radii.length));
      bounds = (k) => [point[k] - radiusAt(k), point[k] + radiusAt(k)];
    } else {
      const own = fits[0].intervals[0];
      bounds = (k) => [own.lower[k], own.upper[k]];
    }

    const lastRaw = h.bars[h.bars.length - 1].close.toNumber();
    // Forecasts of adjusted closes, rescaled so the last one is today's raw close (prices as users see them).
    const scale = lastRaw / h.closes[h.closes.length - 1];
    const levels = [...new Set([...EVALUATION.levels, confidence])];
    const sources = new Set(h.bars.map((b) => b.source));
    const evaluation = status === 'complete' ? this.evaluations.summary(records, model, evalHorizon, levels) : null;
    if (evaluation) delete evaluation.members;
    return {
      status: 200,
      body: {
        symbol: h.symbol,
        predictions: sessionsAfter(h.bars[h.bars.length - 1].date, steps).map((date, k) => {
          const [lo, hi] = bounds(k);
          return {
            date,
            predicted_price: price(Math.exp(point[k]) * scale),
            lower_bound: price(Math.exp(lo) * scale),
            upper_bound: price(Math.exp(hi) * scale),
            confidence,
          };
        }),
        model,
        horizon: dto.horizon.trim().toLowerCase(),
        interval,
        trained_from: h.bars[0].date,
        trained_to: h.bars[h.bars.length - 1].date,
        last_close: price(lastRaw),
        data_source: sources.size === 1 ? [...sources][0] : 'mixed',
        fit: model === 'ensemble' ? { members } : fitDetail(fits[0]),
        evaluation,
        evaluation_status: status,
        evaluation_job: jobId,
      },
    };
  }

  /** 422s that need no data: horizon form, confidence range, conformal level vs origins, ensemble's interval. */
  private validate(model: ForecastModel, interval: 'conformal' | 'model', confidence: number, horizon: string): number {
    const steps = horizonSessions(horizon);
    const problems = [];
    if (steps === null) {
      problems.push({ field: 'horizon', code: 'INVALID_FORMAT' as const, message: `horizon must be one of ${HORIZON_FORMS.join(', ')}, at most 252 sessions (e.g. 7d, 2w, 3mo)` });
    }
    if (!(confidence > 0.5 && confidence < 1)) {
      problems.push({ field: 'confidence', code: 'OUT_OF_RANGE' as const, message: 'confidence must be greater than 0.5 and less than 1' });
    }
    if (model === 'ensemble' && interval === 'model') {
      problems.push({ field: 'interval', code: 'INVALID_COMBINATION' as const, message: 'The ensemble has conformal intervals only (interval=conformal)' });
    }
    const m = this.evaluations.origins;
    if (interval === 'conformal' && problems.length === 0 && Math.ceil((m + 1) * confidence) > m) {
      problems.push({
        field: 'confidence',
        code: 'OUT_OF_RANGE' as const,
        message: `A conformal interval can be at most ${(m / (m + 1)).toFixed(3)} (${m} rolling origins); use interval=model for a higher level`,
      });
    }
    if (problems.length || steps === null) throw new ValidationFailedError(problems);
    return steps;
  }

  private async fit(h: History, model: BaseModel, steps: number, confidence: number): Promise<LogForecast> {
    const key = JSON.stringify([h.symbol, model, h.lookback, h.version, steps, confidence]);
    try {
      return (await this.fits.fetch(key, {
        context: async () => forecasterFor(model, this.runner)(h.closes.map(Math.log), steps, [confidence]),
      })) as LogForecast;
    } catch (e) {
      if (e instanceof ModelFitError) throw new ModelFitFailedError(model, e.reason);
      throw e;
    }
  }
}

function fitDetail(f: LogForecast): FitDetailDto {
  const d = f.detail ?? {};
  const out: FitDetailDto = {};
  if (Array.isArray(d.order)) out.order = d.order as number[];
  if (typeof d.aic === 'number' && Number.isFinite(d.aic)) out.aic = Number(d.aic.toFixed(2));
  if (typeof d.yearly === 'boolean') out.yearly_seasonality = d.yearly;
  if (typeof d.optimizer === 'string') out.optimizer = d.optimizer;
  return out;
}

/** A failed job's stored error body as the error the request answers with. */
function errorOf(job: MlJob): AppError {
  const e = job.error;
  const name: ErrorName = e && e.error in ERROR_NAMES ? (e.error as ErrorName) : 'InternalError';
  return new AppError(name, e?.message ?? 'The evaluation failed', e?.details ?? null);
}
