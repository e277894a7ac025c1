import fixtures from './__fixtures__/risk-fixtures.json';
import { countVarExceptions, kupiecPof } from './kupiec';
import { RiskMathError } from './errors';

describe('kupiecPof', () => {
  it.each(fixtures.kupiec)('x=$exceptions n=$n p=$p matches scipy', ({ exceptions, n, p, lr, p_value }) => {
    const out = kupiecPof(exceptions, n, p);
    expect(out.lr).toBeCloseTo(lr, 9);
    expect(Math.abs(out.pValue - p_value)).toBeLessThanOrEqual(1e-9 * Math.max(p_value, 1e-6));
    expect(out.observedRate).toBeCloseTo(exceptions / n, 15);
    expect(out.expectedRate).toBe(p);
  });

  it('does not reject a model whose exception rate is exactly p', () => {
    const out = kupiecPof(20, 2000, 0.01);
    expect(out.lr).toBe(0);
    expect(out.pValue).toBe(1);
  });

  it('refuses impossible inputs', () => {
    expect(() => kupiecPof(11, 10, 0.01)).toThrow(RiskMathError);
    expect(() => kupiecPof(1.5, 10, 0.01)).toThrow(RiskMathError);
    expect(() => kupiecPof(1, 10, 1)).toThrow(RiskMathError);
  });
});

describe('countVarExceptions', () => {
  it('counts days whose loss exceeded the VaR forecast', () => {
    expect(countVarExceptions([-5, -10, -10.01, 3], [10, 10, 10, 10])).toBe(1);
    expect(() => countVarExceptions([1], [1, 2])).toThrow(RiskMathError);
  });
});
