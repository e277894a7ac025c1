import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import Redis from 'ioredis';
import { Observable, Subject } from 'rxjs';
import type { OrderEventMessage } from '../outbox/order-events.contract';
import { REDIS } from '../redis/redis.module';

/** Events about users, produced on one instance and delivered by every instance to its own connections. */
export type BusEvent =
  | { kind: 'order'; event: OrderEventMessage }
  | { kind: 'alert'; user_id: string; message: { type: 'alert'; [k: string]: unknown } }
  | { kind: 'notification'; user_id: string | null; message: { type: 'notification'; [k: string]: unknown } };

export const BUS_CHANNEL = 'octopus:realtime:events';

/**
 * The cross-instance bus for user events (order events, alerts, notices). With REDIS_URL, an event is PUBLISHed
 * once by the instance that produced it and every instance — the producer included, through its own subscription —
 * delivers it to its local connections: each client gets it once, whichever instance it is connected to, on
 * either transport. Without Redis the bus is an in-process subject. Price-driven messages never go through here:
 * every instance computes the same prices and serves its own clients.
 */
@Injectable()
export class RealtimeBus implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('RealtimeBus');
  private readonly subject = new Subject<BusEvent>();
  private sub: Redis | null = null;
  readonly events$: Observable<BusEvent> = this.subject.asObservable();

  constructor(@Inject(REDIS) private readonly redis: Redis | null) {}

  onModuleInit(): void {
    if (!this.redis) return;
    // The shared client fails fast without an offline queue; a subscriber must queue its SUBSCRIBE until connected.
    this.sub = this.redis.duplicate({ connectionName: 'octopus-realtime-sub', enableOfflineQueue: true, maxRetriesPerRequest: null });
    this.sub.on('error', () => undefined); // reported by the shared client's logger; ioredis reconnects and resubscribes
    this.sub.on('message', (_channel: string, payload: string) => {
      try {
        this.subject.next(JSON.parse(payload) as BusEvent);
      } catch (e) {
        this.logger.error({ err: (e as Error).message }, 'unreadable realtime bus message');
      }
    });
    // Not awaited: with Redis down the SUBSCRIBE waits for it (and ioredis resubscribes after reconnects).
    this.sub.subscribe(BUS_CHANNEL).catch((e: Error) => this.logger.error({ err: e.message }, 'realtime bus subscribe failed'));
  }

  /** Publishes an event for every instance. If Redis is down it is delivered here only (and logged). */
  async publish(event: BusEvent): Promise<void> {
    if (!this.redis) {
      this.subject.next(event);
      return;
    }
    try {
      await this.redis.publish(BUS_CHANNEL, JSON.stringify(event));
    } catch (e) {
      this.logger.error({ err: (e as Error).message }, 'realtime bus publish failed; delivering to this instance only');
      this.subject.next(event);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.subject.complete();
    if (this.sub && this.sub.status !== 'end') this.sub.disconnect();
  }
}
