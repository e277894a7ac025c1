import fc from 'fast-check';
import fixtures from './__fixtures__/risk-fixtures.json';
import { RiskMathError } from './errors';
import { portfolioReturns } from './returns';
import {
  historicalPortfolioVar,
  historicalVar,
  momentsFromReturns,
  monteCarloPortfolioVar,
  parametricPortfolioVar,
  parametricVar,
  parametricVarFromSeries,
  PortfolioVarResult,
  ReturnDistribution,
  sampleVar,
  tailFactors,
} from './var';

const s = fixtures.sample;
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const expectVectorClose = (actual: number[], expected: number[], tol: number) =>
  actual.forEach((v, i) => expect(Math.abs(v - expected[i])).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(expected[i]))));
const componentSums = (r: PortfolioVarResult) => ({
  var: sum(r.positions.map((p) => p.componentVar)),
  cvar: sum(r.positions.map((p) => p.componentCvar)),
});
const T5: ReturnDistribution = { type: 'student-t', dof: 5 };

describe('historical VaR (known answers from numpy)', () => {
  const pnl = portfolioReturns(s.returns, s.values);
  const rp = portfolioReturns(s.returns, s.weights);

  it.each(s.historical)('portfolio of money exposures at c=$confidence', (fx) => {
    const out = historicalPortfolioVar(s.returns, s.values, { confidence: fx.confidence });
    expect(rel(out.var, fx.var)).toBeLessThan(1e-10);
    expect(rel(out.cvar, fx.cvar)).toBeLessThan(1e-10);
    expectVectorClose(out.positions.map((p) => p.marginalVar), fx.marginal_var, 1e-12);
    expectVectorClose(out.positions.map((p) => p.componentVar), fx.component_var, 1e-9);
    expectVectorClose(out.positions.map((p) => p.componentCvar), fx.component_cvar, 1e-9);
    expect(out.portfolioValue).toBe(sum(s.values));
    // the same figures from the P&L series alone
    const fromPnl = historicalVar(pnl, { confidence: fx.confidence, kind: 'pnl' });
    expect(rel(fromPnl.var, fx.var)).toBeLessThan(1e-10);
    expect(rel(fromPnl.cvar, fx.cvar)).toBeLessThan(1e-10);
  });

  it.each(s.historical_returns_series)('return series × portfolio value at c=$confidence', (fx) => {
    const out = historicalVar(rp, { confidence: fx.confidence, portfolioValue: fx.portfolio_value });
    expect(rel(out.var, fx.var)).toBeLessThan(1e-10);
    expect(rel(out.cvar, fx.cvar)).toBeLessThan(1e-10);
    const tenDay = historicalVar(rp, { confidence: fx.confidence, portfolioValue: fx.portfolio_value, horizonDays: 10 });
    expect(rel(tenDay.var, fx.var_10d_sqrt)).toBeLessThan(1e-10);
  });

  it('10-day VaR from overlapping 10-day returns (not scaled)', () => {
    const fx = s.overlapping_10d_99;
    const opts = { confidence: 0.99, horizonDays: 10, horizonMethod: 'overlapping' as const };
    const out = historicalPortfolioVar(s.returns, s.values, opts);
    expect(rel(out.var, fx.var)).toBeLessThan(1e-10);
    expect(rel(out.cvar, fx.cvar)).toBeLessThan(1e-10);
    expectVectorClose(out.positions.map((p) => p.componentVar), fx.component_var, 1e-9);
    expectVectorClose(out.positions.map((p) => p.componentCvar), fx.component_cvar, 1e-9);
    const series = historicalVar(rp, { ...opts, portfolioValue: 1e6 });
    expect(rel(series.var, fx.returns_series_var)).toBeLessThan(1e-10);
    expect(rel(series.cvar, fx.returns_series_cvar)).toBeLessThan(1e-10);
  });

  it('worked example: VaR is the positive loss at the interpolated quantile', () => {
    // 10 outcomes, c = 0.9: h = 9 × 0.1 = 0.9 → q = −5 + 0.9 × (−3 − (−5)) = −3.2
    const x = [-5, -3, -1, 0, 1, 2, 3, 4, 5, 6];
    const out = sampleVar(x, 0.9);
    expect(out.var).toBeCloseTo(3.2, 14);
    expect(out.cvar).toBe(5);
  });

  it('a net-short portfolio value loses on the right tail', () => {
    const x = s.returns.map((row) => row[2]);
    const short = historicalVar(x, { confidence: 0.99, portfolioValue: -5e5 });
    const mirrored = historicalVar(x.map((r) => -r), { confidence: 0.99, portfolioValue: 5e5 });
    expect(short.var).toBeCloseTo(mirrored.var, 8);
    expect(short.cvar).toBeCloseTo(mirrored.cvar, 8);
    const p = parametricVar({ mean: 0.001, sd: 0.02 }, { confidence: 0.99, portfolioValue: -1e6 });
    expect(p.var).toBeCloseTo(1e6 * (0.001 + 2.3263478740408408 * 0.02), 6);
  });

  it('refuses bad confidence, short series and bad horizons', () => {
    expect(() => historicalVar([0.1, 0.2], { confidence: 1 })).toThrow(RiskMathError);
    expect(() => historicalVar([0.1], { confidence: 0.95 })).toThrow(expect.objectContaining({ code: 'INSUFFICIENT_DATA' }));
    expect(() => historicalVar([0.1, 0.2], { confidence: 0.95, horizonDays: 0 })).toThrow(RiskMathError);
    expect(() => historicalPortfolioVar([[0.1], [0.2]], [1, 2], { confidence: 0.95 })).toThrow(/differ/);
  });
});

describe('parametric VaR (known answers from scipy)', () => {
  const moments = momentsFromReturns(s.returns);

  it('sample moments match numpy', () => {
    expectVectorClose(moments.mean, s.mean, 1e-15);
    moments.covariance.forEach((row, i) => expectVectorClose(row, s.covariance[i], 1e-15));
  });

  it.each(fixtures.tail_factors)('tail factors at c=$confidence (CVaR factor by quadrature)', (fx) => {
    const n = tailFactors(fx.confidence);
    expect(rel(n.varFactor, fx.normal_k)).toBeLessThan(1e-12);
    expect(rel(n.cvarFactor, fx.normal_e)).toBeLessThan(1e-10);
    const t = tailFactors(fx.confidence, T5);
    expect(rel(t.varFactor, fx.t5_k)).toBeLessThan(5e-8); // jstat's t quantile and cdf are good to ~2e-8
    expect(rel(t.cvarFactor, fx.t5_e)).toBeLessThan(1e-7); // jstat's t density to ~4e-8
  });

  const cases = [
    ...s.parametric_normal.map((fx) => ({ name: `normal c=${fx.confidence}`, fx, distribution: undefined, tol: 1e-10 })),
    ...s.parametric_t5.map((fx) => ({ name: `t5 c=${fx.confidence}`, fx, distribution: T5, tol: 1e-7 })),
  ];
  it.each(cases)('$name: VaR, CVaR, marginal and component VaR', ({ fx, distribution, tol }) => {
    const out = parametricPortfolioVar(moments, s.values, { confidence: fx.confidence, distribution });
    expect(rel(out.var, fx.var)).toBeLessThan(tol);
    expect(rel(out.cvar, fx.cvar)).toBeLessThan(tol);
    expectVectorClose(out.positions.map((p) => p.marginalVar), fx.marginal_var, tol);
    expectVectorClose(out.positions.map((p) => p.componentVar), fx.component_var, tol);
    expectVectorClose(out.positions.map((p) => p.componentCvar), fx.component_cvar, tol);
    expect(rel(componentSums(out).var, out.var)).toBeLessThan(1e-12);
    expect(rel(componentSums(out).cvar, out.cvar)).toBeLessThan(1e-12);
  });

  it('multi-day: μ·h and σ·√h (normal 10-day zero-mean, t4 5-day)', () => {
    const n10 = s.parametric_normal_10d_zero_mean_99;
    const a = parametricPortfolioVar(moments, s.values, { confidence: 0.99, horizonDays: 10, zeroMean: true });
    expect(rel(a.var, n10.var)).toBeLessThan(1e-10);
    expect(rel(a.cvar, n10.cvar)).toBeLessThan(1e-10);
    expectVectorClose(a.positions.map((p) => p.componentVar), n10.component_var, 1e-10);
    const t4 = s.parametric_t4_5d_99;
    const b = parametricPortfolioVar(moments, s.values, {
      confidence: 0.99,
      horizonDays: 5,
      distribution: { type: 'student-t', dof: 4 },
    });
    expect(rel(b.var, t4.var)).toBeLessThan(1e-7);
    expect(rel(b.cvar, t4.cvar)).toBeLessThan(1e-7);
  });

  it('single-series form: V·(−μh + k·σ√h)', () => {
    const out = parametricVar({ mean: 0.001, sd: 0.02 }, { confidence: 0.99, portfolioValue: 1e6, horizonDays: 4 });
    expect(out.var).toBeCloseTo(1e6 * (-0.004 + 2.3263478740408408 * 0.04), 6);
    const rp = portfolioReturns(s.returns, s.values);
    const fromSeries = parametricVarFromSeries(rp, { confidence: 0.95 });
    expect(rel(fromSeries.var, s.parametric_normal[1].var)).toBeLessThan(1e-10);
    expect(() => parametricVar({ mean: 0, sd: 0.01 }, { confidence: 0.99, distribution: { type: 'student-t', dof: 2 } })).toThrow(
      /dof > 2/,
    );
  });
});

describe('Monte Carlo VaR', () => {
  const moments = momentsFromReturns(s.returns);
  const paths = 100_000;

  it('converges to the closed form: normal and Student-t, 1 and 10 days', () => {
    const normal = monteCarloPortfolioVar(moments, s.values, { confidence: 0.99, paths, seed: 11 });
    const fxN = s.parametric_normal[3];
    expect(rel(normal.var, fxN.var)).toBeLessThan(0.02); // standard error ≈ 0.5%
    expect(rel(normal.cvar, fxN.cvar)).toBeLessThan(0.02);
    // Euler CVaR contributions are tail means: they should land near the analytic ones
    normal.positions.forEach((p, j) => expect(Math.abs(p.componentCvar - fxN.component_cvar[j])).toBeLessThan(0.05 * fxN.cvar));

    const t = monteCarloPortfolioVar(moments, s.values, { confidence: 0.99, paths, seed: 12, distribution: T5 });
    const fxT = s.parametric_t5[3];
    expect(rel(t.var, fxT.var)).toBeLessThan(0.03);
    expect(rel(t.cvar, fxT.cvar)).toBeLessThan(0.04);

    const tenDay = monteCarloPortfolioVar(moments, s.values, {
      confidence: 0.99,
      paths,
      seed: 13,
      horizonDays: 10,
      zeroMean: true,
      contributions: false,
    });
    expect(rel(tenDay.var, s.parametric_normal_10d_zero_mean_99.var)).toBeLessThan(0.02);
    expect(tenDay.positions).toEqual([]);
  });

  it('is deterministic for a seed and components sum to the totals', () => {
    const a = monteCarloPortfolioVar(moments, s.values, { confidence: 0.95, paths: 5000, seed: 3 });
    const b = monteCarloPortfolioVar(moments, s.values, { confidence: 0.95, paths: 5000, seed: 3 });
    const c = monteCarloPortfolioVar(moments, s.values, { confidence: 0.95, paths: 5000, seed: 4 });
    expect(b).toEqual(a);
    expect(c.var).not.toBe(a.var);
    expect(rel(componentSums(a).var, a.var)).toBeLessThan(1e-9);
    expect(rel(componentSums(a).cvar, a.cvar)).toBeLessThan(1e-9);
  });

  it('gives the same VaR and CVaR with and without contributions (the fast tail path is the same estimate)', () => {
    for (const distribution of [{ type: 'normal' as const }, T5]) {
      for (const confidence of [0.95, 0.99, 0.975]) {
        const withParts = monteCarloPortfolioVar(moments, s.values, { confidence, paths: 7_001, seed: 5, distribution });
        const alone = monteCarloPortfolioVar(moments, s.values, { confidence, paths: 7_001, seed: 5, distribution, contributions: false });
        expect(alone.var).toBe(withParts.var);
        expect(alone.cvar).toBe(withParts.cvar);
      }
    }
  });

  it('handles a singular covariance (duplicated asset)', () => {
    const dup = s.returns.map((row) => [row[0], row[0], row[1]]);
    const out = monteCarloPortfolioVar(momentsFromReturns(dup), [100, 100, 50], { confidence: 0.99, paths: 20_000 });
    const ref = parametricPortfolioVar(momentsFromReturns(dup), [100, 100, 50], { confidence: 0.99 });
    expect(rel(out.var, ref.var)).toBeLessThan(0.04);
    // fast-check counterexample: nearly collinear assets with zero exposure
    const nearlySingular = [
      [-0.0000011491958620937729, -0.05434713220439945, 0, 0],
      [0, 4.3626618799821887e-7, -0.00020697498911285893, 0],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [3.1233016441022245e-19, 0, 0, 0],
      [0, 0, 0, 0],
    ];
    const zero = monteCarloPortfolioVar(momentsFromReturns(nearlySingular), [0, 0, 0, 0], {
      confidence: 0.5,
      paths: 500,
      distribution: { type: 'student-t', dof: 2.5 },
    });
    expect(zero.var).toBe(0);
    expect(zero.positions.every((p) => p.componentVar === 0 || Object.is(p.componentVar, -0))).toBe(true);
  });
});

// ------------------------------------------------------------------------------------------------
// Properties
const portfolioArb = fc.integer({ min: 1, max: 5 }).chain((n) =>
  fc.record({
    returns: fc.array(fc.array(fc.double({ min: -0.2, max: 0.2, noNaN: true }), { minLength: n, maxLength: n }), {
      minLength: 5,
      maxLength: 80,
    }),
    values: fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: n, maxLength: n }),
  }),
);
const confidencePair = fc
  .tuple(fc.double({ min: 0.5, max: 0.999, noNaN: true }), fc.double({ min: 0.5, max: 0.999, noNaN: true }))
  .map(([a, b]) => (a <= b ? [a, b] : [b, a]));
const distArb = fc.oneof(
  fc.constant<ReturnDistribution>({ type: 'normal' }),
  fc.double({ min: 2.5, max: 50, noNaN: true }).map((dof): ReturnDistribution => ({ type: 'student-t', dof })),
);
const slack = (x: number) => 1e-9 * Math.max(1, Math.abs(x));

type Method = 'historical' | 'parametric' | 'monte_carlo';
function portfolioVar(
  method: Method,
  returns: number[][],
  values: number[],
  confidence: number,
  distribution: ReturnDistribution = { type: 'normal' },
): PortfolioVarResult {
  if (method === 'historical') return historicalPortfolioVar(returns, values, { confidence });
  const m = momentsFromReturns(returns);
  if (method === 'parametric') return parametricPortfolioVar(m, values, { confidence, distribution });
  return monteCarloPortfolioVar(m, values, { confidence, distribution, paths: 500, seed: 5 });
}
const methods: Method[] = ['historical', 'parametric', 'monte_carlo'];

describe.each(methods)('%s VaR properties', (method) => {
  it('VaR and CVaR are monotone in confidence, and CVaR ≥ VaR', () => {
    fc.assert(
      fc.property(portfolioArb, confidencePair, distArb, ({ returns, values }, [c1, c2], dist) => {
        const lo = portfolioVar(method, returns, values, c1, dist);
        const hi = portfolioVar(method, returns, values, c2, dist);
        expect(hi.var).toBeGreaterThanOrEqual(lo.var - slack(lo.var));
        expect(hi.cvar).toBeGreaterThanOrEqual(lo.cvar - slack(lo.cvar));
        expect(lo.cvar).toBeGreaterThanOrEqual(lo.var - slack(lo.var));
      }),
      { numRuns: method === 'monte_carlo' ? 40 : 100 },
    );
  });

  it('scaling every position by k > 0 scales VaR, CVaR and components by k', () => {
    fc.assert(
      fc.property(portfolioArb, fc.double({ min: 0.01, max: 100, noNaN: true }), confidencePair, (p, k, [c]) => {
        const base = portfolioVar(method, p.returns, p.values, c);
        const scaled = portfolioVar(method, p.returns, p.values.map((v) => v * k), c);
        const tol = (x: number) => 1e-9 * Math.max(1e-6, Math.abs(k * x)) + 1e-9 * Math.abs(k) * sum(p.values.map(Math.abs)) * 1e-3;
        expect(Math.abs(scaled.var - k * base.var)).toBeLessThanOrEqual(tol(base.var));
        expect(Math.abs(scaled.cvar - k * base.cvar)).toBeLessThanOrEqual(tol(base.cvar));
        // Scenario-based components come from the scenarios at the quantile; when two scenarios' P&L tie
        // within rounding, scaling may swap which one is picked, so only the analytic ones are checked.
        if (method === 'parametric') {
          scaled.positions.forEach((pos, j) =>
            expect(Math.abs(pos.componentVar - k * base.positions[j].componentVar)).toBeLessThanOrEqual(
              tol(base.positions[j].componentVar),
            ),
          );
        }
      }),
      { numRuns: method === 'monte_carlo' ? 40 : 100 },
    );
  });

  it('component VaRs sum to VaR and component CVaRs to CVaR', () => {
    fc.assert(
      fc.property(portfolioArb, confidencePair, distArb, ({ returns, values }, [c], dist) => {
        const out = portfolioVar(method, returns, values, c, dist);
        const sums = componentSums(out);
        const scale = 1e-10 * (1 + sum(values.map(Math.abs)));
        expect(Math.abs(sums.var - out.var)).toBeLessThanOrEqual(scale);
        expect(Math.abs(sums.cvar - out.cvar)).toBeLessThanOrEqual(scale);
      }),
      { numRuns: method === 'monte_carlo' ? 40 : 100 },
    );
  });
});

describe('single-series VaR properties', () => {
  const seriesArb = fc.array(fc.double({ min: -0.5, max: 0.5, noNaN: true }), { minLength: 2, maxLength: 300 });
  it('historical and parametric VaR are monotone in confidence and scale with the portfolio value', () => {
    fc.assert(
      fc.property(seriesArb, confidencePair, fc.double({ min: 1, max: 1e7, noNaN: true }), (x, [c1, c2], v) => {
        const h1 = historicalVar(x, { confidence: c1, portfolioValue: v });
        const h2 = historicalVar(x, { confidence: c2, portfolioValue: v });
        expect(h2.var).toBeGreaterThanOrEqual(h1.var - slack(h1.var));
        expect(h2.cvar).toBeGreaterThanOrEqual(h1.cvar - slack(h1.cvar));
        const unit = historicalVar(x, { confidence: c1 });
        expect(Math.abs(h1.var - v * unit.var)).toBeLessThanOrEqual(slack(h1.var));
        const p1 = parametricVarFromSeries(x, { confidence: c1, portfolioValue: v });
        const p2 = parametricVarFromSeries(x, { confidence: c2, portfolioValue: v });
        expect(p2.var).toBeGreaterThanOrEqual(p1.var - slack(p1.var));
      }),
      { numRuns: 200 },
    );
  });
});
