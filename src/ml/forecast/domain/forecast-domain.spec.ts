import { Rng } from '../../../quant';
import { absLogErrors, combineRecords, conformalRadii, conformalRadius, coverage, evaluateForecaster, mape, mase, maseScale, rollingOrigins, summarizeEvaluation } from './evaluation';
import { horizonSessions } from './horizon';
import { fitNaiveDrift, forecastNaiveDrift, naiveDrift } from './naive';

const randomWalk = (seed: number, n: number, sigma = 0.015, drift = 0): number[] => {
  const rng = new Rng('ml-test', seed);
  const out = [100];
  for (let t = 1; t < n; t++) out.push(out[t - 1] * Math.exp(drift + sigma * rng.normal()));
  return out;
};

describe('horizon', () => {
  it.each([
    ['7d', 7],
    ['1d', 1],
    ['252d', 252],
    ['2w', 10],
    ['3mo', 63],
    ['12mo', 252],
    [' 7D ', 7],
  ])('%p is %p sessions', (h, n) => expect(horizonSessions(h)).toBe(n));

  it.each(['0d', '253d', '13mo', '7', 'd', '7y', '-1d', '1.5d', '07d'])('refuses %p', (h) => expect(horizonSessions(h)).toBeNull());
});

describe('naive drift model', () => {
  it('recovers the slope of a pure log-linear trend, with zero-width intervals', () => {
    const logs = Array.from({ length: 300 }, (_, t) => Math.log(50) + 0.001 * t);
    const fit = fitNaiveDrift(logs);
    expect(fit.drift).toBeCloseTo(0.001, 12);
    expect(fit.sigma).toBeCloseTo(0, 12);
    const f = forecastNaiveDrift(fit, 5, [0.8]);
    expect(f.point[4]).toBeCloseTo(logs[299] + 0.005, 12);
    expect(f.intervals[0].upper[4] - f.intervals[0].lower[4]).toBeCloseTo(0, 10);
  });

  it('has the analytic interval: z·σ·√(h(1 + h/T)), widening with the horizon', () => {
    // Changes 0.01, 0.03, −0.01, 0.01: drift 0.01, deviations 0, 0.02, −0.02, 0 → σ² = 0.0008/3.
    const logs = [0, 0.01, 0.04, 0.03, 0.04];
    const fit = fitNaiveDrift(logs);
    expect(fit.drift).toBeCloseTo(0.01, 15);
    expect(fit.sigma).toBeCloseTo(Math.sqrt(0.0008 / 3), 15);
    const f = forecastNaiveDrift(fit, 3, [0.8, 0.95]);
    const z = { 0.8: 1.2815515655446004, 0.95: 1.959963984540054 };
    for (const [l, level] of [0.8, 0.95].entries()) {
      const { lower, upper } = f.intervals[l];
      expect(f.intervals[l].level).toBe(level);
      for (let h = 1; h <= 3; h++) {
        expect(f.point[h - 1]).toBeCloseTo(0.04 + 0.01 * h, 15);
        expect(upper[h - 1] - f.point[h - 1]).toBeCloseTo(z[level as 0.8 | 0.95] * fit.sigma * Math.sqrt(h * (1 + h / 4)), 12);
      }
      expect(upper[2] - lower[2]).toBeGreaterThan(upper[1] - lower[1]);
    }
  });

  it('is deterministic', () => {
    const logs = randomWalk(3, 400).map(Math.log);
    expect(naiveDrift(logs, 10, [0.8])).toEqual(naiveDrift(logs, 10, [0.8]));
  });

  it('refuses fewer than 3 closes', () => expect(() => fitNaiveDrift([1, 2])).toThrow('at least 3'));
});

describe('accuracy metrics', () => {
  it('MAPE and coverage on a hand-computed case', () => {
    expect(mape([100, 200], [110, 190])).toBeCloseTo(7.5, 12);
    expect(coverage([1, 2, 3, 4], [0, 2.5, 2, 5], [2, 3, 3, 6])).toBe(0.5);
  });

  it('MASE: the one-step naive forecast of the training series scores exactly 1 against itself', () => {
    const y = randomWalk(7, 250);
    expect(mase(y.slice(1), y.slice(0, -1), y)).toBeCloseTo(1, 12);
    expect(maseScale([1, 3, 2, 6])).toBeCloseTo(7 / 3, 12);
  });

  it('conformal radius is the ⌈(m+1)·level⌉-th smallest score', () => {
    const scores = [5, 1, 4, 2, 3, 9, 8, 7, 6, 10];
    expect(conformalRadius(scores, 0.8)).toBe(9); // ⌈11 × 0.8⌉ = 9
    expect(conformalRadius(scores, 0.95)).toBe(Infinity); // ⌈10.45⌉ = 11 > 10
  });

  it('conformal intervals on i.i.d. errors cover at their level, within sampling error', () => {
    const rng = new Rng('conformal', 1);
    const m = 99;
    let inside = 0;
    const trials = 4000;
    for (let i = 0; i < trials; i++) {
      const calibration = Array.from({ length: m }, () => Math.abs(rng.normal()));
      if (Math.abs(rng.normal()) <= conformalRadius(calibration, 0.8)) inside++;
    }
    // Exact marginal coverage is ⌈(m+1)·0.8⌉/(m+1) = 0.8; 4 standard errors of 4,000 Bernoulli(0.8) draws ≈ 0.025.
    expect(Math.abs(inside / trials - 0.8)).toBeLessThan(0.025);
  });

  it('rolling origins are spread over the window and leave room for the horizon', () => {
    const o = rollingOrigins(1000, 8, 21, 504, 250);
    expect(o).toHaveLength(8);
    expect(o[0]).toBe(1000 - 1 - 504);
    expect(o[7]).toBe(1000 - 1 - 21);
    expect(rollingOrigins(100, 8, 21, 504, 250)).toEqual([]);
  });
});

describe('rolling-origin evaluation', () => {
  it('on random walks the drift model has no skill to claim: MASE near 1 over many seeds, intervals near their level', async () => {
    const mases: number[] = [];
    const cover80: number[] = [];
    for (let seed = 1; seed <= 20; seed++) {
      const r = await evaluateForecaster(randomWalk(seed, 1000), naiveDrift, { origins: 12, horizon: 1, window: 504, minTrain: 250, levels: [0.8] });
      if (!r) throw new Error('no origins');
      const e = summarizeEvaluation(r, 1, [0.8]);
      mases.push(e.mase);
      cover80.push(e.coverage[0].model ?? Number.NaN);
    }
    const meanMase = mases.reduce((s, x) => s + x, 0) / mases.length;
    expect(meanMase).toBeGreaterThan(0.9);
    expect(meanMase).toBeLessThan(1.3);
    const meanCover = cover80.reduce((s, x) => s + x, 0) / cover80.length;
    expect(Math.abs(meanCover - 0.8)).toBeLessThan(0.08);
  });

  it('keeps every origin and step, and summarizes any horizon up to the evaluated one', async () => {
    const r = await evaluateForecaster(randomWalk(5, 800), naiveDrift, { origins: 10, horizon: 5, window: 504, minTrain: 250, levels: [0.8, 0.95] });
    if (!r) throw new Error('no origins');
    expect(r.origins).toHaveLength(10);
    expect(r.actual.every((a) => a.length === 5)).toBe(true);
    expect(absLogErrors(r)).toHaveLength(5);
    expect(absLogErrors(r, 2)).toHaveLength(2);
    const s5 = summarizeEvaluation(r, 5, [0.8, 0.95]);
    const s1 = summarizeEvaluation(r, 1, [0.8, 0.95]);
    expect([s5.horizon, s1.horizon]).toEqual([5, 1]);
    expect(s5.coverage.map((c) => c.level)).toEqual([0.8, 0.95]);
    // The one-step summary is MAPE over the first step only, computed by hand here.
    const ape = r.origins.map((_, i) => Math.abs(Math.exp(r.actual[i][0]) - Math.exp(r.point[i][0])) / Math.exp(r.actual[i][0]));
    expect(s1.mape).toBeCloseTo((100 * ape.reduce((a, b) => a + b, 0)) / 10, 10);
    expect(summarizeEvaluation(r, 50, [0.8]).horizon).toBe(5);
  });

  it('reports progress after each origin, and no conformal coverage where the origins are too few for the level', async () => {
    const seen: number[] = [];
    const r = await evaluateForecaster(randomWalk(6, 600), naiveDrift, { origins: 8, horizon: 3, window: 300, minTrain: 100, levels: [0.8, 0.95], onProgress: (d) => void seen.push(d) });
    if (!r) throw new Error('no origins');
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((i) => i / 8));
    // Sequential calibration: 80% needs 4 earlier origins (origins 5–8 are scored), 95% needs 19 (none is).
    const e = summarizeEvaluation(r, 3, [0.8, 0.95]);
    expect(e.coverage[0].conformal).not.toBeNull();
    expect(e.coverage[0].conformal_forecasts).toBe(4 * 3);
    expect(e.coverage[1].conformal).toBeNull();
    expect(e.coverage[1].conformal_forecasts).toBe(0);
    expect(conformalRadii(r, 0.95).every((x) => x === Infinity)).toBe(true);
  });

  it('measures conformal coverage out of sample: near the level on i.i.d. errors, below it when errors grow', () => {
    // A synthetic record: 600 one-step forecasts, 2 sessions apart, errors N(0, σ_i).
    const build = (sigma: (i: number) => number) => {
      const rng = new Rng('conformal-eval', 3);
      const n = 600;
      const point = Array.from({ length: n }, () => [0]);
      return {
        horizon: 1,
        origins: Array.from({ length: n }, (_, i) => 100 + 2 * i),
        point,
        actual: point.map((_, i) => [sigma(i) * rng.normal()]),
        scale: point.map(() => 1),
      };
    };
    const iid = summarizeEvaluation(build(() => 0.01), 1, [0.8, 0.95]);
    // Scored: every origin with enough earlier ones (4 for 80%, 19 for 95%); 4 standard errors ≈ 0.07 / 0.04.
    expect(iid.coverage[0].conformal_forecasts).toBe(596);
    expect(iid.coverage[1].conformal_forecasts).toBe(581);
    expect(Math.abs((iid.coverage[0].conformal ?? 0) - 0.8)).toBeLessThan(0.07);
    expect(Math.abs((iid.coverage[1].conformal ?? 0) - 0.95)).toBeLessThan(0.04);
    // Volatility tripling over the sample: radii calibrated on the calmer past under-cover (no guarantee without
    // exchangeability, and the measure shows it).
    const drift = summarizeEvaluation(build((i) => 0.01 * (1 + (2 * i) / 600)), 1, [0.8]);
    expect(drift.coverage[0].conformal ?? 1).toBeLessThan(0.75);
  });

  it('combines models on shared origins: the mean of their log forecasts, evaluated without refitting', async () => {
    const prices = randomWalk(7, 700);
    const opts = { origins: 10, horizon: 4, window: 300, minTrain: 100, levels: [0.8] };
    const a = await evaluateForecaster(prices, naiveDrift, opts);
    const flat: typeof naiveDrift = (logs, steps, levels) => {
      const last = logs[logs.length - 1];
      const point = Array.from({ length: steps }, () => last);
      return { point, intervals: levels.map((level) => ({ level, lower: point, upper: point })) };
    };
    const b = await evaluateForecaster(prices, flat, opts);
    if (!a || !b) throw new Error('no origins');
    const c = combineRecords([a, b]);
    expect(c.point[3][2]).toBeCloseTo((a.point[3][2] + b.point[3][2]) / 2, 14);
    expect(c.intervals).toBeUndefined();
    expect(summarizeEvaluation(c, 4, [0.8]).coverage[0].model).toBeNull();
    // A combination of a model with itself is that model.
    expect(summarizeEvaluation(combineRecords([a, a]), 4, [0.8]).mase).toBeCloseTo(summarizeEvaluation(a, 4, [0.8]).mase, 12);
    expect(() => combineRecords([a, { ...b, origins: b.origins.map((o) => o + 1) }])).toThrow('share their origins');
  });
});
