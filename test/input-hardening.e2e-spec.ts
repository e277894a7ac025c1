import { useTestApp } from './support/suite';

/*
 * Input no handler may see (issue 17, item 1): NUL bytes and unpaired surrogates anywhere in a string of a body,
 * a query parameter or a path segment answer 400 in the standard error body, never 500; JSON nested deeper than
 * 64 levels answers 400 before it is parsed, and a body over the limit 413.
 */
describe('hostile input (e2e)', () => {
  const s = useTestApp();
  const auth = () => ({ Authorization: `Bearer ${s.token}` });
  let portfolioId: string;

  beforeAll(async () => {
    portfolioId = (await s.t.http.post('/api/portfolios').set(auth()).send({ name: 'Hardening', initial_cash: 1000 }).expect(201)).body.id;
  });

  const expectBadString = (res: { status: number; body: Record<string, unknown> }, field: string) => {
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'BadRequest', details: { field, code: 'INVALID_FORMAT' } });
    expect(Object.keys(res.body).sort()).toEqual(['details', 'error', 'message', 'request_id', 'timestamp']);
  };

  it.each([
    ['POST', '/api/auth/login', { email: '\u0000', password: 'x' }, 'email'],
    ['POST', '/api/auth/register', { email: 'a@example.com', password: 'pass\u0000word' }, 'password'],
    ['POST', '/api/auth/api-keys', { name: 'bot\u0000' }, 'name'],
    ['POST', '/api/portfolios', { name: 'x\uD800' }, 'name'],
    ['POST', '/api/orders', { portfolio_id: 'p', symbol: 'AAPL\u0000', side: 'buy', order_type: 'market', quantity: 1 }, 'symbol'],
    ['POST', '/api/risk/var', { positions: [{ symbol: 'AA\u0000PL', value: 1 }] }, 'positions[0].symbol'],
    ['POST', '/api/risk/stress-test', { positions: [{ symbol: 'AAPL', value: 1 }], scenarios: ['covid\u0000'] }, 'scenarios[0]'],
    ['POST', '/api/ml/backtest', { strategy: 'momentum', symbol: 'AAPL', start_date: '2023-01-01', end_date: '2024-01-01', parameters: { ['look\u0000back']: 1 } }, 'parameters.look\u0000back'],
  ])('%s %s with a NUL or lone surrogate in a string → 400 naming the field', async (method, url, body, field) => {
    const req = method === 'POST' ? s.t.http.post(url) : s.t.http.put(url);
    expectBadString(await req.set(auth()).send(body as object), field as string);
  });

  it('PUT /api/portfolios/{id} with a NUL in the name → 400, and the portfolio is unchanged', async () => {
    expectBadString(await s.t.http.put(`/api/portfolios/${portfolioId}`).set(auth()).send({ name: 'evil\u0000' }), 'name');
    const p = await s.get(`/api/portfolios/${portfolioId}`).expect(200);
    expect(p.body.name).toBe('Hardening');
  });

  it('a NUL or invalid UTF-8 in a query parameter or a path segment → 400', async () => {
    expectBadString(await s.get('/api/market/search?q=%00'), 'q');
    expectBadString(await s.get('/api/market/search?limit=5&q=ab%00x'), 'q');
    expectBadString(await s.get('/api/market/quote/AA%00PL'), 'path');
    const invalid = await s.get('/api/market/quote/%FF');
    expect(invalid.status).toBe(400);
    expect(invalid.body.error).toBe('BadRequest');
    expect((await s.get('/api/market/search?q=%E2%82%AC')).status).toBe(200); // "€" is fine
  });

  it('JSON nested 20,000 levels deep → 400 before parsing; 64 levels is parsed (and then validated)', async () => {
    const deep = '{"a":'.repeat(20000) + '1' + '}'.repeat(20000);
    const res = await s.t.http.post('/api/portfolios').set(auth()).set('content-type', 'application/json').send(deep);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'MalformedJson', message: expect.stringContaining('64 levels') });
    const array = await s.t.http.post('/api/risk/var').set(auth()).set('content-type', 'application/json').send('['.repeat(30000) + ']'.repeat(30000));
    expect(array.status).toBe(400);
    const ok = await s.t.http.post('/api/portfolios').set(auth()).set('content-type', 'application/json').send(`{"name":"n","x":${'['.repeat(63)}${']'.repeat(63)}}`);
    expect(ok.status).toBe(422); // parsed, then refused by the whitelist (unknown field x)
  });

  it('a body over the limit → 413; a well-formed emoji (a surrogate pair) is accepted', async () => {
    const big = await s.t.http.post('/api/portfolios').set(auth()).send({ name: 'x'.repeat(1_100_000) });
    expect(big.status).toBe(413);
    expect(big.body.error).toBe('PayloadTooLarge');
    const emoji = await s.t.http.post('/api/portfolios').set(auth()).send({ name: 'Rocket 🚀' }).expect(201);
    expect(emoji.body.name).toBe('Rocket 🚀');
  });

  it('still answers the health check afterwards', async () => {
    await s.t.http.get('/health').expect(200);
  });
});
