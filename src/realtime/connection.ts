import { randomBytes } from 'node:crypto';
import { countWsMessages } from '../common/metrics/metrics';
import type { ChannelKind } from './protocol/channels';
import { FloodGuard } from './protocol/limits';
import type { OrderEventMessage } from '../outbox/order-events.contract';
import type { ServerMessage } from './protocol/messages';
import { OutboundQueue, OutboundSink } from './protocol/outbound';
import type { Identity } from './realtime-auth.service';

/**
 * A one-encode fan-out of the same message to many connections of a transport, for a tick's quote: the message
 * is serialized once instead of once per connection. Only for connections that are keeping up.
 */
export interface FanOut {
  add(handle: TransportHandle): void;
  send(message: ServerMessage): void;
}

/** What the channel layer needs from a transport (a Socket.IO socket or a plain WebSocket). */
export interface TransportHandle extends OutboundSink {
  readonly kind: 'socket.io' | 'ws';
  /** Identifies the fan-out group this connection can join (connections with the same key share one). */
  readonly fanOutKey?: unknown;
  /** Creates the fan-out for a key (called once per key per message). */
  createFanOut?(): FanOut;
  /** Ends the connection: a close frame with `code` and `reason` (ws), a namespace disconnect (Socket.IO). */
  close(code: number, reason: string): void;
}

export interface ConnectionLimits {
  maxMessagesPerSecond: number;
  slowConsumerBacklog: number;
}

/**
 * One client connection on one channel, whatever its transport: who it is, what it subscribed to, its limits and
 * its outbound queue. The channel layer (ChannelHub and the feeds) owns all of it; transports only move bytes.
 */
export class RealtimeConnection {
  readonly id = randomBytes(8).toString('hex');
  readonly openedAt = Date.now();
  identity: Identity | null = null;
  /** Market-data symbols, in subscription order. */
  readonly symbols = new Set<string>();
  /** Symbols counted against the anonymous per-IP budget. */
  anonymousSymbols = 0;
  /** Timestamp (ms) of the newest quote sent per symbol: quotes never go backwards. */
  readonly lastQuoteAt = new Map<string, number>();
  readonly queue: OutboundQueue;
  readonly flood: FloodGuard;
  invalidInARow = 0;
  closed = false;
  /** Client messages are handled one at a time, in order. */
  work: Promise<void> = Promise.resolve();
  /** Trading: newest order-event seq sent; events are held while a resume replays. */
  lastSeq = 0;
  replaying = false;
  held: OrderEventMessage[] = [];
  readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    readonly channel: ChannelKind,
    readonly portfolioId: string | null,
    readonly ip: string,
    readonly transport: TransportHandle,
    limits: ConnectionLimits,
  ) {
    const sink = { write: (m: ServerMessage, encoded?: string) => (countWsMessages(channel), transport.write(m, encoded)), backlog: () => transport.backlog() };
    this.queue = new OutboundQueue(sink, limits.slowConsumerBacklog);
    this.flood = new FloodGuard(limits.maxMessagesPerSecond, Date.now());
  }

  get userId(): string | null {
    return this.identity?.userId ?? null;
  }

  setTimer(ms: number, fn: () => void): NodeJS.Timeout {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    t.unref();
    this.timers.add(t);
    return t;
  }

  clearTimer(t: NodeJS.Timeout | null | undefined): void {
    if (!t) return;
    clearTimeout(t);
    this.timers.delete(t);
  }

  clearTimers(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
