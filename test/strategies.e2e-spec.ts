import { ManualClock } from '../src/market/clock';
import { registerAndLogin } from './support/app';
import { withClock } from './support/market';
import { useTestApp } from './support/suite';

/*
 * Strategy documents over HTTP: CRUD with immutable versions, owner-only access, 422s that point at the field and
 * the character, the limits, and backtests by strategy_id that equal the built-in backtest of the same request.
 */

const FRIDAY_AFTER_CLOSE = '2025-06-13T21:00:00.000Z';

const SMA = {
  name: 'SMA crossover 20/50',
  description: 'Long while SMA(20) > SMA(50)',
  universe: ['aapl', 'MSFT'],
  indicators: [
    { name: 'sma_20', type: 'sma', period: 20 },
    { name: 'sma_50', type: 'sma', period: 50 },
  ],
  entry: 'sma_20 > sma_50',
  exit: 'sma_20 <= sma_50',
  sizing: { type: 'fraction_of_equity' },
};

describe('strategy documents (e2e)', () => {
  const s = useTestApp({ env: { STRATEGY_MAX_PER_USER: '6', STRATEGY_MAX_SYMBOLS: '3', ML_BACKTEST_SYNC_MAX_BARS: '2000' }, customize: withClock(new ManualClock(FRIDAY_AFTER_CLOSE)) });
  const as = (bearer?: string) => ({ Authorization: `Bearer ${bearer ?? s.token}` });
  const create = (body: object, bearer?: string) => s.t.http.post('/api/strategies').set(as(bearer)).send(body);

  it('creates, reads, versions on PUT (older versions unchanged), lists and deletes', async () => {
    const created = (await create(SMA).expect(201)).body;
    expect(created).toMatchObject({
      name: SMA.name,
      version: 1,
      latest_version: 1,
      warmup: 50,
      document: { universe: ['AAPL', 'MSFT'], rebalance: 'daily', order: { type: 'market' }, entry: 'sma_20 > sma_50', stop_loss_percent: null },
    });
    const id = created.id as string;
    expect((await s.get(`/api/strategies/${id}`).expect(200)).body).toEqual(created);

    const v2 = (await s.t.http.put(`/api/strategies/${id}`).set(as()).send({ ...SMA, name: 'SMA 10/50', indicators: [{ name: 'sma_20', type: 'sma', period: 10 }, SMA.indicators[1]], stop_loss_percent: 8 }).expect(200)).body;
    expect(v2).toMatchObject({ id, name: 'SMA 10/50', version: 2, latest_version: 2, document: { stop_loss_percent: 8 } });
    expect((await s.get(`/api/strategies/${id}`).expect(200)).body.version).toBe(2);
    const v1 = (await s.get(`/api/strategies/${id}?version=1`).expect(200)).body;
    expect(v1).toMatchObject({ version: 1, latest_version: 2, name: SMA.name, document: created.document });
    await s.get(`/api/strategies/${id}?version=3`).expect(404);

    const list = (await s.get('/api/strategies?limit=50').expect(200)).body;
    expect(list.strategies[0]).toMatchObject({ id, name: 'SMA 10/50', latest_version: 2 });
    expect(list.next_cursor).toBeNull();

    await s.t.http.delete(`/api/strategies/${id}`).set(as()).expect(204);
    await s.get(`/api/strategies/${id}`).expect(404);
    await s.t.http.delete(`/api/strategies/${id}`).set(as()).expect(404);
    await s.t.http.put(`/api/strategies/${id}`).set(as()).send(SMA).expect(404);
    expect(JSON.stringify((await s.get('/api/strategies').expect(200)).body)).not.toContain(id);
  });

  it("answers 404 to another user for every operation on someone else's strategy, and hides it from their list", async () => {
    const id = (await create(SMA).expect(201)).body.id as string;
    const bob = await registerAndLogin(s.t.http);
    await s.t.http.get(`/api/strategies/${id}`).set(as(bob.access)).expect(404);
    await s.t.http.get(`/api/strategies/${id}?version=1`).set(as(bob.access)).expect(404);
    await s.t.http.put(`/api/strategies/${id}`).set(as(bob.access)).send(SMA).expect(404);
    await s.t.http.delete(`/api/strategies/${id}`).set(as(bob.access)).expect(404);
    expect((await s.t.http.get('/api/strategies').set(as(bob.access)).expect(200)).body.strategies).toEqual([]);
    const bt = await s.t.http.post('/api/ml/backtest').set(as(bob.access)).send({ strategy_id: id, start_date: '2024-01-01', end_date: '2024-06-01' });
    expect(bt.status).toBe(404);
    await s.get(`/api/strategies/${id}`).expect(200);
    await s.t.http.delete(`/api/strategies/${id}`).set(as()).expect(204);
  });

  it('422s point at the field and the character of the expression', async () => {
    const unknown = (await create({ ...SMA, entry: 'sma_20 > sma_21 and rsi_14 < 70' }).expect(422)).body;
    expect(unknown).toMatchObject({
      error: 'ValidationError',
      details: { field: 'entry', code: 'UNKNOWN_NAME', position: 9, errors: [{ field: 'entry', code: 'UNKNOWN_NAME', position: 9 }] },
    });
    expect(typeof unknown.request_id).toBe('string');
    const typeError = (await create({ ...SMA, exit: 'close + (sma_20 > 1) > 2' }).expect(422)).body;
    expect(typeError.details).toMatchObject({ field: 'exit', code: 'INVALID_EXPRESSION', position: 8 });
    const syntax = (await create({ ...SMA, entry: 'sma_20 > (sma_50' }).expect(422)).body;
    expect(syntax.details).toMatchObject({ field: 'entry', code: 'INVALID_EXPRESSION', position: 16 });
    const hostile = (await create({ ...SMA, entry: 'constructor.constructor > 1' }).expect(422)).body;
    expect(hostile.details).toMatchObject({ field: 'entry', code: 'UNKNOWN_NAME', position: 0 });
    // Several problems at once, each with its field.
    const many = (await create({ ...SMA, indicators: [{ name: 'close', type: 'sma', period: 5 }], entry: 'foo > 1', sizing: { type: 'equal_weight_top_n', n: 5, score: 'bar' } }).expect(422)).body;
    expect(many.details.errors.map((e: { field: string }) => e.field)).toEqual(['indicators.0.name', 'entry', 'exit', 'sizing.n', 'sizing.score']);
    // The DTO's own checks.
    expect((await create({ ...SMA, indicators: [{ name: 'x', type: 'vwap', period: 5 }] }).expect(422)).body.details.field).toBe('indicators.0.type');
    // Unknown symbol, limit orders (the engine fills at the open only), too many symbols.
    expect((await create({ ...SMA, universe: ['AAPL', 'ZZZZZ'] }).expect(422)).body).toMatchObject({ error: 'UnknownSymbol', details: { field: 'universe.1' } });
    const limit = (await create({ ...SMA, order: { type: 'limit', offset_bps: 10 } }).expect(422)).body;
    expect(limit.details).toMatchObject({ field: 'order.type', code: 'INVALID_VALUE' });
    expect(limit.message).toContain('Limit orders are not supported');
    expect((await create({ ...SMA, universe: ['AAPL', 'MSFT', 'NVDA', 'SPY'] }).expect(422)).body.details).toMatchObject({ field: 'universe', code: 'OUT_OF_RANGE', limit: 3 });
  });

  it('STRATEGY_MAX_PER_USER: one more is 422, a deletion frees a slot', async () => {
    const user = await registerAndLogin(s.t.http);
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push((await create({ ...SMA, name: `s${i}` }, user.access).expect(201)).body.id);
    expect((await create(SMA, user.access).expect(422)).body.details).toMatchObject({ code: 'OUT_OF_RANGE', limit: 6 });
    // Cursor pages, newest first.
    const first = (await s.t.http.get('/api/strategies?limit=4').set(as(user.access)).expect(200)).body;
    expect(first.strategies.map((x: { id: string }) => x.id)).toEqual(ids.slice(2).reverse());
    const second = (await s.t.http.get(`/api/strategies?limit=4&cursor=${first.next_cursor}`).set(as(user.access)).expect(200)).body;
    expect(second).toEqual({ strategies: [expect.objectContaining({ id: ids[1] }), expect.objectContaining({ id: ids[0] })], next_cursor: null });
    await s.t.http.get('/api/strategies?cursor=bm9wZQ').set(as(user.access)).expect(422);
    await s.t.http.delete(`/api/strategies/${ids[0]}`).set(as(user.access)).expect(204);
    await create(SMA, user.access).expect(201);
  });

  it('serves the built-ins as example documents that are valid documents', async () => {
    const { examples } = (await s.get('/api/strategies/examples').expect(200)).body;
    expect(examples.map((e: { key: string }) => e.key)).toEqual(['sma_crossover', 'mean_reversion', 'bollinger', 'momentum', 'momentum_top_n', 'buy_and_hold']);
    const user = await registerAndLogin(s.t.http);
    for (const e of examples) await create(e.document, user.access).expect(201);
  });

  it('a backtest by strategy_id gives the built-in backtest of the same request, and records what ran', async () => {
    const { examples } = (await s.get('/api/strategies/examples').expect(200)).body;
    const user = await registerAndLogin(s.t.http);
    const base = { symbols: ['AAPL', 'MSFT', 'NVDA'], start_date: '2023-01-01', end_date: '2024-06-01', initial_capital: 100000, slippage_bps: 5, commission: { per_share: 0.005, minimum: 1 } };
    for (const key of ['sma_crossover', 'mean_reversion', 'bollinger', 'momentum_top_n']) {
      const example = examples.find((e: { key: string }) => e.key === key);
      const id = (await create(example.document, user.access).expect(201)).body.id;
      const builtin = (await s.t.http.post('/api/ml/backtest').set(as(user.access)).send({ ...base, strategy: example.builtin, parameters: example.parameters }).expect(200)).body;
      const doc = (await s.t.http.post('/api/ml/backtest').set(as(user.access)).send({ ...base, strategy_id: id }).expect(200)).body;
      expect(builtin.trades.length).toBeGreaterThan(0);
      expect(doc).toMatchObject({ strategy: null, strategy_id: id, strategy_version: 1, parameters: {} });
      expect(builtin).toMatchObject({ strategy: example.builtin, strategy_id: null, strategy_version: null });
      expect(doc.trades).toEqual(builtin.trades);
      expect(doc.equity_curve).toEqual(builtin.equity_curve);
      expect(doc.summary).toEqual(builtin.summary);
      expect((await s.t.http.get(`/api/ml/backtest/${doc.id}`).set(as(user.access)).expect(200)).body).toMatchObject({ strategy_id: id, strategy_version: 1 });
    }
    // Default symbols: the document's universe; an older version by number.
    const sma = examples.find((e: { key: string }) => e.key === 'sma_crossover');
    const id = (await create({ ...sma.document, universe: ['AAPL'] }, user.access).expect(201)).body.id;
    await s.t.http.put(`/api/strategies/${id}`).set(as(user.access)).send({ ...sma.document, universe: ['MSFT'] }).expect(200);
    const latest = (await s.t.http.post('/api/ml/backtest').set(as(user.access)).send({ strategy_id: id, start_date: '2024-01-01', end_date: '2024-06-01' }).expect(200)).body;
    expect(latest).toMatchObject({ symbols: ['MSFT'], strategy_version: 2 });
    const first = (await s.t.http.post('/api/ml/backtest').set(as(user.access)).send({ strategy_id: id, strategy_version: 1, start_date: '2024-01-01', end_date: '2024-06-01' }).expect(200)).body;
    expect(first).toMatchObject({ symbols: ['AAPL'], strategy_version: 1 });
  });

  it('a long backtest of a document runs as a job (the version reloaded by id) and equals the built-in job', async () => {
    const { examples } = (await s.get('/api/strategies/examples').expect(200)).body;
    const user = await registerAndLogin(s.t.http);
    const sma = examples.find((e: { key: string }) => e.key === 'sma_crossover');
    const id = (await create(sma.document, user.access).expect(201)).body.id;
    const base = { symbols: ['AAPL', 'MSFT', 'NVDA'], start_date: '2021-01-01', end_date: '2024-06-01' };
    const wait = async (bid: string) => {
      for (let i = 0; i < 600; i++) {
        const b = (await s.t.http.get(`/api/ml/backtest/${bid}`).set(as(user.access)).expect(200)).body;
        if (b.status === 'completed' || b.status === 'failed') return b;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('backtest did not finish');
    };
    const queued = (await s.t.http.post('/api/ml/backtest').set(as(user.access)).send({ ...base, strategy_id: id }).expect(202)).body;
    expect(queued).toMatchObject({ status: 'queued', strategy: null, strategy_id: id, strategy_version: 1 });
    // A new version and a deletion after submitting change nothing: the job runs version 1.
    await s.t.http.put(`/api/strategies/${id}`).set(as(user.access)).send({ ...sma.document, entry: 'false' }).expect(200);
    await s.t.http.delete(`/api/strategies/${id}`).set(as(user.access)).expect(204);
    const builtin = (await s.t.http.post('/api/ml/backtest').set(as(user.access)).send({ ...base, strategy: 'sma_crossover' }).expect(202)).body;
    const [doc, ref] = [await wait(queued.id), await wait(builtin.id)];
    expect(doc.status).toBe('completed');
    expect(doc.trades.length).toBeGreaterThan(0);
    expect(doc.trades).toEqual(ref.trades);
    expect(doc.equity_curve).toEqual(ref.equity_curve);
  });

  it('a backtest takes exactly one of strategy and strategy_id (422 otherwise)', async () => {
    const id = (await create(SMA).expect(201)).body.id;
    const post = (body: object) => s.t.http.post('/api/ml/backtest').set(as()).send({ start_date: '2024-01-01', end_date: '2024-06-01', ...body });
    expect((await post({ symbol: 'AAPL' }).expect(422)).body.details).toMatchObject({ field: 'strategy', code: 'REQUIRED' });
    expect((await post({ strategy: 'momentum', strategy_id: id }).expect(422)).body.details).toMatchObject({ field: 'strategy_id', code: 'INVALID_COMBINATION' });
    expect((await post({ strategy: 'momentum', symbol: 'AAPL', strategy_version: 1 }).expect(422)).body.details).toMatchObject({ field: 'strategy_version' });
    expect((await post({ strategy_id: id, parameters: { fast: 5 } }).expect(422)).body.details).toMatchObject({ field: 'parameters' });
    expect((await post({ strategy_id: id, allow_short: true }).expect(422)).body.details).toMatchObject({ field: 'allow_short' });
    expect((await post({ strategy_id: id, symbols: ['AAPL', 'MSFT', 'NVDA', 'SPY'] }).expect(422)).body.details).toMatchObject({ field: 'symbols', limit: 3 });
    await post({ strategy_id: id, strategy_version: 2 }).expect(404);
    await s.t.http.delete(`/api/strategies/${id}`).set(as()).expect(204);
  });
});
