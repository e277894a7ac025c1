import { ManualClock } from '../src/market/clock';
import { CLOCK } from '../src/market/market.contracts';
import { RiskResultCache } from '../src/risk/risk-cache';
import { registerAndLogin, TestApp } from './support/app';
import { FakeHoldings, withHoldingsReader } from './support/holdings';
import { useTestApp } from './support/suite';

/*
 * Risk endpoints against PostgreSQL with the real app. Market data from the real market module with the simulated
 * provider (deterministic per MARKET_SEED) and a fixed clock; holdings from a test double of the portfolios contract
 * (test/support/holdings.ts), so each case controls exactly what is held.
 */

const AS_OF_CLOCK = '2025-06-13T21:00:00.000Z'; // Friday, after the close in New York

/** numpy's default (linear) quantile, independent of the risk code. */
function npQuantile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  return s[lo] + (h - lo) * (s[Math.min(lo + 1, s.length - 1)] - s[lo]);
}

const P_MAIN = '0b7c3f0e-8d2a-4c11-9a57-3f5c1e2d4a01';
const P_EMPTY = '0b7c3f0e-8d2a-4c11-9a57-3f5c1e2d4a02';
const P_BOB = '0b7c3f0e-8d2a-4c11-9a57-3f5c1e2d4a03';
const P_SHORT = '0b7c3f0e-8d2a-4c11-9a57-3f5c1e2d4a04';

describe('Risk (e2e, PostgreSQL)', () => {
  const clock = new ManualClock(AS_OF_CLOCK);
  const reader = new FakeHoldings();
  const holdings = withHoldingsReader(reader);
  const suite = useTestApp({
    env: { MARKET_DATA_PROVIDER: 'simulated', MARKET_SEED: 'risk-e2e' },
    customize: (b) => holdings(b).overrideProvider(CLOCK).useValue(clock),
  });
  let t: TestApp;
  let alice: string;
  let bob: string;
  const as = (token: string) => ({ Authorization: `Bearer ${token}` });

  /** Daily closes of a symbol as the market API serves them. */
  async function closes(symbol: string, from: string, to: string): Promise<{ date: string; close: number }[]> {
    const res = await t.http.get(`/api/market/historical/${symbol}?period=2y&interval=1d`).set(as(alice)).expect(200);
    return (res.body.data as { date: string; close: number; adj_close?: number }[])
      .filter((b) => b.date >= from && b.date <= to)
      .map((b) => ({ date: b.date, close: b.adj_close ?? b.close }));
  }

  beforeAll(async () => {
    t = suite.t;
    const a = { access: suite.token, userId: suite.userId };
    const b = await registerAndLogin(t.http);
    alice = a.access;
    bob = b.access;
    reader.set(P_MAIN, {
      userId: a.userId,
      cash: '25000',
      positions: [
        { symbol: 'AAPL', quantity: '100' },
        { symbol: 'JPM', quantity: '60' },
        { symbol: 'XOM', quantity: '80' },
      ],
    });
    reader.set(P_EMPTY, { userId: a.userId, cash: '1000', positions: [] });
    reader.set(P_BOB, { userId: b.userId, cash: '1000', positions: [{ symbol: 'SPY', quantity: '5' }] });
    reader.set(P_SHORT, {
      userId: a.userId,
      cash: '50000',
      positions: [
        { symbol: 'SPY', quantity: '20' },
        { symbol: 'AAPL', quantity: '-30' },
      ],
    });
  });

  describe('GET /api/risk/scenarios', () => {
    it('lists the scenarios with windows, index moves, sources and multipliers', async () => {
      const res = await t.http.get('/api/risk/scenarios').set(as(alice)).expect(200);
      const byName = Object.fromEntries(res.body.scenarios.map((s: { name: string }) => [s.name, s]));
      expect(Object.keys(byName)).toEqual(['2008_financial_crisis', 'covid_crash', 'dot_com_bust', 'black_monday_1987', 'rate_shock_2022', 'custom']);
      expect(byName.covid_crash).toMatchObject({ start_date: '2020-02-19', end_date: '2020-03-23', kind: 'historical' });
      expect(byName.covid_crash.index_shock).toBeCloseTo(-0.339, 3);
      expect(byName['2008_financial_crisis'].sector_multipliers.Financials.multiplier).toBeGreaterThan(1);
      expect(byName.custom).toMatchObject({ kind: 'custom', start_date: null });
      expect(res.body.model).toMatch(/beta/);
    });

    it('requires authentication', async () => {
      await t.http.get('/api/risk/scenarios').expect(401);
    });
  });

  describe('GET /api/risk/portfolio/{id}', () => {
    it('answers the seed fields and the extras, all finite', async () => {
      const res = await t.http.get(`/api/risk/portfolio/${P_MAIN}`).set(as(alice)).expect(200);
      const r = res.body;
      for (const f of ['portfolio_id', 'var_95', 'var_99', 'var_999', 'sharpe_ratio', 'sortino_ratio', 'max_drawdown', 'beta', 'correlation_matrix', 'sector_exposure']) {
        expect(r).toHaveProperty(f);
      }
      expect(r).toMatchObject({ portfolio_id: P_MAIN, method: 'historical', lookback: '2y', benchmark: 'SPY', series: 'holdings', cash_balance: 25000 });
      expect(r.as_of).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(r.as_of <= '2025-06-13').toBe(true);
      expect(r.observations).toBeGreaterThan(450);
      expect(r.var_95).toBeGreaterThan(0);
      expect(r.var_99).toBeGreaterThanOrEqual(r.var_95);
      expect(r.var_999).toBeGreaterThanOrEqual(r.var_99);
      expect(r.cvar_95).toBeGreaterThanOrEqual(r.var_95);
      expect(r.cvar_99).toBeGreaterThanOrEqual(r.var_99);
      expect(r.max_drawdown).toBeLessThanOrEqual(0);
      for (const f of ['sharpe_ratio', 'sortino_ratio', 'volatility', 'beta', 'alpha']) expect(typeof r[f]).toBe('number');
      expect(r.correlation_matrix.AAPL.AAPL).toBe(1);
      expect(r.correlation_matrix.JPM.XOM).toBe(r.correlation_matrix.XOM.JPM);
      const weights = Object.values(r.sector_exposure as Record<string, number>);
      expect(weights.reduce((s, w) => s + w, 0)).toBeCloseTo(1, 5);
      expect(r.portfolio_value).toBeCloseTo(r.invested_value + 25000, 1);
      expect(res.text).not.toMatch(/NaN|Infinity/);
    });

    it('supports parametric and a deterministic Monte Carlo', async () => {
      const p = await t.http.get(`/api/risk/portfolio/${P_MAIN}?method=parametric&lookback=1y`).set(as(alice)).expect(200);
      expect(p.body).toMatchObject({ method: 'parametric', lookback: '1y', paths: null });
      const url = `/api/risk/portfolio/${P_MAIN}?method=monte_carlo&paths=20000&seed=42`;
      const m1 = await t.http.get(url).set(as(alice)).expect(200);
      reader.bump(P_MAIN, 'bumped'); // a new cache key: the second answer is recomputed
      const m2 = await t.http.get(url).set(as(alice)).expect(200);
      expect(m2.body).toEqual(m1.body);
      expect(m1.body).toMatchObject({ method: 'monte_carlo', paths: 20000, seed: 42 });
      const other = await t.http.get(`/api/risk/portfolio/${P_MAIN}?method=monte_carlo&paths=20000&seed=43`).set(as(alice)).expect(200);
      expect(other.body.var_95).not.toBe(m1.body.var_95);
    });

    it('404 for another user’s portfolio, an unknown id and a malformed id', async () => {
      const res = await t.http.get(`/api/risk/portfolio/${P_BOB}`).set(as(alice)).expect(404);
      expect(res.body.error).toBe('NotFound');
      await t.http.get(`/api/risk/portfolio/${P_BOB}`).set(as(bob)).expect(200);
      await t.http.get('/api/risk/portfolio/0b7c3f0e-8d2a-4c11-9a57-3f5c1e2d4aff').set(as(alice)).expect(404);
      await t.http.get('/api/risk/portfolio/not-a-uuid').set(as(alice)).expect(404);
    });

    it('422 for a portfolio without positions, with a reason', async () => {
      const res = await t.http.get(`/api/risk/portfolio/${P_EMPTY}`).set(as(alice)).expect(422);
      expect(res.body).toMatchObject({ error: 'ValidationError', details: { field: 'portfolio_id', code: 'INVALID_VALUE' } });
      expect(res.body.message).toMatch(/no positions/);
    });

    it('422 InsufficientHistory for series=actual without recorded NAV covering the lookback', async () => {
      const res = await t.http.get(`/api/risk/portfolio/${P_MAIN}?series=actual`).set(as(alice)).expect(422);
      expect(res.body.error).toBe('InsufficientHistory');
      expect(res.body.message).toMatch(/series=holdings/);
    });

    it('validates the query', async () => {
      const bad = await t.http.get(`/api/risk/portfolio/${P_MAIN}?method=magic&lookback=7y&paths=5&extra=1`).set(as(alice)).expect(422);
      const codes = Object.fromEntries(bad.body.details.errors.map((e: { field: string; code: string }) => [e.field, e.code]));
      expect(codes).toEqual({ extra: 'UNKNOWN_FIELD', method: 'INVALID_VALUE', lookback: 'INVALID_VALUE', paths: 'OUT_OF_RANGE' });
      const unknown = await t.http.get(`/api/risk/portfolio/${P_MAIN}?benchmark=zzzz`).set(as(alice)).expect(422);
      expect(unknown.body).toMatchObject({ error: 'UnknownSymbol', details: { field: 'benchmark', code: 'UNKNOWN_SYMBOL' } });
    });
  });

  describe('POST /api/risk/var', () => {
    it('answers the VaR with contributions that sum to it', async () => {
      const res = await t.http
        .post('/api/risk/var')
        .set(as(alice))
        .send({ positions: [{ symbol: 'AAPL', value: 17584 }, { symbol: 'googl', value: 25000 }], confidence_level: 0.99, time_horizon: 10, method: 'parametric' })
        .expect(200);
      const r = res.body;
      expect(r).toMatchObject({ method: 'parametric', confidence_level: 0.99, time_horizon: 10, portfolio_value: 42584, lookback: '1y' });
      expect(r.positions.map((p: { symbol: string }) => p.symbol)).toEqual(['AAPL', 'GOOGL']);
      expect(r.var).toBeGreaterThan(0);
      expect(r.cvar).toBeGreaterThan(r.var);
      const sum = r.positions.reduce((s: number, p: { component_var: number }) => s + p.component_var, 0);
      expect(Math.abs(sum - r.var)).toBeLessThanOrEqual(0.02);
      for (const p of r.positions) expect(typeof p.marginal_var).toBe('number');
    });

    it('VaR of one SPY position ≈ value × the quantile of SPY returns computed from market data', async () => {
      const res = await t.http.post('/api/risk/var').set(as(alice)).send({ positions: [{ symbol: 'SPY', value: 100000 }] }).expect(200);
      const { var: v, start_date, as_of, observations } = res.body;
      const c = await closes('SPY', start_date, as_of);
      const returns = c.slice(1).map((x, i) => x.close / c[i].close - 1);
      expect(returns).toHaveLength(observations);
      const expected = -100000 * npQuantile(returns, 0.05);
      expect(v).toBeGreaterThan(0);
      expect(v).toBeCloseTo(expected, 1); // same closes, same definition: equal to the cent
    });

    it('Monte Carlo is deterministic for the same inputs and seed', async () => {
      const body = { positions: [{ symbol: 'AAPL', value: 10000 }, { symbol: 'JPM', value: -4000 }], method: 'monte_carlo', seed: 7, paths: 10000 };
      const a = await t.http.post('/api/risk/var').set(as(alice)).send(body).expect(200);
      t.app.get(RiskResultCache).clear(); // recomputed, not served from the cache
      const b = await t.http.post('/api/risk/var').set(as(bob)).send(body).expect(200);
      expect(b.body).toEqual(a.body);
      const c = await t.http.post('/api/risk/var').set(as(alice)).send({ ...body, seed: 8 }).expect(200);
      expect(c.body.var).not.toBe(a.body.var);
      expect(Math.abs(c.body.var - a.body.var) / a.body.var).toBeLessThan(0.1);
    });

    it('422 UNKNOWN_SYMBOL with the position’s field path', async () => {
      const res = await t.http
        .post('/api/risk/var')
        .set(as(alice))
        .send({ positions: [{ symbol: 'AAPL', value: 1 }, { symbol: 'ZZZZZ', value: 2 }] })
        .expect(422);
      expect(res.body).toMatchObject({ error: 'UnknownSymbol', details: { field: 'positions.1.symbol', code: 'UNKNOWN_SYMBOL' } });
    });

    it('validates every input', async () => {
      const cases: [Record<string, unknown>, string, string][] = [
        [{}, 'positions', 'REQUIRED'],
        [{ positions: [] }, 'positions', 'OUT_OF_RANGE'],
        [{ positions: [{ symbol: 'AAPL', value: 1 }], confidence_level: 0.5 }, 'confidence_level', 'OUT_OF_RANGE'],
        [{ positions: [{ symbol: 'AAPL', value: 1 }], confidence_level: 1 }, 'confidence_level', 'OUT_OF_RANGE'],
        [{ positions: [{ symbol: 'AAPL', value: 1 }], time_horizon: 253 }, 'time_horizon', 'OUT_OF_RANGE'],
        [{ positions: [{ symbol: 'AAPL', value: 1 }], time_horizon: 0 }, 'time_horizon', 'OUT_OF_RANGE'],
        [{ positions: [{ symbol: 'AAPL', value: 1 }], method: 'guess' }, 'method', 'INVALID_VALUE'],
        [{ positions: [{ symbol: 'AAPL', value: 'lots' }] }, 'positions.0.value', 'INVALID_TYPE'],
        [{ positions: [{ symbol: '!!', value: 1 }] }, 'positions.0.symbol', 'INVALID_FORMAT'],
        [{ positions: [{ symbol: 'AAPL', value: 1 }], leverage: 2 }, 'leverage', 'UNKNOWN_FIELD'],
        [{ positions: [{ symbol: 'AAPL', value: 1 }, { symbol: 'aapl', value: 2 }] }, 'positions.1.symbol', 'INVALID_VALUE'],
        [{ positions: [{ symbol: 'AAPL', value: 1 }], method: 'parametric', horizon_method: 'overlapping' }, 'horizon_method', 'INVALID_COMBINATION'],
      ];
      for (const [body, field, code] of cases) {
        const res = await t.http.post('/api/risk/var').set(as(alice)).send(body);
        expect({ body, status: res.status, details: res.body.details }).toMatchObject({ status: 422, details: { field, code } });
      }
    });
  });

  describe('POST /api/risk/stress-test', () => {
    it('stresses a portfolio: longs lose, shorts gain, cash is unchanged', async () => {
      const res = await t.http
        .post('/api/risk/stress-test')
        .set(as(alice))
        .send({ portfolio_id: P_SHORT, scenarios: ['2008_financial_crisis', 'covid_crash'] })
        .expect(200);
      const r = res.body;
      expect(r).toMatchObject({ portfolio_id: P_SHORT, cash_balance: 50000 });
      expect(r.results.map((x: { scenario: string }) => x.scenario)).toEqual(['2008_financial_crisis', 'covid_crash']);
      for (const s of r.results) {
        const [spy, aapl] = s.positions;
        expect(spy).toMatchObject({ symbol: 'SPY', beta: 1 });
        expect(spy.shock).toBeLessThan(0);
        expect(spy.pnl).toBeLessThan(0); // long loses
        expect(aapl.value).toBeLessThan(0);
        expect(aapl.pnl).toBeGreaterThan(0); // short gains
        // cash is unshocked: the scenario P&L is the positions' P&L alone
        expect(s.pnl).toBeCloseTo(spy.pnl + aapl.pnl, 1);
        expect(s.pnl_percent).toBeCloseTo((s.pnl / r.portfolio_value) * 100, 2);
      }
      const invested = r.results[0].positions.reduce((s: number, p: { value: number }) => s + p.value, 0);
      expect(r.portfolio_value).toBeCloseTo(invested + 50000, 1);
    });

    it('stresses positions with custom shocks (most specific wins) next to a historical scenario', async () => {
      const res = await t.http
        .post('/api/risk/stress-test')
        .set(as(alice))
        .send({
          positions: [{ symbol: 'AAPL', value: 10000 }, { symbol: 'MSFT', value: 10000 }, { symbol: 'JPM', value: 10000 }],
          scenarios: ['custom', 'black_monday_1987'],
          custom_shocks: { market: -0.2, sectors: { Technology: -0.35 }, symbols: { AAPL: -0.5 } },
        })
        .expect(200);
      const [custom, monday] = res.body.results;
      expect(custom.positions.map((p: { rule: string }) => p.rule)).toEqual(['symbol', 'sector', 'market_beta']);
      expect(custom.positions[0]).toMatchObject({ shock: -0.5, pnl: -5000 });
      expect(custom.positions[1]).toMatchObject({ shock: -0.35, pnl: -3500 });
      expect(monday.pnl).toBeLessThan(0);
      expect(res.body.portfolio_id).toBeNull();
    });

    it('422 for an unknown scenario, listing the known ones; custom needs custom_shocks', async () => {
      const res = await t.http
        .post('/api/risk/stress-test')
        .set(as(alice))
        .send({ positions: [{ symbol: 'AAPL', value: 1 }], scenarios: ['alien_invasion'] })
        .expect(422);
      expect(res.body.details).toMatchObject({ field: 'scenarios', code: 'INVALID_VALUE' });
      expect(res.body.message).toMatch(/2008_financial_crisis.*covid_crash.*dot_com_bust.*black_monday_1987.*rate_shock_2022.*custom/);
      const custom = await t.http.post('/api/risk/stress-test').set(as(alice)).send({ positions: [{ symbol: 'AAPL', value: 1 }], scenarios: ['custom'] }).expect(422);
      expect(custom.body.details).toMatchObject({ field: 'custom_shocks', code: 'REQUIRED' });
      const sector = await t.http
        .post('/api/risk/stress-test')
        .set(as(alice))
        .send({ positions: [{ symbol: 'AAPL', value: 1 }], scenarios: ['custom'], custom_shocks: { sectors: { Astrology: -0.1 } } })
        .expect(422);
      expect(sector.body.details).toMatchObject({ field: 'custom_shocks.sectors', code: 'INVALID_VALUE' });
    });

    it("answers the seed's example (custom without shocks): the named scenarios computed, custom skipped with a reason", async () => {
      const res = await t.http
        .post('/api/risk/stress-test')
        .set(as(alice))
        .send({ portfolio_id: P_MAIN, scenarios: ['2008_financial_crisis', 'covid_crash', 'custom'] })
        .expect(200);
      expect(res.body.results.map((r: { scenario: string }) => r.scenario)).toEqual(['2008_financial_crisis', 'covid_crash']);
      expect(res.body.skipped).toEqual([{ scenario: 'custom', reason: expect.stringContaining('custom_shocks') }]);
      const full = await t.http.post('/api/risk/stress-test').set(as(alice)).send({ portfolio_id: P_MAIN, scenarios: ['covid_crash'] }).expect(200);
      expect(full.body.skipped).toEqual([]);
    });

    it('404 for another user’s portfolio', async () => {
      await t.http.post('/api/risk/stress-test').set(as(alice)).send({ portfolio_id: P_BOB, scenarios: ['covid_crash'] }).expect(404);
    });
  });

  it('documents every risk figure in the OpenAPI spec', async () => {
    const spec = (await t.http.get('/openapi.json').expect(200)).body;
    const schema = spec.components.schemas.PortfolioRiskDto;
    for (const f of ['var_95', 'var_999', 'sharpe_ratio', 'sortino_ratio', 'max_drawdown', 'beta', 'alpha', 'volatility', 'sector_exposure']) {
      expect(schema.properties[f].description?.length).toBeGreaterThan(40);
    }
    expect(schema.properties.sharpe_ratio.description).toMatch(/√252/);
    expect(schema.properties.var_999.description).toMatch(/worst/);
    expect(spec.paths['/api/risk/var'].post).toBeDefined();
    expect(spec.paths['/api/risk/stress-test'].post.description).toMatch(/log prices/);
  });
});
