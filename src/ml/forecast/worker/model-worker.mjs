// Worker-thread adapter to the WASM models (augurs Prophet and AutoETS, ESM-only; the `arima` package's ctsa port),
// loaded here with a real import(), off the event loop. Input and output are log prices; intervals are the models'
// own, one per requested level, around one point forecast.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { jStat } = require('jstat');
const augursDir = dirname(fileURLToPath(import.meta.resolve('@bsull/augurs/prophet')));
let loaded = null;

async function load() {
  if (loaded) return loaded;
  const prophet = await import('@bsull/augurs/prophet');
  prophet.initSync({ module: readFileSync(join(augursDir, 'prophet_bg.wasm')) });
  const ets = await import('@bsull/augurs/ets');
  ets.initSync({ module: readFileSync(join(augursDir, 'ets_bg.wasm')) });
  const { optimizer } = await import('@bsull/augurs-prophet-wasmstan');
  loaded = { prophet, ets, optimizer, ARIMA: require('arima') };
  return loaded;
}

const DAY_S = 86400;

/**
 * Stan's optimizer occasionally fails on a series (a WASM trap, deterministic for that input). Like python prophet,
 * retry with Newton; then on the series shifted to start at 0 (a constant offset in log price, undone after), which
 * changes Prophet's absmax scaling and so the optimizer's starting point. Each attempt is seeded.
 */
const PROPHET_ATTEMPTS = [
  { name: 'lbfgs', algorithm: undefined, shift: false },
  { name: 'newton', algorithm: 'newton', shift: false },
  { name: 'lbfgs, shifted', algorithm: undefined, shift: true },
];

function fitProphet(m, { logs, steps, levels, seed, yearly }) {
  // Trading-day index as the time axis (one "day" per session): weekly seasonality off, yearly as 252 sessions.
  // Prophet's interval width is a model setting, so each level is its own (seeded) fit; the point forecast is the same.
  const ds = logs.map((_, t) => t * DAY_S);
  const future = { ds: Array.from({ length: steps }, (_, k) => (logs.length + k) * DAY_S) };
  const once = (level, attempt) => {
    const offset = attempt.shift ? logs[0] : 0;
    const model = new m.prophet.Prophet({
      optimizer: m.optimizer,
      intervalWidth: level,
      uncertaintySamples: 500,
      weeklySeasonality: { type: 'manual', enabled: false },
      dailySeasonality: { type: 'manual', enabled: false },
      yearlySeasonality: { type: 'manual', enabled: false },
    });
    try {
      if (yearly) model.addSeasonality('yearly', { period: 252, fourierOrder: 6 });
      model.fit({ ds, y: offset ? logs.map((y) => y - offset) : logs }, { seed, ...(attempt.algorithm ? { algorithm: attempt.algorithm } : {}) });
      const p = model.predict(future).yhat;
      if (!p.intervals) throw new Error('Prophet returned no intervals');
      const back = (xs) => xs.map((x) => x + offset);
      return { point: back(p.point), lower: back(p.intervals.lower), upper: back(p.intervals.upper) };
    } finally {
      model.free();
    }
  };
  let lastError;
  for (const attempt of PROPHET_ATTEMPTS) {
    try {
      const fits = levels.map((level) => once(level, attempt));
      return {
        point: fits[0].point,
        intervals: fits.map((f) => ({ lower: f.lower, upper: f.upper })),
        detail: { yearly: Boolean(yearly), optimizer: attempt.name },
      };
    } catch (e) {
      lastError = e;
    }
  }
  throw new Error(`Prophet's optimizer failed (L-BFGS, Newton, shifted series): ${lastError instanceof Error ? lastError.message.split('\n')[0] : String(lastError)}`);
}

function fitEts(m, { logs, steps, levels }) {
  const model = new m.ets.AutoETS(1, 'ZZN');
  model.fit(logs);
  let point = null;
  const intervals = levels.map((level) => {
    const f = model.predict(steps, level);
    if (!f.intervals) throw new Error('AutoETS returned no intervals');
    point ??= f.point;
    return { lower: f.intervals.lower, upper: f.intervals.upper };
  });
  model.free();
  return { point, intervals, detail: {} };
}

/** ARIMA(p,1,q) orders tried; (0,1,0) is the naive model (and the ctsa port mis-forecasts it). */
export const ARIMA_ORDERS = [
  [1, 0], [0, 1], [1, 1], [2, 0], [0, 2], [2, 1], [1, 2], [2, 2],
];

/**
 * ARIMA(p,1,q) with drift on log prices: each order of the grid is fitted by the `arima` package (ctsa, exact ML)
 * with the session index as regressor, which after differencing is the drift (as R's forecast::Arima does). The
 * package exposes no likelihood, so the order is chosen by AIC = n·ln σ̂² + 2(p + q + 2), with σ̂² the fitted
 * innovation variance (its one-step forecast variance): the Gaussian −2 log L up to a constant shared by all orders.
 * Fits with non-finite or negative variances, or a first step more than 20 standard deviations of the daily changes
 * away from the last close plus the mean change (the ctsa port's failure mode: forecasts near 0), are discarded.
 */
function fitArima(m, { logs, steps, levels }) {
  const n = logs.length;
  const t = Array.from({ length: n }, (_, i) => i);
  const future = Array.from({ length: steps }, (_, k) => n + k);
  const diffs = logs.slice(1).map((y, i) => y - logs[i]);
  const meanDiff = diffs.reduce((a, b) => a + b, 0) / diffs.length;
  const sdDiff = Math.sqrt(diffs.reduce((a, b) => a + (b - meanDiff) ** 2, 0) / Math.max(1, diffs.length - 1));
  let best = null;
  const rejected = [];
  for (const [p, q] of ARIMA_ORDERS) {
    const model = new m.ARIMA({ p, d: 1, q, verbose: false });
    let point;
    let variance;
    try {
      model.train(logs, t);
      [point, variance] = model.predict(steps, future);
    } finally {
      model.destroy();
    }
    const s2 = variance[0];
    const sane =
      point.every(Number.isFinite) &&
      variance.every((v) => Number.isFinite(v) && v >= 0) &&
      Math.abs(point[0] - logs[n - 1] - meanDiff) <= 20 * sdDiff + 1e-9;
    if (!sane) {
      rejected.push(`(${p},1,${q})`);
      continue;
    }
    const aic = s2 > 0 ? n * Math.log(s2) + 2 * (p + q + 2) : -Infinity;
    if (!best || aic < best.aic) best = { p, q, aic, point, variance };
  }
  if (!best) throw new Error(`no ARIMA(p,1,q) order gave a usable fit (rejected ${rejected.join(', ')})`);
  const intervals = levels.map((level) => {
    const z = jStat.normal.inv(0.5 + level / 2, 0, 1);
    return {
      lower: best.point.map((x, k) => x - z * Math.sqrt(best.variance[k])),
      upper: best.point.map((x, k) => x + z * Math.sqrt(best.variance[k])),
    };
  });
  return { point: best.point, intervals, detail: { order: [best.p, 1, best.q], aic: best.aic } };
}

const FITS = { prophet: fitProphet, ets: fitEts, arima: fitArima };

/**
 * piscina task: { model: 'prophet' | 'ets' | 'arima', logs, steps, levels, seed?, yearly? }
 *   → { ok: true, point, intervals: [{ lower, upper }] (one per level), detail } | { ok: false, reason }
 */
export default async function run(task) {
  const m = await load();
  const fit = FITS[task.model];
  if (!fit) return { ok: false, reason: `unknown model ${task.model}` };
  try {
    const out = fit(m, task);
    const finite = [...out.point, ...out.intervals.flatMap((i) => [...i.lower, ...i.upper])].every(Number.isFinite);
    if (!finite) return { ok: false, reason: `${task.model} produced non-finite values` };
    return { ok: true, ...out };
  } catch (e) {
    return { ok: false, reason: e instanceof Error ? e.message : String(e) };
  }
}
