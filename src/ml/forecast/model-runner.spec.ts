import { Rng } from '../../quant';
import { ModelFitError } from './domain/forecast';
import { ModelRunner } from './model-runner';

/** Log prices with a known slope, optionally a yearly (252-session) sine and noise. */
function series(n: number, slope: number, amplitude = 0, noise = 0, seed = 1): number[] {
  const rng = new Rng('model-runner', seed);
  return Array.from({ length: n }, (_, t) => Math.log(80) + slope * t + amplitude * Math.sin((2 * Math.PI * t) / 252) + noise * rng.normal());
}

/** An ARIMA(0,1,1) with drift: Δy_t = μ + e_t + θ·e_{t−1}. */
function ima(n: number, drift: number, theta: number, sigma: number, seed: number): number[] {
  const rng = new Rng('model-runner-ima', seed);
  let y = Math.log(100);
  let prev = 0;
  return Array.from({ length: n }, () => {
    const e = sigma * rng.normal();
    y += drift + e + theta * prev;
    prev = e;
    return y;
  });
}

describe('ModelRunner (augurs Prophet and AutoETS, ctsa ARIMA, in a worker thread)', () => {
  const runner = new ModelRunner(1);
  afterAll(() => runner.destroy());

  it.each(['prophet', 'ets', 'arima'] as const)('%s recovers the slope of a pure log-linear trend within 1%%', async (model) => {
    const slope = 0.0008;
    const logs = series(500, slope, 0, 1e-5);
    const f = await runner.run({ model, logs, steps: 10, levels: [0.8], seed: 1 });
    const fitted = (f.point[9] - f.point[0]) / 9;
    expect(Math.abs(fitted / slope - 1)).toBeLessThan(0.01);
    expect(f.point).toHaveLength(10);
    for (let k = 0; k < 10; k++) expect(f.intervals[0].lower[k]).toBeLessThanOrEqual(f.point[k]);
  });

  it('Prophet with yearly seasonality follows a yearly sine that a straight line cannot', async () => {
    const full = series(756 + 63, 0.0003, 0.08, 0.002, 2);
    const logs = full.slice(0, 756);
    const f = await runner.run({ model: 'prophet', logs, steps: 63, levels: [0.8], seed: 1, yearly: true });
    const actual = full.slice(756);
    const err = (p: number[]) => p.reduce((s, x, k) => s + Math.abs(x - actual[k]), 0) / p.length;
    const last = logs[logs.length - 1];
    const naive = actual.map(() => last);
    expect(err(f.point)).toBeLessThan(err(naive) / 2);
  });

  it.each(['ets', 'arima'] as const)('%s intervals widen with the horizon, nest by level, and the fit is deterministic', async (model) => {
    const logs = series(400, 0.0005, 0, 0.01, 3);
    const a = await runner.run({ model, logs, steps: 20, levels: [0.8, 0.95] });
    const b = await runner.run({ model, logs, steps: 20, levels: [0.8, 0.95] });
    expect(a).toEqual(b);
    const [i80, i95] = a.intervals;
    expect(i80.upper[19] - i80.lower[19]).toBeGreaterThan(i80.upper[0] - i80.lower[0]);
    expect(i95.upper[5] - i95.lower[5]).toBeGreaterThan(i80.upper[5] - i80.lower[5]);
    expect([i80.level, i95.level]).toEqual([0.8, 0.95]);
  });

  it('ARIMA picks the order that generated the series by AIC, and its step-1 variance is the innovation variance', async () => {
    const f = await runner.run({ model: 'arima', logs: ima(1200, 0.0005, 0.4, 0.01, 7), steps: 2, levels: [0.95] });
    expect(f.detail?.order).toEqual([0, 1, 1]);
    const halfWidth = (f.intervals[0].upper[0] - f.intervals[0].lower[0]) / 2;
    expect(halfWidth / 1.959964).toBeCloseTo(0.01, 3);
    // Step 2 of an IMA(1) with θ = 0.4: variance σ²(1 + (1 + θ)²).
    const halfWidth2 = (f.intervals[0].upper[1] - f.intervals[0].lower[1]) / 2;
    expect(halfWidth2 / halfWidth).toBeCloseTo(Math.sqrt(1 + 1.4 ** 2), 1);
  });

  it('Prophet point forecasts are deterministic for the same inputs and seed', async () => {
    const logs = series(300, 0.0005, 0, 0.01, 4);
    const a = await runner.run({ model: 'prophet', logs, steps: 5, levels: [0.8], seed: 7 });
    const b = await runner.run({ model: 'prophet', logs, steps: 5, levels: [0.8], seed: 7 });
    expect(a.point).toEqual(b.point);
  });

  it.each(['ets', 'arima'] as const)('%s: a series that cannot be fitted is a ModelFitError with its reason, never a number', async (model) => {
    await expect(runner.run({ model, logs: [1, Number.NaN, 2], steps: 2, levels: [0.8] })).rejects.toBeInstanceOf(ModelFitError);
  });

  it('starts no worker thread before its first fit, and none once destroyed', async () => {
    // Each pool thread's port stays referenced under jest (see ModelRunner), so a started pool shows here.
    const ports = () => process.getActiveResourcesInfo().filter((r) => r === 'MessagePort').length;
    const before = ports();
    const idle = new ModelRunner(1);
    expect(ports()).toBe(before);
    await idle.destroy();
    await expect(idle.run({ model: 'ets', logs: series(100, 0.001), steps: 2, levels: [0.8] })).rejects.toThrow('The model runner is closed');
    expect(ports()).toBe(before);
  });
});
