import type { ServerMessage } from './messages';

/** What the outbound queue needs from a transport. */
export interface OutboundSink {
  /** Hands one message to the transport. `encoded` is the message's JSON when the caller already has it. */
  write(message: ServerMessage, encoded?: string): void;
  /** Messages handed to the transport and not yet written to the network. */
  backlog(): number;
}

export interface OutboundStats {
  sent: number;
  conflated: number;
}

/**
 * Per-connection outbound flow control. Messages that only matter in their latest version (a symbol's quote, a
 * portfolio's valuation) are sent at once while the consumer keeps up; once its backlog reaches `highWater` they
 * are held here, one per key, each replaced by newer versions, and flushed when the transport drains. Memory per
 * slow connection is then bounded by the number of keys, not by how long it stays slow. Other messages (orders,
 * alerts, errors) are never dropped; a consumer whose backlog of those passes `maxBacklog` should be closed.
 */
export class OutboundQueue {
  private readonly held = new Map<string, { message: ServerMessage; encoded?: string }>();
  readonly stats: OutboundStats = { sent: 0, conflated: 0 };

  constructor(
    private readonly sink: OutboundSink,
    private readonly highWater: number,
    private readonly maxBacklog: number = highWater * 64,
  ) {}

  /** Sends a message that must arrive. Returns false when the consumer is hopelessly behind (close it). */
  send(message: ServerMessage, encoded?: string): boolean {
    this.sink.write(message, encoded);
    this.stats.sent++;
    return this.sink.backlog() <= this.maxBacklog;
  }

  /** True when a conflatable message would go out at once (nothing held, backlog under the mark). */
  canSendNow(): boolean {
    return this.held.size === 0 && this.sink.backlog() < this.highWater;
  }

  /** Counts a message the transport sent on this queue's behalf (a shared fan-out). */
  countSent(): void {
    this.stats.sent++;
  }

  /** Sends the latest version of `key`, or holds it (replacing an older held version) while the consumer is behind. */
  sendLatest(key: string, message: ServerMessage, encoded?: string): void {
    if (this.held.size === 0 && this.sink.backlog() < this.highWater) {
      this.sink.write(message, encoded);
      this.stats.sent++;
      return;
    }
    if (this.held.has(key)) this.stats.conflated++;
    this.held.set(key, { message, encoded });
  }

  /** Called when the transport drained: sends held messages, oldest key first, while there is room. */
  drain(): void {
    for (const [key, h] of this.held) {
      if (this.sink.backlog() >= this.highWater) return;
      this.held.delete(key);
      this.sink.write(h.message, h.encoded);
      this.stats.sent++;
    }
  }

  /** Forgets a held message (e.g. the symbol was unsubscribed). */
  discard(key: string): void {
    this.held.delete(key);
  }

  get heldCount(): number {
    return this.held.size;
  }
}
