import { INestApplication, Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import Redis from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';
import { MAX_MESSAGE_BYTES } from '../protocol/messages';

/** Socket.IO's own path. Plain WebSocket upgrades on any other path are ours (see WsTransport). */
export const SOCKET_IO_PATH = '/socket.io';

export interface RealtimeIoOptions {
  redisUrl: string | null;
  heartbeatMs: number;
}

/**
 * The one Socket.IO server of the app, shared by every gateway (one namespace per channel). It leaves upgrade
 * requests for other paths alone (`destroyUpgrade: false`) so the plain-WebSocket transport can take them,
 * drops dynamic /ws/portfolio/{id} namespaces once empty, and with REDIS_URL plugs @socket.io/redis-adapter so
 * that Socket.IO-level broadcasts (rooms, `server.emit`, `fetchSockets`, `disconnectSockets`) span instances.
 */
export class RealtimeIoAdapter extends IoAdapter {
  private readonly logger = new Logger('RealtimeIoAdapter');
  private readonly clients: Redis[] = [];

  constructor(
    app: INestApplication,
    private readonly options: RealtimeIoOptions,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server: Server = super.createIOServer(port, {
      ...options,
      path: SOCKET_IO_PATH,
      serveClient: false,
      destroyUpgrade: false,
      cleanupEmptyChildNamespaces: true,
      pingInterval: this.options.heartbeatMs,
      pingTimeout: this.options.heartbeatMs,
      maxHttpBufferSize: MAX_MESSAGE_BYTES,
    } as Partial<ServerOptions>);
    if (this.options.redisUrl) {
      // Commands wait for Redis instead of failing: the adapter subscribes and publishes without handling rejections,
      // and an unhandled rejection would end the process. (Realtime itself never broadcasts through the adapter.)
      const pub = new Redis(this.options.redisUrl, { connectionName: 'octopus-io-pub', maxRetriesPerRequest: null });
      const sub = pub.duplicate({ connectionName: 'octopus-io-sub' });
      for (const c of [pub, sub]) {
        c.on('error', (e: Error) => this.logger.debug?.(`socket.io redis adapter: ${e.message}`));
        this.catchRejections(c);
      }
      this.clients.push(pub, sub);
      server.adapter(createAdapter(pub, sub, { key: 'octopus-io' }));
    }
    return server;
  }

  /**
   * The adapter fires (p)subscribe/publish without handling their promises; a command still queued when Redis is
   * unreachable or the client closes would become an unhandled rejection (fatal in Node). Log them instead.
   */
  private catchRejections(client: Redis): void {
    const c = client as unknown as Record<string, (...args: unknown[]) => unknown>;
    for (const name of ['psubscribe', 'punsubscribe', 'subscribe', 'unsubscribe', 'publish']) {
      const original = c[name].bind(client);
      c[name] = (...args: unknown[]) => {
        const result = original(...args);
        if (result instanceof Promise) result.catch((e: Error) => this.logger.debug?.(`socket.io redis adapter ${name}: ${e.message}`));
        return result;
      };
    }
  }

  override async dispose(): Promise<void> {
    await super.dispose();
    for (const c of this.clients.splice(0)) if (c.status !== 'end') c.disconnect();
  }
}
