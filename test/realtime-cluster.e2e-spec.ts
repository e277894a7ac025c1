import { Client } from 'pg';
import { api, ensureBuild, newUser, ServerProcess, startServer } from '../bench/orders-server';
import { createDatabase } from './support/database';
import { Inbox, ioConnect, IoClient, until, wsConnect, WsClient } from './support/ws';

/**
 * Two server processes (built from dist/) on one PostgreSQL database and the local Redis, both running the
 * simulated market. User events must cross instances through Redis exactly once; price-driven work (alerts)
 * must happen once although both instances see the same ticks.
 */
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

const orderSeqs = (inbox: Inbox) => inbox.messages.filter((m) => m.type === 'order').map((m) => m.seq as number);
const dupes = (xs: unknown[]) => xs.filter((x, i) => xs.indexOf(x) !== i);

describe('Realtime across two server processes (e2e, Redis + PostgreSQL)', () => {
  jest.setTimeout(240_000);
  let db: Awaited<ReturnType<typeof createDatabase>>;
  let a: ServerProcess;
  let b: ServerProcess;
  let pg: Client;
  const clients: { close(): void }[] = [];
  const wsBase = (s: ServerProcess) => s.url.replace('http://', 'ws://');

  beforeAll(async () => {
    ensureBuild();
    db = await createDatabase('octopus_realtime');
    const env = {
      REDIS_URL,
      MARKET_TICK_MS: '200',
      OUTBOX_POLL_INTERVAL_MS: '100',
      ORDER_SWEEP_INTERVAL_MS: '250',
      WS_MAX_CONNECTIONS_PER_IP: '1000',
    };
    [a, b] = await Promise.all([startServer('A', db.url, env), startServer('B', db.url, env)]);
    pg = new Client({ connectionString: db.url });
    await pg.connect();
  });

  afterAll(async () => {
    for (const c of clients) c.close();
    await pg?.end().catch(() => undefined);
    await Promise.all([a?.stop(), b?.stop()]);
    await db?.drop().catch(() => undefined);
  });

  const track = <T extends { close(): void }>(c: T): T => {
    clients.push(c);
    return c;
  };

  it('delivers an order event produced on one instance to clients of both, exactly once each', async () => {
    const { token, userId } = await newUser(a.url);
    const portfolio = (await api<{ id: string }>(a.url, 'POST', '/api/portfolios', { name: 'Realtime', initial_cash: 1_000_000 }, token)).body.id;
    const onB: WsClient = track(await wsConnect(wsBase(b), '/ws/trading', { Authorization: `Bearer ${token}` }));
    const onA: IoClient = track(await ioConnect(a.url, '/ws/trading', { token }));
    const notesB: IoClient = track(await ioConnect(b.url, '/ws/notifications', { token }));
    const portfolioB: WsClient = track(await wsConnect(wsBase(b), `/ws/portfolio/${portfolio}`, { Authorization: `Bearer ${token}` }));
    await portfolioB.inbox.type('portfolio', 10_000);

    // Produced on A (the order is placed there; whichever instance relays its outbox rows publishes once).
    const order = (await api<{ id: string }>(a.url, 'POST', '/api/orders', { portfolio_id: portfolio, symbol: 'SPY', side: 'buy', order_type: 'market', quantity: 1 }, token)).body;
    const isFill = (m: Record<string, unknown>) => m.type === 'order' && m.event === 'fill' && (m.order as { id?: string })?.id === order.id;
    await onB.inbox.next(isFill, 20_000);
    await onA.inbox.next(isFill, 20_000);
    await portfolioB.inbox.next(isFill, 20_000);
    await notesB.inbox.next((m) => m.type === 'notification' && m.event === 'fill', 20_000);
    // And one produced on B reaches the client on A.
    const second = (await api<{ id: string }>(b.url, 'POST', '/api/orders', { portfolio_id: portfolio, symbol: 'SPY', side: 'buy', order_type: 'market', quantity: 1 }, token)).body;
    await onA.inbox.next((m) => m.type === 'order' && m.event === 'fill' && (m.order as { id?: string })?.id === second.id, 20_000);
    await onB.inbox.next((m) => m.type === 'order' && m.event === 'fill' && (m.order as { id?: string })?.id === second.id, 20_000);
    await new Promise((r) => setTimeout(r, 1500));

    const [{ count }] = (await pg.query(`SELECT count(*)::int AS count FROM outbox_events WHERE user_id = $1 AND type = 'order'`, [userId])).rows;
    for (const inbox of [onA.inbox, onB.inbox]) {
      const seqs = orderSeqs(inbox);
      expect(dupes(seqs)).toEqual([]);
      expect(seqs).toHaveLength(count);
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    }
    expect(notesB.inbox.count((m) => m.type === 'notification' && m.event === 'fill')).toBe(2);
    expect(dupes(orderSeqs(portfolioB.inbox))).toEqual([]);
  });

  it('fires an alert once although both instances evaluate every tick', async () => {
    const { token } = await newUser(b.url);
    const notesA: IoClient = track(await ioConnect(a.url, '/ws/notifications', { token }));
    const notesB: WsClient = track(await wsConnect(wsBase(b), '/ws/notifications', { Authorization: `Bearer ${token}` }));
    // Holds on every tick: a repeating alert still fires once (one crossing), a one-shot one once.
    const repeating = (await api<{ id: string }>(a.url, 'POST', '/api/alerts', { symbol: 'SPY', condition: 'above', threshold: 0.01, repeat: true }, token)).body;
    const oneShot = (await api<{ id: string }>(b.url, 'POST', '/api/alerts', { symbol: 'QQQ', condition: 'below', threshold: 1_000_000 }, token)).body;
    for (const inbox of [notesA.inbox, notesB.inbox]) {
      await inbox.next((m) => m.type === 'alert' && m.alert_id === repeating.id, 20_000);
      await inbox.next((m) => m.type === 'alert' && m.alert_id === oneShot.id, 20_000);
    }
    await until(async () => {
      const { rows } = await pg.query(`SELECT count(*)::int AS n FROM notifications WHERE alert_id = ANY($1)`, [[repeating.id, oneShot.id]]);
      return rows[0].n === 2;
    }, 5000, 'two stored notifications');
    // Past the other instance's alert refresh (5 s): both now evaluate both alerts on every tick (every 200 ms).
    await new Promise((r) => setTimeout(r, 6000));
    for (const inbox of [notesA.inbox, notesB.inbox]) {
      expect(inbox.count((m) => m.type === 'alert' && m.alert_id === repeating.id)).toBe(1);
      expect(inbox.count((m) => m.type === 'alert' && m.alert_id === oneShot.id)).toBe(1);
    }
    const { rows } = await pg.query(`SELECT count(*)::int AS n FROM notifications WHERE alert_id = ANY($1)`, [[repeating.id, oneShot.id]]);
    expect(rows[0].n).toBe(2);
    const got = await api<{ status: string; trigger_count: number }>(b.url, 'GET', `/api/alerts/${oneShot.id}`, undefined, token);
    expect(got.body).toMatchObject({ status: 'triggered', trigger_count: 1 });
  });
});
