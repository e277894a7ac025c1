import type { INestApplication } from '@nestjs/common';
import { TestingModuleBuilder } from '@nestjs/testing';
import type { AddressInfo } from 'node:net';
import { Subject } from 'rxjs';
import { io, Socket } from 'socket.io-client';
import request from 'supertest';
import { WebSocket } from 'ws';
import { Clock, CLOCK, MarketDataService } from '../../src/market/market.contracts';
import { OrderEventMessage, OrderEventsSource } from '../../src/outbox/order-events.contract';
import { PortfolioHoldingsReader } from '../../src/portfolios/portfolio-holdings.contract';
import { startTestApp } from './app';
import { FakeMarket } from './fake-market';
import { FakeHoldings } from './holdings';

// ---- fakes of the contracts realtime consumes ----

/** Prices at start of the realtime suites' market (previous closes 1 % below). */
export const REALTIME_QUOTES = { AAPL: 175.84, GOOGL: 140.1, MSFT: 410.5, TSLA: 250, AMZN: 180 };

/** The realtime suites' market: quotes with a 1-cent spread, ticks only for watched symbols, always open. */
export const realtimeMarket = (): FakeMarket =>
  new FakeMarket({ instruments: [], quotes: REALTIME_QUOTES, spread: '0.01', onlyWatchedTicks: true, hours: 'always', source: 'simulated' });

/** Order events the test publishes; replay answers from what was published (null before `retainedFrom`). */
export class FakeOrderEvents extends OrderEventsSource {
  readonly subject = new Subject<OrderEventMessage>();
  readonly events$ = this.subject.asObservable();
  readonly log: OrderEventMessage[] = [];
  private readonly seqs = new Map<string, number>();
  retainedFrom = 0;

  publish(userId: string, portfolioId: string, event: OrderEventMessage['event'], extra: Partial<OrderEventMessage> = {}): OrderEventMessage {
    const seq = (this.seqs.get(userId) ?? 0) + 1;
    this.seqs.set(userId, seq);
    const ev: OrderEventMessage = {
      seq,
      user_id: userId,
      portfolio_id: portfolioId,
      event,
      order: { id: `order-${seq}`, portfolio_id: portfolioId, symbol: 'AAPL', side: 'buy', order_type: 'market', quantity: 10, status: event === 'fill' ? 'filled' : 'pending' },
      fill: event === 'fill' || event === 'partial_fill' ? { id: `fill-${seq}`, quantity: 10, price: 175.84, commission: 0, timestamp: new Date().toISOString() } : null,
      timestamp: new Date().toISOString(),
      ...extra,
    };
    this.log.push(ev);
    this.subject.next(ev);
    return ev;
  }

  async replay(userId: string, since: number, limit: number): Promise<OrderEventMessage[] | null> {
    if (since < this.retainedFrom) return null;
    return this.log.filter((e) => e.user_id === userId && e.seq > since).slice(0, limit);
  }
}

export interface Fakes {
  market: FakeMarket;
  orderEvents: FakeOrderEvents;
  holdings: FakeHoldings;
  clock: Clock;
}

export const makeFakes = (): Fakes => ({
  market: realtimeMarket(),
  orderEvents: new FakeOrderEvents(),
  holdings: new FakeHoldings(),
  clock: { now: () => new Date() },
});

// ---- a listening app ----

export interface WsTestApp {
  app: INestApplication;
  http: ReturnType<typeof request>;
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  wsUrl: string;
  close(): Promise<void>;
}

/**
 * The real app, listening on an ephemeral port (WebSocket clients need a real socket), with the contracts
 * realtime consumes replaced by fakes (Nest testing overrides of the tokens their modules register).
 */
export async function startRealtimeApp(
  overrides: Record<string, string | undefined> = {},
  fakes: Partial<Fakes> = makeFakes(),
  customize: (b: TestingModuleBuilder) => TestingModuleBuilder = (b) => b,
): Promise<WsTestApp> {
  const t = await startTestApp({ WS_MAX_CONNECTIONS_PER_IP: '1000', ...overrides }, (builder) => {
    let b = builder;
    if (fakes.market) b = b.overrideProvider(MarketDataService).useValue(fakes.market);
    if (fakes.orderEvents) b = b.overrideProvider(OrderEventsSource).useValue(fakes.orderEvents);
    if (fakes.holdings) b = b.overrideProvider(PortfolioHoldingsReader).useValue(fakes.holdings);
    if (fakes.clock) b = b.overrideProvider(CLOCK).useValue(fakes.clock);
    return customize(b);
  });
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  return { ...t, baseUrl: `http://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}` };
}

// ---- clients that collect messages ----

type Msg = Record<string, unknown> & { type?: string };

/** Collects messages and lets a test wait for the next one matching a predicate. */
export class Inbox {
  readonly messages: Msg[] = [];
  private waiters: { pred: (m: Msg) => boolean; resolve: (m: Msg) => void; from: number }[] = [];

  push(m: Msg): void {
    this.messages.push(m);
    for (const w of [...this.waiters]) {
      if (w.pred(m)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  }

  /** The first message (already received or coming) matching `pred`. */
  next(pred: (m: Msg) => boolean = () => true, timeoutMs = 3000, from = 0): Promise<Msg> {
    const found = this.messages.slice(from).find(pred);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const w = { pred, resolve: (m: Msg) => (clearTimeout(t), resolve(m)), from };
      const t = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        reject(new Error(`no matching message within ${timeoutMs} ms; got ${JSON.stringify(this.messages).slice(0, 1500)}`));
      }, timeoutMs);
      this.waiters.push(w);
    });
  }

  type(type: string, timeoutMs?: number, from?: number): Promise<Msg> {
    return this.next((m) => m.type === type, timeoutMs, from);
  }

  count(pred: (m: Msg) => boolean): number {
    return this.messages.filter(pred).length;
  }

  get length(): number {
    return this.messages.length;
  }
}

export interface WsClient {
  ws: WebSocket;
  inbox: Inbox;
  send(m: unknown): void;
  closed: Promise<{ code: number; reason: string }>;
  close(): void;
}

/**
 * A plain-WebSocket client. The server accepts the upgrade before checking credentials, so 'open' comes before
 * the connection is registered: unless `ready: false`, this pings and waits for the pong (or a refusal) so events
 * published right after it are not missed.
 */
export async function wsConnect(baseWsUrl: string, path: string, headers: Record<string, string> = {}, opts: { ready?: boolean } = {}): Promise<WsClient> {
  const ws = new WebSocket(baseWsUrl + path, { headers });
  const inbox = new Inbox();
  ws.on('message', (data) => inbox.push(JSON.parse(data.toString())));
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const client = { ws, inbox, send: (m: unknown) => ws.send(typeof m === 'string' ? m : JSON.stringify(m)), closed, close: () => ws.close() };
  if (opts.ready !== false) {
    client.send({ type: 'ping', id: '__ready__' });
    await Promise.race([inbox.next((m) => m.id === '__ready__' || m.type === 'error', 5000), closed]);
  }
  return client;
}

export interface IoClient {
  socket: Socket;
  inbox: Inbox;
  send(m: unknown): void;
  disconnected: Promise<string>;
  close(): void;
}

/** A Socket.IO client on a namespace; resolves once connected, rejects with the connect_error. */
export async function ioConnect(baseUrl: string, namespace: string, auth: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Promise<IoClient> {
  const socket = io(baseUrl + namespace, { transports: ['websocket'], reconnection: false, forceNew: true, auth, ...extra });
  const inbox = new Inbox();
  socket.on('message', (m: Msg) => inbox.push(m));
  const disconnected = new Promise<string>((resolve) => socket.on('disconnect', (reason) => resolve(reason)));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (e) => {
      socket.close();
      reject(e);
    });
  });
  return { socket, inbox, send: (m) => socket.emit('message', m), disconnected, close: () => socket.close() };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `fn` returns true (or fails after `timeoutMs`). */
export async function until(fn: () => boolean | Promise<boolean>, timeoutMs = 3000, what = 'condition'): Promise<void> {
  const start = Date.now();
  while (!(await fn())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}
