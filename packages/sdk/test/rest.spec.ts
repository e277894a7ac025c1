import { randomUUID } from 'node:crypto';
import {
  AuthenticationError,
  ConflictError,
  NotFoundError,
  OctopusConnectionError,
  OctopusError,
  OctopusTimeoutError,
  OctopusTrading,
  PermissionDeniedError,
  ServerError,
  ValidationError,
} from '../src';
import { freePort } from '../../../test/faults/support/server';
import { startStack, uniqueEmail, type Stack } from './support/stack';

/** A fetch that records every request (method, path, headers) before passing it on. */
function recordingFetch(inner: typeof fetch = fetch) {
  const calls: { method: string; path: string; headers: Headers }[] = [];
  const f = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init);
    calls.push({ method: req.method, path: new URL(req.url).pathname, headers: req.headers });
    return inner(req);
  }) as typeof fetch;
  return { fetch: f, calls };
}

describe('OctopusTrading REST client against a real server', () => {
  let s: Stack;
  let client: OctopusTrading;

  beforeAll(async () => {
    s = await startStack();
    client = new OctopusTrading({ baseUrl: s.url, apiKey: s.apiKey });
  });
  afterAll(() => s?.stop());

  describe('auth', () => {
    it('by API key: me', async () => {
      const me = await client.auth.me();
      expect(me.email).toBe(s.email);
    });

    it('register, login, me, refresh (rotates), apiKeys create/list/revoke, logout', async () => {
      const email = uniqueEmail('auth');
      const c = new OctopusTrading({ baseUrl: s.url });
      const user = await c.auth.register({ email, password: 'secure_password', first_name: 'John', last_name: 'Doe' });
      expect(user).toMatchObject({ email, first_name: 'John' });
      const tokens = await c.auth.login(email, 'secure_password');
      expect(tokens.token_type).toBe('bearer');
      expect((await c.auth.me()).email).toBe(email);
      const rotated = await c.auth.refresh();
      expect(rotated.refresh_token).not.toBe(tokens.refresh_token);
      const created = await c.auth.apiKeys.create({ name: 'ci', scopes: ['read'] });
      expect(created.key).toMatch(/^ok_/);
      expect((await c.auth.apiKeys.list()).api_keys.map((k) => k.id)).toContain(created.id);
      expect((await new OctopusTrading({ baseUrl: s.url, apiKey: created.key }).auth.me()).email).toBe(email);
      await c.auth.apiKeys.revoke(created.id);
      await expect(new OctopusTrading({ baseUrl: s.url, apiKey: created.key }).auth.me()).rejects.toBeInstanceOf(AuthenticationError);
      await c.auth.logout();
      await expect(c.auth.refresh(rotated.refresh_token)).rejects.toBeInstanceOf(AuthenticationError);
    });

    it('by email/password: logs in lazily, refreshes before expiry', async () => {
      const rec = recordingFetch();
      // A skew longer than the token's lifetime: every request finds the token about to expire.
      const c = new OctopusTrading({ baseUrl: s.url, email: s.email, password: s.password, fetch: rec.fetch, refreshSkewMs: 24 * 3600_000 });
      await c.auth.me();
      await c.auth.me();
      const paths = rec.calls.map((x) => x.path);
      expect(paths).toEqual(['/api/auth/login', '/api/auth/me', '/api/auth/refresh', '/api/auth/me']);
      const bearer = rec.calls.filter((x) => x.path === '/api/auth/me').map((x) => x.headers.get('authorization'));
      expect(bearer[0]).not.toBe(bearer[1]);
      expect(rec.calls.find((x) => x.path === '/api/auth/login')!.headers.get('authorization')).toBeNull();
    });

    it('on a 401: refreshes with the refresh token and sends the request again', async () => {
      const login = await new OctopusTrading({ baseUrl: s.url }).auth.login(s.email, s.password);
      const rec = recordingFetch();
      const c = new OctopusTrading({ baseUrl: s.url, accessToken: 'not-a-valid-token', refreshToken: login.refresh_token, fetch: rec.fetch });
      expect((await c.auth.me()).email).toBe(s.email);
      expect(rec.calls.map((x) => x.path)).toEqual(['/api/auth/me', '/api/auth/refresh', '/api/auth/me']);
    });

    it('on a 401 without a usable refresh token: logs in again with the password', async () => {
      const rec = recordingFetch();
      const c = new OctopusTrading({ baseUrl: s.url, email: s.email, password: s.password, accessToken: 'expired', refreshToken: 'revoked', fetch: rec.fetch });
      expect((await c.auth.me()).email).toBe(s.email);
      expect(rec.calls.map((x) => x.path)).toEqual(['/api/auth/me', '/api/auth/refresh', '/api/auth/login', '/api/auth/me']);
    });

    it('a wrong password is an AuthenticationError', async () => {
      const c = new OctopusTrading({ baseUrl: s.url, email: s.email, password: 'wrong-password' });
      await expect(c.market.clock()).rejects.toMatchObject({ name: 'AuthenticationError', status: 401, error: 'Unauthorized' });
    });
  });

  it('market: getQuote, getHistorical, search, trending, clock', async () => {
    const quote = await client.market.getQuote('AAPL');
    expect(quote).toMatchObject({ symbol: 'AAPL', price: expect.any(Number) });
    const hist = await client.market.getHistorical('aapl', { period: '1mo', interval: '1d' });
    expect(hist.symbol).toBe('AAPL');
    expect(hist.data.length).toBeGreaterThan(10);
    expect((await client.market.search('apple')).results.map((r) => r.symbol)).toContain('AAPL');
    expect((await client.market.trending({ limit: 3 })).trending.length).toBeLessThanOrEqual(3);
    expect(typeof (await client.market.clock()).is_open).toBe('boolean');
  });

  it('portfolios: create, list, get, update, cash, addPosition, positions, transactions, history, delete', async () => {
    const p = await client.portfolios.create({ name: 'My Portfolio', initial_cash: 100000 });
    expect(p).toMatchObject({ name: 'My Portfolio', cash_balance: 100000 });
    expect((await client.portfolios.list()).map((x) => x.id)).toContain(p.id);
    expect((await client.portfolios.get(p.id)).id).toBe(p.id);
    expect((await client.portfolios.update(p.id, { name: 'Renamed' })).name).toBe('Renamed');
    await client.portfolios.cash(p.id, { type: 'deposit', amount: 500 });
    await client.portfolios.cash(p.id, { type: 'withdrawal', amount: 100 });
    const pos = await client.portfolios.addPosition(p.id, { symbol: 'MSFT', quantity: 10, price: 300 });
    expect(pos.symbol).toBe('MSFT');
    expect((await client.portfolios.positions(p.id)).map((x) => x.symbol)).toEqual(['MSFT']);
    const txs = [];
    for await (const t of client.portfolios.transactions(p.id, { limit: 1 })) txs.push(t);
    expect(txs.length).toBeGreaterThanOrEqual(3);
    expect((await client.portfolios.history(p.id)).portfolio_id).toBe(p.id);
    await client.portfolios.delete(p.id);
    await expect(client.portfolios.get(p.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  describe('orders', () => {
    let portfolioId: string;
    beforeAll(async () => {
      portfolioId = (await client.portfolios.create({ name: 'Orders', initial_cash: 1_000_000 })).id;
    });

    it('create sends an Idempotency-Key; the same key replays the same order', async () => {
      const rec = recordingFetch();
      const c = new OctopusTrading({ baseUrl: s.url, apiKey: s.apiKey, fetch: rec.fetch });
      const order = await c.orders.create({ portfolio_id: portfolioId, symbol: 'AAPL', side: 'buy', order_type: 'market', quantity: 1 });
      expect(rec.calls[0].headers.get('idempotency-key')).toMatch(/^[0-9a-f-]{36}$/);
      const key = randomUUID();
      const body = { portfolio_id: portfolioId, symbol: 'AAPL', side: 'buy', order_type: 'limit', quantity: 1, price: 1 } as const;
      const first = await c.orders.create(body, { idempotencyKey: key });
      const again = await c.orders.create(body, { idempotencyKey: key });
      expect(again.id).toBe(first.id);
      expect(first.id).not.toBe(order.id);
      expect((await c.orders.get(order.id)).id).toBe(order.id);
    });

    it('list iterates every page (auto-pagination)', async () => {
      for (let i = 0; i < 5; i++) await client.orders.create({ portfolio_id: portfolioId, symbol: 'MSFT', side: 'buy', order_type: 'limit', quantity: 1, price: 1 + i });
      const rec = recordingFetch();
      const c = new OctopusTrading({ baseUrl: s.url, apiKey: s.apiKey, fetch: rec.fetch });
      const seen: string[] = [];
      for await (const o of c.orders.list({ symbol: 'MSFT', limit: 2 })) seen.push(o.id);
      expect(seen).toHaveLength(5);
      expect(new Set(seen).size).toBe(5);
      expect(rec.calls.filter((x) => x.path === '/api/orders')).toHaveLength(3);
      // An early break fetches no further page.
      const rec2 = recordingFetch();
      const c2 = new OctopusTrading({ baseUrl: s.url, apiKey: s.apiKey, fetch: rec2.fetch });
      for await (const _ of c2.orders.list({ symbol: 'MSFT', limit: 2 })) break;
      expect(rec2.calls).toHaveLength(1);
      const page = await client.orders.listPage({ symbol: 'MSFT', limit: 2 });
      expect(page.orders).toHaveLength(2);
      expect(page.next_cursor).toEqual(expect.any(String));
    });

    it('cancel; a second cancel is a ConflictError', async () => {
      const o = await client.orders.create({ portfolio_id: portfolioId, symbol: 'AAPL', side: 'buy', order_type: 'limit', quantity: 1, price: 1 });
      expect((await client.orders.cancel(o.id)).status).toBe('canceled');
      const err = await client.orders.cancel(o.id).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConflictError);
      expect(err).toMatchObject({ status: 409, error: 'OrderNotCancelable', requestId: expect.any(String) });
    });
  });

  it('risk: var, scenarios, portfolio, stress test', async () => {
    const v = await client.risk.var({ positions: [{ symbol: 'AAPL', value: 17584 }, { symbol: 'GOOGL', value: 25000 }], confidence_level: 0.99, time_horizon: 10 });
    expect(v.var).toEqual(expect.any(Number));
    const scenarios = await client.risk.scenarios();
    expect(scenarios.scenarios.length).toBeGreaterThan(0);
    const p = await client.portfolios.create({ name: 'Risk', initial_cash: 10000 });
    await client.portfolios.addPosition(p.id, { symbol: 'AAPL', quantity: 10, price: 150 });
    const risk = await client.risk.portfolio(p.id, { method: 'historical' });
    expect(risk.portfolio_id).toBe(p.id);
    const stress = await client.risk.stressTest({ portfolio_id: p.id, scenarios: [scenarios.scenarios[0].name] });
    expect(stress.results.map((r) => r.scenario)).toEqual([scenarios.scenarios[0].name]);
  });

  it('ml: models, predict, backtest, backtests, getBacktest, deleteBacktest, strategies', async () => {
    expect((await client.ml.models()).models.map((m) => m.name)).toContain('naive');
    const forecast = await client.ml.predict({ symbol: 'AAPL', horizon: '7d', model: 'naive' });
    expect('predictions' in forecast ? forecast.predictions.length : -1).toBe(7);
    const bt = await client.ml.backtest({ strategy: 'momentum', symbol: 'AAPL', start_date: '2023-01-01', end_date: '2024-01-01', initial_capital: 100000 });
    expect(bt.status).toBe('completed');
    const listed = [];
    for await (const b of client.ml.backtests()) listed.push(b.id);
    expect(listed).toContain(bt.id);
    expect((await client.ml.getBacktest(bt.id)).id).toBe(bt.id);
    await client.ml.deleteBacktest(bt.id);
    await expect(client.ml.getBacktest(bt.id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await client.ml.strategies()).strategies.length).toBeGreaterThan(0);
  });

  it('ml: evaluate answers 202 with a job, then 200 with the table', async () => {
    const first = await client.ml.evaluate('AAPL', { models: 'naive', lookback: '1y' });
    expect('kind' in first ? first.kind : 'table').toBe('evaluation');
    const jobId = 'kind' in first ? first.id : '';
    let job = await client.ml.job(jobId);
    for (let i = 0; i < 600 && (job.status === 'queued' || job.status === 'running'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      job = await client.ml.job(jobId);
    }
    expect(job.status).toBe('completed');
    const table = await client.ml.evaluate('AAPL', { models: 'naive', lookback: '1y' });
    expect('models' in table ? table.models.map((m) => m.model) : []).toEqual(['naive']);
    await expect(client.ml.evaluate('ZZZZ')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('strategies: examples, create, list, get, update (a new version), backtest by id, deployments (deploy, pause, resume, decisions, parity, stop), delete', async () => {
    const { examples } = await client.strategies.examples();
    const sma = examples.find((e) => e.key === 'sma_crossover');
    expect(sma).toBeDefined();
    const created = await client.strategies.create({ ...sma!.document, universe: ['AAPL'] });
    expect(created).toMatchObject({ version: 1, latest_version: 1 });
    const ids = [];
    for await (const st of client.strategies.list({ limit: 1 })) ids.push(st.id);
    expect(ids).toContain(created.id);
    const updated = await client.strategies.update(created.id, { ...created.document, entry: 'sma_20 > sma_50 and close > sma_50' });
    expect(updated).toMatchObject({ id: created.id, version: 2, latest_version: 2 });
    expect((await client.strategies.get(created.id, { version: 1 })).document.entry).toBe(sma!.document.entry);
    const bt = await client.ml.backtest({ strategy_id: created.id, strategy_version: 1, symbol: 'AAPL', start_date: '2023-01-01', end_date: '2024-01-01', initial_capital: 100000 });
    expect(bt.status).toBe('completed');
    await expect(client.strategies.create({ ...sma!.document, entry: 'sma_20 > nope' })).rejects.toBeInstanceOf(ValidationError);

    const portfolio = await client.portfolios.create({ name: 'Strategy runner', initial_cash: 100000 });
    const dep = await client.strategies.deploy(created.id, { portfolio_id: portfolio.id, mode: 'paper', version: 1 });
    expect(dep).toMatchObject({ portfolio_id: portfolio.id, status: 'active' });
    const deps = [];
    for await (const x of client.strategies.deployments(created.id)) deps.push(x.id);
    expect(deps).toEqual([dep.id]);
    expect((await client.strategies.pause(dep.id)).status).toBe('paused');
    expect((await client.strategies.resume(dep.id)).status).toBe('active');
    expect((await client.strategies.deployment(dep.id)).id).toBe(dep.id);
    const decisions = [];
    for await (const x of client.strategies.decisions(dep.id)) decisions.push(x);
    expect(Array.isArray(decisions)).toBe(true);
    expect((await client.strategies.parity(dep.id)).differences).toBeDefined();
    expect((await client.strategies.stop(dep.id)).status).toBe('stopped');
    await expect(client.strategies.resume(dep.id)).rejects.toBeInstanceOf(ConflictError);
    await client.strategies.delete(created.id);
    await expect(client.strategies.get(created.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('watchlists: create, add (idempotent), remove, replace, list, delete', async () => {
    const w = await client.watchlists.create({ name: `sdk-${Date.now()}`, symbols: ['aapl'] });
    expect(w.symbols).toEqual(['AAPL']);
    expect((await client.watchlists.addSymbol(w.id, 'msft')).symbols).toEqual(['AAPL', 'MSFT']);
    expect((await client.watchlists.addSymbol(w.id, 'MSFT')).symbols).toEqual(['AAPL', 'MSFT']);
    await client.watchlists.removeSymbol(w.id, 'AAPL');
    expect((await client.watchlists.get(w.id)).symbols).toEqual(['MSFT']);
    const replaced = await client.watchlists.replace(w.id, { name: `${w.name}-2`, symbols: ['NVDA', 'AAPL'] });
    expect(replaced).toMatchObject({ id: w.id, symbols: ['NVDA', 'AAPL'] });
    await expect(client.watchlists.addSymbol(w.id, 'ZZZZ')).rejects.toMatchObject({ status: 422, details: { field: 'symbol' } });
    const ids: string[] = [];
    for await (const x of client.watchlists.list({ limit: 1 })) ids.push(x.id);
    expect(ids).toContain(w.id);
    await client.watchlists.delete(w.id);
    await expect(client.watchlists.get(w.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('alerts: create, list, get, delete', async () => {
    const a = await client.alerts.create({ symbol: 'AAPL', condition: 'above', threshold: 100000 });
    const ids = [];
    for await (const x of client.alerts.list({ limit: 1 })) ids.push(x.id);
    expect(ids).toContain(a.id);
    expect((await client.alerts.get(a.id)).symbol).toBe('AAPL');
    await client.alerts.delete(a.id);
    await expect(client.alerts.get(a.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  describe('errors', () => {
    it('401 AuthenticationError with the body and the request id', async () => {
      const err = await new OctopusTrading({ baseUrl: s.url, apiKey: 'ok_not_a_key' }).market.clock().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AuthenticationError);
      expect(err).toBeInstanceOf(OctopusError);
      expect(err).toMatchObject({ status: 401, error: 'Unauthorized', message: expect.any(String), requestId: expect.any(String) });
    });

    it('403 PermissionDeniedError for a read-only key that writes', async () => {
      const { key } = await client.auth.apiKeys.create({ name: 'read only', scopes: ['read'] });
      const err = await new OctopusTrading({ baseUrl: s.url, apiKey: key }).portfolios.create({ name: 'x' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PermissionDeniedError);
      expect(err).toMatchObject({ status: 403, error: 'Forbidden', details: { missing_scope: 'trade' } });
    });

    it('404 NotFoundError', async () => {
      await expect(client.orders.get(randomUUID())).rejects.toMatchObject({ name: 'NotFoundError', status: 404, error: 'NotFound' });
    });

    it('409 ConflictError on a taken email', async () => {
      await expect(client.auth.register({ email: s.email, password: 'secure_password' })).rejects.toMatchObject({ name: 'ConflictError', error: 'EmailTaken' });
    });

    it('422 ValidationError with per-field details', async () => {
      const err = await client.portfolios.create({ name: '' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ValidationError);
      expect(err).toMatchObject({ status: 422, error: 'ValidationError', details: { field: 'name', code: expect.any(String) } });
      const p = await client.portfolios.create({ name: 'Errors' });
      await expect(client.orders.create({ portfolio_id: p.id, symbol: 'ZZZZZ', side: 'buy', order_type: 'market', quantity: 1 })).rejects.toMatchObject({
        name: 'ValidationError',
        error: 'UnknownSymbol',
      });
      await expect(client.market.getQuote('ZZZZZ')).rejects.toMatchObject({ name: 'NotFoundError', error: 'NotFound' });
    });
  });

  describe('retries and timeouts', () => {
    /** Answers the first `n` requests with 503 + Retry-After: 0, then passes through. */
    function failing(n: number) {
      const rec = recordingFetch();
      let left = n;
      const f = (async (input: RequestInfo | URL, init?: RequestInit) => {
        if (left-- > 0) {
          await rec.fetch(input, init).then((r) => r.body?.cancel());
          return new Response(JSON.stringify({ error: 'ServiceUnavailable', message: 'down', details: null, timestamp: new Date().toISOString(), request_id: 'r1' }), {
            status: 503,
            headers: { 'content-type': 'application/json', 'retry-after': '0' },
          });
        }
        return rec.fetch(input, init);
      }) as typeof fetch;
      return { fetch: f, calls: rec.calls };
    }

    it('retries a GET on 503 and answers', async () => {
      const f = failing(2);
      const c = new OctopusTrading({ baseUrl: s.url, apiKey: s.apiKey, fetch: f.fetch });
      expect((await c.market.getQuote('AAPL')).symbol).toBe('AAPL');
      expect(f.calls).toHaveLength(3);
    });

    it('retries an order (it has an Idempotency-Key) on 503 with the same key', async () => {
      const portfolio = await client.portfolios.create({ name: 'Retry', initial_cash: 1000 });
      const f = failing(1);
      const c = new OctopusTrading({ baseUrl: s.url, apiKey: s.apiKey, fetch: f.fetch });
      const order = await c.orders.create({ portfolio_id: portfolio.id, symbol: 'AAPL', side: 'buy', order_type: 'limit', quantity: 1, price: 1 });
      const keys = f.calls.filter((x) => x.path === '/api/orders').map((x) => x.headers.get('idempotency-key'));
      expect(keys).toHaveLength(2);
      expect(keys[0]).toBe(keys[1]);
      // The first attempt reached the server too: the retry was answered from the idempotency record.
      let n = 0;
      for await (const o of client.orders.list({ portfolio_id: portfolio.id })) n += o.id === order.id ? 1 : 100;
      expect(n).toBe(1);
    });

    it('does not retry a POST without an Idempotency-Key', async () => {
      const f = failing(1);
      const c = new OctopusTrading({ baseUrl: s.url, apiKey: s.apiKey, fetch: f.fetch });
      await expect(c.risk.var({ positions: [{ symbol: 'AAPL', value: 1000 }] })).rejects.toMatchObject({ name: 'ServerError', status: 503 });
      expect(f.calls).toHaveLength(1);
      expect(ServerError).toBeDefined();
    });

    it('network errors: a GET is retried with backoff, then OctopusConnectionError; a POST is tried once', async () => {
      const port = await freePort();
      const rec = recordingFetch();
      const c = new OctopusTrading({ baseUrl: `http://127.0.0.1:${port}`, apiKey: 'ok_x', fetch: rec.fetch, retry: { retries: 2, baseDelayMs: 10 } });
      await expect(c.market.clock()).rejects.toBeInstanceOf(OctopusConnectionError);
      expect(rec.calls).toHaveLength(3);
      await expect(c.risk.var({ positions: [{ symbol: 'AAPL', value: 1000 }] })).rejects.toBeInstanceOf(OctopusConnectionError);
      expect(rec.calls).toHaveLength(4);
    });

    it('times out (OctopusTimeoutError) when no answer comes within timeoutMs', async () => {
      const hanging = ((input: RequestInfo | URL, init?: RequestInit) => {
        const req = new Request(input, init);
        return new Promise<Response>((_, reject) => req.signal.addEventListener('abort', () => reject(req.signal.reason)));
      }) as typeof fetch;
      const c = new OctopusTrading({ baseUrl: s.url, apiKey: s.apiKey, fetch: hanging, timeoutMs: 100 });
      const started = Date.now();
      await expect(c.market.clock()).rejects.toBeInstanceOf(OctopusTimeoutError);
      expect(Date.now() - started).toBeLessThan(2000);
    });
  });
});
