import { d } from '../../../common/decimal';
import { Rng } from '../../../quant';
import { type BacktestBars, backtestStrategy, type EngineOptions, type EngineResult } from '../../backtest/domain/backtest';
import { compileDocument } from './document';
import { STRATEGY_EXAMPLES } from './examples';
import { backtestDocument } from './run';

/** Seeded daily bars on weekdays: a random walk with opens gapping around the previous close. */
function randomBars(symbols: number, n: number, seed: number): BacktestBars {
  const rng = new Rng('strategy-examples', seed);
  const dates: string[] = [];
  for (let t = Date.UTC(2020, 0, 2); dates.length < n; t += 86_400_000) {
    const day = new Date(t).getUTCDay();
    if (day !== 0 && day !== 6) dates.push(new Date(t).toISOString().slice(0, 10));
  }
  const open = [];
  const close = [];
  for (let i = 0; i < symbols; i++) {
    let c = 50 + 100 * rng.uniform();
    const o: string[] = [];
    const cl: string[] = [];
    for (let t = 0; t < n; t++) {
      const gap = c * Math.exp(0.004 * rng.normal());
      c = gap * Math.exp(0.018 * rng.normal());
      o.push(gap.toFixed(4));
      cl.push(c.toFixed(4));
    }
    open.push(o.map((v) => d(v)));
    close.push(cl.map((v) => d(v)));
  }
  return { dates, symbols: Array.from({ length: symbols }, (_, i) => `S${i}`), open, close, traded: open.map(() => new Uint8Array(n).fill(1)) };
}

const opts = (start: number): EngineOptions => ({
  start,
  initialCapital: d(100000),
  commission: { kind: 'per_share', per_share: '0.005', minimum: '1' },
  slippageBps: d(5),
  fractional: false,
  allowShort: false,
});

const fills = (r: EngineResult) => r.fills.map((f) => `${f.date} ${f.symbol} ${f.side} ${f.quantity.toString()} @${f.price.toString()} fee ${f.commission.toString()}`);

describe('example documents reproduce the built-in strategies', () => {
  it.each(STRATEGY_EXAMPLES.map((e) => [e.key, e] as const))('%s: same fills (dates, sides, quantities, prices) and equity', (_, example) => {
    const compiled = compileDocument(example.document);
    for (const seed of [1, 2, 3]) {
      const bars = randomBars(example.document.universe.length, 700, seed);
      const start = Math.max(compiled.warmup, 260);
      const builtin = backtestStrategy(bars, example.builtin, example.parameters, opts(start));
      const document = backtestDocument(bars, compiled, opts(start));
      expect(builtin.fills.length).toBeGreaterThan(0);
      expect(fills(document)).toEqual(fills(builtin));
      expect(document.trades.map((t) => [t.symbol, t.entryDate, t.exitDate, t.quantity.toString(), t.pnl.toString()])).toEqual(
        builtin.trades.map((t) => [t.symbol, t.entryDate, t.exitDate, t.quantity.toString(), t.pnl.toString()]),
      );
      expect(document.equity.map((e) => e.toString())).toEqual(builtin.equity.map((e) => e.toString()));
    }
  });

  it('the warm-up is the built-in’s', () => {
    expect(compileDocument(STRATEGY_EXAMPLES.find((e) => e.key === 'sma_crossover')!.document).warmup).toBe(50);
    expect(compileDocument(STRATEGY_EXAMPLES.find((e) => e.key === 'mean_reversion')!.document).warmup).toBe(15);
    expect(compileDocument(STRATEGY_EXAMPLES.find((e) => e.key === 'bollinger')!.document).warmup).toBe(20);
    expect(compileDocument(STRATEGY_EXAMPLES.find((e) => e.key === 'momentum')!.document).warmup).toBe(127);
    expect(compileDocument(STRATEGY_EXAMPLES.find((e) => e.key === 'momentum_top_n')!.document).warmup).toBe(253);
  });
});
