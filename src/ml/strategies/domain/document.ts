import { atrWilder, ema, highest, lowest, rollingPopulationStd, rsiWilder, sma, trailingReturn } from '../../backtest/domain/indicators';
import { type Binding, type CompiledExpression, compileExpression, ExpressionError, FUNCTION_NAMES, type Frame, type Scope, WORD_OPERATORS } from './expression';

/*
 * A strategy as data: the document users store (one immutable version per PUT), validated and compiled into the
 * backtest engine's input (target columns and sizing). Decisions use bar t − 1 (its close, its indicators, the
 * position state after it) and act at bar t's open, like the built-in strategies.
 */

export const INDICATOR_TYPES = ['sma', 'ema', 'rsi', 'bollinger', 'return', 'momentum', 'atr', 'highest', 'lowest'] as const;
export type IndicatorType = (typeof INDICATOR_TYPES)[number];
export const PRICE_FIELDS = ['open', 'high', 'low', 'close', 'volume'] as const;
export type PriceField = (typeof PRICE_FIELDS)[number];
export const STATE_NAMES = ['position', 'entry_price', 'bars_held'] as const;
export const REBALANCE = ['daily', 'weekly', 'monthly'] as const;
export type Rebalance = (typeof REBALANCE)[number];
export const SIZING_TYPES = ['fraction_of_equity', 'fixed_quantity', 'equal_weight_top_n'] as const;
export const ORDER_TYPES = ['market', 'limit'] as const;
export const BANDS = ['upper', 'middle', 'lower'] as const;
export const NAME_PATTERN = /^[a-z][a-z0-9_]{0,31}$/;
export const MAX_PERIOD = 1000;
export const MAX_INDICATORS = 32;

export interface IndicatorSpec {
  name: string;
  type: IndicatorType;
  period: number;
  /** Bollinger: band width in standard deviations (default 2). */
  k?: number;
  /** return / momentum: sessions skipped at the recent end (12-1 momentum: period 231, offset 21). */
  offset?: number;
  /** The series it is computed on (default close; atr always uses high, low and close). */
  source?: PriceField;
}

export type Sizing =
  | { type: 'fraction_of_equity'; fraction?: number | null }
  | { type: 'fixed_quantity'; quantity: number | string }
  | { type: 'equal_weight_top_n'; n: number; score: string };

export interface StrategyDocument {
  name: string;
  description?: string | null;
  universe: string[];
  indicators: IndicatorSpec[];
  entry: string;
  exit: string;
  sizing: Sizing;
  /** Percent below the entry price (5 = 5%) at which a close exits at the next open. */
  stop_loss_percent?: number | null;
  take_profit_percent?: number | null;
  rebalance?: Rebalance;
  order?: { type: 'market' | 'limit'; offset_bps?: number | null };
}

export interface DocumentProblem {
  field: string;
  code: 'INVALID_EXPRESSION' | 'UNKNOWN_NAME' | 'INVALID_VALUE' | 'OUT_OF_RANGE' | 'INVALID_COMBINATION' | 'REQUIRED';
  message: string;
  /** 0-based character offset, for expression fields. */
  position?: number;
}

export interface DocumentLimits {
  maxSymbols: number;
}

/** The bars a compiled document reads, per symbol on one session axis (floats: signals are statistics). */
export interface DocumentInput {
  dates: readonly string[];
  open: readonly Float64Array[];
  high: readonly Float64Array[];
  low: readonly Float64Array[];
  close: readonly Float64Array[];
  volume: readonly Float64Array[];
  /** First traded session (index into the axis). */
  start: number;
}

export interface DocumentTargets {
  target: Int8Array[];
  /** Fraction of equity (at the open) one new position takes. */
  weight: number;
  /** fixed_quantity sizing: shares per entry (then `weight` is unused). */
  quantity: string | null;
  /** Per symbol, what decided the last session's target (the live runner logs it). */
  last: SessionTrace[];
}

/**
 * The inputs and rule results behind the target of the axis' last session: indicators and prices on the session
 * before it (the decision's close); a rule is null where it was not evaluated (entry while held, exit while flat).
 */
export interface SessionTrace {
  inputs: Record<string, number | null>;
  rules: { entry: boolean | null; exit: boolean | null; stop: boolean | null; score: number | null };
}

export interface CompiledStrategy {
  /** Sessions of history needed before the first traded one. */
  warmup: number;
  targets(input: DocumentInput): DocumentTargets;
}

const RESERVED = new Set<string>([...PRICE_FIELDS, ...STATE_NAMES, ...FUNCTION_NAMES, ...WORD_OPERATORS, 'true', 'false', 'null', 'this']);
const STATE_SLOT = { position: 0, entry_price: 1, bars_held: 2 } as const;

/** Per-run scratch shared by the columns of one symbol set (the bollinger bands share their mean and σ). */
type Memo = Map<string, { mid: Float64Array; sd: Float64Array }>;

interface Column {
  name: string;
  compute(input: DocumentInput, i: number, memo: Memo): Float64Array;
}

/** Every problem of a document (beyond the JSON types the DTO checks), each naming its field. */
export function validateDocument(doc: StrategyDocument, limits: DocumentLimits): DocumentProblem[] {
  const problems: DocumentProblem[] = [];
  build(doc, limits, problems);
  return problems;
}

/** The document compiled for a run; throws a RangeError if it is invalid (stored documents were validated). */
export function compileDocument(doc: StrategyDocument, limits: DocumentLimits = { maxSymbols: Number.MAX_SAFE_INTEGER }): CompiledStrategy {
  const problems: DocumentProblem[] = [];
  const compiled = build(doc, limits, problems);
  if (!compiled) throw new RangeError(`Invalid strategy document: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`);
  return compiled;
}

function build(doc: StrategyDocument, limits: DocumentLimits, problems: DocumentProblem[]): CompiledStrategy | null {
  const universe = doc.universe ?? [];
  if (universe.length === 0) problems.push({ field: 'universe', code: 'REQUIRED', message: 'universe needs at least one symbol' });
  if (universe.length > limits.maxSymbols) {
    problems.push({ field: 'universe', code: 'OUT_OF_RANGE', message: `A strategy may trade at most ${limits.maxSymbols} symbols (STRATEGY_MAX_SYMBOLS), got ${universe.length}` });
  }
  const seen = new Set<string>();
  universe.forEach((s, i) => {
    if (seen.has(s)) problems.push({ field: `universe.${i}`, code: 'INVALID_VALUE', message: `${s} is listed twice` });
    seen.add(s);
  });

  // Names → column slots (0–4 prices, then indicators), bollinger names → their three bands.
  const names = new Map<string, Binding>();
  const members = new Map<string, Map<string, Binding>>();
  const columns: Column[] = PRICE_FIELDS.map((p) => ({ name: p, compute: (input, i) => input[p][i] }));
  PRICE_FIELDS.forEach((p, slot) => names.set(p, { kind: 'column', slot }));
  for (const s of STATE_NAMES) names.set(s, { kind: 'state', slot: STATE_SLOT[s] });
  let warmup = 1;
  const indicators = doc.indicators ?? [];
  if (indicators.length > MAX_INDICATORS) problems.push({ field: 'indicators', code: 'OUT_OF_RANGE', message: `At most ${MAX_INDICATORS} indicators` });
  indicators.forEach((ind, j) => {
    const field = `indicators.${j}`;
    const before = problems.length;
    if (!NAME_PATTERN.test(ind.name ?? '')) {
      problems.push({ field: `${field}.name`, code: 'INVALID_VALUE', message: `name must match ${NAME_PATTERN.source} (lower case, digits, _)` });
    } else if (RESERVED.has(ind.name)) {
      problems.push({ field: `${field}.name`, code: 'INVALID_VALUE', message: `"${ind.name}" is reserved (prices, position state, functions, operators)` });
    } else if (names.has(ind.name) || members.has(ind.name)) {
      problems.push({ field: `${field}.name`, code: 'INVALID_VALUE', message: `Another indicator is already named "${ind.name}"` });
    }
    if (!(INDICATOR_TYPES as readonly string[]).includes(ind.type)) {
      problems.push({ field: `${field}.type`, code: 'INVALID_VALUE', message: `type must be one of ${INDICATOR_TYPES.join(', ')}` });
    }
    const minPeriod = ind.type === 'rsi' || ind.type === 'bollinger' ? 2 : 1;
    if (!Number.isInteger(ind.period) || ind.period < minPeriod || ind.period > MAX_PERIOD) {
      problems.push({ field: `${field}.period`, code: 'OUT_OF_RANGE', message: `period must be an integer from ${minPeriod} to ${MAX_PERIOD}` });
    }
    const k = ind.k ?? 2;
    if (ind.k !== undefined && ind.k !== null && ind.type !== 'bollinger') problems.push({ field: `${field}.k`, code: 'INVALID_COMBINATION', message: 'k applies to bollinger only' });
    if (!(Number.isFinite(k) && k >= 0.1 && k <= 10)) problems.push({ field: `${field}.k`, code: 'OUT_OF_RANGE', message: 'k must be from 0.1 to 10' });
    const offset = ind.offset ?? 0;
    const isReturn = ind.type === 'return' || ind.type === 'momentum';
    if (ind.offset !== undefined && ind.offset !== null && !isReturn) problems.push({ field: `${field}.offset`, code: 'INVALID_COMBINATION', message: 'offset applies to return / momentum only' });
    if (!Number.isInteger(offset) || offset < 0 || offset > MAX_PERIOD) problems.push({ field: `${field}.offset`, code: 'OUT_OF_RANGE', message: `offset must be an integer from 0 to ${MAX_PERIOD}` });
    const source: PriceField = ind.source ?? 'close';
    if (!(PRICE_FIELDS as readonly string[]).includes(source)) problems.push({ field: `${field}.source`, code: 'INVALID_VALUE', message: `source must be one of ${PRICE_FIELDS.join(', ')}` });
    if (ind.source !== undefined && ind.source !== null && (ind.type === 'atr' || ind.type === 'bollinger')) {
      problems.push({ field: `${field}.source`, code: 'INVALID_COMBINATION', message: `${ind.type} is computed on ${ind.type === 'atr' ? 'high, low and close' : 'closes'}; source does not apply` });
    }
    if (problems.length > before) return;

    const p = ind.period;
    const slot = columns.length;
    const series = (input: DocumentInput, i: number) => input[source][i];
    switch (ind.type) {
      case 'bollinger': {
        // lower/upper as mid ∓ k·σ, the same float operations as the built-in bollinger strategy.
        const bands = (input: DocumentInput, i: number, memo: Memo) => {
          const key = `${ind.name}|${i}`;
          let b = memo.get(key);
          if (!b) memo.set(key, (b = { mid: sma(input.close[i], p), sd: rollingPopulationStd(input.close[i], p) }));
          return b;
        };
        const band = (sign: number) => (input: DocumentInput, i: number, memo: Memo) => {
          const { mid, sd } = bands(input, i, memo);
          if (sign === 0) return mid;
          const out = new Float64Array(mid.length);
          for (let t = 0; t < mid.length; t++) out[t] = sign < 0 ? mid[t] - k * sd[t] : mid[t] + k * sd[t];
          return out;
        };
        const fields = new Map<string, Binding>();
        BANDS.forEach((b, o) => {
          columns.push({ name: `${ind.name}.${b}`, compute: band(b === 'upper' ? 1 : b === 'lower' ? -1 : 0) });
          fields.set(b, { kind: 'column', slot: slot + o });
        });
        members.set(ind.name, fields);
        warmup = Math.max(warmup, p);
        return;
      }
      case 'sma':
        columns.push({ name: ind.name, compute: (input, i) => sma(series(input, i), p) });
        warmup = Math.max(warmup, p);
        break;
      case 'ema':
        columns.push({ name: ind.name, compute: (input, i) => ema(series(input, i), p) });
        warmup = Math.max(warmup, p);
        break;
      case 'rsi':
        columns.push({ name: ind.name, compute: (input, i) => rsiWilder(series(input, i), p) });
        warmup = Math.max(warmup, p + 1);
        break;
      case 'atr':
        columns.push({ name: ind.name, compute: (input, i) => atrWilder(input.high[i], input.low[i], input.close[i], p) });
        warmup = Math.max(warmup, p);
        break;
      case 'highest':
        columns.push({ name: ind.name, compute: (input, i) => highest(series(input, i), p) });
        warmup = Math.max(warmup, p);
        break;
      case 'lowest':
        columns.push({ name: ind.name, compute: (input, i) => lowest(series(input, i), p) });
        warmup = Math.max(warmup, p);
        break;
      case 'return':
      case 'momentum':
        columns.push({ name: ind.name, compute: (input, i) => lagged(trailingReturn(series(input, i), p), offset) });
        warmup = Math.max(warmup, p + offset + 1);
        break;
    }
    names.set(ind.name, { kind: 'column', slot });
  });

  const scope: Scope = { names, members };
  const expr = (field: string, source: unknown, type: 'boolean' | 'number'): CompiledExpression | null => {
    if (typeof source !== 'string') {
      problems.push({ field, code: 'REQUIRED', message: `${field} must be an expression` });
      return null;
    }
    try {
      return compileExpression(source, scope, type);
    } catch (err) {
      if (!(err instanceof ExpressionError)) throw err;
      problems.push({ field, code: err.problem.code, message: `${field}: ${err.problem.message}`, position: err.problem.position });
      return null;
    }
  };
  const entry = expr('entry', doc.entry, 'boolean');
  const exit = expr('exit', doc.exit, 'boolean');

  const sizing = doc.sizing;
  let score: CompiledExpression | null = null;
  let topN = 0;
  let fraction: number | null = null;
  let quantity: string | null = null;
  if (!sizing || !(SIZING_TYPES as readonly string[]).includes(sizing.type)) {
    problems.push({ field: 'sizing.type', code: 'INVALID_VALUE', message: `sizing.type must be one of ${SIZING_TYPES.join(', ')}` });
  } else if (sizing.type === 'fraction_of_equity') {
    const f = sizing.fraction;
    if (f !== undefined && f !== null && !(Number.isFinite(f) && f > 0 && f <= 1)) {
      problems.push({ field: 'sizing.fraction', code: 'OUT_OF_RANGE', message: 'sizing.fraction must be > 0 and ≤ 1' });
    } else fraction = f ?? null;
  } else if (sizing.type === 'fixed_quantity') {
    const q = Number(sizing.quantity);
    if (!(Number.isFinite(q) && q > 0 && q <= 1e9)) problems.push({ field: 'sizing.quantity', code: 'OUT_OF_RANGE', message: 'sizing.quantity must be > 0 and ≤ 1e9' });
    else quantity = String(sizing.quantity);
  } else {
    topN = sizing.n;
    if (!Number.isInteger(topN) || topN < 1 || topN > Math.max(1, universe.length)) {
      problems.push({ field: 'sizing.n', code: 'OUT_OF_RANGE', message: `sizing.n must be an integer from 1 to the universe size (${universe.length})` });
    }
    score = expr('sizing.score', sizing.score, 'number');
  }

  const sl = doc.stop_loss_percent ?? null;
  const tp = doc.take_profit_percent ?? null;
  if (sl !== null && !(Number.isFinite(sl) && sl > 0 && sl < 100)) problems.push({ field: 'stop_loss_percent', code: 'OUT_OF_RANGE', message: 'stop_loss_percent must be > 0 and < 100 (a percent)' });
  if (tp !== null && !(Number.isFinite(tp) && tp > 0 && tp <= 10000)) problems.push({ field: 'take_profit_percent', code: 'OUT_OF_RANGE', message: 'take_profit_percent must be > 0 and ≤ 10000 (a percent)' });
  const rebalance = doc.rebalance ?? 'daily';
  if (!(REBALANCE as readonly string[]).includes(rebalance)) problems.push({ field: 'rebalance', code: 'INVALID_VALUE', message: `rebalance must be one of ${REBALANCE.join(', ')}` });
  const order = doc.order ?? { type: 'market' };
  if (order.type === 'limit') {
    problems.push({
      field: 'order.type',
      code: 'INVALID_VALUE',
      message: 'Limit orders are not supported yet: the backtest engine fills every order at the session’s open and cannot model whether a limit would have filled. Use market.',
    });
  } else if (order.type !== 'market') problems.push({ field: 'order.type', code: 'INVALID_VALUE', message: `order.type must be one of ${ORDER_TYPES.join(', ')}` });
  else if (order.offset_bps !== undefined && order.offset_bps !== null) {
    problems.push({ field: 'order.offset_bps', code: 'INVALID_COMBINATION', message: 'offset_bps applies to limit orders only' });
  }

  if (problems.length > 0 || !entry || !exit) return null;
  const lookback = Math.max(entry.lookback, exit.lookback, score?.lookback ?? 0);
  const finalWarmup = warmup + lookback;
  const slFactor = sl === null ? null : 1 - sl / 100;
  const tpFactor = tp === null ? null : 1 + tp / 100;
  const ranked = sizing.type === 'equal_weight_top_n' ? { n: topN, score: score! } : null;

  return {
    warmup: finalWarmup,
    targets(input) {
      const n = input.dates.length;
      const k = input.close.length;
      const frames: Frame[] = [];
      const memo: Memo = new Map();
      for (let i = 0; i < k; i++) frames.push({ columns: columns.map((c) => c.compute(input, i, memo)), state: new Float64Array(3) });
      // Per-symbol rules run from the end of the warm-up, as the built-ins do, so the run starts in the state the
      // rules were in (a position the rules hold at the start is bought at its open); rankings start at the start.
      const first = ranked ? input.start : Math.min(input.start, finalWarmup);
      const rebalanceAt = rebalanceDays(input.dates, first, rebalance as Rebalance);
      const target = frames.map(() => new Int8Array(n));
      const held = new Int8Array(k);
      const entryAt = new Int32Array(k).fill(-1);
      const entryPrice = new Float64Array(k).fill(NaN);
      const stopped = (i: number, d: number) => {
        const c = input.close[i][d];
        return (slFactor !== null && c <= entryPrice[i] * slFactor) || (tpFactor !== null && c >= entryPrice[i] * tpFactor);
      };
      const setState = (i: number, d: number) => {
        const s = frames[i].state;
        s[STATE_SLOT.position] = held[i];
        s[STATE_SLOT.entry_price] = held[i] ? entryPrice[i] : NaN;
        s[STATE_SLOT.bars_held] = held[i] ? d - entryAt[i] + 1 : 0;
      };
      const enter = (i: number, t: number) => {
        held[i] = 1;
        entryAt[i] = t;
        entryPrice[i] = input.open[i][t];
      };
      const leave = (i: number) => {
        held[i] = 0;
        entryAt[i] = -1;
        entryPrice[i] = NaN;
      };
      const order: number[] = Array.from({ length: k }, (_, i) => i);
      const scores = new Float64Array(k);
      const value = (x: number) => (Number.isFinite(x) ? x : null);
      const last: SessionTrace[] = frames.map((f) => {
        const inputs: Record<string, number | null> = {};
        if (n >= 2) columns.forEach((c, slot) => (inputs[c.name] = value(f.columns[slot][n - 2])));
        return { inputs, rules: { entry: null, exit: null, stop: null, score: null } };
      });
      const rule = (i: number, t: number, name: 'entry' | 'exit', v: number) => {
        if (t === n - 1) last[i].rules[name] = v === 1;
        return v === 1;
      };
      const stopRule = (i: number, t: number, d: number) => {
        const hit = stopped(i, d);
        if (t === n - 1 && (slFactor !== null || tpFactor !== null)) last[i].rules.stop = hit;
        return hit;
      };
      for (let t = first; t < n; t++) {
        const d = t - 1;
        const rebalanceNow = rebalanceAt[t] === 1;
        if (!ranked) {
          for (let i = 0; i < k; i++) {
            // Held through the warm-up: the real entry is the start's open.
            if (t === input.start && held[i] && entryAt[i] < t) enter(i, t);
            setState(i, d);
            if (held[i]) {
              if (stopRule(i, t, d) || (rebalanceNow && rule(i, t, 'exit', exit.evaluate(frames[i], d)))) leave(i);
            } else if (rebalanceNow && rule(i, t, 'entry', entry.evaluate(frames[i], d))) enter(i, t);
            target[i][t] = held[i];
          }
          continue;
        }
        for (let i = 0; i < k; i++) {
          setState(i, d);
          if (held[i] && stopRule(i, t, d)) leave(i);
        }
        if (rebalanceNow) {
          for (let i = 0; i < k; i++) {
            setState(i, d);
            const eligible = rule(i, t, 'entry', entry.evaluate(frames[i], d)) && !(held[i] && rule(i, t, 'exit', exit.evaluate(frames[i], d)));
            scores[i] = eligible ? ranked.score.evaluate(frames[i], d) : NaN;
            if (t === n - 1) last[i].rules.score = value(scores[i]);
          }
          // Best first; NaN (not eligible, or no score yet) last; ties by the order symbols were given in.
          order.sort((a, b) => (Number.isNaN(scores[a]) ? 1 : 0) - (Number.isNaN(scores[b]) ? 1 : 0) || scores[b] - scores[a] || a - b);
          const keep = new Int8Array(k);
          for (let r = 0; r < ranked.n; r++) if (!Number.isNaN(scores[order[r]])) keep[order[r]] = 1;
          for (let i = 0; i < k; i++) {
            if (held[i] && !keep[i]) leave(i);
            else if (!held[i] && keep[i]) enter(i, t);
          }
        }
        for (let i = 0; i < k; i++) target[i][t] = held[i];
      }
      const weight = ranked ? 1 / ranked.n : (fraction ?? 1 / k);
      return { target, weight, quantity, last };
    },
  };
}

/** out[t] = values[t − offset]. */
function lagged(values: Float64Array, offset: number): Float64Array {
  if (offset === 0) return values;
  const out = new Float64Array(values.length).fill(NaN);
  for (let t = offset; t < values.length; t++) out[t] = values[t - offset];
  return out;
}

/** 1 on the sessions whose open may trade on the rules: every one (daily), the first of a week or month, and the start. */
export function rebalanceDays(dates: readonly string[], start: number, rebalance: Rebalance): Uint8Array {
  const out = new Uint8Array(dates.length);
  const week = (ymd: string) => Math.floor((Date.parse(`${ymd}T00:00:00Z`) / 86_400_000 + 3) / 7); // weeks from Monday
  for (let t = start; t < dates.length; t++) {
    if (rebalance === 'daily' || t === start) out[t] = 1;
    else if (rebalance === 'monthly') out[t] = dates[t].slice(0, 7) !== dates[t - 1].slice(0, 7) ? 1 : 0;
    else out[t] = week(dates[t]) !== week(dates[t - 1]) ? 1 : 0;
  }
  return out;
}
