import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { WebSocket } from 'ws';
import { AlertsService } from '../src/realtime/alerts/alerts.service';
import { ChannelHub } from '../src/realtime/channel-hub.service';
import { SocketIoTransport } from '../src/realtime/transports/socket-io.transport';
import { registerAndLogin, uniqueIp } from './support/app';
import { useTestApp } from './support/suite';
import { FakeOrderEvents, Fakes, ioConnect, makeFakes, sleep, startRealtimeApp, until, wsConnect, WsTestApp } from './support/ws';

const REALTIME_ENV = {
  WS_AUTH_TIMEOUT_MS: '500',
  WS_REVALIDATE_MS: '200',
  WS_HEARTBEAT_MS: '300',
  WS_PORTFOLIO_THROTTLE_MS: '100',
  WS_MAX_MESSAGES_PER_SECOND: '50',
};

/** The seed's browser snippet, verbatim. */
const SEED_SNIPPET = `const ws = new WebSocket('ws://localhost:8000/ws/market-data');
ws.onopen = () => {
ws.send(JSON.stringify({
type: 'subscribe',
symbols: ['AAPL', 'GOOGL', 'MSFT']
}));
};`;

describe('Realtime (e2e): Socket.IO and plain WebSocket channels', () => {
  let t: WsTestApp;
  let f: Fakes;
  const suite = useTestApp({
    start: () => {
      f = makeFakes();
      return startRealtimeApp(REALTIME_ENV, f);
    },
    user: false,
  });
  const closers: (() => void)[] = [];
  const track = <T extends { close(): void }>(c: T): T => {
    closers.push(() => c.close());
    return c;
  };

  beforeAll(() => {
    ({ t } = suite);
  });
  afterEach(() => {
    for (const c of closers.splice(0)) c();
  });

  const jwt = () => t.app.get(JwtService);

  describe('market data', () => {
    it('Socket.IO: subscribe acks the full list, sends a snapshot with bid/ask, then every tick; unsubscribe stops them', async () => {
      const c = track(await ioConnect(t.baseUrl, '/ws/market-data'));
      c.send({ type: 'subscribe', symbols: ['aapl', 'MSFT'] });
      expect(await c.inbox.type('subscribed')).toEqual({ type: 'subscribed', symbols: ['AAPL', 'MSFT'] });
      const snap = await c.inbox.next((m) => m.type === 'quote' && m.symbol === 'AAPL');
      expect(snap).toMatchObject({ type: 'quote', symbol: 'AAPL', price: 175.84, source: 'simulated', stale: false, snapshot: true });
      expect(Object.keys(snap)).toEqual(expect.arrayContaining(['symbol', 'price', 'change', 'volume', 'timestamp', 'bid', 'ask']));
      expect(snap.bid as number).toBeLessThan(snap.ask as number);
      f.market.tick('AAPL', 176.5);
      expect(await c.inbox.next((m) => m.type === 'quote' && m.price === 176.5)).toMatchObject({ symbol: 'AAPL', bid: 176.49, ask: 176.51 });
      expect(f.market.isWatched('AAPL', 'realtime:market-data')).toBe(true);

      const from = c.inbox.length;
      c.send({ type: 'unsubscribe', symbols: ['AAPL'] });
      expect(await c.inbox.type('subscribed', 3000, from)).toEqual({ type: 'subscribed', symbols: ['MSFT'] });
      f.market.tick('AAPL', 177);
      f.market.tick('MSFT', 411);
      await c.inbox.next((m) => m.type === 'quote' && m.symbol === 'MSFT' && m.price === 411);
      expect(c.inbox.count((m) => m.type === 'quote' && m.price === 177)).toBe(0);
      expect(f.market.isWatched('AAPL', 'realtime:market-data')).toBe(false); // other modules (open orders) may still watch it
    });

    it('plain ws: unknown and malformed symbols are reported in the seed error shape, the rest subscribed', async () => {
      const c = track(await wsConnect(t.wsUrl, '/ws/market-data'));
      c.send({ type: 'subscribe', symbols: ['GOOGL', 'NOPE1', 'bad symbol!'] });
      const e = await c.inbox.type('error');
      expect(e).toMatchObject({ type: 'error', error: 'ValidationError', details: { field: 'symbols.1', code: 'UNKNOWN_SYMBOL' } });
      expect(Object.keys(e)).toEqual(expect.arrayContaining(['error', 'message', 'details', 'timestamp', 'request_id']));
      expect((e.details as { errors: unknown[] }).errors).toEqual([
        expect.objectContaining({ field: 'symbols.1', code: 'UNKNOWN_SYMBOL' }),
        expect.objectContaining({ field: 'symbols.2', code: 'INVALID_FORMAT' }),
      ]);
      expect(await c.inbox.type('subscribed')).toEqual({ type: 'subscribed', symbols: ['GOOGL'] });
      c.send({ type: 'subscribe', symbols: ['ZZZZ'] });
      expect(await c.inbox.next((m) => m.type === 'error' && m.error === 'UnknownSymbol')).toMatchObject({
        details: { field: 'symbols.0', code: 'UNKNOWN_SYMBOL' },
      });
    });

    it("runs the seed's browser snippet verbatim over plain WebSocket and receives quotes", async () => {
      const received: Record<string, unknown>[] = [];
      const Browserish = class extends WebSocket {
        constructor(url: string) {
          super(url.replace('ws://localhost:8000', t.wsUrl));
          this.onmessage = (e) => received.push(JSON.parse(String(e.data)));
        }
      };
      const ws = new Function('WebSocket', `${SEED_SNIPPET}; return ws;`)(Browserish) as WebSocket;
      closers.push(() => ws.close());
      await until(() => received.filter((m) => m.type === 'quote').length >= 3, 3000, 'three snapshot quotes');
      f.market.tick('GOOGL', 141.25);
      await until(() => received.some((m) => m.type === 'quote' && m.symbol === 'GOOGL' && m.price === 141.25), 3000, 'a tick');
      expect(received.find((m) => m.type === 'subscribed')).toEqual({ type: 'subscribed', symbols: ['AAPL', 'GOOGL', 'MSFT'] });
    });

    it('answers malformed JSON, unknown types and wrong fields with error messages, and ping with pong', async () => {
      const c = track(await wsConnect(t.wsUrl, '/ws/market-data'));
      c.send('{"type": ');
      expect(await c.inbox.type('error')).toMatchObject({ error: 'MalformedJson', message: 'Message is not valid JSON', details: null });
      c.send({ type: 'dance', id: 'x1' });
      expect(await c.inbox.next((m) => m.id === 'x1')).toMatchObject({ type: 'error', error: 'ValidationError', details: { field: 'type', code: 'INVALID_VALUE' } });
      c.send({ type: 'subscribe', symbols: 'AAPL', id: 2 });
      expect(await c.inbox.next((m) => m.id === 2)).toMatchObject({ error: 'ValidationError', details: { field: 'symbols', code: 'INVALID_TYPE' } });
      c.send({ type: 'resume', since: 1, id: 3 });
      expect(await c.inbox.next((m) => m.id === 3)).toMatchObject({ error: 'ValidationError', message: expect.stringContaining('not supported on this channel') });
      c.send({ type: 'ping', id: 'p' });
      expect(await c.inbox.next((m) => m.id === 'p')).toMatchObject({ type: 'pong' });
      expect(c.ws.readyState).toBe(WebSocket.OPEN);
    });

    it('accepts Socket.IO typed events and answers acks', async () => {
      const c = track(await ioConnect(t.baseUrl, '/ws/market-data', { typed_events: true }));
      const typed: unknown[] = [];
      c.socket.on('subscribed', (m) => typed.push(m));
      const ack = await c.socket.timeout(2000).emitWithAck('message', { type: 'ping', id: 7 });
      expect(ack).toMatchObject({ type: 'pong', id: 7 });
      c.socket.emit('subscribe', { symbols: ['TSLA'] });
      await c.inbox.type('subscribed');
      await until(() => typed.length === 1, 2000, 'typed event');
    });

    it('refuses upgrades on unknown paths with 404 and leaves Socket.IO its own path', async () => {
      const ws = new WebSocket(`${t.wsUrl}/ws/nothing-here`);
      const status = await new Promise<number>((resolve) => ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)).on('error', () => resolve(-1)));
      expect(status).toBe(404);
      const c = track(await ioConnect(t.baseUrl, '/ws/market-data'));
      expect(c.socket.connected).toBe(true);
    });
  });

  describe('authentication', () => {
    it('refuses a bad token with a reason on every channel, even public market data (both transports)', async () => {
      for (const ns of ['/ws/market-data', '/ws/trading', '/ws/notifications', `/ws/portfolio/${randomUUID()}`]) {
        await expect(ioConnect(t.baseUrl, ns, { token: 'garbage' })).rejects.toMatchObject({
          message: 'Unrecognised token',
          data: expect.objectContaining({ type: 'error', error: 'Unauthorized' }),
        });
        const c = await wsConnect(t.wsUrl, `${ns}?token=not.a.jwt`);
        expect(await c.closed).toEqual({ code: 4401, reason: 'Invalid access token' });
        expect(c.inbox.messages[0]).toMatchObject({ type: 'error', error: 'Unauthorized', message: 'Invalid access token' });
      }
    });

    it('refuses expired tokens and refresh tokens with their reason', async () => {
      const s = await registerAndLogin(t.http);
      const expired = await jwt().signAsync({ sub: s.userId, email: s.email, role: 'user', sid: randomUUID(), typ: 'access' }, { expiresIn: -10 });
      await expect(ioConnect(t.baseUrl, '/ws/trading', { token: expired })).rejects.toMatchObject({ message: 'Access token expired' });
      const c = await wsConnect(t.wsUrl, '/ws/market-data', { Authorization: `Bearer ${expired}` });
      expect(await c.closed).toEqual({ code: 4401, reason: 'Access token expired' });
      const r = await wsConnect(t.wsUrl, `/ws/notifications?token=${s.refresh}`);
      expect((await r.closed).code).toBe(4401);
    });

    it('accepts a JWT or an API key from auth.token, the Authorization header, the token query or a first auth message', async () => {
      const s = await registerAndLogin(t.http);
      const key = (await t.http.post('/api/auth/api-keys').set('Authorization', `Bearer ${s.access}`).send({ name: 'ws' }).expect(201)).body.key;
      const viaAuth = track(await ioConnect(t.baseUrl, '/ws/trading', { token: s.access }));
      const viaKey = track(await ioConnect(t.baseUrl, '/ws/trading', { token: key }));
      const viaHeader = track(await wsConnect(t.wsUrl, '/ws/trading', { Authorization: `Bearer ${key}` }));
      const viaQuery = track(await wsConnect(t.wsUrl, `/ws/trading?token=${encodeURIComponent(s.access)}`));
      const viaMessage = track(await wsConnect(t.wsUrl, '/ws/trading'));
      viaMessage.send({ type: 'resume', since: 0, id: 'early' });
      expect(await viaMessage.inbox.next((m) => m.id === 'early')).toMatchObject({ error: 'Unauthorized', message: expect.stringContaining('Authenticate first') });
      viaMessage.send({ type: 'auth', token: s.access, id: 'a' });
      expect(await viaMessage.inbox.type('authenticated')).toMatchObject({ user_id: s.userId, id: 'a' });
      expect(t.app.get(ChannelHub).size).toBeGreaterThanOrEqual(5);
      f.orderEvents.publish(s.userId, randomUUID(), 'new');
      for (const c of [viaAuth, viaKey, viaHeader, viaQuery, viaMessage]) expect(await c.inbox.type('order')).toMatchObject({ event: 'new' });
    });

    it('closes a private channel that does not authenticate in time (4401)', async () => {
      const c = await wsConnect(t.wsUrl, '/ws/notifications');
      const closed = await c.closed;
      expect(closed.code).toBe(4401);
      expect(closed.reason).toContain('Authentication required');
    });

    it('closes connections whose token expires, whose session logs out, or whose API key is revoked', async () => {
      const s = await registerAndLogin(t.http);
      const short = await jwt().signAsync({ sub: s.userId, email: s.email, role: 'user', sid: randomUUID(), typ: 'access' }, { expiresIn: 1 });
      const expiring = await wsConnect(t.wsUrl, '/ws/trading', { Authorization: `Bearer ${short}` });
      const key = (await t.http.post('/api/auth/api-keys').set('Authorization', `Bearer ${s.access}`).send({ name: 'k' }).expect(201)).body;
      const keyed = await ioConnect(t.baseUrl, '/ws/notifications', { token: key.key });
      const session = await wsConnect(t.wsUrl, '/ws/market-data', { Authorization: `Bearer ${s.access}` });

      expect(await expiring.closed).toEqual({ code: 4401, reason: 'Access token expired' });

      await t.http.delete(`/api/auth/api-keys/${key.id}`).set('Authorization', `Bearer ${s.access}`).expect(204);
      expect(await keyed.disconnected).toBe('io server disconnect');
      expect(keyed.inbox.messages.at(-1)).toMatchObject({ type: 'error', error: 'Unauthorized', message: 'API key revoked' });

      await t.http.post('/api/auth/logout').set('Authorization', `Bearer ${s.access}`).send({}).expect(200);
      expect(await session.closed).toEqual({ code: 4401, reason: 'Session revoked (logged out)' });
    });

    it('refuses re-authentication as another user (4403)', async () => {
      const a = await registerAndLogin(t.http);
      const b = await registerAndLogin(t.http);
      const c = await wsConnect(t.wsUrl, '/ws/notifications', { Authorization: `Bearer ${a.access}` });
      c.send({ type: 'auth', token: b.access });
      expect((await c.closed).code).toBe(4403);
    });
  });

  describe('portfolio, trading and notifications', () => {
    it('serves /ws/portfolio/{id} to its owner only; others are refused as not found, and the namespace is dropped', async () => {
      const owner = await registerAndLogin(t.http);
      const other = await registerAndLogin(t.http);
      const pid = randomUUID();
      f.holdings.set(pid, { userId: owner.userId, cash: 1000, positions: [{ symbol: 'AMZN', quantity: 10, avg_cost: 150 }] });

      await expect(ioConnect(t.baseUrl, `/ws/portfolio/${pid}`, { token: other.access })).rejects.toMatchObject({
        message: 'Portfolio not found',
        data: expect.objectContaining({ error: 'NotFound' }),
      });
      const ws = await wsConnect(t.wsUrl, `/ws/portfolio/${pid}`, { Authorization: `Bearer ${other.access}` });
      expect(await ws.closed).toEqual({ code: 4404, reason: 'Portfolio not found' });
      const nonsense = await wsConnect(t.wsUrl, `/ws/portfolio/not-a-uuid`, { Authorization: `Bearer ${owner.access}` });
      expect((await nonsense.closed).code).toBe(4404);
      // First-message auth goes through the same owner check.
      const late = await wsConnect(t.wsUrl, `/ws/portfolio/${pid}`);
      late.send({ type: 'auth', token: other.access });
      expect((await late.closed).code).toBe(4404);
      expect(late.inbox.messages.filter((m) => m.type === 'portfolio')).toEqual([]);

      const mine = track(await ioConnect(t.baseUrl, `/ws/portfolio/${pid}`, { token: owner.access }));
      const first = await mine.inbox.type('portfolio');
      expect(first).toMatchObject({ id: pid, cash_balance: 1000, total_value: 2800, positions_count: 1 });
      expect((first.positions as unknown[])[0]).toMatchObject({ symbol: 'AMZN', quantity: 10, avg_cost: 150, current_price: 180, market_value: 1800, unrealized_pnl: 300, unrealized_pnl_percent: 20 });
      const from = mine.inbox.length;
      f.market.tick('AMZN', 190);
      expect(await mine.inbox.type('portfolio', 3000, from)).toMatchObject({ total_value: 2900 });
    });

    it('drops a dynamic namespace when its last client leaves, and never keeps one for a refused client', async () => {
      const owner = await registerAndLogin(t.http);
      const other = await registerAndLogin(t.http);
      const pid = randomUUID();
      f.holdings.set(pid, { userId: owner.userId, cash: 10 });
      const io = t.app.get(SocketIoTransport);
      await expect(ioConnect(t.baseUrl, `/ws/portfolio/${pid}`, { token: other.access })).rejects.toMatchObject({ message: 'Portfolio not found' });
      await until(() => !io.namespaces().includes(`/ws/portfolio/${pid}`), 1000, 'refused namespace dropped');
      const c = await ioConnect(t.baseUrl, `/ws/portfolio/${pid}`, { token: owner.access });
      await c.inbox.type('portfolio');
      expect(io.namespaces()).toContain(`/ws/portfolio/${pid}`);
      c.close();
      await until(() => !io.namespaces().includes(`/ws/portfolio/${pid}`), 2000, 'empty namespace dropped');
      expect(io.namespaces()).toEqual(expect.arrayContaining(['/ws/market-data', '/ws/trading', '/ws/notifications']));
    });

    it('delivers an order fill on /ws/trading and /ws/portfolio/{id} (with a new valuation) and a notification', async () => {
      const s = await registerAndLogin(t.http);
      const pid = randomUUID();
      f.holdings.set(pid, { userId: s.userId, cash: 5000 });
      const tradingIo = track(await ioConnect(t.baseUrl, '/ws/trading', { token: s.access }));
      const tradingWs = track(await wsConnect(t.wsUrl, '/ws/trading', { Authorization: `Bearer ${s.access}` }));
      const portfolio = track(await wsConnect(t.wsUrl, `/ws/portfolio/${pid}`, { Authorization: `Bearer ${s.access}` }));
      const notes = track(await ioConnect(t.baseUrl, '/ws/notifications', { token: s.access }));
      expect(await portfolio.inbox.type('portfolio')).toMatchObject({ total_value: 5000, positions_count: 0 });

      f.holdings.set(pid, { userId: s.userId, cash: 3241.6, positions: [{ symbol: 'AAPL', quantity: 10, avg_cost: 175.84 }] });
      const ev = f.orderEvents.publish(s.userId, pid, 'fill');
      for (const c of [tradingIo, tradingWs]) {
        expect(await c.inbox.type('order')).toEqual({
          type: 'order',
          seq: ev.seq,
          event: 'fill',
          portfolio_id: pid,
          order: ev.order,
          fill: ev.fill,
          timestamp: ev.timestamp,
        });
      }
      expect(await portfolio.inbox.type('order')).toMatchObject({ seq: ev.seq, event: 'fill' });
      expect(await portfolio.inbox.next((m) => m.type === 'portfolio' && m.positions_count === 1)).toMatchObject({ cash_balance: 3241.6 });
      expect(await notes.inbox.type('notification')).toMatchObject({ kind: 'order', event: 'fill', title: 'Order filled', seq: ev.seq });
      await sleep(100);
      expect(tradingWs.inbox.count((m) => m.type === 'order')).toBe(1);
    });

    it('replays missed order events on resume, then live ones; hints resync beyond retention', async () => {
      const s = await registerAndLogin(t.http);
      const pid = randomUUID();
      const e1 = f.orderEvents.publish(s.userId, pid, 'new');
      f.orderEvents.publish(s.userId, pid, 'partial_fill');
      f.orderEvents.publish(s.userId, pid, 'fill');
      const c = track(await wsConnect(t.wsUrl, '/ws/trading', { Authorization: `Bearer ${s.access}` }));
      c.send({ type: 'resume', since: e1.seq });
      await until(() => c.inbox.count((m) => m.type === 'order') === 2, 3000, 'replay');
      f.orderEvents.publish(s.userId, pid, 'canceled');
      await until(() => c.inbox.count((m) => m.type === 'order') === 3, 3000, 'live event');
      expect(c.inbox.messages.filter((m) => m.type === 'order').map((m) => [m.seq, m.event])).toEqual([
        [2, 'partial_fill'],
        [3, 'fill'],
        [4, 'canceled'],
      ]);
      f.orderEvents.retainedFrom = 3;
      c.send({ type: 'resume', since: 1 });
      expect(await c.inbox.type('resync')).toMatchObject({ since: 1 });
      f.orderEvents.retainedFrom = 0;
    });
  });

  describe('alerts', () => {
    it('validates alerts', async () => {
      const s = await registerAndLogin(t.http);
      const auth = { Authorization: `Bearer ${s.access}` };
      await t.http.post('/api/alerts').send({ symbol: 'AAPL', condition: 'above', threshold: 1 }).expect(401);
      const bad = await t.http.post('/api/alerts').set(auth).send({ symbol: 'AAPL', condition: 'sideways', threshold: 'x' }).expect(422);
      expect(bad.body.details.errors.map((e: { field: string }) => e.field).sort()).toEqual(['condition', 'threshold']);
      const unknown = await t.http.post('/api/alerts').set(auth).send({ symbol: 'NOPE', condition: 'above', threshold: 1 }).expect(422);
      expect(unknown.body).toMatchObject({ error: 'UnknownSymbol', details: { field: 'symbol', code: 'UNKNOWN_SYMBOL' } });
      await t.http.post('/api/alerts').set(auth).send({ symbol: 'AAPL', condition: 'below', threshold: -5 }).expect(422);
      await t.http.post('/api/alerts').set(auth).send({ symbol: 'AAPL', condition: 'percent_change', threshold: 0 }).expect(422);
      await t.http.get(`/api/alerts/${randomUUID()}`).set(auth).expect(404);
      await t.http.delete('/api/alerts/not-a-uuid').set(auth).expect(404);
    });

    it('fires once per crossing to every live notifications connection of the owner, and is stored', async () => {
      const s = await registerAndLogin(t.http);
      const other = await registerAndLogin(t.http);
      const auth = { Authorization: `Bearer ${s.access}` };
      const a = track(await wsConnect(t.wsUrl, '/ws/notifications', auth));
      const b = track(await ioConnect(t.baseUrl, '/ws/notifications', { token: s.access }));
      const stranger = track(await ioConnect(t.baseUrl, '/ws/notifications', { token: other.access }));
      f.market.tick('TSLA', { price: 250, unwatched: true });
      const created = await t.http.post('/api/alerts').set(auth).send({ symbol: 'tsla', condition: 'above', threshold: 260 }).expect(201);
      expect(created.body).toMatchObject({ symbol: 'TSLA', condition: 'above', threshold: 260, repeat: false, status: 'active', trigger_count: 0 });
      expect(f.market.isWatched('TSLA', 'realtime:alerts')).toBe(true);

      f.market.tick('TSLA', 255);
      await sleep(100);
      f.market.tick('TSLA', 261);
      f.market.tick('TSLA', 262);
      for (const c of [a, b]) {
        expect(await c.inbox.type('alert')).toMatchObject({ alert_id: created.body.id, symbol: 'TSLA', condition: 'above', threshold: 260, price: 261, trigger_count: 1 });
      }
      f.market.tick('TSLA', 250);
      f.market.tick('TSLA', 263);
      await sleep(300);
      expect(a.inbox.count((m) => m.type === 'alert')).toBe(1);
      expect(b.inbox.count((m) => m.type === 'alert')).toBe(1);
      expect(stranger.inbox.count((m) => m.type === 'alert')).toBe(0);

      const got = await t.http.get(`/api/alerts/${created.body.id}`).set(auth).expect(200);
      expect(got.body).toMatchObject({ status: 'triggered', trigger_count: 1, last_triggered_price: 261 });
      const list = await t.http.get('/api/alerts').set(auth).expect(200);
      expect(list.body).toMatchObject({ alerts: [expect.objectContaining({ id: created.body.id })], next_cursor: null });
      await t.http.get('/api/alerts').set({ Authorization: `Bearer ${other.access}` }).expect(200, { alerts: [], next_cursor: null });
      await t.http.delete(`/api/alerts/${created.body.id}`).set({ Authorization: `Bearer ${other.access}` }).expect(404);
      await t.http.delete(`/api/alerts/${created.body.id}`).set(auth).expect(204);
      await t.http.get(`/api/alerts/${created.body.id}`).set(auth).expect(404);
    });

    it('re-arms a repeating alert when the condition stops holding', async () => {
      const s = await registerAndLogin(t.http);
      const auth = { Authorization: `Bearer ${s.access}` };
      const c = track(await wsConnect(t.wsUrl, '/ws/notifications', auth));
      const created = await t.http.post('/api/alerts').set(auth).send({ symbol: 'MSFT', condition: 'percent_change', threshold: -2, repeat: true }).expect(201);
      const prev = 410.5 * 0.99;
      f.market.tick('MSFT', prev * 0.97); // -3 %
      await c.inbox.type('alert');
      f.market.tick('MSFT', prev * 0.96);
      await sleep(100);
      f.market.tick('MSFT', prev * 0.995); // back above -2 %: re-armed
      await sleep(100);
      f.market.tick('MSFT', prev * 0.975);
      await until(() => c.inbox.count((m) => m.type === 'alert') === 2, 3000, 'second firing');
      const got = await t.http.get(`/api/alerts/${created.body.id}`).set(auth).expect(200);
      expect(got.body).toMatchObject({ status: 'active', trigger_count: 2 });
      await t.http.delete(`/api/alerts/${created.body.id}`).set(auth).expect(204);
    });

    it('pages alerts with a cursor', async () => {
      const s = await registerAndLogin(t.http);
      const auth = { Authorization: `Bearer ${s.access}` };
      for (let i = 1; i <= 3; i++) await t.http.post('/api/alerts').set(auth).send({ symbol: 'AAPL', condition: 'above', threshold: 1000 + i }).expect(201);
      const p1 = await t.http.get('/api/alerts?limit=2').set(auth).expect(200);
      expect(p1.body.alerts.map((a: { threshold: number }) => a.threshold)).toEqual([1001, 1002]);
      const p2 = await t.http.get(`/api/alerts?limit=2&cursor=${p1.body.next_cursor}`).set(auth).expect(200);
      expect(p2.body).toMatchObject({ alerts: [expect.objectContaining({ threshold: 1003 })], next_cursor: null });
      await t.http.get('/api/alerts?cursor=garbage').set(auth).expect(422);
    });
  });

  describe('robustness', () => {
    it('drops connections that stop answering pings', async () => {
      const c = await wsConnect(t.wsUrl, '/ws/market-data');
      const hub = t.app.get(ChannelHub);
      const before = hub.size;
      // Stop reading: pings go unanswered.
      (c.ws as unknown as { _socket: { pause(): void } })._socket.pause();
      await until(() => hub.size < before, 3000, 'dead connection cleanup');
      c.ws.terminate();
    });

    it('conflates quotes for a consumer that falls behind: bounded backlog, latest price last', async () => {
      const c = track(await wsConnect(t.wsUrl, '/ws/market-data'));
      c.send({ type: 'subscribe', symbols: ['AAPL', 'GOOGL'] });
      await c.inbox.type('subscribed');
      await until(() => c.inbox.count((m) => m.type === 'quote') === 2, 2000, 'snapshots');
      const socket = (c.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
      socket.pause();
      const N = 20_000;
      for (let i = 1; i <= N; i++) f.market.tick(i % 2 ? 'AAPL' : 'GOOGL', 100 + i / 10000);
      await sleep(200);
      socket.resume();
      const lastAapl = 100 + (N - 1) / 10000;
      const lastGoogl = 100 + N / 10000;
      await c.inbox.next((m) => m.symbol === 'AAPL' && m.price === Math.round(lastAapl * 1e4) / 1e4, 10_000);
      await c.inbox.next((m) => m.symbol === 'GOOGL' && m.price === Math.round(lastGoogl * 1e4) / 1e4, 10_000);
      const quotes = c.inbox.messages.filter((m) => m.type === 'quote');
      expect(quotes.length).toBeLessThan(N);
      // Never backwards in time per symbol.
      for (const sym of ['AAPL', 'GOOGL']) {
        const ts = quotes.filter((q) => q.symbol === sym).map((q) => Date.parse(q.timestamp as string));
        expect(ts).toEqual([...ts].sort((x, y) => x - y));
      }
    });
  });
});

describe('Realtime (e2e): private market data and limits', () => {
  const suite = useTestApp({
    start: () =>
      startRealtimeApp({
        MARKET_DATA_WS_PUBLIC: 'false',
        WS_MAX_CONNECTIONS_PER_IP: '2',
        WS_MAX_SYMBOLS_PER_CONNECTION: '3',
        WS_MAX_MESSAGES_PER_SECOND: '5',
        WS_AUTH_TIMEOUT_MS: '2000',
      }),
    user: false,
  });
  let t: WsTestApp;
  beforeAll(() => {
    ({ t } = suite);
  });

  it('needs a token on market data when MARKET_DATA_WS_PUBLIC=false', async () => {
    const c = await wsConnect(t.wsUrl, '/ws/market-data', { 'X-Forwarded-For': uniqueIp() });
    c.send({ type: 'subscribe', symbols: ['AAPL'] });
    expect(await c.inbox.type('error')).toMatchObject({ error: 'Unauthorized' });
    const s = await registerAndLogin(t.http);
    c.send({ type: 'auth', token: s.access });
    await c.inbox.type('authenticated');
    c.send({ type: 'subscribe', symbols: ['AAPL'] });
    expect(await c.inbox.type('subscribed')).toEqual({ type: 'subscribed', symbols: ['AAPL'] });
    c.close();
  });

  it('limits connections per IP (4429 / connect_error), symbols per connection and messages per second', async () => {
    const s = await registerAndLogin(t.http);
    const ip = uniqueIp();
    const headers = { 'X-Forwarded-For': ip, Authorization: `Bearer ${s.access}` };
    const one = await wsConnect(t.wsUrl, '/ws/market-data', headers);
    const two = await ioConnect(t.baseUrl, '/ws/market-data', { token: s.access }, { extraHeaders: { 'X-Forwarded-For': ip } });
    const three = await wsConnect(t.wsUrl, '/ws/market-data', headers);
    expect(await three.closed).toMatchObject({ code: 4429 });
    await expect(ioConnect(t.baseUrl, '/ws/trading', { token: s.access }, { extraHeaders: { 'X-Forwarded-For': ip } })).rejects.toMatchObject({
      data: expect.objectContaining({ error: 'RateLimitExceeded' }),
    });

    one.send({ type: 'subscribe', symbols: ['AAPL', 'GOOGL', 'MSFT', 'TSLA', 'AMZN'] });
    expect(await one.inbox.type('error')).toMatchObject({ error: 'ValidationError', details: { field: 'symbols.3', code: 'OUT_OF_RANGE' } });
    expect(await one.inbox.type('subscribed')).toEqual({ type: 'subscribed', symbols: ['AAPL', 'GOOGL', 'MSFT'] });

    for (let i = 0; i < 12; i++) two.send({ type: 'ping' });
    expect(await two.inbox.next((m) => m.error === 'RateLimitExceeded')).toMatchObject({ type: 'error' });
    expect(two.socket.connected).toBe(true);
    one.close();
    two.close();
  });
});

describe('Realtime (e2e): two app instances on one database and Redis, fed the same ticks', () => {
  let a: WsTestApp;
  let b: WsTestApp;
  let f: Fakes;
  beforeAll(async () => {
    f = makeFakes();
    const env = { REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379' };
    a = await startRealtimeApp(env, f);
    // Same market (same ticks on both), but each instance has its own order-event source, as with real relays.
    b = await startRealtimeApp(env, { ...f, orderEvents: new FakeOrderEvents() });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('claims an alert firing on exactly one instance when both evaluate the same tick concurrently', async () => {
    const s = await registerAndLogin(a.http);
    const auth = { Authorization: `Bearer ${s.access}` };
    const onA = await wsConnect(a.wsUrl, '/ws/notifications', auth);
    const onB = await ioConnect(b.baseUrl, '/ws/notifications', { token: s.access });
    const created = await a.http.post('/api/alerts').set(auth).send({ symbol: 'AMZN', condition: 'above', threshold: 185, repeat: true }).expect(201);
    await b.app.get(AlertsService).refresh();
    const [ea, eb] = [a.app.get(AlertsService), b.app.get(AlertsService)];
    const before = ea.fired + eb.fired;
    for (const price of [184, 186, 187, 184, 188]) {
      f.market.tick('AMZN', price); // both instances get this tick synchronously
      await sleep(150);
    }
    await until(() => onA.inbox.count((m) => m.type === 'alert') === 2 && onB.inbox.count((m) => m.type === 'alert') === 2, 5000, 'two firings');
    await sleep(300);
    expect(ea.fired + eb.fired - before).toBe(2);
    for (const inbox of [onA.inbox, onB.inbox]) {
      expect(inbox.messages.filter((m) => m.type === 'alert').map((m) => [m.alert_id, m.price, m.trigger_count])).toEqual([
        [created.body.id, 186, 1],
        [created.body.id, 188, 2],
      ]);
    }
    onA.close();
    onB.close();
  });

  it('sends an order event published on one instance to the user on the other, once', async () => {
    const s = await registerAndLogin(a.http);
    const onA = await wsConnect(a.wsUrl, '/ws/trading', { Authorization: `Bearer ${s.access}` });
    const onB = await wsConnect(b.wsUrl, '/ws/trading', { Authorization: `Bearer ${s.access}` });
    const notesB = await ioConnect(b.baseUrl, '/ws/notifications', { token: s.access });
    f.orderEvents.publish(s.userId, randomUUID(), 'fill'); // published on A only
    await onB.inbox.type('order');
    await onA.inbox.type('order');
    await notesB.inbox.type('notification');
    await sleep(300);
    expect(onA.inbox.count((m) => m.type === 'order')).toBe(1);
    expect(onB.inbox.count((m) => m.type === 'order')).toBe(1);
    expect(notesB.inbox.count((m) => m.type === 'notification')).toBe(1);
    for (const c of [onA, onB, notesB]) c.close();
  });
});
