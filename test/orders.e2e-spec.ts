import SwaggerParser from '@apidevtools/swagger-parser';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OrderEventMessage, OrderEventsSource } from '../src/outbox/order-events.contract';
import { TradingEvent } from '../src/outbox/trading-event';
import { registerAndLogin } from './support/app';
import { startTradingApp, TradingTestApp } from './support/trading';
import { expectLedgerConsistent, ledgerViolations } from './support/ledger';
import { useTestApp } from './support/suite';

const SEED_ORDER_FIELDS = ['created_at', 'id', 'order_type', 'portfolio_id', 'price', 'quantity', 'side', 'status', 'symbol'];
const EXTRA_ORDER_FIELDS = [
  'avg_fill_price',
  'canceled_at',
  'client_order_id',
  'filled_at',
  'filled_quantity',
  'reject_reason',
  'stop_price',
  'time_in_force',
  'updated_at',
];

type Body = Record<string, unknown>;

describe('Orders and the execution engine (e2e, PostgreSQL)', () => {
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
  beforeEach(() => {
    t.clock.set('2024-01-15T15:00:00Z');
    t.market.openSession('2024-01-15T21:00:00Z');
  });
  afterEach(async () => {
    await t.settle();
    await expectLedgerConsistent(t.db);
  });

  const portfolio = async (cash = 100000, token = auth): Promise<string> =>
    (await t.http.post('/api/portfolios').set(as(token)).send({ name: 'Trading', initial_cash: cash }).expect(201)).body.id;
  const order = (body: Body, token = auth) => t.http.post('/api/orders/').set(as(token)).send(body);
  const get = async (id: string) => (await t.http.get(`/api/orders/${id}`).set(as(auth)).expect(200)).body;
  const pf = async (id: string) => (await t.http.get(`/api/portfolios/${id}`).set(as(auth)).expect(200)).body;
  const tick = async (symbol: string, q: Parameters<TradingTestApp['market']['tick']>[1]) => {
    t.clock.advance(1000);
    t.market.tick(symbol, q);
    await t.settle();
  };

  it('fills a market buy on submission at the ask, with the seed fields and the extras', async () => {
    const p = await portfolio();
    t.market.setQuote('AAPL', { price: 175.84, bid: 175.8, ask: 175.9 });
    const res = await order({ portfolio_id: p, symbol: 'aapl', side: 'buy', order_type: 'market', quantity: 100 }).expect(201);
    for (const f of [...SEED_ORDER_FIELDS, ...EXTRA_ORDER_FIELDS]) expect(res.body).toHaveProperty(f);
    expect(res.body).toMatchObject({
      portfolio_id: p,
      symbol: 'AAPL',
      side: 'buy',
      order_type: 'market',
      quantity: 100,
      price: null,
      stop_price: null,
      status: 'filled',
      time_in_force: 'day',
      filled_quantity: 100,
      avg_fill_price: 175.9,
      canceled_at: null,
      reject_reason: null,
      client_order_id: null,
    });
    expect(res.body.filled_at).toBe(t.clock.now().toISOString());
    const after = await pf(p);
    expect(after).toMatchObject({ cash_balance: 100000 - 17590, reserved_cash: 0, positions_count: 1 });
    expect(after.positions[0]).toMatchObject({ symbol: 'AAPL', quantity: 100, avg_cost: 175.9 });
    const fills = await t.http.get(`/api/portfolios/${p}/fills`).set(as(auth)).expect(200);
    expect(fills.body.fills).toEqual([expect.objectContaining({ order_id: res.body.id, side: 'buy', quantity: 100, price: 175.9, commission: 0 })]);
    const tx = await t.http.get(`/api/portfolios/${p}/transactions`).set(as(auth)).expect(200);
    expect(tx.body.transactions[0]).toMatchObject({ type: 'buy', amount: -17590, balance_after: 82410, order_id: res.body.id, symbol: 'AAPL' });
  });

  it('lets a market order wait for the open when the market is closed, then fills it on the opening tick', async () => {
    const p = await portfolio();
    t.market.setQuote('MSFT', { price: 400 });
    t.market.closeSession('2024-01-16T21:00:00Z');
    const res = await order({ portfolio_id: p, symbol: 'MSFT', side: 'buy', order_type: 'market', quantity: 10 }).expect(201);
    expect(res.body.status).toBe('pending');
    // Reserved: 10 × 400 × (1 + 2.5 %) = 4100.
    expect((await pf(p)).reserved_cash).toBe(4100);
    await tick('MSFT', { price: 401 });
    expect((await get(res.body.id)).status).toBe('pending');
    expect(t.market.isWatched('MSFT')).toBe(true);
    t.clock.set('2024-01-16T14:30:00Z');
    t.market.openSession('2024-01-16T21:00:00Z');
    await tick('MSFT', { price: 405, bid: 404.9, ask: 405.1, open: 405, session_open: true });
    const filled = await get(res.body.id);
    expect(filled).toMatchObject({ status: 'filled', avg_fill_price: 405.1, filled_quantity: 10 });
    expect(await pf(p)).toMatchObject({ reserved_cash: 0, cash_balance: 100000 - 4051 });
  });

  it('works a buy limit until the ask reaches it, filling at the ask and never above the limit', async () => {
    const p = await portfolio();
    t.market.setQuote('GOOGL', { price: 150 });
    const res = await order({ portfolio_id: p, symbol: 'GOOGL', side: 'buy', order_type: 'limit', quantity: 10, price: 140 }).expect(201);
    expect(res.body).toMatchObject({ status: 'pending', price: 140 });
    expect((await pf(p)).reserved_cash).toBe(1400);
    await tick('GOOGL', { price: 141, bid: 140.9, ask: 141.1 });
    expect((await get(res.body.id)).status).toBe('pending');
    await tick('GOOGL', { price: 139, bid: 138.9, ask: 139.2 });
    expect(await get(res.body.id)).toMatchObject({ status: 'filled', avg_fill_price: 139.2 });
    // The reservation at the limit is released; cash pays the actual price.
    expect(await pf(p)).toMatchObject({ reserved_cash: 0, cash_balance: 100000 - 1392 });
  });

  it('sells with a limit at the bid and realizes P&L by average cost', async () => {
    const p = await portfolio(0);
    t.market.setQuote('TSLA', { price: 200 });
    await t.http.post(`/api/portfolios/${p}/positions`).set(as(auth)).send({ symbol: 'TSLA', quantity: 10, price: 150 }).expect(201);
    const res = await order({ portfolio_id: p, symbol: 'TSLA', side: 'sell', order_type: 'limit', quantity: 4, price: 210 }).expect(201);
    expect(res.body.status).toBe('pending');
    expect((await pf(p)).positions[0]).toMatchObject({ reserved_quantity: 4 });
    await tick('TSLA', { price: 209, bid: 208, ask: 210 });
    expect((await get(res.body.id)).status).toBe('pending');
    await tick('TSLA', { price: 212, bid: 211.5, ask: 212.5 });
    expect(await get(res.body.id)).toMatchObject({ status: 'filled', avg_fill_price: 211.5 });
    const after = await pf(p);
    // (211.5 − 150) × 4 = 246
    expect(after).toMatchObject({ cash_balance: 846, realized_pnl: 246 });
    expect(after.positions[0]).toMatchObject({ quantity: 6, avg_cost: 150, reserved_quantity: 0, realized_pnl: 246 });
    const fills = await t.http.get(`/api/portfolios/${p}/fills`).set(as(auth)).expect(200);
    expect(fills.body.fills[0]).toMatchObject({ side: 'sell', realized_pnl: 246 });
  });

  it('triggers a sell stop on the last price and fills as market; on a gap it fills at the open', async () => {
    const p = await portfolio(0);
    t.market.setQuote('NVDA', { price: 500 });
    await t.http.post(`/api/portfolios/${p}/positions`).set(as(auth)).send({ symbol: 'NVDA', quantity: 20, price: 400 }).expect(201);
    const a = (await order({ portfolio_id: p, symbol: 'NVDA', side: 'sell', order_type: 'stop', quantity: 10, stop_price: 480, time_in_force: 'gtc' }).expect(201)).body;
    const b = (await order({ portfolio_id: p, symbol: 'NVDA', side: 'sell', order_type: 'stop', quantity: 10, stop_price: 450, time_in_force: 'gtc' }).expect(201)).body;
    expect(a).toMatchObject({ status: 'pending', stop_price: 480, price: null });
    await tick('NVDA', { price: 481, bid: 480.9, ask: 481.1 });
    expect((await get(a.id)).status).toBe('pending');
    await tick('NVDA', { price: 479, bid: 478.9, ask: 479.1 });
    expect(await get(a.id)).toMatchObject({ status: 'filled', avg_fill_price: 478.9 });
    expect((await get(b.id)).status).toBe('pending');
    // Overnight gap through 450: the opening tick fills at the open (440), not at the stop.
    t.market.closeSession();
    t.clock.set('2024-01-16T14:30:00Z');
    t.market.openSession('2024-01-16T21:00:00Z');
    await tick('NVDA', { price: 441, bid: 440.9, ask: 441.1, open: 440, session_open: true });
    expect(await get(b.id)).toMatchObject({ status: 'filled', avg_fill_price: 440 });
    // (478.9 − 400) × 10 + (440 − 400) × 10
    expect(await pf(p)).toMatchObject({ realized_pnl: 1189, cash_balance: 9189, positions_count: 0 });
  });

  it('triggers a buy stop-limit, then works it as a limit', async () => {
    const p = await portfolio();
    t.market.setQuote('SPY', { price: 470 });
    const res = await order({ portfolio_id: p, symbol: 'SPY', side: 'buy', order_type: 'stop_limit', quantity: 5, stop_price: 475, price: 476 }).expect(201);
    expect((await pf(p)).reserved_cash).toBe(5 * 476);
    await tick('SPY', { price: 477, bid: 476.9, ask: 477.1 }); // triggers, but the ask is above the limit
    const triggered = await get(res.body.id);
    expect(triggered.status).toBe('pending');
    const [{ triggered_at }] = await t.db.query('SELECT triggered_at FROM orders WHERE id = $1', [res.body.id]);
    expect(triggered_at).not.toBeNull();
    await tick('SPY', { price: 475.5, bid: 475.4, ask: 475.6 });
    expect(await get(res.body.id)).toMatchObject({ status: 'filled', avg_fill_price: 475.6 });
  });

  it('triggers a buy stop when the last price reaches it and fills at the ask', async () => {
    const p = await portfolio();
    t.market.setQuote('MSFT', { price: 100 });
    const o = (await order({ portfolio_id: p, symbol: 'MSFT', side: 'buy', order_type: 'stop', quantity: 10, stop_price: 105 }).expect(201)).body;
    // Reserved at max(last, stop) plus the collar: 10 × 105 × 1.025.
    expect((await pf(p)).reserved_cash).toBe(1076.25);
    await tick('MSFT', { price: 104.9, bid: 104.8, ask: 105 });
    expect((await get(o.id)).status).toBe('pending');
    await tick('MSFT', { price: 105.2, bid: 105.1, ask: 105.3 });
    expect(await get(o.id)).toMatchObject({ status: 'filled', avg_fill_price: 105.3 });
    expect(await pf(p)).toMatchObject({ reserved_cash: 0, cash_balance: 100000 - 1053 });
  });

  it('keeps a sell stop-limit triggered but working when the market gaps past its limit', async () => {
    const p = await portfolio(0);
    t.market.setQuote('GOOGL', { price: 100 });
    await t.http.post(`/api/portfolios/${p}/positions`).set(as(auth)).send({ symbol: 'GOOGL', quantity: 10, price: 80 }).expect(201);
    const o = (await order({ portfolio_id: p, symbol: 'GOOGL', side: 'sell', order_type: 'stop_limit', quantity: 10, stop_price: 95, price: 94, time_in_force: 'gtc' }).expect(201)).body;
    t.market.closeSession();
    t.clock.set('2024-01-16T14:30:00Z');
    t.market.openSession('2024-01-16T21:00:00Z');
    await tick('GOOGL', { price: 90, bid: 89.9, ask: 90.1, open: 90, session_open: true });
    expect((await get(o.id)).status).toBe('pending');
    const [{ triggered_at }] = await t.db.query('SELECT triggered_at FROM orders WHERE id = $1', [o.id]);
    expect(triggered_at).not.toBeNull();
    await tick('GOOGL', { price: 94.6, bid: 94.5, ask: 94.7 });
    expect(await get(o.id)).toMatchObject({ status: 'filled', avg_fill_price: 94.5 });
    expect(await pf(p)).toMatchObject({ cash_balance: 945, realized_pnl: 145 });
  });

  it('fills a limit crossed by a gap at the better opening quote', async () => {
    const p = await portfolio();
    t.market.setQuote('TSLA', { price: 200 });
    const o = (await order({ portfolio_id: p, symbol: 'TSLA', side: 'buy', order_type: 'limit', quantity: 1, price: 190, time_in_force: 'gtc' }).expect(201)).body;
    t.market.closeSession();
    t.clock.set('2024-01-16T14:30:00Z');
    t.market.openSession('2024-01-16T21:00:00Z');
    await tick('TSLA', { price: 180, bid: 179.9, ask: 180.1, open: 180, session_open: true });
    expect(await get(o.id)).toMatchObject({ status: 'filled', avg_fill_price: 180.1 });
  });

  it('fills large orders in parts by the tick volume share, each tick once', async () => {
    const p = await portfolio();
    t.market.setQuote('AAPL', { price: 100, tick_volume: 0, volume: 0 });
    const res = await order({ portfolio_id: p, symbol: 'AAPL', side: 'buy', order_type: 'limit', quantity: 500, price: 101 }).expect(201);
    expect(res.body.status).toBe('pending');
    await tick('AAPL', { price: 100, tick_volume: 2000 }); // 10 % → 200
    expect(await get(res.body.id)).toMatchObject({ status: 'partially_filled', filled_quantity: 200 });
    // The same quote delivered again (another instance, a replay) takes nothing more.
    const [{ last_quote_at }] = await t.db.query('SELECT last_quote_at FROM orders WHERE id = $1', [res.body.id]);
    const again = await t.market.getQuote('AAPL');
    expect(again.timestamp.getTime()).toBe(new Date(last_quote_at).getTime());
    t.engine.enqueue(again);
    await t.settle();
    expect((await get(res.body.id)).filled_quantity).toBe(200);
    await tick('AAPL', { price: 100, tick_volume: 2000 });
    expect((await get(res.body.id)).filled_quantity).toBe(400);
    // 12.5 % of 1000 = 100 → exactly the rest.
    await tick('AAPL', { price: 100, tick_volume: 1000 });
    expect(await get(res.body.id)).toMatchObject({ status: 'filled', filled_quantity: 500, avg_fill_price: 100 });
    const fills = await t.http.get(`/api/portfolios/${p}/fills`).set(as(auth)).expect(200);
    expect(fills.body.fills.map((f: { quantity: number }) => f.quantity)).toEqual([100, 200, 200]);
    expect((await pf(p)).reserved_cash).toBe(0);
  });

  it('on submission takes its share of the session volume when the quote carries no tick volume', async () => {
    const p = await portfolio();
    t.market.setQuote('GOOGL', { price: 100, tick_volume: 0, volume: 1000 });
    const o = (await order({ portfolio_id: p, symbol: 'GOOGL', side: 'buy', order_type: 'market', quantity: 150 }).expect(201)).body;
    expect(o).toMatchObject({ status: 'partially_filled', filled_quantity: 100 });
    await tick('GOOGL', { price: 100, tick_volume: 500 });
    expect(await get(o.id)).toMatchObject({ status: 'filled', filled_quantity: 150 });
  });

  it('ioc fills what it can now and cancels the rest; fok fills all now or nothing', async () => {
    const p = await portfolio();
    t.market.setQuote('MSFT', { price: 400, tick_volume: 500 }); // 50 shares of liquidity
    const ioc = (await order({ portfolio_id: p, symbol: 'MSFT', side: 'buy', order_type: 'market', quantity: 80, time_in_force: 'ioc' }).expect(201)).body;
    expect(ioc).toMatchObject({ status: 'canceled', filled_quantity: 50, time_in_force: 'ioc' });
    expect(ioc.reject_reason).toMatch(/ioc_remainder_canceled/);
    expect(ioc.canceled_at).not.toBeNull();
    const fok = (await order({ portfolio_id: p, symbol: 'MSFT', side: 'buy', order_type: 'limit', price: 401, quantity: 80, time_in_force: 'fok' }).expect(201)).body;
    expect(fok).toMatchObject({ status: 'canceled', filled_quantity: 0 });
    expect(fok.reject_reason).toMatch(/fok_not_fillable/);
    const fokOk = (await order({ portfolio_id: p, symbol: 'MSFT', side: 'buy', order_type: 'limit', price: 401, quantity: 50, time_in_force: 'fok' }).expect(201)).body;
    expect(fokOk).toMatchObject({ status: 'filled', filled_quantity: 50 });
    const iocNone = (await order({ portfolio_id: p, symbol: 'MSFT', side: 'buy', order_type: 'limit', price: 300, quantity: 5, time_in_force: 'ioc' }).expect(201)).body;
    expect(iocNone).toMatchObject({ status: 'canceled', filled_quantity: 0 });
    t.market.closeSession();
    const closed = (await order({ portfolio_id: p, symbol: 'MSFT', side: 'buy', order_type: 'market', quantity: 1, time_in_force: 'ioc' }).expect(201)).body;
    expect(closed).toMatchObject({ status: 'canceled', reject_reason: 'ioc: market closed' });
    expect((await pf(p)).reserved_cash).toBe(0);
  });

  it('expires day orders at the close and keeps gtc orders working', async () => {
    const p = await portfolio();
    t.market.setQuote('AAPL', { price: 100 });
    const day = (await order({ portfolio_id: p, symbol: 'AAPL', side: 'buy', order_type: 'limit', quantity: 10, price: 90 }).expect(201)).body;
    const gtc = (await order({ portfolio_id: p, symbol: 'AAPL', side: 'buy', order_type: 'limit', quantity: 10, price: 90, time_in_force: 'gtc' }).expect(201)).body;
    expect((await pf(p)).reserved_cash).toBe(1800);
    t.clock.set('2024-01-15T20:59:59Z');
    await t.engine.sweep();
    expect((await get(day.id)).status).toBe('pending');
    t.clock.set('2024-01-15T21:00:00Z');
    await t.engine.sweep();
    const expired = await get(day.id);
    expect(expired).toMatchObject({ status: 'expired', filled_quantity: 0 });
    expect(expired.expired_at).toBe('2024-01-15T21:00:00.000Z');
    expect((await get(gtc.id)).status).toBe('pending');
    expect((await pf(p)).reserved_cash).toBe(900);
    await t.http.put(`/api/orders/${gtc.id}/cancel`).set(as(auth)).expect(200);
  });

  it('never fills on a stale quote', async () => {
    const p = await portfolio();
    t.market.setQuote('TSLA', { price: 200, stale: true });
    const res = (await order({ portfolio_id: p, symbol: 'TSLA', side: 'buy', order_type: 'market', quantity: 1 }).expect(201)).body;
    expect(res.status).toBe('pending');
    await tick('TSLA', { price: 150, stale: true });
    expect((await get(res.id)).status).toBe('pending');
    await tick('TSLA', { price: 201 });
    expect(await get(res.id)).toMatchObject({ status: 'filled', avg_fill_price: 201 });
  });

  it('cancels open orders (200) and refuses finished ones with 409 OrderNotCancelable', async () => {
    const p = await portfolio(1000);
    t.market.setQuote('AAPL', { price: 100 });
    const open = (await order({ portfolio_id: p, symbol: 'AAPL', side: 'buy', order_type: 'limit', quantity: 5, price: 90 }).expect(201)).body;
    expect((await pf(p)).buying_power).toBe(550);
    const canceled = await t.http.put(`/api/orders/${open.id}/cancel`).set(as(auth)).expect(200);
    expect(canceled.body).toMatchObject({ id: open.id, status: 'canceled', reject_reason: null });
    expect(canceled.body.canceled_at).not.toBeNull();
    expect(await pf(p)).toMatchObject({ buying_power: 1000, reserved_cash: 0 });
    const again = await t.http.put(`/api/orders/${open.id}/cancel`).set(as(auth)).expect(409);
    expect(Object.keys(again.body).sort()).toEqual(['details', 'error', 'message', 'request_id', 'timestamp']);
    expect(again.body).toMatchObject({ error: 'OrderNotCancelable', message: 'order is canceled and can no longer be canceled' });
    const filled = (await order({ portfolio_id: p, symbol: 'AAPL', side: 'buy', order_type: 'market', quantity: 1 }).expect(201)).body;
    expect(filled.status).toBe('filled');
    await t.http.put(`/api/orders/${filled.id}/cancel`).set(as(auth)).expect(409);
    await t.http.put(`/api/orders/${filled.id}/cancel`).set(as(other)).expect(404);
    await t.http.put('/api/orders/nope/cancel').set(as(auth)).expect(404);
  });

  it('validates orders with 422 and precise codes', async () => {
    const p = await portfolio();
    t.market.setQuote('AAPL', { price: 100 });
    const base = { portfolio_id: p, symbol: 'AAPL', side: 'buy', order_type: 'limit', quantity: 1, price: 100 };
    const cases: [Body, string, string][] = [
      [{ ...base, symbol: 'ZZZZ' }, 'symbol', 'UNKNOWN_SYMBOL'],
      [{ ...base, symbol: 'DEAD' }, 'symbol', 'UNKNOWN_SYMBOL'],
      [{ ...base, symbol: '1BAD' }, 'symbol', 'INVALID_FORMAT'],
      [{ ...base, price: undefined }, 'price', 'REQUIRED'],
      [{ ...base, order_type: 'market' }, 'price', 'INVALID_COMBINATION'],
      [{ ...base, order_type: 'stop' }, 'price', 'INVALID_COMBINATION'],
      [{ ...base, order_type: 'stop_limit' }, 'stop_price', 'REQUIRED'],
      [{ ...base, stop_price: 5 }, 'stop_price', 'INVALID_COMBINATION'],
      [{ ...base, quantity: 0 }, 'quantity', 'OUT_OF_RANGE'],
      [{ ...base, quantity: -1 }, 'quantity', 'OUT_OF_RANGE'],
      [{ ...base, quantity: 1e9 + 1 }, 'quantity', 'OUT_OF_RANGE'],
      [{ ...base, quantity: 1e30 }, 'quantity', 'OUT_OF_RANGE'],
      [{ ...base, quantity: 1.5 }, 'quantity', 'INVALID_COMBINATION'],
      [{ ...base, order_type: 'market', price: undefined, quantity: 0.1234567 }, 'quantity', 'OUT_OF_RANGE'],
      [{ ...base, quantity: '12abc' }, 'quantity', 'INVALID_TYPE'],
      [{ ...base, price: 1e7 + 0.01 }, 'price', 'OUT_OF_RANGE'],
      [{ ...base, price: 0 }, 'price', 'OUT_OF_RANGE'],
      [{ ...base, side: 'short' }, 'side', 'INVALID_VALUE'],
      [{ ...base, order_type: 'trailing_stop' }, 'order_type', 'INVALID_VALUE'],
      [{ ...base, time_in_force: 'gtd' }, 'time_in_force', 'INVALID_VALUE'],
      [{ ...base, order_type: 'stop', price: undefined, stop_price: 90, time_in_force: 'ioc' }, 'time_in_force', 'INVALID_COMBINATION'],
      [{ ...base, portfolio_id: 'x' }, 'portfolio_id', 'INVALID_FORMAT'],
      [{ ...base, client_order_id: '' }, 'client_order_id', 'INVALID_FORMAT'],
    ];
    for (const [body, field, code] of cases) {
      const res = await order(body);
      expect({ body, status: res.status, details: res.body.details }).toMatchObject({ status: 422, details: { field, code } });
    }
    const unknown = await order({ ...base, symbol: 'ZZZZ' }).expect(422);
    expect(unknown.body).toMatchObject({ error: 'UnknownSymbol', details: { field: 'symbol', code: 'UNKNOWN_SYMBOL' } });
    // Fractional market orders are allowed (to 6 dp) and fill in fractions.
    const frac = await order({ ...base, order_type: 'market', price: undefined, quantity: 0.5 }).expect(201);
    expect(frac.body).toMatchObject({ status: 'filled', quantity: 0.5, filled_quantity: 0.5 });
    // Another user's portfolio, or a deleted one: 404.
    const theirs = await portfolio(1000, other);
    await order({ ...base, portfolio_id: theirs }).expect(404);
    const orders = await t.db.query('SELECT COUNT(*)::int AS n FROM orders WHERE portfolio_id = $1', [theirs]);
    expect(orders[0].n).toBe(0);
  });

  it('refuses what the portfolio cannot afford or does not hold, with precise messages', async () => {
    const p = await portfolio(1000);
    t.market.setQuote('AAPL', { price: 100 });
    const funds = await order({ portfolio_id: p, symbol: 'AAPL', side: 'buy', order_type: 'limit', quantity: 11, price: 100 }).expect(422);
    expect(funds.body).toMatchObject({ error: 'InsufficientFunds', message: 'insufficient buying power: required 1100.00, available 1000.00' });
    // Market: 10 × 100 × 1.025 = 1025 > 1000.
    const market = await order({ portfolio_id: p, symbol: 'AAPL', side: 'buy', order_type: 'market', quantity: 10 }).expect(422);
    expect(market.body.message).toBe('insufficient buying power: required 1025.00, available 1000.00');
    const none = await order({ portfolio_id: p, symbol: 'AAPL', side: 'sell', order_type: 'market', quantity: 1 }).expect(422);
    expect(none.body).toMatchObject({ error: 'InsufficientPosition', message: 'insufficient position in AAPL: required 1, available 0' });
    await t.http.post(`/api/portfolios/${p}/positions`).set(as(auth)).send({ symbol: 'AAPL', quantity: 5, price: 90 }).expect(201);
    await order({ portfolio_id: p, symbol: 'AAPL', side: 'sell', order_type: 'limit', quantity: 3, price: 200 }).expect(201);
    const reserved = await order({ portfolio_id: p, symbol: 'AAPL', side: 'sell', order_type: 'limit', quantity: 3, price: 200 }).expect(422);
    expect(reserved.body.message).toBe('insufficient position in AAPL: required 3, available 2');
    // A position held by an open sell cannot be removed.
    const pos = (await pf(p)).positions[0];
    const conflict = await t.http.delete(`/api/positions/${pos.id}`).set(as(auth)).expect(409);
    expect(conflict.body).toMatchObject({ error: 'PositionReserved' });
    // Withdrawals cannot take reserved cash.
    await order({ portfolio_id: p, symbol: 'AAPL', side: 'buy', order_type: 'limit', quantity: 5, price: 100 }).expect(201);
    const wd = await t.http.post(`/api/portfolios/${p}/cash`).set(as(auth)).send({ type: 'withdrawal', amount: 600 }).expect(422);
    expect(wd.body.message).toBe('insufficient cash for withdrawal: required 600.00, available 500.00');
  });

  it('accepts exactly the affordable 10 of 50 concurrent buys; cash never goes negative', async () => {
    const p = await portfolio(1000);
    t.market.setQuote('AAPL', { price: 150 });
    const results = await Promise.all(
      Array.from({ length: 50 }, () => order({ portfolio_id: p, symbol: 'AAPL', side: 'buy', order_type: 'limit', quantity: 1, price: 100 })),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.filter((s) => s === 422)).toHaveLength(40);
    expect(results.filter((r) => r.status === 422).every((r) => r.body.error === 'InsufficientFunds')).toBe(true);
    expect(await pf(p)).toMatchObject({ cash_balance: 1000, reserved_cash: 1000, buying_power: 0 });
    // Now they all become marketable at once: ten fills, cash exactly 0, never below.
    await tick('AAPL', { price: 100 });
    const after = await pf(p);
    expect(after).toMatchObject({ cash_balance: 0, reserved_cash: 0, positions_count: 1 });
    expect(after.positions[0].quantity).toBe(10);
    const [{ min }] = await t.db.query('SELECT MIN(balance_after) AS min FROM cash_transactions WHERE portfolio_id = $1', [p]);
    expect(Number(min)).toBeGreaterThanOrEqual(0);
  });

  it('accepts exactly 10 of 50 concurrent market buys that fill on submission', async () => {
    const p = await portfolio(1025 * 10);
    t.market.setQuote('MSFT', { price: 1000 }); // each reserves 1025 and fills at 1000
    const results = await Promise.all(
      Array.from({ length: 50 }, () => order({ portfolio_id: p, symbol: 'MSFT', side: 'buy', order_type: 'market', quantity: 1 })),
    );
    const ok = results.filter((r) => r.status === 201);
    // Fills free the collar (25 each) as they go, but an 11th would need 1025 free: 10 × 25 never gets there.
    expect(ok).toHaveLength(10);
    expect(ok.every((r) => r.body.status === 'filled')).toBe(true);
    const after = await pf(p);
    expect(after.cash_balance).toBeGreaterThanOrEqual(0);
    expect(after.cash_balance).toBe(10250 - ok.length * 1000);
  });

  it('rejects client_order_id duplicates per user with 409', async () => {
    const p = await portfolio();
    t.market.setQuote('AAPL', { price: 100 });
    const body = { portfolio_id: p, symbol: 'AAPL', side: 'buy', order_type: 'limit', quantity: 1, price: 50, client_order_id: `coid-${Date.now()}` };
    const first = await order(body).expect(201);
    expect(first.body.client_order_id).toBe(body.client_order_id);
    const dup = await order(body).expect(409);
    expect(dup.body).toMatchObject({ error: 'DuplicateClientOrderId' });
    const theirs = await portfolio(1000, other);
    await order({ ...body, portfolio_id: theirs }, other).expect(201);
    expect((await pf(p)).reserved_cash).toBe(50);
  });

  it('makes order submission idempotent with Idempotency-Key', async () => {
    const p = await portfolio();
    t.market.setQuote('AAPL', { price: 100 });
    const key = `order-${Date.now()}`;
    const body = { portfolio_id: p, symbol: 'AAPL', side: 'buy', order_type: 'market', quantity: 3 };
    const first = await order(body).set('Idempotency-Key', key).expect(201);
    expect(first.body.status).toBe('filled');
    const again = await order(body).set('Idempotency-Key', key).expect(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const [{ n }] = await t.db.query('SELECT COUNT(*)::int AS n FROM orders WHERE portfolio_id = $1', [p]);
    expect(n).toBe(1);
    await order({ ...body, quantity: 4 }).set('Idempotency-Key', key).expect(409);
    // A refusal is the answer too: replayed, not re-run.
    const poor = await portfolio(10);
    const k2 = `poor-${Date.now()}`;
    const refused = await order({ ...body, portfolio_id: poor }).set('Idempotency-Key', k2).expect(422);
    await t.http.post(`/api/portfolios/${poor}/cash`).set(as(auth)).send({ type: 'deposit', amount: 1000 }).expect(201);
    const replayed = await order({ ...body, portfolio_id: poor }).set('Idempotency-Key', k2).expect(422);
    expect(replayed.body).toMatchObject({ error: refused.body.error, message: refused.body.message });
    // Concurrent retries: one runs, the others replay or are told it is in progress; one order in all.
    const k3 = `race-${Date.now()}`;
    const race = await Promise.all(Array.from({ length: 8 }, () => order({ ...body, quantity: 1 }).set('Idempotency-Key', k3)));
    expect(race.every((r) => r.status === 201 || (r.status === 409 && r.body.error === 'RequestInProgress'))).toBe(true);
    const ids = new Set(race.filter((r) => r.status === 201).map((r) => r.body.id));
    expect(ids.size).toBe(1);
  });

  it('lists orders in an envelope with filters and cursors; other users see 404', async () => {
    const p = await portfolio();
    const p2 = await portfolio();
    t.market.setQuote('AAPL', { price: 100 });
    t.market.setQuote('MSFT', { price: 100 });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await order({ portfolio_id: p, symbol: 'AAPL', side: 'buy', order_type: 'limit', quantity: 1, price: 50 }).expect(201)).body.id);
    ids.push((await order({ portfolio_id: p, symbol: 'MSFT', side: 'buy', order_type: 'market', quantity: 1 }).expect(201)).body.id);
    await order({ portfolio_id: p2, symbol: 'AAPL', side: 'buy', order_type: 'limit', quantity: 1, price: 50 }).expect(201);
    const pending = await t.http.get(`/api/orders/?status=pending&portfolio_id=${p}`).set(as(auth)).expect(200);
    expect(Object.keys(pending.body).sort()).toEqual(['next_cursor', 'orders']);
    expect(pending.body.orders.map((o: { id: string }) => o.id)).toEqual(ids.slice(0, 3).reverse());
    const filled = await t.http.get(`/api/orders?status=filled&portfolio_id=${p}`).set(as(auth)).expect(200);
    expect(filled.body.orders.map((o: { id: string }) => o.id)).toEqual([ids[3]]);
    const bySymbol = await t.http.get(`/api/orders?symbol=msft&portfolio_id=${p}`).set(as(auth)).expect(200);
    expect(bySymbol.body.orders).toHaveLength(1);
    const page1 = await t.http.get(`/api/orders?portfolio_id=${p}&limit=3`).set(as(auth)).expect(200);
    expect(page1.body.orders).toHaveLength(3);
    const page2 = await t.http.get(`/api/orders?portfolio_id=${p}&limit=3&cursor=${page1.body.next_cursor}`).set(as(auth)).expect(200);
    expect(page2.body).toMatchObject({ orders: [expect.objectContaining({ id: ids[0] })], next_cursor: null });
    const open = await t.http.get(`/api/orders?status=open&portfolio_id=${p}`).set(as(auth)).expect(200);
    expect(open.body.orders).toHaveLength(3);
    await t.http.get('/api/orders?status=weird').set(as(auth)).expect(422);
    await t.http.get(`/api/orders?portfolio_id=${p}`).set(as(other)).expect(404);
    await t.http.get(`/api/orders/${ids[0]}`).set(as(other)).expect(404);
    const theirs = await t.http.get('/api/orders').set(as(other)).expect(200);
    expect(theirs.body.orders.map((o: { id: string }) => o.id)).not.toContain(ids[0]);
    for (const id of ids.slice(0, 3)) await t.http.put(`/api/orders/${id}/cancel`).set(as(auth)).expect(200);
  });

  it('cancels the open orders of a deleted portfolio and releases what they held', async () => {
    const p = await portfolio(1000);
    t.market.setQuote('AAPL', { price: 100 });
    await t.http.post(`/api/portfolios/${p}/positions`).set(as(auth)).send({ symbol: 'AAPL', quantity: 5, price: 90 }).expect(201);
    const buy = (await order({ portfolio_id: p, symbol: 'AAPL', side: 'buy', order_type: 'limit', quantity: 2, price: 50 }).expect(201)).body;
    const sell = (await order({ portfolio_id: p, symbol: 'AAPL', side: 'sell', order_type: 'limit', quantity: 2, price: 500 }).expect(201)).body;
    await t.http.delete(`/api/portfolios/${p}`).set(as(auth)).expect(204);
    await t.http.get(`/api/orders/${buy.id}`).set(as(auth)).expect(404);
    const rows: { status: string; reject_reason: string }[] = await t.db.query('SELECT status, reject_reason FROM orders WHERE id = ANY($1::uuid[])', [[buy.id, sell.id]]);
    expect(rows).toEqual([
      { status: 'canceled', reject_reason: 'portfolio deleted' },
      { status: 'canceled', reject_reason: 'portfolio deleted' },
    ]);
    const [row] = await t.db.query('SELECT reserved_cash FROM portfolios WHERE id = $1', [p]);
    expect(Number(row.reserved_cash)).toBe(0);
    await order({ portfolio_id: p, symbol: 'AAPL', side: 'buy', order_type: 'market', quantity: 1 }).expect(404);
  });

  it('publishes every state change and fill through the outbox, in per-user sequence', async () => {
    const seen: TradingEvent[] = [];
    const sub = t.events.all$.subscribe((e) => seen.push(e));
    const p = await portfolio();
    t.market.setQuote('AAPL', { price: 100, tick_volume: 0, volume: 0 });
    const o = (await order({ portfolio_id: p, symbol: 'AAPL', side: 'buy', order_type: 'limit', quantity: 400, price: 100 }).expect(201)).body;
    await tick('AAPL', { price: 100, tick_volume: 2000 });
    await tick('AAPL', { price: 100, tick_volume: 1000 });
    await t.http.put(`/api/orders/${o.id}/cancel`).set(as(auth)).expect(200);
    await t.relay.flush();
    const mine = seen.filter((e) => e.order_id === o.id);
    expect(mine.map((e) => e.event)).toEqual(['new', 'partial_fill', 'partial_fill', 'canceled']);
    expect(mine[1].payload).toMatchObject({ order: { status: 'partially_filled', filled_quantity: 200 }, fill: { quantity: 200, price: 100 } });
    const seqs = seen.filter((e) => e.user_id === userId).map((e) => e.seq);
    for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBe(seqs[i - 1] + 1);
    sub.unsubscribe();
  });

  it('serves the OrderEventsSource contract: order events live and replayed after a seq', async () => {
    const source = t.app.get(OrderEventsSource);
    const live: OrderEventMessage[] = [];
    const sub = source.events$.subscribe((e) => live.push(e));
    const p = await portfolio();
    t.market.setQuote('AAPL', { price: 100 });
    const o = (await order({ portfolio_id: p, symbol: 'AAPL', side: 'buy', order_type: 'market', quantity: 2 }).expect(201)).body;
    await t.relay.flush();
    const mine = live.filter((e) => e.order.id === o.id);
    expect(mine.map((e) => e.event)).toEqual(['new', 'fill']);
    expect(mine[1]).toMatchObject({ user_id: userId, portfolio_id: p, order: { status: 'filled' }, fill: { quantity: 2, price: 100 } });
    expect(mine[1].seq).toBeGreaterThan(mine[0].seq);
    const replayed = await source.replay(userId, mine[0].seq - 1, 10);
    expect(replayed!.map((e) => e.event).slice(0, 2)).toEqual(['new', 'fill']);
    expect(replayed!.every((e) => e.seq > mine[0].seq - 1)).toBe(true);
    sub.unsubscribe();
  });

  it('fills a market buy that the price ran past its collar only as far as cash allows', async () => {
    const p = await portfolio(1025);
    t.market.setQuote('NVDA', { price: 100 });
    t.market.closeSession();
    const o = (await order({ portfolio_id: p, symbol: 'NVDA', side: 'buy', order_type: 'market', quantity: 10 }).expect(201)).body;
    expect((await pf(p)).reserved_cash).toBe(1025);
    t.market.openSession();
    await tick('NVDA', { price: 200, open: 200, session_open: true });
    // 1025 buys 5 shares at 200; the rest is canceled, never cash below zero.
    expect(await get(o.id)).toMatchObject({ status: 'canceled', filled_quantity: 5 });
    expect((await get(o.id)).reject_reason).toMatch(/insufficient buying power/);
    expect(await pf(p)).toMatchObject({ cash_balance: 25, reserved_cash: 0 });
  });

  it('documents the orders API and its state machine in a valid OpenAPI document', async () => {
    const doc = (await t.http.get('/openapi.json').expect(200)).body;
    await expect(SwaggerParser.validate(structuredClone(doc))).resolves.toBeDefined();
    const create = doc.paths['/api/orders'].post;
    expect(create.description).toContain('### Order lifecycle');
    expect(create.description).toContain('| pending | `partial_fill` | partially_filled |');
    expect(Object.keys(create.responses).sort()).toEqual(['201', '401', '403', '404', '409', '422', '503']);
    expect(create.parameters.map((x: { name: string }) => x.name)).toContain('Idempotency-Key');
    expect(doc.paths['/api/orders/{id}/cancel'].put.description).toContain('OrderNotCancelable');
    expect(doc.components.schemas.OrderListDto.required).toEqual(expect.arrayContaining(['orders', 'next_cursor']));
    expect(doc.components.schemas.PortfolioListDto.required).toEqual(['portfolios']);
    expect(doc.components.schemas.PositionListDto.required).toEqual(['positions']);
    expect(doc.components.schemas.OrderDto.required).toEqual(expect.arrayContaining([...SEED_ORDER_FIELDS, ...EXTRA_ORDER_FIELDS]));
    expect(doc.components.schemas.CreateOrderDto.properties.quantity).toMatchObject({ type: 'number' });
  });

  it('has a ledger check that notices tampering', async () => {
    const p = await portfolio(100);
    await t.db.query(`UPDATE portfolios SET cash_balance = cash_balance + 1 WHERE id = $1`, [p]);
    expect((await ledgerViolations(t.db, [p])).join()).toMatch(/cash_balance 101.0000 ≠ Σ transactions 100.0000/);
    await t.db.query(`UPDATE portfolios SET cash_balance = cash_balance - 1 WHERE id = $1`, [p]);
  });
});

describe('Orders with commission and slippage (e2e)', () => {
  const suite = useTestApp({ start: () => startTradingApp({ COMMISSION_PER_SHARE: '0.01', COMMISSION_MINIMUM: '1', SLIPPAGE_BPS: '10' }) });
  let t: TradingTestApp;
  let auth: string;
  beforeAll(() => {
    ({ t, token: auth } = suite);
  });
  afterEach(async () => {
    await t.settle();
    await expectLedgerConsistent(t.db);
  });

  it('charges per share with a per-order minimum, moves prices by the slippage, and books both', async () => {
    const h = { Authorization: `Bearer ${auth}` };
    const p = (await t.http.post('/api/portfolios').set(h).send({ name: 'Fees', initial_cash: 10000 }).expect(201)).body.id;
    t.market.setQuote('AAPL', { price: 100, bid: 99.9, ask: 100 });
    const buy = await t.http.post('/api/orders').set(h).send({ portfolio_id: p, symbol: 'AAPL', side: 'buy', order_type: 'market', quantity: 50 }).expect(201);
    // Ask 100 + 10 bps = 100.1; commission max(50 × 0.01, 1) = 1.
    expect(buy.body).toMatchObject({ status: 'filled', avg_fill_price: 100.1, commission: 1 });
    const after = (await t.http.get(`/api/portfolios/${p}`).set(h).expect(200)).body;
    expect(after).toMatchObject({ cash_balance: 10000 - 5005 - 1 });
    // Commission goes into the cost basis: (5005 + 1) / 50.
    expect(after.positions[0].avg_cost).toBe(100.12);
    const sell = await t.http.post('/api/orders').set(h).send({ portfolio_id: p, symbol: 'AAPL', side: 'sell', order_type: 'market', quantity: 50 }).expect(201);
    // Bid 99.9 − 10 bps = 99.8001; proceeds 4990.005 → 4990.0050, commission 1.
    expect(sell.body).toMatchObject({ status: 'filled', avg_fill_price: 99.8001, commission: 1 });
    const final = (await t.http.get(`/api/portfolios/${p}`).set(h).expect(200)).body;
    // Realized: (99.8001 − 100.12) × 50 − 1 = −16.995 → −17.00 (2 dp in JSON)
    expect(final.realized_pnl).toBe(-17);
    const tx = (await t.http.get(`/api/portfolios/${p}/transactions`).set(h).expect(200)).body.transactions;
    expect(tx.slice(0, 2).map((x: { type: string }) => x.type)).toEqual(['commission', 'sell']);
  });
});

describe('Orders on the embedded PostgreSQL (PGlite)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'octopus-orders-embedded-'));
  // The database module uses one connection in embedded mode (pglite-socket interleaves concurrent connections).
  const suite = useTestApp({ start: () => startTradingApp({ DATABASE_URL: undefined, JWT_SECRET: undefined, DATA_DIR: dataDir }) });
  let t: TradingTestApp;
  let h: Record<string, string>;
  beforeAll(() => {
    t = suite.t;
    h = { Authorization: `Bearer ${suite.token}` };
  });
  // After the app has closed (after* hooks run in the order they are declared).
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('reserves under concurrency, fills on ticks and keeps the ledger consistent (one transaction per unit of work)', async () => {
    const p = (await t.http.post('/api/portfolios').set(h).send({ name: 'Embedded', initial_cash: 1000 }).expect(201)).body.id;
    t.market.setQuote('AAPL', { price: 150 });
    const results = await Promise.all(
      Array.from({ length: 20 }, () => t.http.post('/api/orders').set(h).send({ portfolio_id: p, symbol: 'AAPL', side: 'buy', order_type: 'limit', quantity: 1, price: 100 })),
    );
    expect(results.filter((r) => r.status !== 201 && r.status !== 422).map((r) => [r.status, r.body])).toEqual([]);
    expect(results.filter((r) => r.status === 201)).toHaveLength(10);
    t.market.tick('AAPL', { price: 99, tick_volume: 1000 });
    await t.settle();
    const after = (await t.http.get(`/api/portfolios/${p}`).set(h).expect(200)).body;
    expect(after).toMatchObject({ cash_balance: 10, reserved_cash: 0 });
    expect(after.positions[0].quantity).toBe(10);
    const market = await t.http.post('/api/orders').set(h).send({ portfolio_id: p, symbol: 'AAPL', side: 'sell', order_type: 'market', quantity: 4 }).expect(201);
    expect(market.body.status).toBe('filled');
    await t.settle();
    await expectLedgerConsistent(t.db);
  });
});
