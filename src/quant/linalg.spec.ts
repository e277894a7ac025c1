import fixtures from './__fixtures__/risk-fixtures.json';
import { RiskMathError } from './errors';
import { cholesky, covarianceMatrix, matVec, pivotedCholesky } from './linalg';

const maxAbsDiff = (a: number[][], b: number[][]) =>
  Math.max(...a.flatMap((row, i) => row.map((v, j) => Math.abs(v - b[i][j]))));

describe('linalg', () => {
  it('covarianceMatrix (ddof 1) matches np.cov(rowvar=False)', () => {
    expect(maxAbsDiff(covarianceMatrix(fixtures.sample.returns), fixtures.sample.covariance)).toBeLessThan(1e-17);
  });

  it('cholesky matches np.linalg.cholesky and reproduces A', () => {
    const a = fixtures.sample.covariance;
    const l = cholesky(a);
    expect(maxAbsDiff(l, fixtures.sample.cholesky)).toBeLessThan(1e-15);
    const llt = l.map((_, i) => l.map((__, j) => l[i].reduce((s, v, k) => s + v * l[j][k], 0)));
    expect(maxAbsDiff(llt, a)).toBeLessThan(1e-18);
  });

  it('factors a singular (rank-1) covariance and refuses an indefinite matrix', () => {
    const v = [0.01, 0.02, -0.015];
    const rank1 = v.map((x) => v.map((y) => x * y));
    const l = cholesky(rank1);
    const llt = l.map((_, i) => l.map((__, j) => l[i].reduce((s, x, k) => s + x * l[j][k], 0)));
    expect(maxAbsDiff(llt, rank1)).toBeLessThan(1e-18);
    expect(() => cholesky([[1, 2], [2, 1]])).toThrow(RiskMathError);
    expect(() => cholesky([[1, 2]])).toThrow(/square/);
  });

  it('pivoted Cholesky reproduces full-rank, rank-deficient and nearly singular covariances', () => {
    const outer = (f: number[][]) => f.map((_, i) => f.map((__, j) => f[i].reduce((s, x, k) => s + x * f[j][k], 0)));
    const full = pivotedCholesky(fixtures.sample.covariance);
    expect(full.rank).toBe(4);
    expect(maxAbsDiff(outer(full.factor), fixtures.sample.covariance)).toBeLessThan(1e-18);

    const v = [0.01, 0.02, -0.015];
    const rank1 = v.map((x) => v.map((y) => x * y));
    const r1 = pivotedCholesky(rank1);
    expect(r1.rank).toBe(1);
    expect(maxAbsDiff(outer(r1.factor), rank1)).toBeLessThan(1e-18);

    // found by fast-check: plain Cholesky loses this one to cancellation (two nearly collinear assets)
    const returns = [
      [-0.0000011491958620937729, -0.05434713220439945, 0, 0],
      [0, 4.3626618799821887e-7, -0.00020697498911285893, 0],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [3.1233016441022245e-19, 0, 0, 0],
      [0, 0, 0, 0],
    ];
    const nearlySingular = covarianceMatrix(returns);
    const ns = pivotedCholesky(nearlySingular);
    expect(maxAbsDiff(outer(ns.factor), nearlySingular)).toBeLessThan(1e-18);

    expect(pivotedCholesky([[0, 0], [0, 0]]).rank).toBe(0);
    expect(() => pivotedCholesky([[1, 2], [2, 1]])).toThrow(RiskMathError);
  });

  it('matVec', () => {
    expect(matVec([[1, 2], [3, 4]], [1, -1])).toEqual([-1, -1]);
  });
});
