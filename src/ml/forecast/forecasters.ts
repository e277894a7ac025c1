import type { ForecastFn } from './domain/forecast';
import { naiveDrift } from './domain/naive';
import type { ModelRunner } from './model-runner';
import { type BaseModel, YEARLY_FROM } from './models';

/**
 * Each fitted model as a ForecastFn on log closes: the WASM ones in the worker pool, naive in-line (microseconds).
 * Prophet gets its yearly seasonality when the training series covers two years, at every origin alike.
 */
export function forecasterFor(model: BaseModel, runner: ModelRunner): ForecastFn {
  if (model === 'naive') return naiveDrift;
  return (logs, steps, levels) =>
    runner.run({ model, logs: [...logs], steps, levels: [...levels], seed: 1, yearly: model === 'prophet' && logs.length >= YEARLY_FROM });
}
