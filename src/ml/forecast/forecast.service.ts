import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { minusMonths } from '../../common/calendar-date';
import { toJsonNumber } from '../../common/decimal';
import { ValidationFailedError } from '../../common/errors/app-error';
import { CLOCK, type Clock, lastClosedSession, MarketDataService, sessionsAfter } from '../../market/market.contracts';
import { InsufficientHistoryError, ModelFitFailedError } from '../errors';
import { conformalRadius, evaluateForecaster, type ForecastFn } from './domain/evaluation';
import { ModelFitError, type LogForecast } from './domain/forecast';
import { HORIZON_FORMS, horizonSessions } from './domain/horizon';
import { naiveDrift } from './domain/naive';
import type { ForecastLookback, ForecastModel, PredictRequestDto, PredictResultDto } from './dto/predict.dto';
import { ModelRunner } from './model-runner';

const LOOKBACK_MONTHS: Record<ForecastLookback, number> = { '1y': 12, '2y': 24, '5y': 60, '10y': 120 };
/** Closes each model needs at least (Prophet's 60 sessions; yearly seasonality from 2 years). */
export const MIN_CLOSES: Record<ForecastModel, number> = { prophet: 60, ets: 60, naive: 30 };
const YEARLY_FROM = 504;
/**
 * Rolling origins per model: the conformal radius at level c needs ⌈(m+1)·c⌉ ≤ m errors, so m origins allow
 * levels up to m/(m+1) (Prophet 8 → 0.889, ETS 40 → 0.976, naive 60 → 0.984); Prophet's are bounded by fit time.
 */
export const EVAL_ORIGINS: Record<ForecastModel, number> = { prophet: 8, ets: 40, naive: 60 };
const EVAL = { maxHorizon: 21, window: 504, levels: [0.8, 0.95] } as const;
const CACHE = { max: 500, ttlMs: 6 * 60 * 60 * 1000 };

const price = (x: number) => toJsonNumber(x, 4) as number;
const round = (x: number, dp: number) => (toJsonNumber(x, dp) as number) + 0;

/**
 * POST /api/ml/predict: daily closes from the market module, the chosen model fitted on log closes (WASM models in
 * the worker pool), and its rolling-origin evaluation on the same symbol, from which conformal intervals come.
 * Results are cached per (inputs, last close): a new session's close or an import is a new key.
 */
@Injectable()
export class ForecastService implements OnModuleDestroy {
  private readonly runner = new ModelRunner(1);
  private readonly cache = new LRUCache<string, PredictResultDto, () => Promise<PredictResultDto>>({
    max: CACHE.max,
    ttl: CACHE.ttlMs,
    fetchMethod: (_k, _s, { context }) => context(),
  });

  constructor(
    private readonly market: MarketDataService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onModuleDestroy(): Promise<void> {
    return this.runner.destroy();
  }

  async predict(dto: PredictRequestDto): Promise<PredictResultDto> {
    const model = dto.model ?? 'prophet';
    const lookback = dto.lookback ?? '5y';
    const interval = dto.interval ?? 'conformal';
    const confidence = dto.confidence ?? 0.8;
    const steps = horizonSessions(dto.horizon);
    const problems = [];
    if (steps === null) {
      problems.push({ field: 'horizon', code: 'INVALID_FORMAT' as const, message: `horizon must be one of ${HORIZON_FORMS.join(', ')}, at most 252 sessions (e.g. 7d, 2w, 3mo)` });
    }
    if (!(confidence > 0.5 && confidence < 1)) {
      problems.push({ field: 'confidence', code: 'OUT_OF_RANGE' as const, message: 'confidence must be greater than 0.5 and less than 1' });
    }
    const m = EVAL_ORIGINS[model];
    if (interval === 'conformal' && problems.length === 0 && Math.ceil((m + 1) * confidence) > m) {
      problems.push({
        field: 'confidence',
        code: 'OUT_OF_RANGE' as const,
        message: `A conformal ${model} interval can be at most ${(m / (m + 1)).toFixed(3)} (${m} rolling origins); use interval=model for a higher level`,
      });
    }
    if (problems.length || steps === null) throw new ValidationFailedError(problems);

    const { symbol } = await this.market.getInstrument(dto.symbol);
    const to = lastClosedSession(this.clock.now());
    const bars = to ? await this.market.getDailyBars(symbol, minusMonths(to, LOOKBACK_MONTHS[lookback]), to) : [];
    if (bars.length < MIN_CLOSES[model]) {
      throw new InsufficientHistoryError(
        `The ${model} model needs at least ${MIN_CLOSES[model]} daily closes; ${symbol} has ${bars.length} in the ${lookback} lookback`,
        { model, required: MIN_CLOSES[model], available: bars.length, lookback },
      );
    }
    const last = bars[bars.length - 1];
    const key = JSON.stringify([symbol, model, lookback, interval, confidence, steps, bars.length, last.date, last.close.toString(), last.adjClose?.toString() ?? null]);
    return (await this.cache.fetch(key, {
      context: () => this.compute({ symbol, model, lookback, interval, confidence, steps, horizon: dto.horizon.trim().toLowerCase(), bars }),
    })) as PredictResultDto;
  }

  private async compute(a: {
    symbol: string;
    model: ForecastModel;
    lookback: ForecastLookback;
    interval: 'conformal' | 'model';
    confidence: number;
    steps: number;
    horizon: string;
    bars: Awaited<ReturnType<MarketDataService['getDailyBars']>>;
  }): Promise<PredictResultDto> {
    const closes = a.bars.map((b) => (b.adjClose ?? b.close).toNumber());
    const lastRaw = a.bars[a.bars.length - 1].close.toNumber();
    // Forecasts of adjusted closes, rescaled so the last one is today's raw close (prices as users see them).
    const scale = lastRaw / closes[closes.length - 1];
    const forecast = this.forecaster(a.model, closes.length >= YEARLY_FROM);
    const fit = await this.fit(a.model, () => forecast(closes.map(Math.log), a.steps, a.confidence));

    const evalHorizon = Math.min(a.steps, EVAL.maxHorizon);
    const evaluation = await this.fit(a.model, () =>
      evaluateForecaster(closes, forecast, {
        origins: EVAL_ORIGINS[a.model],
        horizon: evalHorizon,
        window: Math.min(EVAL.window, closes.length - MIN_CLOSES[a.model] - evalHorizon),
        minTrain: MIN_CLOSES[a.model],
        levels: EVAL.levels,
      }),
    );
    if (!evaluation || evaluation.origins < 2) {
      throw new InsufficientHistoryError(`Too little history to evaluate the ${a.model} model on ${a.symbol}: ${closes.length} closes`, {
        model: a.model,
        available: closes.length,
      });
    }
    const radii = evaluation.absLogErrors.map((errors) => conformalRadius(errors, a.confidence));
    const radiusAt = (k: number) => (k < evalHorizon ? radii[k] : radii[evalHorizon - 1] * Math.sqrt((k + 1) / evalHorizon));
    if (a.interval === 'conformal' && !radii.every(Number.isFinite)) {
      throw new InsufficientHistoryError(
        `A conformal interval at ${a.confidence} needs more than ${evaluation.origins} rolling-origin forecasts; use a lower confidence, a longer lookback or interval=model`,
        { origins: evaluation.origins, confidence: a.confidence },
      );
    }
    const dates = sessionsAfter(a.bars[a.bars.length - 1].date, a.steps);
    const sources = new Set(a.bars.map((b) => b.source));
    return {
      symbol: a.symbol,
      predictions: dates.map((date, k) => {
        const p = fit.point[k];
        const [lo, hi] = a.interval === 'conformal' ? [p - radiusAt(k), p + radiusAt(k)] : [fit.lower[k], fit.upper[k]];
        return { date, predicted_price: price(Math.exp(p) * scale), lower_bound: price(Math.exp(lo) * scale), upper_bound: price(Math.exp(hi) * scale), confidence: a.confidence };
      }),
      model: a.model,
      horizon: a.horizon,
      interval: a.interval,
      trained_from: a.bars[0].date,
      trained_to: a.bars[a.bars.length - 1].date,
      last_close: price(lastRaw),
      data_source: sources.size === 1 ? [...sources][0] : 'mixed',
      evaluation: {
        origins: evaluation.origins,
        horizon: evaluation.horizon,
        mape: round(evaluation.mape, 4),
        mase: round(evaluation.mase, 4),
        coverage: evaluation.coverage.map((c) => ({ level: c.level, model: round(c.model, 4), conformal: round(c.conformal, 4) })),
      },
      evaluation_status: 'complete',
    };
  }

  private forecaster(model: ForecastModel, yearly: boolean): ForecastFn {
    if (model === 'naive') return naiveDrift;
    return (logs, steps, level): Promise<LogForecast> => this.runner.run({ model, logs: [...logs], steps, level, seed: 1, yearly: model === 'prophet' && yearly && logs.length >= YEARLY_FROM });
  }

  private async fit<T>(model: ForecastModel, f: () => T | Promise<T>): Promise<T> {
    try {
      return await f();
    } catch (e) {
      if (e instanceof ModelFitError) throw new ModelFitFailedError(model, e.reason);
      throw e;
    }
  }
}
