import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import type { components } from './schema';

type Schemas = components['schemas'];

// The realtime messages are described by docs/asyncapi.yaml; their payloads reuse the REST schemas.
export type QuoteMessage = Schemas['QuoteDto'] & { type: 'quote'; snapshot?: boolean };
export interface OrderUpdate {
  type: 'order';
  seq: number;
  event: 'new' | 'partial_fill' | 'fill' | 'canceled' | 'rejected' | 'expired';
  portfolio_id: string;
  order: Schemas['OrderDto'];
  fill: { id: string; quantity: number; price: number; commission: number; timestamp: string } | null;
  timestamp: string;
}
export interface PortfolioUpdate {
  type: 'portfolio';
  id: string;
  total_value: number;
  cash_balance: number;
  day_change: number;
  day_change_percent: number;
  positions_count: number;
  positions: Schemas['PositionDto'][];
  timestamp: string;
}
/** `notification` (kind `order`, `backtest`, …) or `alert` messages of /ws/notifications. */
export type NotificationMessage = { type: 'notification' | 'alert' } & Record<string, unknown>;

export interface RealtimeOptions {
  /** Extra Socket.IO manager/socket options (e.g. `transports`, `reconnectionDelayMax`). */
  socket?: Partial<ManagerOptions & SocketOptions>;
  /** Server `error` messages on any channel (e.g. an unknown symbol). */
  onError?: (error: Record<string, unknown>) => void;
  /** /ws/trading answered `resync`: events after `since` were lost; reload orders over REST. */
  onResync?: (message: { since: number; message: string }) => void;
  /** A channel connected, or lost its connection and is retrying (e.g. for a "reconnecting" indicator). */
  onStatus?: (channel: string, status: 'connected' | 'reconnecting') => void;
}

type Message = { type: string } & Record<string, unknown>;

/**
 * One Socket.IO connection per channel, opened on first use. Socket.IO reconnects by itself; on every (re)connect
 * the market channel re-subscribes its symbols and the trading channel sends `resume` with the last `seq` seen.
 */
export class Realtime {
  private readonly sockets = new Map<string, Socket>();
  private readonly quoteListeners = new Map<string, Set<(q: QuoteMessage) => void>>();
  private readonly orderListeners = new Set<(o: OrderUpdate) => void>();
  private readonly notificationListeners = new Set<(n: NotificationMessage) => void>();
  /** Sockets this client still wants open (a server-side disconnect of one of them is retried). */
  private readonly live = new Set<Socket>();
  private lastSeq: number | null = null;
  private closed = false;

  constructor(
    private readonly baseUrl: string,
    private readonly token: () => Promise<string | null>,
    private readonly options: RealtimeOptions = {},
  ) {}

  subscribe(symbols: string[], callback: (q: QuoteMessage) => void): () => void {
    const upper = symbols.map((s) => s.toUpperCase());
    const added = upper.filter((s) => !this.quoteListeners.has(s));
    for (const s of upper) {
      const set = this.quoteListeners.get(s) ?? new Set();
      set.add(callback);
      this.quoteListeners.set(s, set);
    }
    const socket = this.channel('/ws/market-data', (m) => this.onMarket(m), (s) => {
      if (this.quoteListeners.size) s.emit('message', { type: 'subscribe', symbols: [...this.quoteListeners.keys()] });
    });
    if (socket.connected && added.length) socket.emit('message', { type: 'subscribe', symbols: added });
    return () => {
      const gone: string[] = [];
      for (const s of upper) {
        const set = this.quoteListeners.get(s);
        if (!set?.delete(callback) || set.size) continue;
        this.quoteListeners.delete(s);
        gone.push(s);
      }
      if (gone.length && socket.connected) socket.emit('message', { type: 'unsubscribe', symbols: gone });
      if (!this.quoteListeners.size) this.drop('/ws/market-data');
    };
  }

  onOrderUpdate(callback: (o: OrderUpdate) => void): () => void {
    this.orderListeners.add(callback);
    this.channel('/ws/trading', (m) => this.onTrading(m), (s) => {
      if (this.lastSeq !== null) s.emit('message', { type: 'resume', since: this.lastSeq });
    });
    return () => {
      this.orderListeners.delete(callback);
      if (!this.orderListeners.size) this.drop('/ws/trading');
    };
  }

  onPortfolio(portfolioId: string, callback: (p: PortfolioUpdate) => void): () => void {
    const ns = `/ws/portfolio/${encodeURIComponent(portfolioId)}`;
    // One connection per callback: the channel carries one portfolio and nothing to demultiplex.
    const socket = this.open(ns, (m) => {
      if (m.type === 'portfolio') callback(m as unknown as PortfolioUpdate);
    });
    return () => {
      this.live.delete(socket);
      socket.disconnect();
    };
  }

  onNotification(callback: (n: NotificationMessage) => void): () => void {
    this.notificationListeners.add(callback);
    this.channel('/ws/notifications', (m) => {
      if (m.type === 'notification' || m.type === 'alert') for (const cb of this.notificationListeners) cb(m as NotificationMessage);
    });
    return () => {
      this.notificationListeners.delete(callback);
      if (!this.notificationListeners.size) this.drop('/ws/notifications');
    };
  }

  close(): void {
    this.closed = true;
    for (const s of this.live) s.disconnect();
    this.live.clear();
    this.sockets.clear();
  }

  /** The socket of a shared channel, opened on first use. */
  private channel(ns: string, onMessage: (m: Message) => void, onConnect?: (s: Socket) => void): Socket {
    let socket = this.sockets.get(ns);
    if (!socket) {
      socket = this.open(ns, onMessage, onConnect);
      this.sockets.set(ns, socket);
    }
    return socket;
  }

  private drop(ns: string): void {
    const socket = this.sockets.get(ns);
    if (socket) this.live.delete(socket);
    socket?.disconnect();
    this.sockets.delete(ns);
  }

  private open(ns: string, onMessage: (m: Message) => void, onConnect?: (s: Socket) => void): Socket {
    this.closed = false;
    const socket = io(this.baseUrl + ns, {
      transports: ['websocket'],
      reconnectionDelay: 250,
      reconnectionDelayMax: 5_000,
      ...this.options.socket,
      // A function, so every reconnect sends a fresh access token.
      auth: (cb: (data: object) => void) => {
        this.token().then(
          (token) => cb(token ? { token } : {}),
          () => cb({}),
        );
      },
    });
    this.live.add(socket);
    socket.on('connect', () => {
      this.options.onStatus?.(ns, 'connected');
      onConnect?.(socket);
    });
    socket.on('connect_error', () => this.isLive(socket) && this.options.onStatus?.(ns, 'reconnecting'));
    socket.on('message', (m: Message) => {
      if (m?.type === 'error') this.options.onError?.(m);
      else onMessage(m);
    });
    socket.on('disconnect', (reason) => {
      if (this.isLive(socket)) this.options.onStatus?.(ns, 'reconnecting');
      // The server closed the namespace (shutdown, expired token): Socket.IO does not retry that by itself.
      if (reason === 'io server disconnect' && this.isLive(socket)) setTimeout(() => this.isLive(socket) && socket.connect(), 500);
    });
    return socket;
  }

  private isLive(socket: Socket): boolean {
    return !this.closed && this.live.has(socket);
  }

  private onMarket(m: Message): void {
    if (m.type !== 'quote') return;
    for (const cb of this.quoteListeners.get(String(m.symbol)) ?? []) cb(m as unknown as QuoteMessage);
  }

  private onTrading(m: Message): void {
    if (m.type === 'resync') return this.options.onResync?.(m as unknown as { since: number; message: string });
    if (m.type !== 'order') return;
    const event = m as unknown as OrderUpdate;
    if (this.lastSeq !== null && event.seq <= this.lastSeq) return;
    this.lastSeq = event.seq;
    for (const cb of this.orderListeners) cb(event);
  }
}
