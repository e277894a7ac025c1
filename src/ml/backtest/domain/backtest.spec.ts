import fc from 'fast-check';
import { d, Decimal } from '../../../common/decimal';
import { performanceFigures, sharpeRatio, simpleReturns, maxDrawdownFromValues } from '../../../quant';
import { type CommissionSchedule, NO_COMMISSION } from '../../../quant/costs';
import {
  type BacktestBars,
  backtestStrategy,
  buildReport,
  closeFloats,
  type EngineOptions,
  resolveParameters,
  runBacktest,
  STRATEGIES,
  type StrategyName,
} from './backtest';

/** Sessions from 2024-01-02 on weekdays (the engine only needs ordered dates). */
function dates(n: number, from = Date.UTC(2024, 0, 2)): string[] {
  const out: string[] = [];
  for (let t = from; out.length < n; t += 86_400_000) {
    const day = new Date(t).getUTCDay();
    if (day !== 0 && day !== 6) out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

function bars(series: { open: (number | string)[]; close: (number | string)[] }[], symbols?: string[], axis?: string[]): BacktestBars {
  const n = series[0].close.length;
  return {
    dates: axis ?? dates(n),
    symbols: symbols ?? series.map((_, i) => `S${i}`),
    open: series.map((s) => s.open.map((v) => d(v))),
    close: series.map((s) => s.close.map((v) => d(v))),
    traded: series.map(() => new Uint8Array(n).fill(1)),
  };
}

const options = (over: Partial<EngineOptions> = {}): EngineOptions => ({
  start: 0,
  initialCapital: d(10000),
  commission: NO_COMMISSION,
  slippageBps: d(0),
  fractional: false,
  allowShort: false,
  ...over,
});

const params = (name: StrategyName, given: Record<string, unknown> = {}, symbols = 1) => {
  const r = resolveParameters(STRATEGIES[name], given, symbols);
  if (!r.ok) throw new Error(r.problem.message);
  return r.parameters;
};

describe('backtest engine: known answers', () => {
  it('buy_and_hold from day 1: bought at open × (1 + slippage) with the commission, marked at the last close, to the cent', () => {
    const b = bars([{ open: [100, 104, 103, 108], close: [102, 103, 107, 110] }]);
    const perShare: CommissionSchedule = { kind: 'per_share', per_share: '0.005', minimum: '1' };
    const r = backtestStrategy(b, 'buy_and_hold', {}, options({ commission: perShare, slippageBps: d(5) }));
    // By hand: price 100 × 1.0005 = 100.05; 99 shares (100 would cost 10,005 + 1); 99 × 0.005 = 0.495 < minimum 1.
    expect(r.fills).toHaveLength(1);
    expect(r.fills[0]).toMatchObject({ date: b.dates[0], side: 'buy' });
    expect(r.fills[0].quantity.toString()).toBe('99');
    expect(r.fills[0].price.toString()).toBe('100.05');
    expect(r.fills[0].commission.toString()).toBe('1');
    // Cash 10,000 − 9,904.95 − 1 = 94.05; equity at the last close 94.05 + 99 × 110 = 10,984.05.
    expect(r.cash.at(-1)!.toString()).toBe('94.05');
    expect(r.equity.at(-1)!.toFixed(2)).toBe('10984.05');
    expect(r.equity.map((e) => e.toFixed(2))).toEqual(['10192.05', '10291.05', '10687.05', '10984.05']);
    expect(r.feesPaid.toString()).toBe('1');
    expect(r.slippagePaid.toString()).toBe('4.95');
    expect(r.trades).toEqual([
      expect.objectContaining({ side: 'long', entryDate: b.dates[0], exitDate: null, exitPrice: null, quantity: d(99) }),
    ]);
    // Unrealized P&L at the last close: (110 − 100.05) × 99 − 1 = 984.05.
    expect(r.trades[0].pnl.toString()).toBe('984.05');
  });

  it('sma_crossover(2, 3) trades on exactly the sessions after the crossings, at those opens', () => {
    const close = [10, 10, 10, 9, 8, 9, 10, 11, 12, 11, 10, 9, 8];
    const open = close.map((c) => c - 0.25);
    const b = bars([{ open, close }]);
    const r = backtestStrategy(b, 'sma_crossover', params('sma_crossover', { fast: 2, slow: 3 }), options({ start: 3, initialCapital: d(1000) }));
    // SMA2 > SMA3 first at bar 6's close (9.5 > 9) → buy at bar 7's open; first false at bar 10 (10.5 < 11) → sell at bar 11.
    expect(r.fills.map((f) => [f.date, f.side, f.quantity.toString(), f.price.toString()])).toEqual([
      [b.dates[7], 'buy', '93', '10.75'],
      [b.dates[11], 'sell', '93', '8.75'],
    ]);
    expect(r.trades).toHaveLength(1);
    expect(r.trades[0]).toMatchObject({ entryDate: b.dates[7], exitDate: b.dates[11], side: 'long' });
    expect(r.trades[0].pnl.toString()).toBe('-186');
    expect(r.cash.at(-1)!.toString()).toBe('814');
  });

  it('does not trade the last bar’s signal', () => {
    const close = [10, 10, 10, 9, 8, 9, 10];
    const b = bars([{ open: close, close }]);
    // The crossing happens at the last bar's close: nothing is traded.
    const r = backtestStrategy(b, 'sma_crossover', params('sma_crossover', { fast: 2, slow: 3 }), options({ start: 3 }));
    expect(r.fills).toEqual([]);
    // One more session and the same signal is traded at its open.
    const longer = bars([{ open: [...close, 11], close: [...close, 11] }]);
    expect(backtestStrategy(longer, 'sma_crossover', params('sma_crossover', { fast: 2, slow: 3 }), options({ start: 3 })).fills.map((f) => f.date)).toEqual([longer.dates[7]]);
  });

  it('momentum ranks a hand-built universe by the 12-1 style return and rebalances at month starts', () => {
    // Formation 4, skip 1: score at the last session before t = close[t−2] / close[t−5] − 1.
    const axis = ['2024-01-24', '2024-01-25', '2024-01-26', '2024-01-29', '2024-01-30', '2024-01-31', '2024-02-01', '2024-02-02', '2024-02-05'];
    const mk = (close: number[]) => ({ open: close, close });
    const b = bars(
      [
        mk([100, 101, 102, 103, 110, 90, 90, 90, 90]), // score at t=6: close[4]/close[1] − 1 = 110/101 − 1 = 0.0891
        mk([100, 100, 100, 100, 120, 100, 100, 100, 100]), // 120/100 − 1 = 0.20
        mk([100, 100, 100, 100, 95, 150, 150, 150, 150]), // 95/100 − 1 = −0.05 (the jump at t=5 is skipped)
        mk([100, 100, 100, 100, 105, 100, 100, 100, 100]), // 0.05
      ],
      ['A', 'B', 'C', 'D'],
      axis,
    );
    const p = { top_n: 2, formation: 4, skip: 1 }; // below the API's minimum formation, to stay hand-checkable
    const def = STRATEGIES.momentum;
    expect(def.warmup(p, 4)).toBe(5);
    const tg = def.targets({ dates: axis, closes: b.close.map((c) => Float64Array.from(c, (x) => x.toNumber())), start: 5, allowShort: false }, p);
    // At the start (t=5, data to t=4): close[3]/close[0] − 1 → A 0.03, B 0, C 0, D 0 → A then B (tie B/C/D by order).
    expect([0, 1, 2, 3].map((i) => tg.target[i][5])).toEqual([1, 1, 0, 0]);
    // First session of February (t=6, data to t=5): B 0.20, A 0.089, D 0.05, C −0.05.
    expect([0, 1, 2, 3].map((i) => tg.target[i][6])).toEqual([1, 1, 0, 0]);
    expect(tg.weight).toBe(0.5);
    // No rebalance inside the month: targets stay.
    expect([0, 1, 2, 3].map((i) => tg.target[i][8])).toEqual([1, 1, 0, 0]);
    const withShorts = def.targets({ dates: axis, closes: b.close.map((c) => Float64Array.from(c, (x) => x.toNumber())), start: 5, allowShort: true }, p);
    expect([0, 1, 2, 3].map((i) => withShorts.target[i][6])).toEqual([1, 1, -1, -1]);
  });

  it('metrics are the risk module’s on the same curve', () => {
    const close = Array.from({ length: 80 }, (_, t) => 100 + 10 * Math.sin(t / 5) + t / 4);
    const b = bars([{ open: close.map((c) => c - 0.5), close }]);
    const bench = Array.from({ length: 80 }, (_, t) => 400 + 5 * Math.cos(t / 7) + t / 3);
    const r = backtestStrategy(b, 'sma_crossover', params('sma_crossover', { fast: 3, slow: 8 }), options({ start: 10 }));
    const rep = buildReport(r, d(10000), { open: d(bench[9]), closes: bench.slice(10).map((x) => d(x)) });
    const values = [10000, ...r.equity.map((e) => e.toNumber())];
    const benchReturns = simpleReturns([bench[9], ...bench.slice(10)]);
    const f = performanceFigures(values, benchReturns, 0);
    expect(rep.summary.sharpe).toBe(f.sharpe);
    expect(rep.summary.sharpe).toBeCloseTo(sharpeRatio(simpleReturns(values)), 12);
    expect(rep.summary.maxDrawdown).toBeCloseTo(maxDrawdownFromValues(values), 12);
    expect(rep.summary.beta).toBe(f.beta);
    expect(rep.summary.alpha).toBe(f.alpha);
    expect(rep.summary.sortino).toBe(f.sortino);
    expect(rep.curve[0].benchmarkEquity!.toNumber()).toBeCloseTo((10000 * bench[10]) / bench[9], 6);
  });
});

describe('backtest engine: costs, sizing, shorts', () => {
  it('costs: the run with commission and slippage ends below the one without by exactly fees + slippage (same quantities)', () => {
    const close = [100, 100, 100, 101, 103, 106, 104, 101, 99, 98, 99];
    const b = bars([{ open: close.map((c) => c + 0.3), close }]);
    const p = params('sma_crossover', { fast: 2, slow: 3 });
    const plain = backtestStrategy(b, 'sma_crossover', p, options({ start: 3, initialCapital: d(10500) }));
    const costly = backtestStrategy(
      b,
      'sma_crossover',
      p,
      options({ start: 3, initialCapital: d(10500), commission: { kind: 'bps', bps: 5, minimum: 1 }, slippageBps: d(10) }),
    );
    expect(plain.fills.length).toBe(2);
    expect(costly.fills.map((f) => f.quantity.toString())).toEqual(plain.fills.map((f) => f.quantity.toString()));
    const gap = plain.equity.at(-1)!.minus(costly.equity.at(-1)!);
    expect(costly.feesPaid.gt(0) && costly.slippagePaid.gt(0)).toBe(true);
    expect(gap.toString()).toBe(costly.feesPaid.plus(costly.slippagePaid).toString());
    expect(costly.trades[0].fees.toString()).toBe(costly.feesPaid.toString());
  });

  it('sizes orders down to the cash and counts what it could not buy', () => {
    // Two symbols, 1/2 of 100 each, at 60 a share: no whole share fits a sleeve.
    const b = bars([
      { open: [60, 60], close: [60, 60] },
      { open: [30, 30], close: [30, 30] },
    ]);
    const r = backtestStrategy(b, 'buy_and_hold', {}, options({ initialCapital: d(100) }));
    expect(r.ordersSkipped).toBe(1);
    expect(r.fills.map((f) => [f.symbol, f.quantity.toString()])).toEqual([['S1', '1']]);
    // The commission minimum makes the sleeve unaffordable in full: sized down, not rejected.
    const c = backtestStrategy(b, 'buy_and_hold', {}, options({ initialCapital: d(120), commission: { kind: 'per_share', per_share: 0, minimum: 5 } }));
    expect(c.fills.map((f) => [f.symbol, f.quantity.toString()])).toEqual([['S0', '1'], ['S1', '1']]);
    expect(c.ordersSizedDown).toBe(1);
    expect(c.cash.at(-1)!.toString()).toBe('20');
  });

  it('fractional quantities go to 6 dp', () => {
    const b = bars([{ open: [300, 310], close: [305, 320] }]);
    const r = backtestStrategy(b, 'buy_and_hold', {}, options({ initialCapital: d(1000), fractional: true }));
    expect(r.fills[0].quantity.toString()).toBe('3.333333');
    expect(r.cash.at(-1)!.toString()).toBe('0.0001');
  });

  it('with allow_short, short proceeds are held as cash (no interest) and the short is covered at the next open', () => {
    const close = [10, 10, 10, 11, 12, 11, 10, 9, 8, 9, 10, 11, 12];
    const b = bars([{ open: close, close }]);
    const r = backtestStrategy(b, 'sma_crossover', params('sma_crossover', { fast: 2, slow: 3 }), options({ start: 3, initialCapital: d(1000), allowShort: true }));
    // Target at bar 3 (from bar 2: 10 = 10) is short: sold short at 11.
    expect(r.fills[0]).toMatchObject({ date: b.dates[3], side: 'sell' });
    expect(r.fills[0].quantity.toString()).toBe('90');
    expect(r.cash[0].toString()).toBe('1990');
    expect(r.equity[0].toString()).toBe('1000');
    const shorts = r.trades.filter((t) => t.side === 'short');
    expect(shorts.length).toBeGreaterThan(0);
    // Long-only: the same series never sells what it does not hold.
    const longOnly = backtestStrategy(b, 'sma_crossover', params('sma_crossover', { fast: 2, slow: 3 }), options({ start: 3, initialCapital: d(1000) }));
    expect(longOnly.trades.every((t) => t.side === 'long')).toBe(true);
  });
});

/** A random positive price path with opens near the previous close. */
const pathArb = (n: number) =>
  fc.array(fc.double({ min: -0.05, max: 0.05, noNaN: true }), { minLength: n, maxLength: n }).map((rs) => {
    const close: number[] = [];
    const open: number[] = [];
    let p = 100;
    for (const r of rs) {
      open.push(Number((p * (1 + r / 3)).toFixed(4)));
      p = p * (1 + r);
      close.push(Number(p.toFixed(4)));
    }
    return { open, close };
  });

describe('backtest engine: properties', () => {
  const strategies: [StrategyName, Record<string, unknown>, number][] = [
    ['sma_crossover', { fast: 3, slow: 7 }, 7],
    ['mean_reversion', { period: 5, lower: 40, upper: 60 }, 6],
    ['bollinger', { period: 6, k: 1 }, 6],
    ['momentum', { lookback: 5 }, 6],
  ];

  it.each(strategies)('%s: changing any bar after day t changes no fill or equity on or before t (no look-ahead)', (name, given, warm) => {
    fc.assert(
      fc.property(pathArb(60), pathArb(60), fc.integer({ min: 8, max: 58 }), fc.boolean(), (a, other, t, allowShort) => {
        const p = params(name, given);
        const base = bars([a]);
        const changed = bars([{ open: [...a.open.slice(0, t + 1), ...other.open.slice(t + 1)], close: [...a.close.slice(0, t + 1), ...other.close.slice(t + 1)] }]);
        const o = options({ start: warm, allowShort, commission: { kind: 'bps', bps: 2, minimum: 1 }, slippageBps: d(3) });
        const r1 = backtestStrategy(base, name, p, o);
        const r2 = backtestStrategy(changed, name, p, o);
        const upTo = (r: typeof r1) => r.fills.filter((f) => f.date <= base.dates[t]).map((f) => `${f.date} ${f.side} ${f.quantity} ${f.price} ${f.commission}`);
        expect(upTo(r2)).toEqual(upTo(r1));
        const k = t - warm + 1;
        expect(r2.equity.slice(0, k).map(String)).toEqual(r1.equity.slice(0, k).map(String));
        // Stronger: the orders at bar t's open do not depend on bar t's close either.
        const closeToo = bars([{ open: [...a.open.slice(0, t + 1), ...other.open.slice(t + 1)], close: [...a.close.slice(0, t), ...other.close.slice(t)] }]);
        expect(upTo(backtestStrategy(closeToo, name, p, o))).toEqual(upTo(r1));
      }),
      { numRuns: 60 },
    );
  });

  it('several symbols (ranked momentum, per-symbol SMA): changing bars from t on changes no fill before t’s close', () => {
    const axis = dates(80, Date.UTC(2024, 0, 2)); // spans four month ends
    fc.assert(
      fc.property(fc.array(pathArb(80), { minLength: 4, maxLength: 4 }), fc.array(pathArb(80), { minLength: 4, maxLength: 4 }), fc.integer({ min: 12, max: 78 }), fc.boolean(), (a, other, t, allowShort) => {
        for (const [name, p] of [
          ['momentum', { top_n: 2, formation: 10, skip: 2 }],
          ['sma_crossover', { fast: 2, slow: 5 }],
        ] as const) {
          const o = options({ start: 11, allowShort, commission: { kind: 'bps', bps: 3, minimum: 1 }, slippageBps: d(2) });
          const base = bars(a, undefined, axis);
          const changed = bars(
            a.map((s, i) => ({ open: [...s.open.slice(0, t + 1), ...other[i].open.slice(t + 1)], close: [...s.close.slice(0, t), ...other[i].close.slice(t)] })),
            undefined,
            axis,
          );
          const upTo = (r: ReturnType<typeof backtestStrategy>) => r.fills.filter((f) => f.date <= axis[t]).map((f) => `${f.date} ${f.symbol} ${f.side} ${f.quantity} ${f.price}`);
          const r1 = backtestStrategy(base, name, p, o);
          const r2 = backtestStrategy(changed, name, p, o);
          expect(upTo(r2)).toEqual(upTo(r1));
          expect(r2.equity.slice(0, t - 11).map(String)).toEqual(r1.equity.slice(0, t - 11).map(String));
        }
      }),
      { numRuns: 40 },
    );
  });

  it('cash never goes negative, whatever the costs', () => {
    fc.assert(
      fc.property(
        pathArb(50),
        fc.constantFrom<StrategyName>('sma_crossover', 'mean_reversion', 'bollinger', 'momentum', 'buy_and_hold'),
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: 0, max: 30 }),
        fc.boolean(),
        fc.boolean(),
        (a, name, minimum, slip, fractional, allowShort) => {
          const p = params(name, name === 'sma_crossover' ? { fast: 2, slow: 5 } : name === 'momentum' ? { lookback: 5 } : name === 'buy_and_hold' ? {} : { period: 5 });
          const r = backtestStrategy(bars([a]), name, p, options({ start: 7, initialCapital: d(500), commission: { kind: 'per_share', per_share: '0.01', minimum }, slippageBps: d(slip), fractional, allowShort }));
          expect(r.cash.every((c: Decimal) => c.gte(0))).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('the integer micro-unit marks equal the decimal marks exactly', () => {
    fc.assert(
      fc.property(fc.array(pathArb(40), { minLength: 3, maxLength: 3 }), fc.boolean(), (a, allowShort) => {
        const b = bars(a);
        const p = params('sma_crossover', { fast: 2, slow: 4 }, 3);
        const closes = closeFloats(b);
        const targets = STRATEGIES.sma_crossover.targets({ dates: b.dates, closes, start: 4, allowShort }, p);
        const o = options({ start: 4, allowShort, initialCapital: d('123456.78'), commission: { kind: 'per_share', per_share: '0.0035', minimum: '0.35' }, slippageBps: d(7) });
        const fast = runBacktest(b, targets, o, closes);
        const exact = runBacktest(b, targets, o);
        expect(fast.equity.map(String)).toEqual(exact.equity.map(String));
        fast.exposure.forEach((x, i) => expect(Math.abs(x - exact.exposure[i])).toBeLessThan(1e-9));
      }),
      { numRuns: 50 },
    );
  });

  it('refuses a start inside the warm-up', () => {
    const b = bars([{ open: [1, 2, 3], close: [1, 2, 3] }]);
    expect(() => backtestStrategy(b, 'sma_crossover', params('sma_crossover', { fast: 1, slow: 2 }), options({ start: 1 }))).toThrow(RangeError);
    expect(() => runBacktest(b, { target: [new Int8Array(3)], weight: 1 }, options({ start: 3 }))).toThrow(RangeError);
  });
});

describe('strategy parameters', () => {
  it('fills defaults and names the bad parameter with its range', () => {
    expect(resolveParameters(STRATEGIES.sma_crossover, {}, 1)).toEqual({ ok: true, parameters: { fast: 20, slow: 50 } });
    expect(resolveParameters(STRATEGIES.momentum, {}, 1)).toEqual({ ok: true, parameters: { lookback: 126 } });
    expect(resolveParameters(STRATEGIES.momentum, {}, 10)).toEqual({ ok: true, parameters: { top_n: 4, formation: 252, skip: 21 } });
    expect(resolveParameters(STRATEGIES.sma_crossover, { fast: 0 }, 1)).toEqual({
      ok: false,
      problem: { name: 'fast', message: 'fast must be an integer from 1 to 500', minimum: 1, maximum: 500 },
    });
    expect(resolveParameters(STRATEGIES.sma_crossover, { fast: 60 }, 1)).toMatchObject({ ok: false, problem: { name: 'fast' } });
    expect(resolveParameters(STRATEGIES.bollinger, { width: 2 }, 1)).toMatchObject({ ok: false, problem: { name: 'width' } });
    expect(resolveParameters(STRATEGIES.mean_reversion, { lower: '30' }, 1)).toMatchObject({ ok: false, problem: { name: 'lower' } });
    expect(resolveParameters(STRATEGIES.momentum, { top_n: 11 }, 10)).toMatchObject({ ok: false, problem: { name: 'top_n' } });
  });
});
