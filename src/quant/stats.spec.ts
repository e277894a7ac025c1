import fixtures from './__fixtures__/risk-fixtures.json';
import { RiskMathError } from './errors';
import { mean, populationCovariance, populationVariance, quantile, sampleStd } from './stats';

describe('stats', () => {
  const x = fixtures.sample.returns.map((row) => row[0]);

  it('quantile matches numpy.quantile (linear) at every probability', () => {
    fixtures.sample.quantiles.p.forEach((p, i) => {
      expect(quantile(x, p)).toBeCloseTo(fixtures.sample.quantiles.q[i], 15);
    });
  });

  it('quantile interpolates between order statistics like numpy', () => {
    expect(quantile([1, 2, 3, 4], 0.3)).toBeCloseTo(1.9, 15);
    expect(quantile([10, 1, 7], 0.5)).toBe(7);
    expect(quantile([5], 0.01)).toBe(5);
    expect(() => quantile([], 0.5)).toThrow(RiskMathError);
    expect(() => quantile([1, Number.NaN], 0.5)).toThrow(/finite/);
  });

  it('moments', () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(sampleStd([1, 2, 3, 4])).toBeCloseTo(Math.sqrt(5 / 3), 15);
    expect(populationVariance([1, 2, 3, 4])).toBeCloseTo(1.25, 15);
    expect(populationCovariance([1, 2, 3], [1, 3, 2])).toBeCloseTo(1 / 3, 15);
  });
});
