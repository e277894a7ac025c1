import fc from 'fast-check';
import fixtures from './__fixtures__/risk-fixtures.json';
import {
  annualizedVolatility,
  beta,
  correlationMatrix,
  downsideDeviation,
  jensenAlpha,
  maxDrawdown,
  maxDrawdownFromValues,
  periodRiskFreeRate,
  sharpeRatio,
  sortinoRatio,
} from './performance';
import { portfolioReturns } from './returns';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe('performance: the issue example', () => {
  const ex = fixtures.issue_example;
  const { returns: r, benchmark: b } = ex;

  it('gives the published values', () => {
    expect(sharpeRatio(r)).toBeCloseTo(1.232775, 6);
    expect(beta(r, b)).toBeCloseTo(1.307033, 6);
    expect(maxDrawdown(r)).toBeCloseTo(-0.032819, 6);
  });

  it('matches numpy to machine precision, with rf 0 and 4% a year', () => {
    expect(rel(sharpeRatio(r), ex.sharpe)).toBeLessThan(1e-12);
    expect(rel(beta(r, b), ex.beta)).toBeLessThan(1e-12);
    expect(rel(maxDrawdown(r), ex.max_drawdown)).toBeLessThan(1e-12);
    expect(rel(sortinoRatio(r), ex.sortino)).toBeLessThan(1e-12);
    expect(rel(jensenAlpha(r, b), ex.alpha)).toBeLessThan(1e-12);
    expect(rel(annualizedVolatility(r), ex.volatility)).toBeLessThan(1e-12);
    const opts = { riskFreeRate: 0.04 };
    expect(rel(periodRiskFreeRate(0.04), ex.rf_4pct.rf_period)).toBeLessThan(1e-12);
    expect(rel(sharpeRatio(r, opts), ex.rf_4pct.sharpe)).toBeLessThan(1e-12);
    expect(rel(sortinoRatio(r, opts), ex.rf_4pct.sortino)).toBeLessThan(1e-12);
    expect(rel(jensenAlpha(r, b, opts), ex.rf_4pct.alpha)).toBeLessThan(1e-12);
  });
});

describe('performance: 750-day seeded sample', () => {
  const s = fixtures.sample;
  const rp = portfolioReturns(s.returns, s.weights);
  const perf = s.performance;
  const opts = { riskFreeRate: perf.risk_free_rate };

  it('Sharpe, Sortino, beta, alpha, volatility, drawdown match numpy', () => {
    expect(rel(sharpeRatio(rp, opts), perf.sharpe)).toBeLessThan(1e-10);
    expect(rel(sortinoRatio(rp, opts), perf.sortino)).toBeLessThan(1e-10);
    expect(rel(sharpeRatio(rp), perf.sharpe_rf0)).toBeLessThan(1e-10);
    expect(rel(sortinoRatio(rp), perf.sortino_rf0)).toBeLessThan(1e-10);
    expect(rel(downsideDeviation(rp), perf.downside_deviation)).toBeLessThan(1e-12);
    expect(rel(beta(rp, s.benchmark), perf.beta)).toBeLessThan(1e-10);
    expect(rel(jensenAlpha(rp, s.benchmark, opts), perf.alpha)).toBeLessThan(1e-10);
    expect(rel(annualizedVolatility(rp), perf.volatility)).toBeLessThan(1e-12);
    expect(rel(maxDrawdown(rp), perf.max_drawdown)).toBeLessThan(1e-12);
  });

  it('drawdown from a value series equals drawdown from its returns', () => {
    const values = [1000];
    for (const r of rp) values.push(values[values.length - 1] * (1 + r));
    expect(maxDrawdownFromValues(values)).toBeCloseTo(maxDrawdown(rp), 12);
    expect(maxDrawdown([0.01, 0.02])).toBe(0);
  });

  it('correlation matrix matches np.corrcoef', () => {
    const m = correlationMatrix(s.symbols, s.returns);
    s.symbols.forEach((a, i) =>
      s.symbols.forEach((b, j) => expect(m[a][b]).toBeCloseTo(s.correlation[i][j], 13)),
    );
  });

  it('degenerate cases follow IEEE division, as empyrical does', () => {
    expect(sortinoRatio([0.01, 0.02, 0.03])).toBe(Infinity);
    expect(beta([0.01, 0.02], [0.01, 0.02])).toBeCloseTo(1, 14);
  });
});

describe('correlation matrix properties', () => {
  const matrix = fc.integer({ min: 1, max: 6 }).chain((n) =>
    fc.tuple(
      fc.constant(n),
      fc.array(
        fc.array(fc.oneof(fc.double({ min: -0.3, max: 0.3, noNaN: true }), fc.constant(0)), {
          minLength: n,
          maxLength: n,
        }),
        { minLength: 2, maxLength: 40 },
      ),
    ),
  );

  it('is symmetric with a unit diagonal and entries in [-1, 1]', () => {
    fc.assert(
      fc.property(matrix, ([n, rows]) => {
        const symbols = Array.from({ length: n }, (_, i) => `S${i}`);
        const m = correlationMatrix(symbols, rows);
        return symbols.every(
          (a) =>
            m[a][a] === 1 &&
            symbols.every((b) => m[a][b] === m[b][a] && Number.isFinite(m[a][b]) && Math.abs(m[a][b]) <= 1),
        );
      }),
      { numRuns: 150 },
    );
  });
});
