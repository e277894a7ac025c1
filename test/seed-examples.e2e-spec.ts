import { uniqueEmail } from './support/app';
import { useTestApp } from './support/suite';

/*
 * Every request example of the seed API reference, as written there (ids substituted), answers 2xx (issue 17,
 * item 8). POST /api/ml/predict's example is in ml.e2e-spec.ts (it fits Prophet); GET /api/ml/sentiment's
 * values are checked in ml-sentiment.e2e-spec.ts.
 */
describe("the seed's request examples (e2e)", () => {
  const s = useTestApp({ user: false });
  let token = '';
  let refresh = '';
  const auth = () => ({ Authorization: `Bearer ${token}` });
  const ids: Record<string, string> = {};

  it('auth: register (with first and last name), login, refresh, me', async () => {
    const email = uniqueEmail('seed');
    const reg = await s.t.http.post('/api/auth/register').send({ email, password: 'secure_password', first_name: 'John', last_name: 'Doe' }).expect(201);
    expect(reg.body).toMatchObject({ email, first_name: 'John', last_name: 'Doe' });
    const login = await s.t.http.post('/api/auth/login').send({ email, password: 'secure_password' }).expect(200);
    expect(login.body).toMatchObject({ token_type: 'bearer', expires_in: expect.any(Number) });
    refresh = login.body.refresh_token;
    const r = await s.t.http.post('/api/auth/refresh').send({ refresh_token: refresh }).expect(200);
    token = r.body.access_token;
    await s.t.http.get('/api/auth/me').set(auth()).expect(200);
  });

  it('market: quote, historical, search, trending', async () => {
    await s.t.http.get('/api/market/quote/AAPL').set(auth()).expect(200);
    await s.t.http.get('/api/market/historical/AAPL?period=1y&interval=1d').set(auth()).expect(200);
    await s.t.http.get('/api/market/search?q=apple').set(auth()).expect(200);
    await s.t.http.get('/api/market/trending').set(auth()).expect(200);
  });

  it('portfolios and positions, with the trailing slashes the seed writes', async () => {
    await s.t.http.get('/api/portfolios/').set(auth()).expect(200);
    const p = await s.t.http
      .post('/api/portfolios/')
      .set(auth())
      .send({ name: 'Growth Portfolio', description: 'Long-term growth focused portfolio', initial_cash: 100000 })
      .expect(201);
    ids.portfolio = p.body.id;
    await s.t.http.get(`/api/portfolios/${ids.portfolio}`).set(auth()).expect(200);
    await s.t.http.put(`/api/portfolios/${ids.portfolio}`).set(auth()).send({ name: 'Updated Portfolio Name', description: 'Updated description' }).expect(200);
    await s.t.http.get(`/api/portfolios/${ids.portfolio}/positions`).set(auth()).expect(200);
    const pos = await s.t.http.post(`/api/portfolios/${ids.portfolio}/positions`).set(auth()).send({ symbol: 'AAPL', quantity: 100, price: 175.0 }).expect(201);
    ids.position = pos.body.id;
  });

  it('orders: place the limit buy, list pending, get, cancel', async () => {
    const o = await s.t.http
      .post('/api/orders/')
      .set(auth())
      .send({ portfolio_id: ids.portfolio, symbol: 'AAPL', side: 'buy', order_type: 'limit', quantity: 100, price: 175.0 })
      .expect(201);
    ids.order = o.body.id;
    await s.t.http.get('/api/orders/?status=pending').set(auth()).expect(200);
    await s.t.http.get(`/api/orders/${ids.order}`).set(auth()).expect(200);
    const status = (await s.t.http.get(`/api/orders/${ids.order}`).set(auth())).body.status;
    if (status === 'pending' || status === 'partially_filled') await s.t.http.put(`/api/orders/${ids.order}/cancel`).set(auth()).expect(200);
  });

  it('risk: portfolio, var, stress-test (custom without shocks), and the backtest example', async () => {
    await s.t.http.get(`/api/risk/portfolio/${ids.portfolio}`).set(auth()).expect(200);
    await s.t.http
      .post('/api/risk/var')
      .set(auth())
      .send({ positions: [{ symbol: 'AAPL', value: 17584 }, { symbol: 'GOOGL', value: 25000 }], confidence_level: 0.99, time_horizon: 10 })
      .expect(200);
    const st = await s.t.http.post('/api/risk/stress-test').set(auth()).send({ portfolio_id: ids.portfolio, scenarios: ['2008_financial_crisis', 'covid_crash', 'custom'] }).expect(200);
    expect(st.body.skipped.map((x: { scenario: string }) => x.scenario)).toEqual(['custom']);
    await s.t.http.post('/api/ml/backtest').set(auth()).send({ strategy: 'momentum', symbol: 'AAPL', start_date: '2023-01-01', end_date: '2024-01-01', initial_capital: 100000 }).expect(200);
  });

  it('ml: sentiment of a symbol, in the seed’s fields (no-data answer without items)', async () => {
    const body = (await s.t.http.get('/api/ml/sentiment/AAPL').set(auth()).expect(200)).body;
    expect(Object.keys(body)).toEqual(expect.arrayContaining(['symbol', 'overall_sentiment', 'sentiment_label', 'news_sentiment', 'social_sentiment', 'analyzed_sources', 'timestamp']));
    expect(body.symbol).toBe('AAPL');
    if (body.analyzed_sources === 0) expect(body).toMatchObject({ overall_sentiment: null, sentiment_label: 'insufficient_data', news_sentiment: null, social_sentiment: null });
    else expect(['bullish', 'neutral', 'bearish']).toContain(body.sentiment_label);
  });

  it('deletes: the position, then the portfolio', async () => {
    await s.t.http.delete(`/api/positions/${ids.position}`).set(auth()).expect((r) => expect([200, 204]).toContain(r.status));
    await s.t.http.delete(`/api/portfolios/${ids.portfolio}`).set(auth()).expect((r) => expect([200, 204]).toContain(r.status));
  });
});
