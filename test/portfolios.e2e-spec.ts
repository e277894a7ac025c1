import { requestHash } from '../src/idempotency/idempotency.service';
import { TradingEvent } from '../src/outbox/trading-event';
import { NavHistoryService } from '../src/portfolios/nav-history.service';
import { PortfolioHoldingsReader } from '../src/portfolios/portfolio-holdings.contract';
import { registerAndLogin } from './support/app';
import { startTradingApp, TradingTestApp } from './support/trading';
import { expectLedgerConsistent } from './support/ledger';
import { useTestApp } from './support/suite';

const SEED_LIST_FIELDS = ['cash_balance', 'created_at', 'day_change', 'day_change_percent', 'id', 'name', 'positions_count', 'total_value'];
const SEED_POSITION_FIELDS = ['avg_cost', 'current_price', 'id', 'market_value', 'quantity', 'symbol', 'unrealized_pnl', 'unrealized_pnl_percent', 'weight'];

describe('Portfolios and positions (e2e, PostgreSQL)', () => {
  const suite = useTestApp({ start: () => startTradingApp() });
  let t: TradingTestApp;
  let auth: string;
  let userId: string;
  let other: string;
  const as = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    ({ t, token: auth, userId } = suite);
    other = (await registerAndLogin(t.http)).access;
  });
  afterEach(async () => {
    await t.settle();
    await expectLedgerConsistent(t.db);
  });

  const create = async (body: Record<string, unknown> = { name: 'P', initial_cash: 100000 }, token = auth) =>
    (await t.http.post('/api/portfolios/').set(as(token)).send(body).expect(201)).body;

  it('creates with the seed body, deposits initial_cash, and lists in the seed shape', async () => {
    const created = await create({ name: 'Growth Portfolio', description: 'Long-term growth focused portfolio', initial_cash: 100000 });
    expect(created).toMatchObject({
      name: 'Growth Portfolio',
      description: 'Long-term growth focused portfolio',
      total_value: 100000,
      cash_balance: 100000,
      reserved_cash: 0,
      buying_power: 100000,
      realized_pnl: 0,
      day_change: 0,
      positions_count: 0,
      positions: [],
    });
    const list = await t.http.get('/api/portfolios/').set(as(auth)).expect(200);
    expect(Object.keys(list.body)).toEqual(['portfolios']);
    const mine = list.body.portfolios.find((p: { id: string }) => p.id === created.id);
    for (const f of SEED_LIST_FIELDS) expect(mine).toHaveProperty(f);
    expect(new Date(mine.created_at).toISOString()).toBe(mine.created_at);
    const tx = await t.http.get(`/api/portfolios/${created.id}/transactions`).set(as(auth)).expect(200);
    expect(tx.body.transactions).toEqual([expect.objectContaining({ type: 'deposit', amount: 100000, balance_after: 100000 })]);
    expect(tx.body.next_cursor).toBeNull();
    // initial_cash 0 (or absent): no transaction.
    const empty = await create({ name: 'Empty' });
    expect(empty.cash_balance).toBe(0);
    const none = await t.http.get(`/api/portfolios/${empty.id}/transactions`).set(as(auth)).expect(200);
    expect(none.body.transactions).toEqual([]);
  });

  it('validates bounds with 422 (never a numeric overflow 500)', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ name: 'x', initial_cash: -1 }, 'initial_cash', 'OUT_OF_RANGE'],
      [{ name: 'x', initial_cash: 1e13 + 1 }, 'initial_cash', 'OUT_OF_RANGE'],
      [{ name: 'x', initial_cash: 1e300 }, 'initial_cash', 'OUT_OF_RANGE'],
      [{ name: 'x', initial_cash: 10.001 }, 'initial_cash', 'OUT_OF_RANGE'],
      [{ name: 'x', initial_cash: 'lots' }, 'initial_cash', 'INVALID_TYPE'],
      [{ initial_cash: 5 }, 'name', 'REQUIRED'],
      [{ name: '   ' }, 'name', 'REQUIRED'],
      [{ name: 'x'.repeat(101) }, 'name', 'OUT_OF_RANGE'],
      [{ name: 'x', cash: 5 }, 'cash', 'UNKNOWN_FIELD'],
    ];
    for (const [body, field, code] of cases) {
      const res = await t.http.post('/api/portfolios').set(as(auth)).send(body);
      expect({ body, status: res.status, details: res.body.details }).toMatchObject({ status: 422, details: { field, code } });
    }
    const ok = await create({ name: 'Max', initial_cash: 1e13 });
    expect(ok.cash_balance).toBe(1e13);
    const over = await t.http.post(`/api/portfolios/${ok.id}/cash`).set(as(auth)).send({ type: 'deposit', amount: 1 }).expect(422);
    expect(over.body.details).toMatchObject({ field: 'amount', code: 'OUT_OF_RANGE' });
    const pos = await t.http.post(`/api/portfolios/${ok.id}/positions`).set(as(auth)).send({ symbol: 'AAPL', quantity: 1e9 + 1, price: 1 }).expect(422);
    expect(pos.body.details).toMatchObject({ field: 'quantity', code: 'OUT_OF_RANGE' });
    const price = await t.http.post(`/api/portfolios/${ok.id}/positions`).set(as(auth)).send({ symbol: 'AAPL', quantity: 1, price: 1e7 + 1 }).expect(422);
    expect(price.body.details).toMatchObject({ field: 'price', code: 'OUT_OF_RANGE' });
  });

  it('gets, updates and deletes; deleted portfolios leave every read but keep their ledger', async () => {
    const p = await create({ name: 'Old', description: 'd', initial_cash: 500 });
    const upd = await t.http.put(`/api/portfolios/${p.id}`).set(as(auth)).send({ name: 'New', description: null }).expect(200);
    expect(upd.body).toMatchObject({ id: p.id, name: 'New', description: null, cash_balance: 500 });
    await t.http.put(`/api/portfolios/${p.id}`).set(as(auth)).send({}).expect(422);
    const got = await t.http.get(`/api/portfolios/${p.id}`).set(as(auth)).expect(200);
    expect(got.body).toMatchObject({ name: 'New', positions: [] });
    await t.http.delete(`/api/portfolios/${p.id}`).set(as(auth)).expect(204);
    await t.http.get(`/api/portfolios/${p.id}`).set(as(auth)).expect(404);
    await t.http.delete(`/api/portfolios/${p.id}`).set(as(auth)).expect(404);
    await t.http.get(`/api/portfolios/${p.id}/transactions`).set(as(auth)).expect(404);
    const list = await t.http.get('/api/portfolios').set(as(auth)).expect(200);
    expect(list.body.portfolios.map((x: { id: string }) => x.id)).not.toContain(p.id);
    const [{ n }] = await t.db.query('SELECT COUNT(*)::int AS n FROM cash_transactions WHERE portfolio_id = $1', [p.id]);
    expect(n).toBe(1);
  });

  it("answers 404 for another user's portfolio or position, and for malformed ids", async () => {
    const p = await create({ name: 'Mine', initial_cash: 100 });
    const pos = await t.http.post(`/api/portfolios/${p.id}/positions`).set(as(auth)).send({ symbol: 'AAPL', quantity: 1, price: 100 }).expect(201);
    const o = as(other);
    await t.http.get(`/api/portfolios/${p.id}`).set(o).expect(404);
    await t.http.put(`/api/portfolios/${p.id}`).set(o).send({ name: 'x' }).expect(404);
    await t.http.delete(`/api/portfolios/${p.id}`).set(o).expect(404);
    await t.http.get(`/api/portfolios/${p.id}/positions`).set(o).expect(404);
    await t.http.post(`/api/portfolios/${p.id}/positions`).set(o).send({ symbol: 'AAPL', quantity: 1, price: 1 }).expect(404);
    await t.http.post(`/api/portfolios/${p.id}/cash`).set(o).send({ type: 'withdrawal', amount: 1 }).expect(404);
    await t.http.get(`/api/portfolios/${p.id}/transactions`).set(o).expect(404);
    await t.http.get(`/api/portfolios/${p.id}/fills`).set(o).expect(404);
    await t.http.get(`/api/portfolios/${p.id}/history`).set(o).expect(404);
    await t.http.get(`/api/positions/${pos.body.id}`).set(o).expect(404);
    await t.http.delete(`/api/positions/${pos.body.id}`).set(o).expect(404);
    const res = await t.http.get('/api/portfolios/not-a-uuid').set(as(auth)).expect(404);
    expect(res.body).toMatchObject({ error: 'NotFound' });
    const list = await t.http.get('/api/portfolios').set(o).expect(200);
    expect(list.body.portfolios.map((x: { id: string }) => x.id)).not.toContain(p.id);
  });

  it('deposits and withdraws; a withdrawal never goes below zero (precise message)', async () => {
    const p = await create({ name: 'Cash', initial_cash: 1000 });
    const dep = await t.http.post(`/api/portfolios/${p.id}/cash`).set(as(auth)).send({ type: 'deposit', amount: 250.5 }).expect(201);
    expect(dep.body).toMatchObject({ type: 'deposit', amount: 250.5, balance_after: 1250.5 });
    const wd = await t.http.post(`/api/portfolios/${p.id}/cash`).set(as(auth)).send({ type: 'withdrawal', amount: 1250.5 }).expect(201);
    expect(wd.body).toMatchObject({ type: 'withdrawal', amount: -1250.5, balance_after: 0 });
    const no = await t.http.post(`/api/portfolios/${p.id}/cash`).set(as(auth)).send({ type: 'withdrawal', amount: 0.01 }).expect(422);
    expect(no.body).toMatchObject({ error: 'InsufficientFunds', message: 'insufficient cash for withdrawal: required 0.01, available 0.00' });
    await t.http.post(`/api/portfolios/${p.id}/cash`).set(as(auth)).send({ type: 'deposit', amount: 0 }).expect(422);
    await t.http.post(`/api/portfolios/${p.id}/cash`).set(as(auth)).send({ type: 'gift', amount: 5 }).expect(422);
  });

  it('adds holdings as transfers at a weighted average cost and values them as the seed does', async () => {
    // The seed's numbers: 100 AAPL at 150, price 175.84, total value 150,000.
    t.market.setQuote('AAPL', { price: 175.84, previous_close: 173.69 });
    const p = await create({ name: 'Seed', initial_cash: 150000 - 17584 });
    await t.http.post(`/api/portfolios/${p.id}/positions`).set(as(auth)).send({ symbol: 'aapl', quantity: 60, price: 140 }).expect(201);
    const merged = await t.http.post(`/api/portfolios/${p.id}/positions`).set(as(auth)).send({ symbol: 'AAPL', quantity: 40, price: 165 }).expect(201);
    // (60 × 140 + 40 × 165) / 100 = 150
    expect(merged.body).toMatchObject({ symbol: 'AAPL', quantity: 100, avg_cost: 150, current_price: 175.84, market_value: 17584, unrealized_pnl: 2584 });
    const list = await t.http.get(`/api/portfolios/${p.id}/positions`).set(as(auth)).expect(200);
    expect(Object.keys(list.body)).toEqual(['positions']);
    expect(list.body.positions).toHaveLength(1);
    const [pos] = list.body.positions;
    for (const f of SEED_POSITION_FIELDS) expect(pos).toHaveProperty(f);
    expect(pos).toMatchObject({ unrealized_pnl_percent: 17.23, weight: 11.72, realized_pnl: 0, reserved_quantity: 0 });
    const got = await t.http.get(`/api/portfolios/${p.id}`).set(as(auth)).expect(200);
    expect(got.body).toMatchObject({ total_value: 150000, cash_balance: 132416, positions_count: 1 });
    // Transferred in today: counts from the transfer price, not the previous close.
    expect(got.body.day_change).toBe(2584);
    expect(got.body.positions[0]).toMatchObject({ id: pos.id });
    // No cash moved; both transfers are in the ledger with their quantity and price.
    const tx = await t.http.get(`/api/portfolios/${p.id}/transactions`).set(as(auth)).expect(200);
    expect(tx.body.transactions.slice(0, 2)).toEqual([
      expect.objectContaining({ type: 'transfer_in', amount: 0, quantity: 40, price: 165, symbol: 'AAPL', position_id: pos.id }),
      expect.objectContaining({ type: 'transfer_in', amount: 0, quantity: 60, price: 140 }),
    ]);
    await t.http.get(`/api/positions/${pos.id}`).set(as(auth)).expect(200);
    const unknown = await t.http.post(`/api/portfolios/${p.id}/positions`).set(as(auth)).send({ symbol: 'ZZZZ', quantity: 1, price: 1 }).expect(422);
    expect(unknown.body).toMatchObject({ error: 'UnknownSymbol', details: { field: 'symbol', code: 'UNKNOWN_SYMBOL' } });
    await t.http.post(`/api/portfolios/${p.id}/positions`).set(as(auth)).send({ symbol: 'DEAD', quantity: 1, price: 1 }).expect(422);
    const bad = await t.http.post(`/api/portfolios/${p.id}/positions`).set(as(auth)).send({ symbol: '$$$', quantity: 1, price: 1 }).expect(422);
    expect(bad.body.details).toMatchObject({ field: 'symbol', code: 'INVALID_FORMAT' });
  });

  it('counts day change from the previous close for shares held overnight', async () => {
    t.clock.set('2024-01-15T15:00:00Z');
    t.market.setQuote('MSFT', { price: 100, previous_close: 100 });
    const p = await create({ name: 'Overnight', initial_cash: 0 });
    await t.http.post(`/api/portfolios/${p.id}/positions`).set(as(auth)).send({ symbol: 'MSFT', quantity: 10, price: 80 }).expect(201);
    t.clock.set('2024-01-16T15:00:00Z');
    t.market.setQuote('MSFT', { price: 110, previous_close: 100 });
    const got = await t.http.get(`/api/portfolios/${p.id}`).set(as(auth)).expect(200);
    expect(got.body).toMatchObject({ total_value: 1100, day_change: 100, day_change_percent: 10 });
    expect(got.body.positions[0]).toMatchObject({ day_change: 100, day_change_percent: 10, unrealized_pnl: 300, unrealized_pnl_percent: 37.5 });
  });

  it('removes a position as a transfer-out at its cost, keeping it in the ledger', async () => {
    t.market.setQuote('GOOGL', { price: 140 });
    const p = await create({ name: 'Remove', initial_cash: 10 });
    const pos = await t.http.post(`/api/portfolios/${p.id}/positions`).set(as(auth)).send({ symbol: 'GOOGL', quantity: 5, price: 120 }).expect(201);
    await t.http.delete(`/api/positions/${pos.body.id}`).set(as(auth)).expect(204);
    await t.http.delete(`/api/positions/${pos.body.id}`).set(as(auth)).expect(404);
    await t.http.get(`/api/positions/${pos.body.id}`).set(as(auth)).expect(404);
    const list = await t.http.get(`/api/portfolios/${p.id}/positions`).set(as(auth)).expect(200);
    expect(list.body.positions).toEqual([]);
    const tx = await t.http.get(`/api/portfolios/${p.id}/transactions`).set(as(auth)).expect(200);
    expect(tx.body.transactions[0]).toMatchObject({ type: 'transfer_out', amount: 0, quantity: 5, price: 120, balance_after: 10 });
    const got = await t.http.get(`/api/portfolios/${p.id}`).set(as(auth)).expect(200);
    expect(got.body).toMatchObject({ cash_balance: 10, total_value: 10, positions_count: 0 });
  });

  it('pages the cash ledger with an opaque cursor', async () => {
    const p = await create({ name: 'Pages', initial_cash: 1 });
    for (let i = 2; i <= 5; i++) await t.http.post(`/api/portfolios/${p.id}/cash`).set(as(auth)).send({ type: 'deposit', amount: i }).expect(201);
    const first = await t.http.get(`/api/portfolios/${p.id}/transactions?limit=2`).set(as(auth)).expect(200);
    expect(first.body.transactions.map((x: { amount: number }) => x.amount)).toEqual([5, 4]);
    const second = await t.http.get(`/api/portfolios/${p.id}/transactions?limit=2&cursor=${first.body.next_cursor}`).set(as(auth)).expect(200);
    expect(second.body.transactions.map((x: { amount: number }) => x.amount)).toEqual([3, 2]);
    const third = await t.http.get(`/api/portfolios/${p.id}/transactions?limit=2&cursor=${second.body.next_cursor}`).set(as(auth)).expect(200);
    expect(third.body).toMatchObject({ transactions: [expect.objectContaining({ amount: 1 })], next_cursor: null });
    const bad = await t.http.get(`/api/portfolios/${p.id}/transactions?cursor=garbage`).set(as(auth)).expect(422);
    expect(bad.body.details).toMatchObject({ field: 'cursor', code: 'INVALID_FORMAT' });
    await t.http.get(`/api/portfolios/${p.id}/transactions?limit=501`).set(as(auth)).expect(422);
    await t.http.get(`/api/portfolios/${p.id}/fills?limit=0`).set(as(auth)).expect(422);
  });

  it('makes portfolio creation idempotent with Idempotency-Key', async () => {
    const key = `create-${Date.now()}`;
    const body = { name: 'Idem', initial_cash: 42 };
    const first = await t.http.post('/api/portfolios').set(as(auth)).set('Idempotency-Key', key).send(body).expect(201);
    const again = await t.http.post('/api/portfolios').set(as(auth)).set('Idempotency-Key', key).send(body).expect(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const [{ n }] = await t.db.query('SELECT COUNT(*)::int AS n FROM portfolios WHERE user_id = $1 AND name = $2', [userId, 'Idem']);
    expect(n).toBe(1);
    const reuse = await t.http.post('/api/portfolios').set(as(auth)).set('Idempotency-Key', key).send({ ...body, initial_cash: 43 }).expect(409);
    expect(reuse.body).toMatchObject({ error: 'IdempotencyKeyReuse' });
    // Keys are per user: the other user's same key is a different request.
    await t.http.post('/api/portfolios').set(as(other)).set('Idempotency-Key', key).send(body).expect(201);
    // A request still in flight (its lease not expired) → RequestInProgress.
    const inflight = { name: 'InFlight' };
    const hash = requestHash({ method: 'POST', route: '/api/portfolios', body: inflight });
    await t.db.query(
      `INSERT INTO idempotency_keys (user_id, key, request_hash, status, lock_token, locked_until, expires_at)
       VALUES ($1, 'flying', $2, 'in_progress', gen_random_uuid(), now() + interval '30 seconds', now() + interval '1 day')`,
      [userId, hash],
    );
    const busy = await t.http.post('/api/portfolios').set(as(auth)).set('Idempotency-Key', 'flying').send(inflight).expect(409);
    expect(busy.body).toMatchObject({ error: 'RequestInProgress', details: { retry_after: expect.any(Number) } });
    expect(Number(busy.headers['retry-after'])).toBeGreaterThanOrEqual(29);
    expect(Number(busy.headers['retry-after'])).toBeLessThanOrEqual(30);
    // Its owner died (lease over): the retry takes the key over and runs once.
    await t.db.query(`UPDATE idempotency_keys SET locked_until = now() - interval '1 second' WHERE user_id = $1 AND key = 'flying'`, [userId]);
    await t.http.post('/api/portfolios').set(as(auth)).set('Idempotency-Key', 'flying').send(inflight).expect(201);
    // Expired keys (24 h) run again.
    await t.db.query(`UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE user_id = $1 AND key = $2`, [userId, key]);
    const fresh = await t.http.post('/api/portfolios').set(as(auth)).set('Idempotency-Key', key).send(body).expect(201);
    expect(fresh.body.id).not.toBe(first.body.id);
    const badKey = await t.http.post('/api/portfolios').set(as(auth)).set('Idempotency-Key', 'x'.repeat(256)).send(body).expect(422);
    expect(badKey.body.details).toMatchObject({ field: 'Idempotency-Key', code: 'INVALID_FORMAT' });
  });

  it('records NAV history at the close and on demand', async () => {
    t.clock.set('2024-01-17T15:00:00Z');
    t.market.setQuote('SPY', { price: 470 });
    const p = await create({ name: 'Nav', initial_cash: 1000 });
    await t.http.post(`/api/portfolios/${p.id}/positions`).set(as(auth)).send({ symbol: 'SPY', quantity: 2, price: 450 }).expect(201);
    const nav = t.app.get(NavHistoryService);
    t.market.openSession('2024-01-17T21:00:00Z');
    await nav.checkClose();
    t.clock.set('2024-01-17T21:00:01Z');
    t.market.setQuote('SPY', { price: 475 });
    expect(await nav.checkClose()).toBeGreaterThan(0);
    const hist = await t.http.get(`/api/portfolios/${p.id}/history`).set(as(auth)).expect(200);
    expect(hist.body).toEqual({
      portfolio_id: p.id,
      history: [expect.objectContaining({ date: '2024-01-17', total_value: 1950, cash_balance: 1000, positions_value: 950, source: 'close' })],
    });
    t.clock.set('2024-01-18T16:00:00Z');
    const manual = await t.http.post(`/api/portfolios/${p.id}/history`).set(as(auth)).expect(201);
    expect(manual.body).toMatchObject({ date: '2024-01-18', total_value: 1950, source: 'manual' });
    t.market.openSession();
  });

  it('serves the PortfolioHoldingsReader contract, owner-checked and versioned', async () => {
    const reader = t.app.get(PortfolioHoldingsReader);
    const p = await create({ name: 'Holdings', initial_cash: 100 });
    const before = await reader.getHoldings(userId, p.id);
    expect(before).toMatchObject({ portfolio_id: p.id, user_id: userId, currency: 'USD', positions: [] });
    expect(before.cash_balance.toNumber()).toBe(100);
    await t.http.post(`/api/portfolios/${p.id}/positions`).set(as(auth)).send({ symbol: 'MSFT', quantity: 3, price: 10 }).expect(201);
    const after = await reader.getHoldings(userId, p.id);
    expect(after.version).not.toBe(before.version);
    expect(after.positions.map((x) => [x.symbol, x.quantity.toNumber(), x.avg_cost.toNumber()])).toEqual([['MSFT', 3, 10]]);
    await expect(reader.getHoldings('00000000-0000-0000-0000-000000000000', p.id)).rejects.toMatchObject({ errorName: 'NotFound' });
    expect(await reader.getNavHistory(userId, p.id, '2000-01-01', '2100-01-01')).toEqual([]);
  });

  it('writes every change to the outbox in the same transaction and relays it with a per-user sequence', async () => {
    const seen: TradingEvent[] = [];
    const sub = t.events.all$.subscribe((e) => seen.push(e));
    const p = await create({ name: 'Events', initial_cash: 10 });
    await t.http.post(`/api/portfolios/${p.id}/cash`).set(as(auth)).send({ type: 'deposit', amount: 5 }).expect(201);
    await t.relay.flush();
    const mine = seen.filter((e) => e.portfolio_id === p.id);
    expect(mine.map((e) => [e.type, e.event])).toEqual([
      ['portfolio', 'created'],
      ['portfolio', 'deposit'],
    ]);
    expect(mine[1].seq).toBe(mine[0].seq + 1);
    expect(mine.every((e) => e.user_id === userId)).toBe(true);

    // A crash between commit and publish: the row is committed but was never relayed. The relay finds it.
    const [{ last }] = await t.db.query('SELECT last_seq AS last FROM outbox_sequences WHERE user_id = $1', [userId]);
    await t.db.query(
      `WITH s AS (UPDATE outbox_sequences SET last_seq = last_seq + 1 WHERE user_id = $1 RETURNING last_seq)
       INSERT INTO outbox_events (user_id, seq, portfolio_id, type, event, payload) SELECT $1, last_seq, $2, 'portfolio', 'updated', '{"crash": true}' FROM s`,
      [userId, p.id],
    );
    await t.relay.flush();
    const recovered = seen.find((e) => e.payload.crash === true);
    expect(recovered).toMatchObject({ seq: Number(last) + 1, event: 'updated' });
    const [{ n }] = await t.db.query('SELECT COUNT(*)::int AS n FROM outbox_events WHERE published_at IS NULL');
    expect(n).toBe(0);
    expect((await t.events.since(userId, Number(last))).map((e) => e.seq)).toEqual([Number(last) + 1]);
    sub.unsubscribe();
  });
});
