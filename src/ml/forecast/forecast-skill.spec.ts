import { Rng } from '../../quant';
import { evaluateForecaster, summarizeEvaluation } from './domain/evaluation';
import type { ForecastFn } from './domain/forecast';
import { naiveDrift } from './domain/naive';
import { ModelRunner } from './model-runner';

/** Prices of a driftless Gaussian random walk in log prices: nothing can forecast better than the last close. */
function randomWalk(seed: number, n: number): number[] {
  const rng = new Rng('forecast-skill', seed);
  let x = Math.log(100);
  return Array.from({ length: n }, () => Math.exp((x += 0.015 * rng.normal())));
}

const SEEDS = 20;

describe('no model claims skill on a random walk (one step ahead, rolling origins, many seeds)', () => {
  const runner = new ModelRunner(1);
  afterAll(() => runner.destroy());
  const models: Record<string, ForecastFn> = {
    naive: naiveDrift,
    ets: (logs, steps, levels) => runner.run({ model: 'ets', logs: [...logs], steps, levels: [...levels] }),
    arima: (logs, steps, levels) => runner.run({ model: 'arima', logs: [...logs], steps, levels: [...levels] }),
    prophet: (logs, steps, levels) => runner.run({ model: 'prophet', logs: [...logs], steps, levels: [...levels], seed: 1 }),
  };

  it.each(Object.keys(models))('%s: mean MASE over seeds is not below 0.9', async (name) => {
    const mases: number[] = [];
    for (let seed = 1; seed <= SEEDS; seed++) {
      const r = await evaluateForecaster(randomWalk(seed, 360), models[name], { origins: 12, horizon: 1, window: 200, minTrain: 150, levels: [0.8] });
      if (!r) throw new Error('no origins');
      mases.push(summarizeEvaluation(r, 1, [0.8]).mase);
    }
    const mean = mases.reduce((s, x) => s + x, 0) / SEEDS;
    expect(mean).toBeGreaterThanOrEqual(0.9);
  }, 120_000);
});
