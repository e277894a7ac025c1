import { RiskMathError } from './errors';

export type Matrix = number[][];

/**
 * Lower-triangular L with L·Lᵀ = A (plain Cholesky, numpy's factor) for a symmetric positive definite A.
 * A pivot that is zero within rounding gets a zero column, but a nearly singular A can still fail here:
 * simulations use `pivotedCholesky`, which is stable for any covariance.
 */
export function cholesky(a: readonly (readonly number[])[]): Matrix {
  const n = a.length;
  for (const row of a) {
    if (row.length !== n) throw new RiskMathError('INVALID_INPUT', 'cholesky needs a square matrix');
  }
  let maxDiag = 0;
  for (let i = 0; i < n; i++) maxDiag = Math.max(maxDiag, Math.abs(a[i][i]));
  const tol = maxDiag * n * 1e-12;
  const l: Matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let j = 0; j < n; j++) {
    let d = a[j][j];
    for (let k = 0; k < j; k++) d -= l[j][k] * l[j][k];
    if (d < -tol) {
      throw new RiskMathError('NOT_POSITIVE_SEMIDEFINITE', `matrix is not positive semi-definite (pivot ${j} = ${d})`);
    }
    if (d <= tol) continue; // zero column
    const ljj = Math.sqrt(d);
    l[j][j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i][j];
      for (let k = 0; k < j; k++) s -= l[i][k] * l[j][k];
      l[i][j] = s / ljj;
    }
  }
  return l;
}

export interface PivotedCholesky {
  /** n × rank, rows in A's order: F·Fᵀ = A up to a residual whose diagonal is ≤ n·ε·max(diag A). */
  factor: Matrix;
  rank: number;
}

/**
 * Cholesky with symmetric (diagonal) pivoting, as LAPACK's dpstrf: F·Fᵀ = A for a symmetric positive
 * semi-definite A of any rank (redundant assets, more assets than observations). Stops when the
 * largest remaining pivot is ≤ n·ε·max(diag A); a clearly negative remainder means A is not PSD.
 */
export function pivotedCholesky(a: readonly (readonly number[])[]): PivotedCholesky {
  const n = a.length;
  for (const row of a) {
    if (row.length !== n) throw new RiskMathError('INVALID_INPUT', 'cholesky needs a square matrix');
  }
  const d = a.map((row, i) => row[i]);
  const maxDiag = d.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
  const tol = n * Number.EPSILON * maxDiag;
  const f: Matrix = Array.from({ length: n }, () => [] as number[]);
  const used = new Array<boolean>(n).fill(false);
  let rank = 0;
  for (; rank < n; rank++) {
    let p = -1;
    for (let i = 0; i < n; i++) if (!used[i] && (p < 0 || d[i] > d[p])) p = i;
    if (d[p] <= tol) break;
    used[p] = true;
    const piv = Math.sqrt(d[p]);
    for (let i = 0; i < n; i++) {
      if (used[i] && i !== p) {
        f[i].push(0);
        continue;
      }
      if (i === p) {
        f[i].push(piv);
        continue;
      }
      let s = a[i][p];
      for (let k = 0; k < rank; k++) s -= f[i][k] * f[p][k];
      const v = s / piv;
      f[i].push(v);
      d[i] -= v * v;
    }
  }
  for (let i = 0; i < n; i++) {
    if (!used[i] && d[i] < -1e-9 * maxDiag) {
      throw new RiskMathError('NOT_POSITIVE_SEMIDEFINITE', `matrix is not positive semi-definite (residual ${d[i]})`);
    }
  }
  return { factor: f, rank };
}

/** y = A·x. */
export function matVec(a: readonly (readonly number[])[], x: readonly number[]): number[] {
  return a.map((row) => dot(row, x));
}

/** xᵀ·y. */
export function dot(x: readonly number[], y: readonly number[]): number {
  if (x.length !== y.length) throw new RiskMathError('INVALID_INPUT', 'dot product of vectors of different lengths');
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * y[i];
  return s;
}

/** Column j of a row-major matrix. */
export function column(m: readonly (readonly number[])[], j: number): number[] {
  return m.map((row) => row[j]);
}

/** The sub-matrix of the given columns, in their order. */
export function columns(m: readonly (readonly number[])[], cols: readonly number[]): number[][] {
  return m.map((row) => cols.map((j) => row[j]));
}

/** Column means of a T×N matrix (rows are observations). */
export function columnMeans(m: readonly (readonly number[])[]): number[] {
  const t = m.length;
  if (t === 0) throw new RiskMathError('INSUFFICIENT_DATA', 'empty matrix');
  const n = m[0].length;
  const out = new Array<number>(n).fill(0);
  for (const row of m) for (let j = 0; j < n; j++) out[j] += row[j];
  return out.map((s) => s / t);
}

/**
 * Covariance matrix of a T×N matrix (rows are observations, like numpy's `np.cov(x, rowvar=False)`):
 * Σᵢⱼ = Σₜ (xₜᵢ − x̄ᵢ)(xₜⱼ − x̄ⱼ) / (T − ddof). Default ddof 1 (sample).
 */
export function covarianceMatrix(m: readonly (readonly number[])[], ddof = 1): Matrix {
  const t = m.length;
  if (t - ddof < 1) throw new RiskMathError('INSUFFICIENT_DATA', `covariance needs more than ${ddof} observations`);
  const n = m[0].length;
  const mu = columnMeans(m);
  const cov: Matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const dev = new Float64Array(n);
  for (const row of m) {
    if (row.length !== n) throw new RiskMathError('INVALID_INPUT', 'ragged return matrix');
    for (let j = 0; j < n; j++) dev[j] = row[j] - mu[j];
    for (let i = 0; i < n; i++) {
      const di = dev[i];
      const ci = cov[i];
      for (let j = 0; j <= i; j++) ci[j] += di * dev[j];
    }
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      cov[i][j] /= t - ddof;
      cov[j][i] = cov[i][j];
    }
  }
  return cov;
}
