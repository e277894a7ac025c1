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
