import { Rng } from '../../quant';
import { ModelFitError } from './domain/forecast';
import { ModelRunner } from './model-runner';

/** Log prices with a known slope, optionally a yearly (252-session) sine and noise. */
function series(n: number, slope: number, amplitude = 0, noise = 0, seed = 1): number[] {
  const rng = new Rng('model-runner', seed);
  return Array.from({ length: n }, (_, t) => Math.log(80) + slope * t + amplitude * Math.sin((2 * Math.PI * t) / 252) + noise * rng.normal());
}

describe('ModelRunner (augurs Prophet and AutoETS in a worker thread)', () => {
  const runner = new ModelRunner(1);
  afterAll(() => runner.destroy());

  it.each(['prophet', 'ets'] as const)('%s recovers the slope of a pure log-linear trend within 1%%', async (model) => {
    const slope = 0.0008;
    const logs = series(500, slope, 0, 1e-5);
    const f = await runner.run({ model, logs, steps: 10, level: 0.8, seed: 1 });
    const fitted = (f.point[9] - f.point[0]) / 9;
    expect(Math.abs(fitted / slope - 1)).toBeLessThan(0.01);
    expect(f.point).toHaveLength(10);
    for (let k = 0; k < 10; k++) expect(f.lower[k]).toBeLessThanOrEqual(f.point[k]);
  });

  it('Prophet with yearly seasonality follows a yearly sine that a straight line cannot', async () => {
    const full = series(756 + 63, 0.0003, 0.08, 0.002, 2);
    const logs = full.slice(0, 756);
    const f = await runner.run({ model: 'prophet', logs, steps: 63, level: 0.8, seed: 1, yearly: true });
    const actual = full.slice(756);
    const err = (p: number[]) => p.reduce((s, x, k) => s + Math.abs(x - actual[k]), 0) / p.length;
    const last = logs[logs.length - 1];
    const naive = actual.map(() => last);
    expect(err(f.point)).toBeLessThan(err(naive) / 2);
  });

  it('AutoETS intervals widen with the horizon and the point forecast is deterministic', async () => {
    const logs = series(400, 0.0005, 0, 0.01, 3);
    const a = await runner.run({ model: 'ets', logs, steps: 20, level: 0.8 });
    const b = await runner.run({ model: 'ets', logs, steps: 20, level: 0.8 });
    expect(a).toEqual(b);
    expect(a.upper[19] - a.lower[19]).toBeGreaterThan(a.upper[0] - a.lower[0]);
  });

  it('Prophet point forecasts are deterministic for the same inputs and seed', async () => {
    const logs = series(300, 0.0005, 0, 0.01, 4);
    const a = await runner.run({ model: 'prophet', logs, steps: 5, level: 0.8, seed: 7 });
    const b = await runner.run({ model: 'prophet', logs, steps: 5, level: 0.8, seed: 7 });
    expect(a.point).toEqual(b.point);
  });

  it('a model that cannot fit is a ModelFitError with its reason, never a number', async () => {
    await expect(runner.run({ model: 'ets', logs: [1, Number.NaN, 2], steps: 2, level: 0.8 })).rejects.toBeInstanceOf(ModelFitError);
  });
});
