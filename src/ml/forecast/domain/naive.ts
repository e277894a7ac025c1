import { normalInv } from '../../../quant';
import { ModelFitError, type LogForecast } from './forecast';

export interface NaiveDriftFit {
  last: number;
  /** Mean one-step change of the log price (the drift). */
  drift: number;
  /** Standard deviation of the one-step changes around the drift (T − 1 denominator). */
  sigma: number;
  /** Number of one-step changes the fit used. */
  changes: number;
}

/** Random walk with drift on log prices (Hyndman & Athanasopoulos, FPP3 §5.2 "drift method"). */
export function fitNaiveDrift(logPrices: readonly number[]): NaiveDriftFit {
  const n = logPrices.length;
  if (n < 3) throw new ModelFitError(`the drift model needs at least 3 closes, got ${n}`);
  const T = n - 1;
  const drift = (logPrices[n - 1] - logPrices[0]) / T;
  let ss = 0;
  for (let t = 1; t < n; t++) ss += (logPrices[t] - logPrices[t - 1] - drift) ** 2;
  return { last: logPrices[n - 1], drift, sigma: Math.sqrt(ss / (T - 1)), changes: T };
}

/**
 * Point forecast last + h·drift; interval ± z·σ·√(h·(1 + h/T)), the drift method's analytic interval, which
 * carries the uncertainty of the estimated drift (FPP3 §5.5).
 */
export function forecastNaiveDrift(fit: NaiveDriftFit, steps: number, levels: readonly number[]): LogForecast {
  const point = Array.from({ length: steps }, (_, k) => fit.last + (k + 1) * fit.drift);
  const se = point.map((_, k) => fit.sigma * Math.sqrt((k + 1) * (1 + (k + 1) / fit.changes)));
  const intervals = levels.map((level) => {
    const z = normalInv(0.5 + level / 2);
    return { level, lower: point.map((p, k) => p - z * se[k]), upper: point.map((p, k) => p + z * se[k]) };
  });
  return { point, intervals };
}

export const naiveDrift = (logPrices: readonly number[], steps: number, levels: readonly number[]): LogForecast =>
  forecastNaiveDrift(fitNaiveDrift(logPrices), steps, levels);
