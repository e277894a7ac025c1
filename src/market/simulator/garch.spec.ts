import { max, mean, sampleKurtosis } from 'simple-statistics';
import { Rng } from '../../quant/rng';
import { UnitGarch, clippedTVariance } from './garch';

const P = { alpha: 0.05, beta: 0.92, nu: 5, clip: 6 };

function lag1Autocorrelation(x: number[]): number {
  const m = mean(x);
  let num = 0;
  let den = 0;
  for (let i = 0; i < x.length; i++) {
    den += (x[i] - m) ** 2;
    if (i > 0) num += (x[i] - m) * (x[i - 1] - m);
  }
  return num / den;
}

describe('UnitGarch', () => {
  it('gives the same series grown in steps or at once', () => {
    const once = new UnitGarch(P, 's', 'MARKET');
    once.ensure(5000);
    const steps = new UnitGarch(P, 's', 'MARKET');
    for (const n of [1, 17, 1024, 1025, 3000, 5000]) steps.ensure(n);
    expect(Array.from(steps.values.subarray(0, 5000))).toEqual(Array.from(once.values.subarray(0, 5000)));
    expect(Array.from(steps.variances.subarray(0, 5000))).toEqual(Array.from(once.variances.subarray(0, 5000)));
  });

  it.each(['a', 'b', 'c'])('has unit variance, fat tails and clustering (seed %s)', (seed) => {
    const g = new UnitGarch(P, seed, 'MARKET');
    g.ensure(60_000);
    const x = Array.from(g.values.subarray(0, 60_000));
    expect(mean(x.map((v) => v * v))).toBeGreaterThan(0.85);
    expect(mean(x.map((v) => v * v))).toBeLessThan(1.15);
    expect(sampleKurtosis(x)).toBeGreaterThan(1);
    expect(lag1Autocorrelation(x.map((v) => v * v))).toBeGreaterThan(0.02);
    const biggestShock = max(x.map((v, i) => Math.abs(v) / Math.sqrt(g.variances[i])));
    expect(biggestShock).toBeLessThanOrEqual(P.clip / Math.sqrt(clippedTVariance(P.nu, P.clip)) + 1e-9);
  });

  it('knows the variance a clip removes from a unit-variance t', () => {
    expect(clippedTVariance(5, 1e9)).toBeCloseTo(1, 9);
    expect(clippedTVariance(8, 1e9)).toBeCloseTo(1, 9);
    expect(clippedTVariance(5, 6)).toBeGreaterThan(0.98);
    expect(clippedTVariance(5, 6)).toBeLessThan(0.99);
    const rng = new Rng('clip');
    let sum = 0;
    for (let i = 0; i < 100_000; i++) sum += Math.min(rng.studentT(5) ** 2, 4);
    expect(sum / 100_000).toBeCloseTo(clippedTVariance(5, 2), 2);
  });

  it('refuses non-stationary parameters', () => {
    expect(() => new UnitGarch({ ...P, alpha: 0.1, beta: 0.9 }, 's')).toThrow(RangeError);
    expect(() => new UnitGarch({ ...P, nu: 2 }, 's')).toThrow(RangeError);
  });
});
