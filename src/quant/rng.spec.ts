import { max, mean, min, sampleKurtosis, sampleVariance } from 'simple-statistics';
import { Rng, cyrb128 } from './rng';

const draw = (n: number, f: () => number): number[] => Array.from({ length: n }, f);

describe('Rng', () => {
  it('is a pure function of its seed parts', () => {
    const a = new Rng('seed', 'AAPL', '2024-01-02');
    const b = new Rng('seed', 'AAPL', '2024-01-02');
    expect(draw(1000, () => a.nextUint32())).toEqual(draw(1000, () => b.nextUint32()));
    const c = new Rng('seed', 'AAPL', '2024-01-03');
    expect(new Rng('seed', 'AAPL', '2024-01-02').nextUint32()).not.toBe(c.nextUint32());
  });

  it('keeps part boundaries: (ab, c) and (a, bc) are different streams', () => {
    expect(new Rng('ab', 'c').nextUint32()).not.toBe(new Rng('a', 'bc').nextUint32());
    expect(cyrb128('x')).not.toEqual(cyrb128('y'));
  });

  it('draws uniforms in the open interval with the right moments', () => {
    const rng = new Rng(1);
    const u = draw(100_000, () => rng.uniform());
    expect(min(u)).toBeGreaterThan(0);
    expect(max(u)).toBeLessThan(1);
    expect(mean(u)).toBeCloseTo(0.5, 2);
    expect(sampleVariance(u)).toBeCloseTo(1 / 12, 3);
  });

  it('draws standard normals', () => {
    const rng = new Rng(2);
    const z = draw(100_000, () => rng.normal());
    expect(mean(z)).toBeCloseTo(0, 2);
    expect(sampleVariance(z)).toBeCloseTo(1, 1);
    expect(Math.abs(sampleKurtosis(z))).toBeLessThan(0.1);
    expect(z.filter((x) => Math.abs(x) > 1.96).length / z.length).toBeCloseTo(0.05, 2);
  });

  it('draws gamma variates with mean = variance = shape', () => {
    const rng = new Rng(3);
    for (const shape of [0.5, 2.5, 7]) {
      const g = draw(50_000, () => rng.gamma(shape));
      expect(mean(g) / shape).toBeCloseTo(1, 1);
      expect(sampleVariance(g) / shape).toBeCloseTo(1, 1);
    }
  });

  it('draws Student-t scaled to unit variance, with fat tails', () => {
    const rng = new Rng(4);
    const t8 = draw(50_000, () => rng.studentT(8));
    expect(mean(t8)).toBeCloseTo(0, 2);
    expect(sampleVariance(t8)).toBeCloseTo(1, 1);
    // Excess kurtosis of t(8) is 6 / (8 − 4) = 1.5.
    expect(sampleKurtosis(t8)).toBeGreaterThan(0.8);
    const t5 = draw(50_000, () => rng.studentT(5));
    expect(sampleVariance(t5)).toBeGreaterThan(0.9);
    expect(sampleVariance(t5)).toBeLessThan(1.1);
    expect(sampleKurtosis(t5)).toBeGreaterThan(2);
    expect(() => rng.studentT(2)).toThrow(RangeError);
  });
});

describe('Rng checkpoints', () => {
  it('a generator rebuilt from a checkpoint continues the same stream, cached normal dropped', () => {
    const a = new Rng('monte-carlo', 1);
    a.normal(); // leaves a spare behind; checkpoint must drop it
    const state = a.checkpoint();
    const b = Rng.fromState(state);
    const fromA = [a.normal(), a.uniform(), a.chiSquare(5), a.nextUint32()];
    expect([b.normal(), b.uniform(), b.chiSquare(5), b.nextUint32()]).toEqual(fromA);
  });

  it('chi-square has mean dof and variance 2·dof', () => {
    const rng = new Rng('chi2');
    const xs = draw(50_000, () => rng.chiSquare(6));
    expect(mean(xs)).toBeCloseTo(6, 1);
    expect(sampleVariance(xs) / 12).toBeGreaterThan(0.95);
    expect(sampleVariance(xs) / 12).toBeLessThan(1.05);
  });
});

describe('Rng.fillNormal', () => {
  it.each([0, 1, 2, 7, 100, 101])('gives exactly what %i calls of normal() give, spare included', (n) => {
    const one = new Rng('fill', n);
    const batch = new Rng('fill', n);
    one.normal(); // leaves a spare in both: fillNormal must use it first
    batch.normal();
    for (let round = 0; round < 3; round++) {
      const out = new Float64Array(n);
      batch.fillNormal(out);
      expect(Array.from(out)).toEqual(Array.from({ length: n }, () => one.normal()));
    }
    // The state (and a spare left by an odd length) carries on identically.
    expect(batch.normal()).toBe(one.normal());
    expect(batch.uniform()).toBe(one.uniform());
  });
});
