import { CLOCK } from '../src/market/market.contracts';
import { ManualClock } from '../src/market/clock';
import { registerAndLogin, TestApp } from './support/app';
import { useTestApp } from './support/suite';

/** Risk over a real portfolio: the portfolios module's holdings reader, the simulated market, no test doubles. */
describe('Risk of a real portfolio (e2e)', () => {
  const clock = new ManualClock(new Date('2025-06-02T18:00:00Z'));
  const suite = useTestApp({
    env: { MARKET_DATA_PROVIDER: 'simulated', MARKET_SEED: 'risk-portfolio-e2e' },
    customize: (b) => b.overrideProvider(CLOCK).useValue(clock),
  });
  let t: TestApp;
  let auth: Record<string, string>;
  let otherAuth: Record<string, string>;
  let portfolioId: string;

  beforeAll(async () => {
    t = suite.t;
    auth = { Authorization: `Bearer ${suite.token}` };
    otherAuth = { Authorization: `Bearer ${(await registerAndLogin(t.http)).access}` };
    const p = await t.http.post('/api/portfolios/').set(auth).send({ name: 'Risky', initial_cash: 10000 }).expect(201);
    portfolioId = p.body.id;
  });

  it('refuses an empty portfolio with 422, then measures one with positions', async () => {
    const empty = await t.http.get(`/api/risk/portfolio/${portfolioId}`).set(auth).expect(422);
    expect(empty.body.message).toBeTruthy();
    await t.http.post(`/api/portfolios/${portfolioId}/positions`).set(auth).send({ symbol: 'AAPL', quantity: 50, price: 150 }).expect(201);
    await t.http.post(`/api/portfolios/${portfolioId}/positions`).set(auth).send({ symbol: 'XOM', quantity: 40, price: 100 }).expect(201);
    const risk = await t.http.get(`/api/risk/portfolio/${portfolioId}`).set(auth).expect(200);
    expect(risk.body.portfolio_id).toBe(portfolioId);
    expect(risk.body.var_95).toBeGreaterThan(0);
    expect(risk.body.var_99).toBeGreaterThanOrEqual(risk.body.var_95);
    expect(risk.body.var_999).toBeGreaterThanOrEqual(risk.body.var_99);
    expect(Object.keys(risk.body.correlation_matrix).sort()).toEqual(['AAPL', 'XOM']);
    expect(Object.keys(risk.body.sector_exposure).sort()).toEqual(['Energy', 'Information Technology']);
    const total = Object.values(risk.body.sector_exposure as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(1, 6);
    const stress = await t.http
      .post('/api/risk/stress-test')
      .set(auth)
      .send({ portfolio_id: portfolioId, scenarios: ['covid_crash'] })
      .expect(200);
    expect(JSON.stringify(stress.body)).toContain('covid_crash');
  });

  it("answers 404 for another user's portfolio", async () => {
    await t.http.get(`/api/risk/portfolio/${portfolioId}`).set(otherAuth).expect(404);
  });
});
