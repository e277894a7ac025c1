import fc from 'fast-check';
import { d } from '../../../common/decimal';
import { NO_COMMISSION } from '../../../quant/costs';
import type { BacktestBars } from '../../backtest/domain/backtest';
import { compileDocument, type DocumentInput, rebalanceDays, type StrategyDocument, validateDocument } from './document';
import { backtestDocument } from './run';

const LIMITS = { maxSymbols: 50 };
const base: StrategyDocument = {
  name: 't',
  universe: ['AAA'],
  indicators: [],
  entry: 'true',
  exit: 'false',
  sizing: { type: 'fraction_of_equity' },
};

function weekdays(n: number, from = Date.UTC(2024, 0, 1)): string[] {
  const out: string[] = [];
  for (let t = from; out.length < n; t += 86_400_000) {
    const day = new Date(t).getUTCDay();
    if (day !== 0 && day !== 6) out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

/** One symbol; opens equal the previous close unless given. */
function input(close: number[], over: Partial<DocumentInput> = {}): DocumentInput {
  const c = Float64Array.from(close);
  return {
    dates: weekdays(close.length),
    open: [Float64Array.from(close, (_, t) => (t === 0 ? close[0] : close[t - 1]))],
    high: [c],
    low: [c],
    close: [c],
    volume: [new Float64Array(close.length)],
    start: 1,
    ...over,
  };
}

const targets = (doc: Partial<StrategyDocument>, inp: DocumentInput) => Array.from(compileDocument({ ...base, ...doc }).targets(inp).target[0]);

describe('strategy documents: validation', () => {
  it('accepts the minimal document', () => {
    expect(validateDocument(base, LIMITS)).toEqual([]);
  });

  it.each<[string, Partial<StrategyDocument>, { field: string; code: string }]>([
    ['a reserved indicator name', { indicators: [{ name: 'close', type: 'sma', period: 3 }] }, { field: 'indicators.0.name', code: 'INVALID_VALUE' }],
    ['a function name', { indicators: [{ name: 'max', type: 'sma', period: 3 }] }, { field: 'indicators.0.name', code: 'INVALID_VALUE' }],
    ['a duplicate name', { indicators: [{ name: 'a', type: 'sma', period: 3 }, { name: 'a', type: 'ema', period: 3 }] }, { field: 'indicators.1.name', code: 'INVALID_VALUE' }],
    ['an rsi of period 1', { indicators: [{ name: 'r', type: 'rsi', period: 1 }] }, { field: 'indicators.0.period', code: 'OUT_OF_RANGE' }],
    ['k on an sma', { indicators: [{ name: 'a', type: 'sma', period: 3, k: 2 }] }, { field: 'indicators.0.k', code: 'INVALID_COMBINATION' }],
    ['offset on an ema', { indicators: [{ name: 'a', type: 'ema', period: 3, offset: 2 }] }, { field: 'indicators.0.offset', code: 'INVALID_COMBINATION' }],
    ['a source for atr', { indicators: [{ name: 'a', type: 'atr', period: 3, source: 'open' }] }, { field: 'indicators.0.source', code: 'INVALID_COMBINATION' }],
    ['an unknown name in exit', { exit: 'sma_5 > 1' }, { field: 'exit', code: 'UNKNOWN_NAME' }],
    ['a number as a rule', { entry: 'close' }, { field: 'entry', code: 'INVALID_EXPRESSION' }],
    ['a boolean score', { sizing: { type: 'equal_weight_top_n', n: 1, score: 'close > 1' } }, { field: 'sizing.score', code: 'INVALID_EXPRESSION' }],
    ['top n beyond the universe', { sizing: { type: 'equal_weight_top_n', n: 2, score: 'close' } }, { field: 'sizing.n', code: 'OUT_OF_RANGE' }],
    ['a fraction above 1', { sizing: { type: 'fraction_of_equity', fraction: 1.5 } }, { field: 'sizing.fraction', code: 'OUT_OF_RANGE' }],
    ['a zero quantity', { sizing: { type: 'fixed_quantity', quantity: '0' } }, { field: 'sizing.quantity', code: 'OUT_OF_RANGE' }],
    ['a stop at 100%', { stop_loss_percent: 100 }, { field: 'stop_loss_percent', code: 'OUT_OF_RANGE' }],
    ['a limit order', { order: { type: 'limit', offset_bps: 10 } }, { field: 'order.type', code: 'INVALID_VALUE' }],
    ['an offset on a market order', { order: { type: 'market', offset_bps: 10 } }, { field: 'order.offset_bps', code: 'INVALID_COMBINATION' }],
    ['a repeated symbol', { universe: ['AAA', 'AAA'] }, { field: 'universe.1', code: 'INVALID_VALUE' }],
  ])('refuses %s', (_, over, expected) => {
    expect(validateDocument({ ...base, ...over }, LIMITS)[0]).toMatchObject(expected);
  });

  it('refuses more symbols than the limit, and gives expression problems their position', () => {
    expect(validateDocument({ ...base, universe: ['A', 'B', 'C'] }, { maxSymbols: 2 })[0]).toMatchObject({ field: 'universe', code: 'OUT_OF_RANGE' });
    expect(validateDocument({ ...base, entry: 'close > 1 and nope' }, LIMITS)[0]).toMatchObject({ field: 'entry', code: 'UNKNOWN_NAME', position: 14 });
  });

  it('warm-up: the longest indicator (+1 for rsi and returns, + offset), +1 for crosses_*', () => {
    const w = (doc: Partial<StrategyDocument>) => compileDocument({ ...base, ...doc }).warmup;
    expect(w({})).toBe(1);
    expect(w({ indicators: [{ name: 'a', type: 'ema', period: 12 }, { name: 'b', type: 'atr', period: 14 }] })).toBe(14);
    expect(w({ indicators: [{ name: 'r', type: 'rsi', period: 14 }] })).toBe(15);
    expect(w({ indicators: [{ name: 'm', type: 'momentum', period: 10, offset: 5 }] })).toBe(16);
    expect(w({ indicators: [{ name: 'a', type: 'sma', period: 3 }], entry: 'crosses_above(close, a)' })).toBe(4);
  });
});

describe('strategy documents: rules over the bars (decisions on bar t − 1, acting at t)', () => {
  it('entry and exit on closes, with highest / lowest channels', () => {
    const close = [10, 11, 12, 13, 12, 11, 10, 11, 12];
    const doc = { indicators: [{ name: 'hi3', type: 'highest' as const, period: 3 }, { name: 'lo3', type: 'lowest' as const, period: 3 }], entry: 'close >= hi3', exit: 'close <= lo3' };
    // hi3 = [–, –, 12, 13, 13, 13, 12, 11, 12], lo3 = [–, –, 10, 11, 12, 11, 10, 10, 10]. close ≥ hi3 at 2 → long from 3;
    // close ≤ lo3 at 4 (12 ≤ 12) → flat from 5; close ≥ hi3 at 7 (11 ≥ 11) → long from 8.
    expect(targets(doc, input(close, { start: 3 }))).toEqual([0, 0, 0, 1, 1, 0, 0, 0, 1]);
  });

  it('crosses_above fires once, on the bar after the cross', () => {
    const close = [5, 4, 3, 4, 5, 6, 7, 6, 5];
    const doc = { indicators: [{ name: 'e', type: 'ema' as const, period: 2 }], entry: 'crosses_above(close, 4.5)', exit: 'crosses_below(close, 5.5)' };
    // Above 4.5 first at bar 4 (4 → 5): long from 5. Below 5.5 first at bar 8 (6 → 5), which would act at bar 9.
    expect(targets(doc, input(close, { start: 3 }))).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1]);
  });

  it('bars_held, entry_price, stop-loss and take-profit', () => {
    const close = [100, 100, 100, 100, 100, 100, 100, 100];
    // Enter at 1 (entry price = open[1] = 100), exit after 3 bars held.
    expect(targets({ exit: 'bars_held >= 3' }, input(close))).toEqual([0, 1, 1, 1, 0, 1, 1, 1]);
    const falling = [100, 100, 97, 94, 91, 95, 99, 100];
    // Stop at 5% below the entry open (100): the close of 94 at bar 3 exits at bar 4; re-entry at once (entry: true).
    expect(targets({ stop_loss_percent: 5 }, input(falling))).toEqual([0, 1, 1, 1, 0, 1, 1, 1]);
    // The rules see the state: entered at 5 (open 91 = close[4]); exit when a close is ≥ 5% over it (99 ≥ 95.55 at bar 6).
    expect(targets({ entry: 'position == 0 and close < 92', exit: 'close >= entry_price * 1.05' }, input(falling))).toEqual([0, 0, 0, 0, 0, 1, 1, 0]);
    // Take-profit 4%: 95 ≥ 91 × 1.04 at bar 5 exits at 6.
    expect(targets({ take_profit_percent: 4, entry: 'close < 92' }, input(falling))).toEqual([0, 0, 0, 0, 0, 1, 0, 0]);
  });

  it('rebalance weekly / monthly: rules trade on the first session of a week / month (and the start)', () => {
    const dates = ['2024-01-29', '2024-01-30', '2024-01-31', '2024-02-01', '2024-02-02', '2024-02-05', '2024-02-06'];
    expect(Array.from(rebalanceDays(dates, 1, 'weekly'))).toEqual([0, 1, 0, 0, 0, 1, 0]);
    expect(Array.from(rebalanceDays(dates, 1, 'monthly'))).toEqual([0, 1, 0, 1, 0, 0, 0]);
    expect(Array.from(rebalanceDays(dates, 1, 'daily'))).toEqual([0, 1, 1, 1, 1, 1, 1]);
    const close = [10, 9, 11, 12, 13, 14, 15];
    const inp = input(close, { dates });
    // Entry true from bar 1's decision on (close[1] = 9 < 10 is false at the start; 11 > 10 at bar 2): monthly waits for Feb 1.
    expect(targets({ entry: 'close > 10', rebalance: 'monthly' }, inp)).toEqual([0, 0, 0, 1, 1, 1, 1]);
    expect(targets({ entry: 'close > 10', rebalance: 'weekly' }, inp)).toEqual([0, 0, 0, 0, 0, 1, 1]);
  });

  it('fixed_quantity sizing buys that many shares', () => {
    const n = 6;
    const bars: BacktestBars = {
      dates: weekdays(n),
      symbols: ['AAA', 'BBB'],
      open: [[10, 10, 10, 10, 10, 10].map((v) => d(v)), [20, 20, 20, 20, 20, 20].map((v) => d(v))],
      close: [[10, 10, 10, 10, 10, 10].map((v) => d(v)), [20, 20, 20, 20, 20, 20].map((v) => d(v))],
      traded: [new Uint8Array(n).fill(1), new Uint8Array(n).fill(1)],
    };
    const doc = compileDocument({ ...base, universe: ['AAA', 'BBB'], sizing: { type: 'fixed_quantity', quantity: '7' } });
    const r = backtestDocument(bars, doc, { start: 1, initialCapital: d(1000), commission: NO_COMMISSION, slippageBps: d(0), fractional: false, allowShort: false });
    expect(r.fills.map((f) => [f.symbol, f.side, f.quantity.toString(), f.price.toString()])).toEqual([
      ['AAA', 'buy', '7', '10'],
      ['BBB', 'buy', '7', '20'],
    ]);
    expect(r.cash.at(-1)!.toString()).toBe('790');
  });

  it('no look-ahead: replacing every bar from t on changes no target before t', () => {
    const doc = compileDocument({
      ...base,
      universe: ['A', 'B', 'C'],
      indicators: [
        { name: 'f', type: 'ema', period: 3 },
        { name: 's', type: 'sma', period: 6 },
        { name: 'a', type: 'atr', period: 4 },
        { name: 'bb', type: 'bollinger', period: 5, k: 1.5 },
      ],
      entry: 'crosses_above(f, s) or close < bb.lower - a',
      exit: 'close > bb.upper or bars_held > 4',
      stop_loss_percent: 3,
      sizing: { type: 'equal_weight_top_n', n: 2, score: 'f / s' },
    });
    const series = fc.array(fc.double({ min: 50, max: 150, noNaN: true }), { minLength: 40, maxLength: 40 });
    fc.assert(
      fc.property(fc.array(series, { minLength: 6, maxLength: 6 }), fc.integer({ min: 8, max: 39 }), (cols, cut) => {
        const make = (k: number) => Float64Array.from(cols[k]);
        const mk = (shift: number): DocumentInput => ({
          dates: weekdays(40),
          open: [0, 1, 2].map((i) => make((i + shift) % 6)),
          close: [0, 1, 2].map((i) => make((i + shift) % 6)),
          high: [0, 1, 2].map((i) => make((i + shift) % 6).map((v) => v * 1.01)),
          low: [0, 1, 2].map((i) => make((i + shift) % 6).map((v) => v * 0.99)),
          volume: [0, 1, 2].map(() => new Float64Array(40)),
          start: 7,
        });
        const a = mk(0);
        const b = mk(3);
        // b = a up to `cut` (exclusive), other data after.
        for (const key of ['open', 'close', 'high', 'low'] as const) for (let i = 0; i < 3; i++) for (let t = 0; t < cut; t++) (b[key][i] as Float64Array)[t] = a[key][i][t];
        const ta = doc.targets(a).target;
        const tb = doc.targets(b).target;
        for (let i = 0; i < 3; i++) expect(Array.from(tb[i].subarray(0, cut))).toEqual(Array.from(ta[i].subarray(0, cut)));
      }),
      { numRuns: 200 },
    );
  });
});
