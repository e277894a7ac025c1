import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { wsConnections } from '../common/metrics/metrics';
import { Subscription } from 'rxjs';
import { AppError } from '../common/errors/app-error';
import { realtimeConfig, type RealtimeConfig } from '../config/realtime.config';
import type { OrderEventMessage } from '../outbox/order-events.contract';
import { RealtimeConnection, TransportHandle } from './connection';
import { MarketFeed } from './market-feed.service';
import { PortfolioFeeds } from './portfolio-feed.service';
import { ChannelAddress, requiresIdentity } from './protocol/channels';
import { CLOSE_CODES, closeCodeFor } from './protocol/close-codes';
import { KeyedCounter } from './protocol/limits';
import { ClientMessage, errorMessage, MessageId, parseClientMessage, ProtocolError, ServerMessage } from './protocol/messages';
import type { HistoryReplaced } from '../market/market.contracts';
import { BusEvent, RealtimeBus } from './realtime-bus.service';
import { RealtimeContracts } from './realtime-contracts.service';
import { Identity, RealtimeAuthService } from './realtime-auth.service';

/** Invalid messages in a row after which a client is considered broken and closed (4400). */
const MAX_INVALID_IN_A_ROW = 20;
/** Order events one resume may replay before the client is told to resync over REST instead. */
const RESUME_MAX_EVENTS = 5_000;
const RESUME_PAGE = 500;

const err = (error: ProtocolError['error'], message: string, details: ProtocolError['details'] = null): ProtocolError => ({
  error,
  message,
  details,
});

const fromAppError = (e: unknown): ProtocolError =>
  e instanceof AppError ? err(e.errorName, e.message, e.details) : err('InternalError', 'Internal server error');

export type Admission = { identity: Identity | null } | { error: ProtocolError };

/**
 * The channel layer: admits connections (credentials, per-IP limits, portfolio ownership), handles every client
 * message the same way for both transports, keeps identities valid (token expiry, logout, revoked API keys) and
 * delivers user events from the bus to this instance's connections.
 */
@Injectable()
export class ChannelHub implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Realtime');
  private readonly connections = new Set<RealtimeConnection>();
  private readonly byUser = new Map<string, Set<RealtimeConnection>>();
  private readonly perIp: KeyedCounter;
  private revalidator: NodeJS.Timeout | null = null;
  private bus: Subscription | null = null;
  private orderEvents: Subscription | null = null;
  private historyNotices: Subscription | null = null;
  private shuttingDown = false;
  private revalidating = false;

  constructor(
    @Inject(realtimeConfig.KEY) private readonly config: RealtimeConfig,
    private readonly auth: RealtimeAuthService,
    private readonly contracts: RealtimeContracts,
    private readonly market: MarketFeed,
    private readonly portfolios: PortfolioFeeds,
    private readonly events: RealtimeBus,
  ) {
    this.perIp = new KeyedCounter(config.maxConnectionsPerIp);
    this.portfolios.onGone = (c) => this.refuse(c, err('NotFound', 'Portfolio not found'));
  }

  onApplicationBootstrap(): void {
    this.bus = this.events.events$.subscribe((e) => this.deliver(e));
    // Order events are published on the instance that committed them; the bus takes them to every instance.
    this.orderEvents = this.contracts.orderEvents.events$.subscribe((event) => void this.events.publish({ kind: 'order', event }));
    // Every instance notices an import itself (see MarketDataService.historyReplaced$): delivered locally, not on the bus.
    this.historyNotices =
      this.contracts.market.historyReplaced$?.subscribe((n) =>
        this.deliver({ kind: 'notification', user_id: null, message: historyReplacedNotification(n) as { type: 'notification' } }),
      ) ?? null;
    this.revalidator = setInterval(() => void this.revalidateAll(), this.config.revalidateMs);
    this.revalidator.unref();
  }

  /**
   * Shutdown: refuses new connections and tells every open one to reconnect (to another instance): an error
   * message `ServiceUnavailable`, then close code 1001 with the reason.
   */
  drain(): void {
    this.shuttingDown = true;
    for (const c of [...this.connections]) {
      if (c.closed) continue;
      c.queue.send(errorMessage(err('ServiceUnavailable', 'Server shutting down; reconnect to continue')));
      this.close(c, CLOSE_CODES.goingAway, 'Server shutting down');
    }
  }

  onApplicationShutdown(): void {
    this.shuttingDown = true;
    this.bus?.unsubscribe();
    this.orderEvents?.unsubscribe();
    this.historyNotices?.unsubscribe();
    if (this.revalidator) clearInterval(this.revalidator);
    for (const c of [...this.connections]) this.close(c, CLOSE_CODES.goingAway, 'Server shutting down');
  }

  get size(): number {
    return this.connections.size;
  }

  // ---- connecting ----

  /** Decides whether a handshake may open a connection. Nothing is reserved yet (see open). */
  async admit(address: ChannelAddress, ip: string, token: string | undefined): Promise<Admission> {
    if (this.shuttingDown) return { error: err('ServiceUnavailable', 'Server shutting down') };
    if (address.kind === 'portfolio' && !address.portfolioId) return { error: err('NotFound', 'Portfolio not found') };
    if (this.perIp.room(ip) === 0) {
      return {
        error: err('RateLimitExceeded', `Too many connections from your address (at most ${this.config.maxConnectionsPerIp})`, {
          limit: this.config.maxConnectionsPerIp,
        }),
      };
    }
    if (token === undefined) return { identity: null };
    if (token === '') return { error: err('Unauthorized', 'Empty token') };
    let identity: Identity;
    try {
      identity = await this.auth.authenticate(token);
    } catch (e) {
      return { error: fromAppError(e) };
    }
    const denied = await this.checkAccess(address.kind === 'portfolio' ? address.portfolioId! : null, identity);
    return denied ? { error: denied } : { identity };
  }

  /** Registers an admitted connection. Returns null when it was refused after all (closed with a reason). */
  open(address: ChannelAddress, ip: string, identity: Identity | null, transport: TransportHandle): RealtimeConnection | null {
    const c = new RealtimeConnection(address.kind, address.portfolioId ?? null, ip, transport, this.config);
    if (!this.perIp.tryAdd(ip)) {
      this.refuse(c, err('RateLimitExceeded', `Too many connections from your address (at most ${this.config.maxConnectionsPerIp})`), false);
      return null;
    }
    this.connections.add(c);
    wsConnections.inc({ channel: c.channel, transport: transport.kind });
    if (identity) this.identify(c, identity);
    else if (requiresIdentity(c.channel, this.config.marketDataPublic)) {
      const seconds = this.config.authTimeoutMs / 1000;
      c.setTimer(this.config.authTimeoutMs, () => {
        if (!c.identity) this.refuse(c, err('Unauthorized', `Authentication required: send {"type":"auth","token":"…"} within ${seconds} s`));
      });
    }
    return c;
  }

  /** The transport saw the connection end (either side). */
  closed(c: RealtimeConnection): void {
    if (!this.connections.delete(c)) return;
    wsConnections.dec({ channel: c.channel, transport: c.transport.kind });
    c.closed = true;
    c.clearTimers();
    this.perIp.remove(c.ip);
    if (c.userId) {
      const set = this.byUser.get(c.userId);
      set?.delete(c);
      if (set?.size === 0) this.byUser.delete(c.userId);
    }
    this.market.removeAll(c);
    if (c.channel === 'portfolio') this.portfolios.leave(c);
  }

  /** Sends an error and closes with the matching close code. */
  refuse(c: RealtimeConnection, e: ProtocolError, registered = true): void {
    if (c.closed) return;
    c.queue.send(errorMessage(e));
    this.close(c, closeCodeFor(e.error), e.message, registered);
  }

  private close(c: RealtimeConnection, code: number, reason: string, registered = true): void {
    if (c.closed) return;
    c.transport.close(code, reason);
    if (registered) this.closed(c);
    else c.closed = true;
  }

  /** Portfolio channel: only the owner; anyone else (and unknown ids) gets the same NotFound. */
  private async checkAccess(portfolioId: string | null, identity: Identity): Promise<ProtocolError | null> {
    if (!portfolioId) return null;
    try {
      await this.contracts.holdings.getHoldings(identity.userId, portfolioId);
      return null;
    } catch (e) {
      if (e instanceof AppError && e.status === 404) return err('NotFound', 'Portfolio not found');
      this.logger.error({ err: (e as Error).message }, 'portfolio owner check failed');
      return err('ServiceUnavailable', 'Portfolio updates unavailable, try again later');
    }
  }

  private identify(c: RealtimeConnection, identity: Identity): void {
    const first = !c.identity;
    c.identity = identity;
    c.clearTimer(expiryTimers.get(c));
    if (identity.expiresAt !== null) {
      const ms = Math.min(Math.max(0, identity.expiresAt - Date.now()), 2 ** 31 - 1);
      expiryTimers.set(c, c.setTimer(ms, () => this.refuse(c, err('Unauthorized', 'Access token expired')))); 
    }
    if (!first) return;
    let set = this.byUser.get(identity.userId);
    if (!set) this.byUser.set(identity.userId, (set = new Set()));
    set.add(c);
    this.market.becameAuthenticated(c);
    if (c.channel === 'portfolio') void this.portfolios.join(c);
  }

  // ---- client messages ----

  /** One client frame (text or decoded Socket.IO payload). Handled in order, one at a time per connection. */
  receive(c: RealtimeConnection, raw: unknown, ack?: (m: ServerMessage) => void): void {
    if (c.closed) return;
    switch (c.flood.check(Date.now())) {
      case 'close':
        return this.refuse(c, err('RateLimitExceeded', 'Too many messages'));
      case 'warn':
        return this.reply(c, errorMessage(err('RateLimitExceeded', `Too many messages: at most ${this.config.maxMessagesPerSecond} per second; further messages are dropped`)), ack);
      case 'drop':
        return;
    }
    const parsed = parseClientMessage(raw, c.channel);
    if (!parsed.ok) {
      this.reply(c, errorMessage(parsed.error, parsed.id), ack);
      if (++c.invalidInARow >= MAX_INVALID_IN_A_ROW) this.refuse(c, err('BadRequest', 'Too many invalid messages'));
      return;
    }
    c.invalidInARow = 0;
    c.work = c.work
      .then(() => this.handle(c, parsed.message, ack))
      .catch((e: unknown) => {
        this.logger.error({ err: (e as Error)?.message }, 'realtime message failed');
        this.reply(c, errorMessage(fromAppError(e)), ack);
      });
  }

  private reply(c: RealtimeConnection, m: ServerMessage, ack?: (m: ServerMessage) => void): void {
    if (c.closed) return;
    if (!c.queue.send(m)) return this.close(c, CLOSE_CODES.backlogOverflow, 'Too slow: outbound backlog over the limit');
    ack?.(m);
  }

  private async handle(c: RealtimeConnection, m: ClientMessage, ack?: (m: ServerMessage) => void): Promise<void> {
    if (c.closed) return;
    const withId = (id: MessageId | undefined) => (id === undefined ? {} : { id });
    if (m.type === 'ping') return this.reply(c, { type: 'pong', timestamp: new Date().toISOString(), ...withId(m.id) }, ack);
    if (m.type === 'auth') return this.authenticate(c, m.token, m.id, ack);
    if (!c.identity && requiresIdentity(c.channel, this.config.marketDataPublic)) {
      return this.reply(c, errorMessage(err('Unauthorized', 'Authenticate first: send {"type":"auth","token":"…"}'), m.id), ack);
    }
    const send = (msg: ServerMessage) => this.reply(c, msg, ack);
    switch (m.type) {
      case 'subscribe':
        return this.market.subscribe(c, m.symbols, m.invalid, m.id, send);
      case 'unsubscribe':
        return this.market.unsubscribe(c, m.symbols, m.invalid, m.id, send);
      case 'resume':
        return this.resume(c, m.since, m.id, ack);
    }
  }

  private async authenticate(c: RealtimeConnection, token: string, id: MessageId | undefined, ack?: (m: ServerMessage) => void): Promise<void> {
    let identity: Identity;
    try {
      identity = await this.auth.authenticate(token);
    } catch (e) {
      return this.refuse(c, fromAppError(e));
    }
    if (c.closed) return;
    if (c.identity && c.identity.userId !== identity.userId) {
      return this.refuse(c, err('Forbidden', 'A connection cannot change user; open a new one'));
    }
    if (!c.identity && c.portfolioId) {
      const denied = await this.checkAccess(c.portfolioId, identity);
      if (denied) return this.refuse(c, denied);
      if (c.closed) return;
    }
    this.reply(c, { type: 'authenticated', user_id: identity.userId, expires_at: identity.expiresAt ? new Date(identity.expiresAt).toISOString() : null, ...(id === undefined ? {} : { id }) }, ack);
    this.identify(c, identity);
  }

  // ---- identities over time ----

  /** Re-checks every distinct session of this instance's connections once; closes those that lost it. */
  async revalidateAll(): Promise<void> {
    if (this.revalidating) return; // a slow round (many sessions) is not overlapped by the next
    this.revalidating = true;
    try {
      await this.revalidateGroups();
    } finally {
      this.revalidating = false;
    }
  }

  private async revalidateGroups(): Promise<void> {
    const groups = new Map<string, RealtimeConnection[]>();
    for (const c of this.connections) {
      const i = c.identity;
      if (!i) continue;
      const key = i.via === 'jwt' ? `jwt:${i.sessionId}:${i.expiresAt}` : `key:${i.sessionId}`;
      const list = groups.get(key);
      if (list) list.push(c);
      else groups.set(key, [c]);
    }
    for (const list of groups.values()) {
      const reason = await this.auth.revalidate(list[0].identity!);
      if (!reason) continue;
      for (const c of list) this.refuse(c, err('Unauthorized', reason));
    }
  }

  // ---- user events ----

  private deliver(e: BusEvent): void {
    switch (e.kind) {
      case 'order':
        return this.deliverOrder(e.event);
      case 'alert':
        return this.toUser(e.user_id, 'notifications', e.message);
      case 'notification':
        if (e.user_id) return this.toUser(e.user_id, 'notifications', e.message);
        for (const c of this.connections) if (c.channel === 'notifications' && c.identity) this.reply(c, e.message);
    }
  }

  private toUser(userId: string, channel: RealtimeConnection['channel'], m: ServerMessage): void {
    for (const c of this.byUser.get(userId) ?? []) if (c.channel === channel) this.reply(c, m);
  }

  private deliverOrder(ev: OrderEventMessage): void {
    const conns = this.byUser.get(ev.user_id);
    if (ev.portfolio_id) this.portfolios.holdingsChanged(ev.portfolio_id);
    if (!conns) return;
    const notice = ev.event === 'fill' || ev.event === 'partial_fill' ? fillNotification(ev) : null;
    for (const c of conns) {
      if (c.channel === 'trading') this.sendOrder(c, ev);
      else if (c.channel === 'portfolio' && c.portfolioId === ev.portfolio_id) this.reply(c, orderMessage(ev));
      else if (c.channel === 'notifications' && notice) this.reply(c, notice);
    }
  }

  private sendOrder(c: RealtimeConnection, ev: OrderEventMessage): void {
    if (c.replaying) {
      c.held.push(ev);
      return;
    }
    if (ev.seq <= c.lastSeq) return;
    c.lastSeq = ev.seq;
    this.reply(c, orderMessage(ev));
  }

  /** Replays the user's order events after `since`, then what arrived meanwhile; or a `resync` hint. */
  private async resume(c: RealtimeConnection, since: number, id: MessageId | undefined, ack?: (m: ServerMessage) => void): Promise<void> {
    const source = this.contracts.orderEvents;
    c.replaying = true;
    c.held = [];
    c.lastSeq = since;
    let replayed = 0;
    try {
      for (;;) {
        const page = await source.replay(c.userId!, c.lastSeq, RESUME_PAGE);
        if (c.closed) return;
        if (page === null || replayed + (page?.length ?? 0) > RESUME_MAX_EVENTS) {
          this.reply(c, {
            type: 'resync',
            since,
            message: 'Events after this seq are no longer retained (or too many were missed): reload orders over REST',
            ...(id === undefined ? {} : { id }),
          }, ack);
          break;
        }
        for (const ev of page) {
          if (ev.seq <= c.lastSeq) continue;
          c.lastSeq = ev.seq;
          this.reply(c, orderMessage(ev));
        }
        replayed += page.length;
        if (page.length < RESUME_PAGE) break;
      }
    } finally {
      c.replaying = false;
      const held = c.held.sort((a, b) => a.seq - b.seq);
      c.held = [];
      for (const ev of held) this.sendOrder(c, ev);
    }
  }
}

const expiryTimers = new WeakMap<RealtimeConnection, NodeJS.Timeout>();

export function orderMessage(ev: OrderEventMessage): ServerMessage {
  return { type: 'order', seq: ev.seq, event: ev.event, portfolio_id: ev.portfolio_id, order: ev.order, fill: ev.fill, timestamp: ev.timestamp };
}

/** A system notice: imported history now sets a symbol's prices (or was removed). */
export function historyReplacedNotification(n: HistoryReplaced): ServerMessage {
  return {
    type: 'notification',
    kind: 'system',
    event: 'market_history_replaced',
    title: 'Market data replaced',
    message:
      n.first_date && n.last_date
        ? `Imported daily history of ${n.symbol} (${n.first_date} to ${n.last_date}) now sets its prices; live prices continue from the last imported close.`
        : `The imported history of ${n.symbol} was removed; its prices are simulated again.`,
    symbol: n.symbol,
    first_date: n.first_date,
    last_date: n.last_date,
    timestamp: n.at.toISOString(),
  };
}

export function fillNotification(ev: OrderEventMessage): ServerMessage {
  const o = ev.order as { id?: string; side?: string; symbol?: string };
  const f = (ev.fill ?? {}) as { quantity?: unknown; price?: unknown };
  const verb = o.side === 'sell' ? 'Sold' : 'Bought';
  return {
    type: 'notification',
    kind: 'order',
    event: ev.event,
    title: ev.event === 'fill' ? 'Order filled' : 'Order partially filled',
    message: `${verb} ${String(f.quantity ?? '')} ${o.symbol ?? ''} at ${String(f.price ?? '')}`.replace(/\s+/g, ' ').trim(),
    order_id: o.id ?? null,
    portfolio_id: ev.portfolio_id,
    seq: ev.seq,
    timestamp: ev.timestamp,
  };
}
