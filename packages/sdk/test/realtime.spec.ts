import { OctopusTrading, type NotificationMessage, type OrderUpdate, type PortfolioUpdate, type QuoteMessage } from '../src';
import { CuttableProxy } from './support/proxy';
import { startStack, waitFor, type Stack } from './support/stack';

describe('realtime over Socket.IO', () => {
  let s: Stack;
  let client: OctopusTrading;
  const clients: OctopusTrading[] = [];
  const track = (c: OctopusTrading) => (clients.push(c), c);

  beforeAll(async () => {
    s = await startStack({ MARKET_TICK_MS: '200' });
    client = track(new OctopusTrading({ baseUrl: s.url, apiKey: s.apiKey }));
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await s?.stop();
  });

  it('subscribe: a snapshot then live quotes per symbol; the returned function unsubscribes', async () => {
    const aapl: QuoteMessage[] = [];
    const others: QuoteMessage[] = [];
    const stopAapl = client.subscribe('aapl', (q) => aapl.push(q));
    const stopOthers = client.subscribe(['MSFT', 'GOOGL'], (q) => others.push(q));
    await waitFor(() => aapl.length >= 2, 10_000, 'two AAPL quotes');
    expect(aapl[0]).toMatchObject({ symbol: 'AAPL', price: expect.any(Number), snapshot: true });
    await waitFor(() => new Set(others.map((q) => q.symbol)).size === 2, 10_000, 'MSFT and GOOGL quotes');
    stopAapl();
    await new Promise((r) => setTimeout(r, 300));
    const n = aapl.length;
    await new Promise((r) => setTimeout(r, 800));
    expect(aapl.length).toBe(n);
    const m = others.length;
    await waitFor(() => others.length > m, 5_000, 'quotes still flowing for the other subscription');
    stopOthers();
  });

  it('onOrderUpdate, onPortfolio and onNotification see a market order fill', async () => {
    const c = track(new OctopusTrading({ baseUrl: s.url, email: s.email, password: s.password }));
    const p = await c.portfolios.create({ name: 'Live', initial_cash: 100_000 });
    const orders: OrderUpdate[] = [];
    const valuations: PortfolioUpdate[] = [];
    const notes: NotificationMessage[] = [];
    c.onOrderUpdate((o) => orders.push(o));
    c.onPortfolio(p.id, (v) => valuations.push(v));
    c.onNotification((n) => notes.push(n));
    await new Promise((r) => setTimeout(r, 500)); // the three connections are up
    const order = await c.orders.create({ portfolio_id: p.id, symbol: 'AAPL', side: 'buy', order_type: 'market', quantity: 2 });
    await waitFor(() => orders.some((o) => o.order.id === order.id && o.event === 'fill'), 10_000, 'the fill event');
    const fill = orders.find((o) => o.event === 'fill')!;
    expect(fill).toMatchObject({ portfolio_id: p.id, seq: expect.any(Number), fill: { quantity: 2, price: expect.any(Number) } });
    await waitFor(() => valuations.some((v) => v.positions_count === 1), 10_000, 'a valuation with the new position');
    expect(valuations.at(-1)).toMatchObject({ id: p.id, cash_balance: expect.any(Number) });
    await waitFor(() => notes.some((n) => n.type === 'notification' && n.order_id === order.id), 10_000, 'the order notification');
  });

  it('reconnects after the connection drops, re-subscribes, and resumes missed order events from the last seq', async () => {
    const proxy = new CuttableProxy(s.server.port);
    await proxy.up();
    try {
      const direct = track(new OctopusTrading({ baseUrl: s.url, apiKey: s.apiKey }));
      const viaProxy = track(new OctopusTrading({ baseUrl: proxy.url, apiKey: s.apiKey, realtime: { socket: { reconnectionDelay: 100, reconnectionDelayMax: 300 } } }));
      const p = await direct.portfolios.create({ name: 'Resume', initial_cash: 100_000 });
      const events: OrderUpdate[] = [];
      const quotes: QuoteMessage[] = [];
      viaProxy.onOrderUpdate((o) => events.push(o));
      viaProxy.subscribe('AAPL', (q) => quotes.push(q));
      await waitFor(() => quotes.length > 0, 10_000, 'first quote');
      const buy = () => direct.orders.create({ portfolio_id: p.id, symbol: 'AAPL', side: 'buy', order_type: 'market', quantity: 1 });
      const first = await buy();
      await waitFor(() => events.some((e) => e.order.id === first.id && e.event === 'fill'), 10_000, 'first fill');

      await proxy.down();
      const missed = [await buy(), await buy()];
      // Let both fill while the client is cut off.
      for (const o of missed) {
        const started = Date.now();
        while ((await direct.orders.get(o.id)).status !== 'filled' && Date.now() - started < 10_000) await new Promise((r) => setTimeout(r, 100));
      }
      const before = events.length;
      const quotesBefore = quotes.length;
      await proxy.up();

      await waitFor(() => missed.every((o) => events.some((e) => e.order.id === o.id && e.event === 'fill')), 15_000, 'the missed fills');
      expect(events.length).toBeGreaterThan(before);
      const seqs = events.map((e) => e.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(new Set(seqs).size).toBe(seqs.length);
      await waitFor(() => quotes.slice(quotesBefore).some((q) => q.symbol === 'AAPL'), 10_000, 'quotes after the reconnect');
      viaProxy.close();
    } finally {
      await proxy.down();
    }
  });
});
