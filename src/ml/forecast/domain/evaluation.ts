import type { LogForecast } from './forecast';

/** A model as the evaluation calls it: log prices in, `steps` forecasts at `level` out (sync or in a worker). */
export type ForecastFn = (logPrices: readonly number[], steps: number, level: number) => LogForecast | Promise<LogForecast>;

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
}

export interface LevelCoverage {
  level: number;
  /** Coverage of the model's own intervals. */
  model: number;
  /** Coverage of conformal intervals, each origin's radius calibrated on the other origins (leave-one-out). */
  conformal: number;
}

export interface Evaluation {
  origins: number;
  horizon: number;
  mape: number;
  mase: number;
  coverage: LevelCoverage[];
  /** Per step ahead (1…horizon): the absolute log errors over the origins, for conformal intervals. */
  absLogErrors: number[][];
}

/**
 * Rolling-origin evaluation on prices: at each origin the model is fitted on log prices up to it and forecasts
 * `horizon` steps; errors are measured on prices (MAPE, MASE scaled by the training series up to the origin).
 */
export async function evaluateForecaster(prices: readonly number[], forecaster: ForecastFn, o: EvaluationOptions): Promise<Evaluation | null> {
  const origins = rollingOrigins(prices.length, o.origins, o.horizon, o.window, o.minTrain);
  if (origins.length === 0) return null;
  const logs = prices.map(Math.log);
  const absLogErrors: number[][] = Array.from({ length: o.horizon }, () => []);
  let apeSum = 0;
  let aseSum = 0;
  let count = 0;
  // intervals[l][origin] = per-step [lower, upper] on log prices
  const intervals = o.levels.map(() => [] as Array<{ lower: number[]; upper: number[] }>);
  const actualLogs: number[][] = [];
  const pointLogs: number[][] = [];
  for (const origin of origins) {
    const train = logs.slice(0, origin + 1);
    const scale = maseScale(prices.slice(0, origin + 1));
    const actual = logs.slice(origin + 1, origin + 1 + o.horizon);
    let point: number[] = [];
    for (let l = 0; l < o.levels.length; l++) {
      const f = await forecaster(train, o.horizon, o.levels[l]);
      point = f.point;
      intervals[l].push({ lower: f.lower, upper: f.upper });
    }
    actualLogs.push(actual);
    pointLogs.push(point);
    for (let k = 0; k < o.horizon; k++) {
      const a = Math.exp(actual[k]);
      const p = Math.exp(point[k]);
      apeSum += Math.abs((a - p) / a);
      aseSum += Math.abs(a - p) / scale;
      absLogErrors[k].push(Math.abs(actual[k] - point[k]));
      count++;
    }
  }
  const coverageByLevel = o.levels.map((level, l) => {
    let modelIn = 0;
    let conformalIn = 0;
    origins.forEach((_, i) => {
      for (let k = 0; k < o.horizon; k++) {
        const a = actualLogs[i][k];
        const { lower, upper } = intervals[l][i];
        if (a >= lower[k] && a <= upper[k]) modelIn++;
        const others = absLogErrors[k].filter((_, j) => j !== i);
        if (Math.abs(a - pointLogs[i][k]) <= conformalRadius(others, level)) conformalIn++;
      }
    });
    return { level, model: modelIn / count, conformal: conformalIn / count };
  });
  return { origins: origins.length, horizon: o.horizon, mape: (100 * apeSum) / count, mase: aseSum / count, coverage: coverageByLevel, absLogErrors };
}
