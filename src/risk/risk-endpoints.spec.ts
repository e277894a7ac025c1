import { FakeMarket } from '../../test/support/fake-market';
import { FakeHoldings } from '../../test/support/holdings';
import { AppError } from '../common/errors/app-error';
import { ManualClock } from '../market/clock';
import type { PortfolioRiskQueryDto } from './dto/portfolio-risk.dto';
import type { StressTestRequestDto } from './dto/stress-test.dto';
import type { VarRequestDto } from './dto/var.dto';
import { PriceHistoryLoader } from './price-history';
import { RiskDependencies } from './risk-dependencies';
import { PortfolioRiskService } from './portfolio-risk.service';
import { RiskResultCache } from './risk-cache';
import { StressTestService } from './stress-test.service';
import { VarService } from './var.service';
import { findScenario, indexShock } from './scenarios';

const ALICE = 'user-alice';
const BOB = 'user-bob';
const P1 = '11111111-1111-4111-8111-111111111111';
const EMPTY = '22222222-2222-4222-8222-222222222222';
const BOBS = '33333333-3333-4333-8333-333333333333';

/** numpy's default (linear) quantile, written independently of the math module. */
function npQuantile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  return s[lo] + (h - lo) * (s[Math.min(lo + 1, s.length - 1)] - s[lo]);
}

async function rejection(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

describe('Risk endpoint services', () => {
  let clock: ManualClock;
  let market: FakeMarket;
  let reader: FakeHoldings;
  let service: ReturnType<typeof build>;
  const q = (over: Partial<PortfolioRiskQueryDto> = {}) => over as PortfolioRiskQueryDto;
  const build = () => {
    const deps = RiskDependencies.of({ market, holdings: reader, clock });
    const prices = new PriceHistoryLoader(deps);
    const cache = new RiskResultCache();
    return {
      portfolio: new PortfolioRiskService(deps, prices, cache),
      var: new VarService(prices, cache),
      stress: new StressTestService(deps, prices, cache),
      cache,
    };
  };

  beforeEach(() => {
    clock = new ManualClock('2026-06-15T21:00:00Z');
    market = new FakeMarket({ clock, history: {} });
    reader = new FakeHoldings();
    reader.set(P1, {
      userId: ALICE,
      cash: '10000',
      positions: [
        { symbol: 'AAPL', quantity: '100' },
        { symbol: 'JPM', quantity: '50' },
        { symbol: 'XOM', quantity: '80' },
      ],
    });
    reader.set(EMPTY, { userId: ALICE, cash: '5000', positions: [] });
    reader.set(BOBS, { userId: BOB, cash: '1', positions: [{ symbol: 'SPY', quantity: '1' }] });
    service = build();
  });

  async function spyReturns(lookbackFrom: string): Promise<{ returns: number[]; last: number }> {
    const closes = (await market.getDailyCloses('SPY', lookbackFrom, '2026-06-15')).map((c) => c.close.toNumber());
    return { returns: closes.slice(1).map((c, t) => c / closes[t] - 1), last: closes[closes.length - 1] };
  }

  describe('portfolio risk', () => {
    it('returns every seed field, finite and consistent', async () => {
      const r = await service.portfolio.portfolioRisk(ALICE, P1, q());
      expect(r).toMatchObject({ portfolio_id: P1, method: 'historical', lookback: '2y', benchmark: 'SPY', series: 'holdings' });
      expect(r.as_of).toBe('2026-06-15');
      expect(r.start_date >= '2024-06-15').toBe(true);
      expect(r.observations).toBeGreaterThan(500);
      expect(r.var_95).toBeGreaterThan(0);
      expect(r.var_95).toBeLessThanOrEqual(r.var_99);
      expect(r.var_99).toBeLessThanOrEqual(r.var_999);
      expect(r.cvar_95).toBeGreaterThanOrEqual(r.var_95);
      expect(r.cvar_99).toBeGreaterThanOrEqual(r.var_99);
      for (const k of ['sharpe_ratio', 'sortino_ratio', 'volatility', 'max_drawdown', 'beta', 'alpha'] as const) {
        expect(Number.isFinite(r[k])).toBe(true);
      }
      expect(r.max_drawdown).toBeLessThanOrEqual(0);
      expect(r.beta).toBeGreaterThan(0.5);
      expect(Object.keys(r.correlation_matrix).sort()).toEqual(['AAPL', 'JPM', 'XOM']);
      expect(r.correlation_matrix.AAPL.AAPL).toBe(1);
      expect(r.correlation_matrix.AAPL.JPM).toBe(r.correlation_matrix.JPM.AAPL);
      const weights = Object.values(r.sector_exposure).reduce((s, w) => s + w, 0);
      expect(weights).toBeCloseTo(1, 5);
      expect(Object.keys(r.sector_exposure).sort()).toEqual(['Energy', 'Financials', 'Information Technology']);
      expect(r.portfolio_value).toBeCloseTo(r.invested_value + 10000, 2);
      expect(JSON.stringify(r)).not.toMatch(/NaN|Infinity/);
    });

    it('VaR of a single SPY holding is value × the numpy quantile of SPY returns', async () => {
      reader.set(P1, { userId: ALICE, cash: '0', positions: [{ symbol: 'SPY', quantity: '10' }] });
      const r = await service.portfolio.portfolioRisk(ALICE, P1, q({ lookback: '1y' }));
      const { returns, last } = await spyReturns(r.start_date);
      const value = 10 * last;
      expect(r.var_95).toBeCloseTo(-value * npQuantile(returns, 0.05), 2);
      expect(r.var_99).toBeCloseTo(-value * npQuantile(returns, 0.01), 2);
      expect(r.beta).toBeCloseTo(1, 6); // SPY against itself
      expect(r.alpha).toBeCloseTo(0, 6);
    });

    it('computes the ratios from current holdings plus current cash', async () => {
      reader.set(P1, { userId: ALICE, cash: '1000', positions: [{ symbol: 'SPY', quantity: '10' }] });
      const r = await service.portfolio.portfolioRisk(ALICE, P1, q({ lookback: '1y' }));
      const closes = (await market.getDailyCloses('SPY', r.start_date, r.as_of)).map((c) => c.close.toNumber());
      const v = closes.map((c) => 1000 + 10 * c);
      const rets = v.slice(1).map((x, t) => x / v[t] - 1);
      const mean = rets.reduce((s, x) => s + x, 0) / rets.length;
      const sd = Math.sqrt(rets.reduce((s, x) => s + (x - mean) ** 2, 0) / (rets.length - 1));
      expect(r.sharpe_ratio).toBeCloseTo((mean / sd) * Math.sqrt(252), 5);
      expect(r.volatility).toBeCloseTo(sd * Math.sqrt(252), 5);
      expect(r.beta).toBeLessThan(1); // cash dilutes the market exposure
    });

    it('uses parametric and Monte Carlo on request; Monte Carlo is deterministic per seed', async () => {
      const p = await service.portfolio.portfolioRisk(ALICE, P1, q({ method: 'parametric' }));
      const h = await service.portfolio.portfolioRisk(ALICE, P1, q());
      expect(p.method).toBe('parametric');
      expect(p.var_95 / h.var_95).toBeGreaterThan(0.7);
      expect(p.var_95 / h.var_95).toBeLessThan(1.3);
      const m1 = await service.portfolio.portfolioRisk(ALICE, P1, q({ method: 'monte_carlo', paths: 5000, seed: 3 }));
      const fresh = build();
      const m2 = await fresh.portfolio.portfolioRisk(ALICE, P1, q({ method: 'monte_carlo', paths: 5000, seed: 3 }));
      expect(m2).toEqual(m1);
      expect(m1).toMatchObject({ paths: 5000, seed: 3 });
      const m3 = await fresh.portfolio.portfolioRisk(ALICE, P1, q({ method: 'monte_carlo', paths: 5000, seed: 4 }));
      expect(m3.var_95).not.toBe(m1.var_95);
      expect(m1.var_95 / p.var_95).toBeGreaterThan(0.9);
      expect(m1.var_95 / p.var_95).toBeLessThan(1.1);
    });

    it('refuses an empty portfolio with 422 and a reason', async () => {
      const e = await rejection(service.portfolio.portfolioRisk(ALICE, EMPTY, q()));
      expect(e.status).toBe(422);
      expect(e.errorName).toBe('ValidationError');
      expect(e.message).toMatch(/no positions/);
    });

    it('answers 404 for a portfolio of another user', async () => {
      const e = await rejection(service.portfolio.portfolioRisk(ALICE, BOBS, q()));
      expect(e.status).toBe(404);
    });

    it('refuses too little history with 422 InsufficientHistory', async () => {
      reader.set(P1, { userId: ALICE, cash: '0', positions: [{ symbol: 'NEWCO', quantity: '10' }] });
      const e = await rejection(service.portfolio.portfolioRisk(ALICE, P1, q()));
      expect(e).toMatchObject({ status: 422, errorName: 'InsufficientHistory' });
      expect(e.details).toMatchObject({ required: 50 });
    });

    it('refuses an unknown benchmark with 422 UnknownSymbol', async () => {
      const e = await rejection(service.portfolio.portfolioRisk(ALICE, P1, q({ benchmark: 'NOPE' })));
      expect(e).toMatchObject({ status: 422, errorName: 'UnknownSymbol' });
      expect(e.details).toMatchObject({ field: 'benchmark', code: 'UNKNOWN_SYMBOL' });
    });

    it('gives null, not NaN, for ratios of a series that never moves', async () => {
      reader.set(P1, { userId: ALICE, cash: '0', positions: [{ symbol: 'FLAT', quantity: '10' }] });
      const r = await service.portfolio.portfolioRisk(ALICE, P1, q());
      expect(r.var_95).toBe(0);
      expect(r.sharpe_ratio).toBeNull();
      expect(r.sortino_ratio).toBeNull();
      expect(r.volatility).toBe(0);
      expect(r.max_drawdown).toBe(0);
      expect(r.beta).toBe(0);
      expect(JSON.stringify(r)).not.toMatch(/NaN|Infinity/);
    });

    it('series=actual needs recorded NAV covering the lookback, and then uses it', async () => {
      const e = await rejection(service.portfolio.portfolioRisk(ALICE, P1, q({ series: 'actual' })));
      expect(e).toMatchObject({ status: 422, errorName: 'InsufficientHistory' });
      expect(e.message).toMatch(/series=holdings/);
      // record a NAV that doubles the SPY path: its beta to SPY is 1
      const spy = await market.getDailyCloses('SPY', '2025-01-01', '2026-06-15');
      reader.set(P1, {
        userId: ALICE,
        cash: '0',
        positions: [{ symbol: 'AAPL', quantity: '1' }],
        nav: spy.map((c) => ({ date: c.date, nav: c.close.times(2).toString() })),
      });
      const r = await service.portfolio.portfolioRisk(ALICE, P1, q({ series: 'actual', lookback: '1y' }));
      expect(r.series).toBe('actual');
      expect(r.beta).toBeCloseTo(1, 4);
      const short = await rejection(service.portfolio.portfolioRisk(ALICE, P1, q({ series: 'actual', lookback: '2y' })));
      expect(short.message).toMatch(/starts 2025-01-01/);
    });

    it('caches per holdings version and market data; recomputes when either changes', async () => {
      const a = await service.portfolio.portfolioRisk(ALICE, P1, q());
      const b = await service.portfolio.portfolioRisk(ALICE, P1, q());
      expect(b).toBe(a); // same cached object
      reader.bump(P1, '2');
      const c = await service.portfolio.portfolioRisk(ALICE, P1, q());
      expect(c).not.toBe(a);
      expect(c).toEqual(a); // same holdings content, same numbers
      market.setClose('AAPL', '2026-06-15', 10);
      const d = await service.portfolio.portfolioRisk(ALICE, P1, q());
      expect(d.var_95).not.toBe(c.var_95);
    });
    it('concurrent identical requests share one computation', async () => {
      service.cache.clear();
      const [a, b] = await Promise.all([service.portfolio.portfolioRisk(ALICE, P1, q()), service.portfolio.portfolioRisk(ALICE, P1, q())]);
      expect(b).toBe(a);
    });
  });

  describe('POST var', () => {
    const body = (over: Partial<VarRequestDto> = {}): VarRequestDto =>
      ({ positions: [{ symbol: 'AAPL', value: 17584 }, { symbol: 'MSFT', value: 25000 }], ...over }) as VarRequestDto;

    it('defaults: historical, 95%, 1 day, 1y; contributions sum to VaR', async () => {
      const r = await service.var.valueAtRisk(body());
      expect(r).toMatchObject({ method: 'historical', confidence_level: 0.95, time_horizon: 1, lookback: '1y', portfolio_value: 42584 });
      expect(r.var).toBeGreaterThan(0);
      expect(r.cvar).toBeGreaterThanOrEqual(r.var);
      const sum = r.positions.reduce((s, p) => s + p.component_var, 0);
      expect(Math.abs(sum - r.var)).toBeLessThan(0.02);
    });

    it('parametric components sum to the total; √h scaling', async () => {
      const one = await service.var.valueAtRisk(body({ method: 'parametric', confidence_level: 0.99 }));
      const sum = one.positions.reduce((s, p) => s + p.component_var, 0);
      expect(Math.abs(sum - one.var)).toBeLessThan(0.02);
      // VaR(h) = −μₚ·h + z·σₚ·√h: two horizons fix μₚ and σₚ, a third must follow
      const at = async (h: number) =>
        (await service.var.valueAtRisk(body({ method: 'parametric', confidence_level: 0.99, time_horizon: h }))).var;
      const [v1, v4, v9] = [one.var, await at(4), await at(9)];
      const a = (2 * v1 - v4) / 2; // v1 = −a + zs, v4 = −4a + 2·zs
      const zs = v1 + a;
      expect(v9).toBeCloseTo(-9 * a + 3 * zs, 1);
    });

    it('a short has positive VaR and a hedge has a negative component', async () => {
      const r = await service.var.valueAtRisk(body({ positions: [{ symbol: 'SPY', value: 100000 }, { symbol: 'AAPL', value: -10000 }], method: 'parametric' }));
      expect(r.var).toBeGreaterThan(0);
      expect(r.portfolio_value).toBe(90000);
      expect(r.positions[1].component_var).toBeLessThan(0);
    });

    it('single SPY position: value × numpy quantile of its returns', async () => {
      const r = await service.var.valueAtRisk(body({ positions: [{ symbol: 'SPY', value: 100000 }], confidence_level: 0.99 }));
      const { returns } = await spyReturns(r.start_date);
      expect(r.var).toBeCloseTo(-100000 * npQuantile(returns, 0.01), 2);
    });

    it('Monte Carlo: same inputs and seed → same answer; paths and seed reported', async () => {
      const a = await service.var.valueAtRisk(body({ method: 'monte_carlo', seed: 9, paths: 2000 }));
      const fresh = build();
      const b = await fresh.var.valueAtRisk(body({ method: 'monte_carlo', seed: 9, paths: 2000 }));
      expect(b).toEqual(a);
      expect(a).toMatchObject({ paths: 2000, seed: 9 });
      const defaults = await service.var.valueAtRisk(body({ method: 'monte_carlo' }));
      expect(defaults).toMatchObject({ paths: 10000, seed: 1 });
    });

    it('Student-t tails are fatter than normal at 99%', async () => {
      const n = await service.var.valueAtRisk(body({ method: 'parametric', confidence_level: 0.99 }));
      const t = await service.var.valueAtRisk(body({ method: 'parametric', confidence_level: 0.99, distribution: 'student_t', dof: 4 }));
      expect(t.var).toBeGreaterThan(n.var);
    });

    it('refuses unknown symbols with their field path, and duplicates', async () => {
      const e = await rejection(service.var.valueAtRisk(body({ positions: [{ symbol: 'AAPL', value: 1 }, { symbol: 'ZZZZ', value: 2 }] })));
      expect(e).toMatchObject({ status: 422, errorName: 'UnknownSymbol' });
      expect(e.details).toMatchObject({ field: 'positions.1.symbol', code: 'UNKNOWN_SYMBOL' });
      const dup = await rejection(service.var.valueAtRisk(body({ positions: [{ symbol: 'AAPL', value: 1 }, { symbol: 'AAPL', value: 2 }] })));
      expect(dup.details).toMatchObject({ field: 'positions.1.symbol', code: 'INVALID_VALUE' });
    });

    it('refuses overlapping horizons for non-historical methods', async () => {
      const e = await rejection(service.var.valueAtRisk(body({ method: 'parametric', horizon_method: 'overlapping' })));
      expect(e.details).toMatchObject({ field: 'horizon_method', code: 'INVALID_COMBINATION' });
    });

    it('overlapping h-day historical VaR is computed without √h', async () => {
      const r = await service.var.valueAtRisk(body({ time_horizon: 10, horizon_method: 'overlapping' }));
      expect(r.horizon_method).toBe('overlapping');
      expect(r.var).toBeGreaterThan(0);
    });
  });

  describe('stress test', () => {
    const body = (over: Partial<StressTestRequestDto>) => ({ scenarios: ['covid_crash'], ...over }) as StressTestRequestDto;

    it('long loses, short gains, cash unchanged; SPY beta is 1', async () => {
      const r = await service.stress.stressTest(
        ALICE,
        body({ positions: [{ symbol: 'SPY', value: 10000 }, { symbol: 'AAPL', value: -5000 }], scenarios: ['2008_financial_crisis', 'covid_crash'] }),
      );
      expect(r.portfolio_id).toBeNull();
      expect(r.cash_balance).toBe(0);
      expect(r.results.map((x) => x.scenario)).toEqual(['2008_financial_crisis', 'covid_crash']);
      const gfc = r.results[0];
      expect(gfc.positions[0]).toMatchObject({ symbol: 'SPY', beta: 1, rule: 'beta_sector' });
      expect(gfc.positions[0].shock).toBeCloseTo(indexShock(findScenario('2008_financial_crisis')!), 5);
      expect(gfc.positions[0].pnl).toBeLessThan(0);
      expect(gfc.positions[1].pnl).toBeGreaterThan(0);
      expect(gfc.pnl).toBeCloseTo(gfc.positions[0].pnl + gfc.positions[1].pnl, 1);
    });

    it('a portfolio: cash is unshocked and in the percent’s denominator', async () => {
      const r = await service.stress.stressTest(ALICE, body({ portfolio_id: P1 }));
      expect(r.portfolio_id).toBe(P1);
      expect(r.cash_balance).toBe(10000);
      const res = r.results[0];
      expect(res.pnl).toBeLessThan(0);
      expect(res.pnl_percent).toBeCloseTo((res.pnl / r.portfolio_value) * 100, 3);
      expect(res.positions.map((p) => p.symbol)).toEqual(['AAPL', 'JPM', 'XOM']);
      const invested = res.positions.reduce((s, p) => s + p.value, 0);
      expect(r.portfolio_value).toBeCloseTo(invested + 10000, 1);
      // XOM is Energy: hit harder than its beta alone in the covid crash
      const xom = res.positions[2];
      expect(xom.shock).toBeLessThan(Math.expm1(xom.beta * Math.log1p(indexShock(findScenario('covid_crash')!))));
    });

    it('custom shocks: symbol beats sector beats market × beta', async () => {
      const r = await service.stress.stressTest(
        ALICE,
        body({
          positions: [{ symbol: 'AAPL', value: 1000 }, { symbol: 'MSFT', value: 1000 }, { symbol: 'JPM', value: 1000 }],
          scenarios: ['custom'],
          custom_shocks: { market: -0.2, sectors: { technology: -0.35 }, symbols: { aapl: -0.5 } },
        }),
      );
      const [aapl, msft, jpm] = r.results[0].positions;
      expect(aapl).toMatchObject({ shock: -0.5, pnl: -500, rule: 'symbol' });
      expect(msft).toMatchObject({ shock: -0.35, pnl: -350, rule: 'sector' });
      expect(jpm.rule).toBe('market_beta');
      expect(jpm.shock).toBeCloseTo(Math.expm1(jpm.beta * Math.log(0.8)), 3);
      expect(r.results[0].index_shock).toBe(-0.2);
    });

    it('validates combinations: custom needs custom_shocks, one of portfolio_id/positions', async () => {
      const a = await rejection(service.stress.stressTest(ALICE, body({ positions: [{ symbol: 'SPY', value: 1 }], scenarios: ['custom'] })));
      expect(a.details).toMatchObject({ field: 'custom_shocks', code: 'REQUIRED' });
      const b = await rejection(service.stress.stressTest(ALICE, body({})));
      expect(b.details).toMatchObject({ field: 'portfolio_id', code: 'REQUIRED' });
      const c = await rejection(service.stress.stressTest(ALICE, body({ portfolio_id: P1, positions: [{ symbol: 'SPY', value: 1 }] })));
      expect(c.details).toMatchObject({ code: 'INVALID_COMBINATION' });
      const d = await rejection(service.stress.stressTest(ALICE, body({ positions: [{ symbol: 'SPY', value: 1 }], custom_shocks: { market: -0.1 } })));
      expect(d.details).toMatchObject({ field: 'custom_shocks', code: 'INVALID_COMBINATION' });
      const e = await rejection(
        service.stress.stressTest(ALICE, body({ positions: [{ symbol: 'SPY', value: 1 }], scenarios: ['custom'], custom_shocks: { symbols: { NOPE: -0.1 } } })),
      );
      expect(e.details).toMatchObject({ field: 'custom_shocks.symbols.NOPE', code: 'UNKNOWN_SYMBOL' });
    });

    it('404 for another user’s portfolio', async () => {
      const e = await rejection(service.stress.stressTest(ALICE, body({ portfolio_id: BOBS })));
      expect(e.status).toBe(404);
    });

    it('an empty portfolio stresses to zero P&L (cash only)', async () => {
      const r = await service.stress.stressTest(ALICE, body({ portfolio_id: EMPTY }));
      expect(r.results[0]).toMatchObject({ pnl: 0, pnl_percent: 0, positions: [] });
      expect(r.portfolio_value).toBe(5000);
    });
  });

  it('lists scenarios with windows, sources and custom', () => {
    const { scenarios, model } = service.stress.scenarios();
    expect(scenarios.map((s) => s.name)).toContain('custom');
    expect(scenarios[0]).toMatchObject({ name: '2008_financial_crisis', start_date: '2007-10-09', end_date: '2009-03-09', index_shock: -0.567754 });
    expect(model).toMatch(/log prices/);
  });
});
