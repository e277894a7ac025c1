import { type BacktestBars, type EngineOptions, type EngineResult, runBacktest } from './engine';
import { type Parameters, STRATEGIES, type StrategyName } from './strategies';

export * from './engine';
export * from './report';
export * from './strategies';

/** Floats of the closes, for the signals. */
export function closeFloats(bars: BacktestBars): Float64Array[] {
  return bars.close.map((col) => {
    const out = new Float64Array(col.length);
    for (let t = 0; t < col.length; t++) out[t] = col[t].toNumber();
    return out;
  });
}

/** A built-in strategy with resolved parameters, run over the bars from `opts.start`. */
export function backtestStrategy(
  bars: BacktestBars,
  strategy: StrategyName,
  parameters: Parameters,
  opts: EngineOptions,
  closes: Float64Array[] = closeFloats(bars),
): EngineResult {
  const def = STRATEGIES[strategy];
  const warmup = def.warmup(parameters, bars.symbols.length);
  if (opts.start < warmup) throw new RangeError(`${strategy} needs ${warmup} sessions before the start, got ${opts.start}`);
  const targets = def.targets({ dates: bars.dates, closes, start: opts.start, allowShort: opts.allowShort }, parameters);
  return runBacktest(bars, targets, opts, closes);
}
