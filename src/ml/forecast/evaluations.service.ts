import { createHash } from 'node:crypto';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { LRUCache } from 'lru-cache';
import { DataSource } from 'typeorm';
import { minusMonths } from '../../common/calendar-date';
import { mlConfig, type MlConfig } from '../../config/ml.config';
import { CLOCK, type Clock, type DailyBar, lastClosedSession, MarketDataService } from '../../market/market.contracts';
import { InsufficientHistoryError, ModelFitFailedError } from '../errors';
import { JobsService } from '../jobs/jobs.service';
import { combineRecords, evaluateForecaster, type EvaluationRecord, type EvaluationSummary, summarizeEvaluation } from './domain/evaluation';
import { ModelFitError } from './domain/forecast';
import type { EvaluationTableDto, ForecastLookback, ModelEvaluationDto } from './dto/evaluation.dto';
import { MlEvaluation } from './entities/ml-evaluation.entity';
import { forecasterFor } from './forecasters';
import { ModelRunner } from './model-runner';
import { BASE_MODELS, type BaseModel, EVALUATION, evaluationMinCloses, type ForecastModel, MIN_CLOSES } from './models';

const LOOKBACK_MONTHS: Record<ForecastLookback, number> = { '1y': 12, '2y': 24, '5y': 60, '10y': 120 };
export const EVALUATION_JOB = 'evaluation';
const round = (x: number, dp: number) => Number(x.toFixed(dp)) + 0;

/** A symbol's daily closes over a lookback, as every model sees them, with the version that keys their results. */
export interface History {
  symbol: string;
  lookback: ForecastLookback;
  bars: DailyBar[];
  /** Adjusted closes where the source has them. */
  closes: number[];
  /** Changes with any new close or imported bar (count, last date and a hash of every close). */
  version: string;
}

export interface EvaluationJobParams {
  symbol: string;
  lookback: ForecastLookback;
  models: BaseModel[];
  horizon: number;
  version: string;
  /** The models the caller asked for (the table the job's result holds). */
  report: ForecastModel[];
}

/** The base models a request for `models` needs evaluated: naive always (the baseline), all for the ensemble. */
export function modelsToEvaluate(models: readonly ForecastModel[]): BaseModel[] {
  const set = new Set<BaseModel>(['naive']);
  for (const m of models) {
    if (m === 'ensemble') BASE_MODELS.forEach((b) => set.add(b));
    else set.add(m);
  }
  return BASE_MODELS.filter((b) => set.has(b));
}

/** Ensemble members at a horizon: naive and every model whose MASE is not worse than naive's. */
export function ensembleMembers(summaries: Record<BaseModel, EvaluationSummary>): BaseModel[] {
  return BASE_MODELS.filter((m) => m === 'naive' || summaries[m].mase <= summaries.naive.mase);
}

/**
 * Rolling-origin evaluations: run as jobs (they take seconds to tens of seconds), stored per (symbol, model,
 * lookback, data version) in ml_evaluations so every instance serves them, and summarized for any horizon ≤ 21.
 */
@Injectable()
export class EvaluationsService implements OnModuleInit {
  private readonly cache = new LRUCache<string, EvaluationRecord>({ max: 500 });
  private readonly inFlight = new Map<string, Promise<EvaluationRecord>>();

  constructor(
    private readonly market: MarketDataService,
    @Inject(CLOCK) private readonly clock: Clock,
    @InjectDataSource() private readonly db: DataSource,
    private readonly jobs: JobsService,
    private readonly runner: ModelRunner,
    @Inject(mlConfig.KEY) private readonly config: MlConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.register(EVALUATION_JOB, (params, ctx) => this.runJob(params as unknown as EvaluationJobParams, ctx.progress));
  }

  get origins(): number {
    return this.config.evaluationOrigins;
  }

  async history(symbolInput: string, lookback: ForecastLookback): Promise<History> {
    const { symbol } = await this.market.getInstrument(symbolInput);
    const to = lastClosedSession(this.clock.now());
    const bars = to ? await this.market.getDailyBars(symbol, minusMonths(to, LOOKBACK_MONTHS[lookback]), to) : [];
    const closes = bars.map((b) => (b.adjClose ?? b.close).toNumber());
    const hash = createHash('sha256').update(bars.map((b) => `${b.date}:${b.close.toString()}:${b.adjClose?.toString() ?? ''}`).join('|')).digest('hex');
    const version = `${bars.length}:${bars.at(-1)?.date ?? '-'}:${hash.slice(0, 32)}`;
    return { symbol, lookback, bars, closes, version };
  }

  /** Refuses (422) a history too short for an evaluation: a first training set, the origins and a horizon. */
  requireEvaluable(h: History, model: ForecastModel): void {
    const required = evaluationMinCloses(this.origins);
    if (h.closes.length < required) {
      throw new InsufficientHistoryError(
        `Evaluating ${model} on ${h.symbol} needs at least ${required} daily closes (${MIN_CLOSES} to fit, ${this.origins} rolling origins, ${EVALUATION.horizon} sessions ahead); there are ${h.closes.length} in the ${h.lookback} lookback`,
        { model, required, available: h.closes.length, lookback: h.lookback },
      );
    }
  }

  /** Stored records of `models` for this history version (missing ones absent). */
  async records(h: History, models: readonly BaseModel[]): Promise<Map<BaseModel, EvaluationRecord>> {
    const out = new Map<BaseModel, EvaluationRecord>();
    const missing: BaseModel[] = [];
    for (const m of models) {
      const hit = this.cache.get(this.key(h, m));
      if (hit) out.set(m, hit);
      else missing.push(m);
    }
    if (missing.length) {
      const rows = await this.db
        .getRepository(MlEvaluation)
        .createQueryBuilder('e')
        .where('e.symbol = :symbol AND e.lookback = :lookback AND e.data_version = :version AND e.model IN (:...missing)', {
          symbol: h.symbol,
          lookback: h.lookback,
          version: h.version,
          missing,
        })
        .getMany();
      for (const r of rows) {
        this.cache.set(this.key(h, r.model as BaseModel), r.record);
        out.set(r.model as BaseModel, r.record);
      }
    }
    return out;
  }

  /** The caller's pending evaluation job for these models and this version, or a new one. */
  async ensureJob(userId: string, h: History, models: BaseModel[], report: ForecastModel[], horizon: number): Promise<{ id: string }> {
    const params: EvaluationJobParams = { symbol: h.symbol, lookback: h.lookback, models, horizon, version: h.version, report };
    const existing = await this.db.query<Array<{ id: string }>>(
      `SELECT id FROM ml_jobs WHERE user_id = $1 AND kind = $2 AND status IN ('queued', 'running') AND params = $3::jsonb LIMIT 1`,
      [userId, EVALUATION_JOB, JSON.stringify(params)],
    );
    if (existing[0]) return existing[0];
    return this.jobs.create(userId, EVALUATION_JOB, params as unknown as Record<string, unknown>);
  }

  /** The metrics table of `models` at `horizon`, from stored records (all of `modelsToEvaluate(models)` present). */
  table(h: History, records: Map<BaseModel, EvaluationRecord>, models: readonly ForecastModel[], horizon: number, levels: readonly number[] = EVALUATION.levels): EvaluationTableDto {
    return {
      symbol: h.symbol,
      lookback: h.lookback,
      trained_from: h.bars[0].date,
      trained_to: h.bars[h.bars.length - 1].date,
      horizon: Math.min(horizon, EVALUATION.horizon),
      models: models.map((model) => ({ model, ...this.summary(records, model, horizon, levels) })),
    };
  }

  /** One model's metrics at `horizon` (the ensemble's from its members' forecasts), with `relative_mase`. */
  summary(records: Map<BaseModel, EvaluationRecord>, model: ForecastModel, horizon: number, levels: readonly number[]): Omit<ModelEvaluationDto, 'model'> {
    const naive = summarizeEvaluation(this.need(records, 'naive'), horizon, levels);
    let members: BaseModel[] | undefined;
    let record: EvaluationRecord;
    if (model === 'ensemble') {
      members = this.members(records, horizon);
      record = combineRecords(members.map((m) => this.need(records, m)));
    } else {
      record = this.need(records, model);
    }
    const s = summarizeEvaluation(record, horizon, levels);
    return {
      origins: s.origins,
      horizon: s.horizon,
      mape: round(s.mape, 4),
      mase: round(s.mase, 4),
      relative_mase: round(s.mase / naive.mase, 4),
      coverage: s.coverage.map((c) => ({
        level: c.level,
        model: c.model === null ? null : round(c.model, 4),
        conformal: c.conformal === null ? null : round(c.conformal, 4),
        conformal_forecasts: c.conformal_forecasts,
      })),
      ...(members ? { members } : {}),
    };
  }

  members(records: Map<BaseModel, EvaluationRecord>, horizon: number): BaseModel[] {
    const summaries = Object.fromEntries(BASE_MODELS.map((m) => [m, summarizeEvaluation(this.need(records, m), horizon, [])])) as Record<BaseModel, EvaluationSummary>;
    return ensembleMembers(summaries);
  }

  private need(records: Map<BaseModel, EvaluationRecord>, model: BaseModel): EvaluationRecord {
    const r = records.get(model);
    if (!r) throw new Error(`evaluation of ${model} missing`);
    return r;
  }

  private async runJob(p: EvaluationJobParams, progress: (done: number) => Promise<void>): Promise<EvaluationTableDto> {
    const h = await this.history(p.symbol, p.lookback);
    const todo = modelsToEvaluate(p.report);
    const have = await this.records(h, todo);
    const missing = todo.filter((m) => !have.has(m));
    for (const [i, model] of missing.entries()) {
      this.requireEvaluable(h, model);
      have.set(model, await this.evaluate(h, model, (d) => progress((i + d) / missing.length)));
    }
    return this.table(h, have, p.report, p.horizon);
  }

  private evaluate(h: History, model: BaseModel, onProgress: (done: number) => Promise<void>): Promise<EvaluationRecord> {
    const key = this.key(h, model);
    const running = this.inFlight.get(key);
    if (running) return running;
    const work = this.compute(h, model, onProgress).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, work);
    return work;
  }

  private async compute(h: History, model: BaseModel, onProgress: (done: number) => Promise<void>): Promise<EvaluationRecord> {
    const started = Date.now();
    let record: EvaluationRecord | null;
    try {
      record = await evaluateForecaster(h.closes, forecasterFor(model, this.runner), {
        origins: this.origins,
        horizon: EVALUATION.horizon,
        window: EVALUATION.window,
        minTrain: EVALUATION.minTrain,
        levels: EVALUATION.levels,
        onProgress,
      });
    } catch (e) {
      if (e instanceof ModelFitError) throw new ModelFitFailedError(model, e.reason);
      throw e;
    }
    if (!record || record.origins.length < 8) {
      throw new InsufficientHistoryError(`Too little history to evaluate ${model} on ${h.symbol}: ${h.closes.length} closes`, { model, available: h.closes.length });
    }
    const fits = record.origins.length * (model === 'prophet' ? EVALUATION.levels.length : 1);
    await this.db
      .createQueryBuilder()
      .insert()
      .into(MlEvaluation)
      .values({ symbol: h.symbol, model, lookback: h.lookback, dataVersion: h.version, trainedTo: h.bars[h.bars.length - 1].date, record, durationMs: Date.now() - started, fits })
      .orIgnore()
      .execute();
    this.cache.set(this.key(h, model), record);
    return record;
  }

  /** Median wall time per fit over the last 50 evaluations of each model here (null if none yet). */
  async observedFitMs(): Promise<Record<string, number | null>> {
    const rows = await this.db.query<Array<{ model: string; ms: number | null }>>(
      `SELECT model, percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms::float8 / fits) AS ms
         FROM (SELECT model, duration_ms, fits, row_number() OVER (PARTITION BY model ORDER BY created_at DESC) AS n FROM ml_evaluations WHERE fits > 0) recent
        WHERE n <= 50 GROUP BY model`,
    );
    return Object.fromEntries(rows.map((r) => [r.model, r.ms === null ? null : round(Number(r.ms), 1)]));
  }

  private key(h: History, model: BaseModel): string {
    return `${h.symbol}|${model}|${h.lookback}|${h.version}`;
  }
}
