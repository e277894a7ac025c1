import { rollingPopulationStd, rsiWilder, sma, trailingReturn } from './indicators';

/*
 * Built-in strategies as targets: target[i][t] ∈ {−1, 0, 1} is the direction symbol i should hold from the open of
 * session t, computed from closes of sessions before t only (so a signal at bar t − 1's close acts at bar t's open).
 * The engine trades when a target changes. `warmup` is how many sessions must precede the first traded session.
 */

export const STRATEGY_NAMES = ['momentum', 'sma_crossover', 'mean_reversion', 'bollinger', 'buy_and_hold'] as const;
export type StrategyName = (typeof STRATEGY_NAMES)[number];

export interface ParameterSpec {
  name: string;
  type: 'integer' | 'number';
  /** A number, or for defaults that depend on the universe a description of the rule. */
  default: number | string;
  minimum: number;
  maximum: number;
  description: string;
}

export type Parameters = Record<string, number>;

export interface StrategyInput {
  /** Session dates of the axis (YYYY-MM-DD), oldest first. */
  dates: readonly string[];
  /** Closes per symbol on the axis (adjusted, forward-filled over gaps), as floats: signals are statistics. */
  closes: readonly Float64Array[];
  /** First traded session (index into the axis). */
  start: number;
  allowShort: boolean;
}

export interface StrategyTargets {
  target: Int8Array[];
  /** Fraction of equity (at the open) one new position takes. */
  weight: number;
  /** Shares per new position instead of `weight` × equity (strategy documents' fixed_quantity sizing). */
  quantity?: string | null;
}

export interface StrategyDefinition {
  name: StrategyName;
  description: string;
  /** Rules with shorting allowed. */
  shortRule: string;
  parameters(symbols: number): ParameterSpec[];
  /** Checks across parameters (ranges are checked from the specs): the name of the bad one and why. */
  check?(p: Parameters, symbols: number): { name: string; message: string } | null;
  warmup(p: Parameters, symbols: number): number;
  targets(input: StrategyInput, p: Parameters): StrategyTargets;
}

const int = (name: string, def: number | string, minimum: number, maximum: number, description: string): ParameterSpec => ({
  name,
  type: 'integer',
  default: def,
  minimum,
  maximum,
  description,
});
const num = (name: string, def: number, minimum: number, maximum: number, description: string): ParameterSpec => ({
  name,
  type: 'number',
  default: def,
  minimum,
  maximum,
  description,
});

const flatOrShort = (allowShort: boolean) => (allowShort ? -1 : 0);

/** One target column per symbol, each symbol trading its own 1/N sleeve. */
function perSymbol(input: StrategyInput, column: (closes: Float64Array) => Int8Array): StrategyTargets {
  return { target: input.closes.map(column), weight: 1 / input.closes.length };
}

function defaultTopN(symbols: number): number {
  return Math.max(1, Math.ceil(symbols / 3));
}

const momentum: StrategyDefinition = {
  name: 'momentum',
  description:
    'One symbol: long from the next open while the trailing `lookback`-session return (close[t] / close[t − lookback] − 1) is ' +
    'positive, flat otherwise. Several symbols: at each month end (and before the first session) rank by the 12-1 month ' +
    'return close[t − skip] / close[t − formation] − 1 and hold the top `top_n` equally weighted (1 / top_n of equity ' +
    'each at entry) until the next month end; symbols that stay in the top are not resized.',
  shortRule: 'One symbol: short while the trailing return is ≤ 0. Several symbols: also short the bottom `top_n`.',
  parameters: (symbols) =>
    symbols > 1
      ? [
          int('top_n', '⌈symbols / 3⌉', 1, 100, 'How many of the best-ranked symbols to hold'),
          int('formation', 252, 22, 1260, 'Formation period in sessions (12 months = 252)'),
          int('skip', 21, 0, 252, 'Most recent sessions left out of the ranking return (1 month = 21)'),
        ]
      : [int('lookback', 126, 2, 1260, 'Trailing return window in sessions')],
  check: (p, symbols) => {
    if (symbols > 1 && p.top_n > symbols) return { name: 'top_n', message: `top_n must be at most the number of symbols (${symbols})` };
    if (symbols > 1 && p.skip >= p.formation) return { name: 'skip', message: 'skip must be less than formation' };
    return null;
  },
  warmup: (p, symbols) => (symbols > 1 ? p.formation + 1 : p.lookback + 1),
  targets(input, p) {
    if (input.closes.length === 1) {
      const r = trailingReturn(input.closes[0], p.lookback);
      const short = flatOrShort(input.allowShort);
      const out = new Int8Array(input.dates.length);
      for (let t = p.lookback + 1; t < out.length; t++) out[t] = r[t - 1] > 0 ? 1 : short;
      return { target: [out], weight: 1 };
    }
    return rankedMomentum(input, p.top_n, p.formation, p.skip);
  },
};

/** The 12-1 ranking, re-evaluated at month ends: from the first session of a month, and at the start. */
function rankedMomentum(input: StrategyInput, topN: number, formation: number, skip: number): StrategyTargets {
  const n = input.dates.length;
  const k = input.closes.length;
  const target = input.closes.map(() => new Int8Array(n));
  const current = new Int8Array(k);
  const order = Array.from({ length: k }, (_, i) => i);
  const score = new Float64Array(k);
  for (let t = input.start; t < n; t++) {
    const rebalance = t === input.start || input.dates[t].slice(0, 7) !== input.dates[t - 1].slice(0, 7);
    if (rebalance) {
      const last = t - 1;
      for (let i = 0; i < k; i++) score[i] = input.closes[i][last - skip] / input.closes[i][last - formation] - 1;
      // Best first; NaN (no price) last; ties by the order symbols were given in.
      order.sort((a, b) => (Number.isNaN(score[a]) ? 1 : 0) - (Number.isNaN(score[b]) ? 1 : 0) || score[b] - score[a] || a - b);
      current.fill(0);
      for (let r = 0; r < topN; r++) if (!Number.isNaN(score[order[r]])) current[order[r]] = 1;
      if (input.allowShort) {
        for (let r = k - 1, c = 0; r >= topN && c < topN; r--, c++) if (!Number.isNaN(score[order[r]])) current[order[r]] = -1;
      }
    }
    for (let i = 0; i < k; i++) target[i][t] = current[i];
  }
  return { target, weight: 1 / topN };
}

const smaCrossover: StrategyDefinition = {
  name: 'sma_crossover',
  description: 'Long from the next open while SMA(`fast`) > SMA(`slow`) of closes, flat otherwise.',
  shortRule: 'Short while SMA(fast) ≤ SMA(slow).',
  parameters: () => [int('fast', 20, 1, 500, 'Fast moving average, sessions'), int('slow', 50, 2, 1000, 'Slow moving average, sessions')],
  check: (p) => (p.fast >= p.slow ? { name: 'fast', message: 'fast must be less than slow' } : null),
  warmup: (p) => p.slow,
  targets: (input, p) =>
    perSymbol(input, (closes) => {
      const fast = sma(closes, p.fast);
      const slow = sma(closes, p.slow);
      const short = flatOrShort(input.allowShort);
      const out = new Int8Array(closes.length);
      for (let t = p.slow; t < out.length; t++) out[t] = fast[t - 1] > slow[t - 1] ? 1 : short;
      return out;
    }),
};

const meanReversion: StrategyDefinition = {
  name: 'mean_reversion',
  description:
    'RSI(`period`, Wilder smoothing) of closes: buy at the next open after it closes below `lower`, sell after it closes ' +
    'above `upper`; hold in between.',
  shortRule: 'Above `upper` the position turns short; below `lower` it turns long again.',
  parameters: () => [
    int('period', 14, 2, 250, 'RSI period, sessions'),
    num('lower', 30, 1, 99, 'Buy below this RSI'),
    num('upper', 70, 1, 99, 'Sell above this RSI'),
  ],
  check: (p) => (p.lower >= p.upper ? { name: 'lower', message: 'lower must be less than upper' } : null),
  warmup: (p) => p.period + 1,
  targets: (input, p) =>
    perSymbol(input, (closes) => {
      const rsi = rsiWilder(closes, p.period);
      const out = new Int8Array(closes.length);
      let state = 0;
      for (let t = p.period + 1; t < out.length; t++) {
        const v = rsi[t - 1];
        if (v < p.lower) state = 1;
        else if (v > p.upper) state = flatOrShort(input.allowShort);
        out[t] = state;
      }
      return out;
    }),
};

const bollinger: StrategyDefinition = {
  name: 'bollinger',
  description:
    'Bands SMA(`period`) ± `k`·σ, σ the population standard deviation of the same closes: buy at the next open after a ' +
    'close below the lower band, exit after a close at or above the middle band.',
  shortRule: 'Also short after a close above the upper band, covered after a close at or below the middle band.',
  parameters: () => [int('period', 20, 2, 500, 'Band window, sessions'), num('k', 2, 0.1, 10, 'Band width in standard deviations')],
  warmup: (p) => p.period,
  targets: (input, p) =>
    perSymbol(input, (closes) => {
      const mid = sma(closes, p.period);
      const sd = rollingPopulationStd(closes, p.period);
      const out = new Int8Array(closes.length);
      let state = 0;
      for (let t = p.period; t < out.length; t++) {
        const c = closes[t - 1];
        const m = mid[t - 1];
        const w = p.k * sd[t - 1];
        if (state === 1 && c >= m) state = 0;
        else if (state === -1 && c <= m) state = 0;
        if (state === 0 && c < m - w) state = 1;
        else if (state === 0 && input.allowShort && c > m + w) state = -1;
        out[t] = state;
      }
      return out;
    }),
};

const buyAndHold: StrategyDefinition = {
  name: 'buy_and_hold',
  description: 'Buys at the first session’s open (1/N of the capital per symbol) and holds to the end.',
  shortRule: 'Never shorts.',
  parameters: () => [],
  warmup: () => 0,
  targets: (input) => perSymbol(input, (closes) => new Int8Array(closes.length).fill(1)),
};

export const STRATEGIES: Record<StrategyName, StrategyDefinition> = {
  momentum,
  sma_crossover: smaCrossover,
  mean_reversion: meanReversion,
  bollinger,
  buy_and_hold: buyAndHold,
};

export interface ParameterProblem {
  name: string;
  message: string;
  minimum?: number;
  maximum?: number;
}

/** Parameters with defaults filled in, or the first problem (unknown name, wrong type, out of range, bad combination). */
export function resolveParameters(
  def: StrategyDefinition,
  given: Record<string, unknown>,
  symbols: number,
): { ok: true; parameters: Parameters } | { ok: false; problem: ParameterProblem } {
  const specs = def.parameters(symbols);
  const known = new Set(specs.map((s) => s.name));
  for (const name of Object.keys(given)) {
    if (!known.has(name)) {
      const list = specs.length ? specs.map((s) => s.name).join(', ') : 'none';
      return { ok: false, problem: { name, message: `Unknown parameter "${name}" for ${def.name} (known: ${list})` } };
    }
  }
  const out: Parameters = {};
  for (const s of specs) {
    const raw = given[s.name];
    let v: number;
    if (raw === undefined || raw === null) v = typeof s.default === 'number' ? s.default : defaultTopN(symbols);
    else if (typeof raw !== 'number' || !Number.isFinite(raw)) {
      return { ok: false, problem: { name: s.name, message: `${s.name} must be a number`, minimum: s.minimum, maximum: s.maximum } };
    } else v = raw;
    if ((s.type === 'integer' && !Number.isInteger(v)) || v < s.minimum || v > s.maximum) {
      const kind = s.type === 'integer' ? 'an integer' : 'a number';
      return {
        ok: false,
        problem: { name: s.name, message: `${s.name} must be ${kind} from ${s.minimum} to ${s.maximum}`, minimum: s.minimum, maximum: s.maximum },
      };
    }
    out[s.name] = v;
  }
  const bad = def.check?.(out, symbols);
  if (bad) return { ok: false, problem: bad };
  return { ok: true, parameters: out };
}
