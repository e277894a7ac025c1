import { AddressInfo } from 'node:net';
import { useTestApp } from './support/suite';
import { startTradingApp, TradingTestApp } from './support/trading';
import { WsClient, wsConnect } from './support/ws';

const VALUATION_FIELDS = ['total_value', 'day_change', 'day_change_percent'] as const;
type Body = Record<string, unknown>;

describe('One portfolio valuation for REST and /ws/portfolio/{id} (e2e)', () => {
  const clients: WsClient[] = [];
  const suite = useTestApp({
    start: () => startTradingApp({ WS_MAX_CONNECTIONS_PER_IP: '1000', WS_PORTFOLIO_THROTTLE_MS: '0' }),
    beforeClose: async () => {
      for (const c of clients) c.close();
    },
  });
  let t: TradingTestApp;
  let auth: string;
  let wsUrl: string;
  const as = () => ({ Authorization: `Bearer ${auth}` });

  beforeAll(() => {
    ({ t, token: auth } = suite);
    wsUrl = `ws://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  });

  const pick = (b: Body) => Object.fromEntries(VALUATION_FIELDS.map((f) => [f, b[f]]));
  const rest = async (id: string) => (await t.http.get(`/api/portfolios/${id}`).set(as()).expect(200)).body as Body;
  const buySell = async (portfolio_id: string, symbol: string, side: 'buy' | 'sell', quantity: number) => {
    const res = await t.http.post('/api/orders').set(as()).send({ portfolio_id, symbol, side, order_type: 'market', quantity }).expect(201);
    expect(res.body.status).toBe('filled');
    await t.settle();
  };

  it('values a stock bought today (and one closed today) the same way in REST and in the next portfolio message', async () => {
    const id = (await t.http.post('/api/portfolios').set(as()).send({ name: 'Today', initial_cash: 100000 }).expect(201)).body.id;
    // Bought today at 180 with the previous close at 170: today's gain is from 180, not from 170.
    t.market.setQuote('AAPL', { price: 180, previous_close: 170 });
    await buySell(id, 'AAPL', 'buy', 10);
    // Bought at 300 and sold at 310 today: closed, but its 50 is part of today's change.
    t.market.setQuote('MSFT', { price: 300, previous_close: 290 });
    await buySell(id, 'MSFT', 'buy', 5);
    t.market.setQuote('MSFT', { price: 310, previous_close: 290 });
    await buySell(id, 'MSFT', 'sell', 5);
    t.market.setQuote('AAPL', { price: 185, previous_close: 170 });

    const ws = await wsConnect(wsUrl, `/ws/portfolio/${id}`, as());
    clients.push(ws);
    const first = await ws.inbox.type('portfolio', 5000);
    const r1 = await rest(id);
    // 10 × 185 − 1800 = 50 on AAPL plus 50 realised on MSFT; base 100100 − 100 = 100000.
    expect(pick(r1)).toEqual({ total_value: 100100, day_change: 100, day_change_percent: 0.1 });
    expect(pick(first)).toEqual(pick(r1));

    // A tick moves the price: the next message and REST still agree, to the cent.
    const seen = ws.inbox.length;
    t.clock.advance(1000);
    t.market.tick('AAPL', { price: 187.37, previous_close: 170 });
    const next = await ws.inbox.next((m) => m.type === 'portfolio' && m.total_value !== first.total_value, 5000, seen);
    const r2 = await rest(id);
    // 10 × 187.37 − 1800 + 50 = 123.70; 123.70 / (100123.70 − 123.70) = 0.1237 %.
    expect(pick(r2)).toEqual({ total_value: 100123.7, day_change: 123.7, day_change_percent: 0.12 });
    expect(pick(next)).toEqual(pick(r2));
    const fields = ['symbol', 'quantity', 'avg_cost', 'current_price', 'market_value', 'unrealized_pnl', 'unrealized_pnl_percent', 'weight'];
    const rows = (ps: unknown) => (ps as Body[]).map((p) => Object.fromEntries(fields.map((f) => [f, p[f]])));
    expect(next.positions_count).toBe(r2.positions_count);
    expect(rows(next.positions)).toEqual(rows(r2.positions));
    expect(rows(next.positions)).toHaveLength(1);
  });
});
