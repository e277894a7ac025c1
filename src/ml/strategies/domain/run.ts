import { type BacktestBars, closeFloats, type EngineOptions, type EngineResult, runBacktest } from '../../backtest/domain/backtest';
import type { CompiledStrategy } from './document';

/** Highs, lows and volumes on the bars' axis (the engine itself needs only opens and closes). */
export interface ExtraColumns {
  high: readonly Float64Array[];
  low: readonly Float64Array[];
  volume: readonly Float64Array[];
}

const floats = (cols: BacktestBars['open']) => cols.map((col) => Float64Array.from(col, (v) => v.toNumber()));

/** A compiled strategy document run by the same engine as the built-ins, over the bars from `opts.start`. */
export function backtestDocument(
  bars: BacktestBars,
  strategy: CompiledStrategy,
  opts: EngineOptions,
  extra: ExtraColumns | null = null,
  closes: Float64Array[] = closeFloats(bars),
): EngineResult {
  if (opts.start < strategy.warmup) throw new RangeError(`The document needs ${strategy.warmup} sessions before the start, got ${opts.start}`);
  const input = {
    dates: bars.dates,
    open: floats(bars.open),
    close: closes,
    // Without highs and lows (tests, closes-only history) a bar's range is its close.
    high: extra?.high ?? closes,
    low: extra?.low ?? closes,
    volume: extra?.volume ?? closes.map((c) => new Float64Array(c.length)),
    start: opts.start,
  };
  const targets = strategy.targets(input);
  return runBacktest(bars, targets, opts, closes);
}
