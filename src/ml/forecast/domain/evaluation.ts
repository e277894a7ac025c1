import type { ForecastFn } from './forecast';

/* Forecast accuracy (Hyndman & Koehler 2006) and split-conformal intervals. */

/** Mean absolute percentage error, in percent. */
export function mape(actual: readonly number[], predicted: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < actual.length; i++) s += Math.abs((actual[i] - predicted[i]) / actual[i]);
  return (100 * s) / actual.length;
}

/** The MASE scale of a non-seasonal series: the in-sample mean absolute error of the one-step naive forecast. */
export function maseScale(training: readonly number[]): number {
  let s = 0;
  for (let t = 1; t < training.length; t++) s += Math.abs(training[t] - training[t - 1]);
  return s / (training.length - 1);
}

/** Mean absolute scaled error: MAE of the forecasts over the training series' one-step naive MAE. */
export function mase(actual: readonly number[], predicted: readonly number[], training: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < actual.length; i++) s += Math.abs(actual[i] - predicted[i]);
  return s / actual.length / maseScale(training);
}

/** Share of `actual` inside [lower, upper]. */
export function coverage(actual: readonly number[], lower: readonly number[], upper: readonly number[]): number {
  let inside = 0;
  for (let i = 0; i < actual.length; i++) if (actual[i] >= lower[i] && actual[i] <= upper[i]) inside++;
  return inside / actual.length;
}

/**
 * The split-conformal radius: the ⌈(m + 1)·level⌉-th smallest of m calibration scores (Infinity when m is too small
 * for the level). For a new score exchangeable with the calibration scores, P(score ≤ radius) ≥ level: a marginal
 * guarantee over draws, not a promise for any one forecast, and void when errors drift (regime changes).
 */
export function conformalRadius(scores: readonly number[], level: number): number {
  const m = scores.length;
  const k = Math.ceil((m + 1) * level);
  if (k > m) return Infinity;
  return [...scores].sort((a, b) => a - b)[k - 1];
}

/** `count` forecast origins (indices of the last training point) spread evenly over the last `window` points. */
export function rollingOrigins(n: number, count: number, horizon: number, window: number, minTrain: number): number[] {
  const last = n - 1 - horizon;
  const first = Math.max(minTrain - 1, n - 1 - window);
  if (last < first) return [];
  if (count === 1 || last === first) return [last];
  const step = (last - first) / (count - 1);
  return [...new Set(Array.from({ length: count }, (_, i) => Math.round(first + i * step)))];
}

export interface EvaluationOptions {
  origins: number;
  horizon: number;
  /** Points (sessions) the origins are spread over, e.g. 504 for two years. */
  window: number;
  minTrain: number;
  levels: readonly number[];
  /** Called after each origin with the share done (0–1]. */
  onProgress?: (done: number) => void | Promise<void>;
}

/**
 * What a rolling-origin evaluation saw, origin by origin, so any horizon up to `horizon` can be summarized and
 * models evaluated on the same origins can be combined (the ensemble) without refitting. Log prices throughout.
 */
export interface EvaluationRecord {
  horizon: number;
  /** Index (in the evaluated series) of each origin's last training point. */
  origins: number[];
  /** [origin][step] held-out log closes and the forecasts of them. */
  actual: number[][];
  point: number[][];
  /** The model's own intervals, [level][origin][step]; absent for a combination (conformal only). */
  intervals?: Array<{ level: number; lower: number[][]; upper: number[][] }>;
  /** Per origin: the MASE scale, the in-sample one-step naive MAE of the prices up to the origin. */
  scale: number[];
}

export interface LevelCoverage {
  level: number;
  /** Coverage of the model's own intervals; null for a model without them (the ensemble). */
  model: number | null;
  /**
   * Coverage of conformal intervals calibrated sequentially, as they would have been served: each origin's radius
   * from the earlier origins whose errors were known by then (a leave-one-out score would cover at the level by
   * construction and say nothing). Only origins with enough earlier ones for the level (⌈(m+1)·level⌉ ≤ m) are
   * scored; null when none is, rather than an infinite interval's trivial 100%.
   */
  conformal: number | null;
  /** Forecasts (origin × step) the conformal coverage was measured on. */
  conformal_forecasts: number;
}

export interface EvaluationSummary {
  origins: number;
  horizon: number;
  mape: number;
  mase: number;
  coverage: LevelCoverage[];
}

/**
 * Rolling-origin evaluation on prices: at each origin the model is fitted on log prices up to it and forecasts
 * `horizon` steps; errors are measured on prices (MAPE, MASE scaled by the training series up to the origin).
 */
export async function evaluateForecaster(prices: readonly number[], forecaster: ForecastFn, o: EvaluationOptions): Promise<EvaluationRecord | null> {
  const origins = rollingOrigins(prices.length, o.origins, o.horizon, o.window, o.minTrain);
  if (origins.length === 0) return null;
  const logs = prices.map(Math.log);
  const record: EvaluationRecord = {
    horizon: o.horizon,
    origins,
    actual: [],
    point: [],
    intervals: o.levels.map((level) => ({ level, lower: [], upper: [] })),
    scale: [],
  };
  for (const origin of origins) {
    const f = await forecaster(logs.slice(0, origin + 1), o.horizon, o.levels);
    record.actual.push(logs.slice(origin + 1, origin + 1 + o.horizon));
    record.point.push(f.point.slice(0, o.horizon));
    record.intervals?.forEach((iv, l) => {
      iv.lower.push(f.intervals[l].lower.slice(0, o.horizon));
      iv.upper.push(f.intervals[l].upper.slice(0, o.horizon));
    });
    record.scale.push(maseScale(prices.slice(0, origin + 1)));
    await o.onProgress?.(record.actual.length / origins.length);
  }
  return record;
}

/** Per step ahead k (0-based, up to `horizon`): the absolute log errors over the origins, the conformal scores. */
export function absLogErrors(record: EvaluationRecord, horizon = record.horizon): number[][] {
  return Array.from({ length: Math.min(horizon, record.horizon) }, (_, k) => record.point.map((p, i) => Math.abs(record.actual[i][k] - p[k])));
}

/** The conformal radius (in log price) at each step ahead, at `level`; Infinity where the origins are too few. */
export function conformalRadii(record: EvaluationRecord, level: number, horizon = record.horizon): number[] {
  return absLogErrors(record, horizon).map((scores) => conformalRadius(scores, level));
}

/** MAPE, MASE and the coverage of the model's own and of conformal intervals over steps 1…horizon. */
export function summarizeEvaluation(record: EvaluationRecord, horizon: number, levels: readonly number[]): EvaluationSummary {
  const h = Math.min(horizon, record.horizon);
  const scores = absLogErrors(record, h);
  let apeSum = 0;
  let aseSum = 0;
  const count = record.origins.length * h;
  record.origins.forEach((_, i) => {
    for (let k = 0; k < h; k++) {
      const a = Math.exp(record.actual[i][k]);
      const p = Math.exp(record.point[i][k]);
      apeSum += Math.abs((a - p) / a);
      aseSum += Math.abs(a - p) / record.scale[i];
    }
  });
  const coverage = levels.map((level) => {
    const own = record.intervals?.find((iv) => iv.level === level);
    let modelIn = 0;
    let conformalIn = 0;
    let scored = 0;
    record.origins.forEach((origin, i) => {
      for (let k = 0; k < h; k++) {
        const a = record.actual[i][k];
        if (own && a >= own.lower[i][k] && a <= own.upper[i][k]) modelIn++;
        // Calibrated as it would have been at that origin: on earlier origins whose step-k close was known by then.
        const past = scores[k].filter((_, j) => record.origins[j] + k + 1 <= origin);
        const radius = conformalRadius(past, level);
        if (!Number.isFinite(radius)) continue;
        scored++;
        if (scores[k][i] <= radius) conformalIn++;
      }
    });
    return { level, model: own ? modelIn / count : null, conformal: scored ? conformalIn / scored : null, conformal_forecasts: scored };
  });
  return { origins: record.origins.length, horizon: h, mape: (100 * apeSum) / count, mase: aseSum / count, coverage };
}

/**
 * The equal-weight combination, in log space, of models evaluated on the same origins: its point forecast at each
 * origin is the mean of theirs, so it is evaluated on exactly what it would have forecast. No own interval.
 */
export function combineRecords(records: readonly EvaluationRecord[]): EvaluationRecord {
  const [first] = records;
  if (!first) throw new Error('combineRecords needs at least one record');
  const horizon = Math.min(...records.map((r) => r.horizon));
  for (const r of records) {
    if (r.origins.length !== first.origins.length || r.origins.some((o, i) => o !== first.origins[i])) {
      throw new Error('records to combine must share their origins');
    }
  }
  return {
    horizon,
    origins: first.origins,
    actual: first.actual.map((a) => a.slice(0, horizon)),
    point: first.origins.map((_, i) => Array.from({ length: horizon }, (_, k) => records.reduce((s, r) => s + r.point[i][k], 0) / records.length)),
    scale: first.scale,
  };
}
