/*
 * Columnar indicators over a close series: out[t] uses closes[0..t] only (causal), NaN until the window is full.
 * Hand-written for the engine's speed (one pass, no allocation per bar); cross-checked against the
 * `trading-signals` library in indicators.spec.ts.
 */

/** Simple moving average over `period` closes. */
export function sma(closes: ArrayLike<number>, period: number): Float64Array {
  const n = closes.length;
  const out = new Float64Array(n).fill(NaN);
  let sum = 0;
  for (let t = 0; t < n; t++) {
    sum += closes[t];
    if (t >= period) sum -= closes[t - period];
    if (t >= period - 1) out[t] = sum / period;
  }
  return out;
}

/** Population standard deviation (ddof 0) over `period` closes, as Bollinger bands use it. */
export function rollingPopulationStd(closes: ArrayLike<number>, period: number): Float64Array {
  const n = closes.length;
  const out = new Float64Array(n).fill(NaN);
  for (let t = period - 1; t < n; t++) {
    // Two-pass over the window: exact enough at any price level (a running Σx² loses digits on large prices).
    let m = 0;
    for (let k = t - period + 1; k <= t; k++) m += closes[k];
    m /= period;
    let v = 0;
    for (let k = t - period + 1; k <= t; k++) v += (closes[k] - m) * (closes[k] - m);
    out[t] = Math.sqrt(v / period);
  }
  return out;
}

/**
 * RSI with Wilder's smoothing: the first average gain/loss is the mean of the first `period` changes, then
 * avg = (avg·(period − 1) + change) / period. RSI = 100 − 100 / (1 + avgGain / avgLoss); 100 when avgLoss is 0
 * (50 when both are 0). Defined from t = period.
 */
export function rsiWilder(closes: ArrayLike<number>, period: number): Float64Array {
  const n = closes.length;
  const out = new Float64Array(n).fill(NaN);
  let gain = 0;
  let loss = 0;
  for (let t = 1; t < n; t++) {
    const ch = closes[t] - closes[t - 1];
    const g = ch > 0 ? ch : 0;
    const l = ch < 0 ? -ch : 0;
    if (t <= period) {
      gain += g;
      loss += l;
      if (t < period) continue;
      gain /= period;
      loss /= period;
    } else {
      gain = (gain * (period - 1) + g) / period;
      loss = (loss * (period - 1) + l) / period;
    }
    out[t] = loss === 0 ? (gain === 0 ? 50 : 100) : 100 - 100 / (1 + gain / loss);
  }
  return out;
}

/** Trailing simple return over `lookback` sessions: closes[t] / closes[t − lookback] − 1. */
export function trailingReturn(closes: ArrayLike<number>, lookback: number): Float64Array {
  const n = closes.length;
  const out = new Float64Array(n).fill(NaN);
  for (let t = lookback; t < n; t++) out[t] = closes[t] / closes[t - lookback] - 1;
  return out;
}

/**
 * Exponential moving average, α = 2 / (period + 1), seeded with the first close (as `trading-signals` does) and
 * reported from t = period − 1, once `period` closes have been seen.
 */
export function ema(closes: ArrayLike<number>, period: number): Float64Array {
  const n = closes.length;
  const out = new Float64Array(n).fill(NaN);
  const alpha = 2 / (period + 1);
  let e = NaN;
  for (let t = 0; t < n; t++) {
    e = t === 0 ? closes[0] : e + alpha * (closes[t] - e);
    if (t >= period - 1) out[t] = e;
  }
  return out;
}

/**
 * Average true range with Wilder's smoothing. TR[0] = high − low; TR[t] = max(high − low, |high − close[t−1]|,
 * |low − close[t−1]|). The first ATR (t = period − 1) is the mean of the first `period` TRs, then
 * atr = (atr·(period − 1) + TR) / period — the `trading-signals` ATR.
 */
export function atrWilder(high: ArrayLike<number>, low: ArrayLike<number>, close: ArrayLike<number>, period: number): Float64Array {
  const n = close.length;
  const out = new Float64Array(n).fill(NaN);
  let a = 0;
  for (let t = 0; t < n; t++) {
    const range = high[t] - low[t];
    const tr = t === 0 ? range : Math.max(range, Math.abs(high[t] - close[t - 1]), Math.abs(low[t] - close[t - 1]));
    if (t < period) {
      a += tr;
      if (t < period - 1) continue;
      a /= period;
    } else a = (a * (period - 1) + tr) / period;
    out[t] = a;
  }
  return out;
}

/** Highest value over the last `period` sessions (t − period + 1 … t). */
export function highest(values: ArrayLike<number>, period: number): Float64Array {
  return rollingExtreme(values, period, (a, b) => a >= b);
}

/** Lowest value over the last `period` sessions (t − period + 1 … t). */
export function lowest(values: ArrayLike<number>, period: number): Float64Array {
  return rollingExtreme(values, period, (a, b) => a <= b);
}

/** A monotonic deque of indices: O(n) whatever the window. */
function rollingExtreme(values: ArrayLike<number>, period: number, keeps: (a: number, b: number) => boolean): Float64Array {
  const n = values.length;
  const out = new Float64Array(n).fill(NaN);
  const dq = new Int32Array(n);
  let head = 0;
  let tail = 0;
  for (let t = 0; t < n; t++) {
    while (tail > head && keeps(values[t], values[dq[tail - 1]])) tail--;
    dq[tail++] = t;
    if (dq[head] <= t - period) head++;
    if (t >= period - 1) out[t] = values[dq[head]];
  }
  return out;
}
