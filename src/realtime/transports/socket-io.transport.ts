import { Inject, Injectable } from '@nestjs/common';
import type { ExtendedError, Namespace, Socket } from 'socket.io';
import { appConfig, type AppConfig } from '../../config/app.config';
import { ChannelHub } from '../channel-hub.service';
import { FanOut, RealtimeConnection, TransportHandle } from '../connection';
import { ChannelAddress, channelForPath } from '../protocol/channels';
import { errorMessage, ServerMessage } from '../protocol/messages';
import { clientIp, handshakeToken } from '../protocol/handshake';
import type { Identity } from '../realtime-auth.service';

interface Admitted {
  address: ChannelAddress;
  ip: string;
  identity: Identity | null;
  typed: boolean;
}

class SocketIoHandle implements TransportHandle {
  readonly kind = 'socket.io' as const;
  readonly fanOutKey: Namespace;

  constructor(
    readonly socket: Socket,
    readonly typed: boolean,
  ) {
    this.fanOutKey = socket.nsp;
  }

  /**
   * A local (never through the Redis adapter) emit to the listed sockets of one namespace: Socket.IO encodes the
   * packet (and its WebSocket frame) once for all of them.
   */
  createFanOut(): FanOut {
    const nsp = this.fanOutKey;
    const ids: string[] = [];
    const typedIds: string[] = [];
    return {
      add: (h) => {
        const s = (h as SocketIoHandle).socket;
        ids.push(s.id);
        if ((h as SocketIoHandle).typed) typedIds.push(s.id);
      },
      send: (message) => {
        nsp.local.to(ids).emit('message', message);
        if (typedIds.length) nsp.local.to(typedIds).emit(message.type, message);
      },
    };
  }

  write(message: ServerMessage): void {
    this.socket.emit('message', message);
    if (this.typed) this.socket.emit(message.type, message);
  }

  backlog(): number {
    // engine.io queues packets here while the transport is still writing earlier ones: the consumer's backlog.
    return (this.socket.conn as unknown as { writeBuffer: unknown[] }).writeBuffer.length;
  }

  close(): void {
    // This namespace only: a client multiplexes its namespaces over one connection.
    this.socket.disconnect(false);
  }
}

/**
 * Socket.IO side of the channel layer. Handshakes are checked in namespace middleware, so a refused client gets
 * `connect_error` with `err.message` (the reason) and `err.data` (the seed's error body with `type: "error"`).
 */
@Injectable()
export class SocketIoTransport {
  constructor(
    private readonly hub: ChannelHub,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
  ) {}

  private server: Namespace['server'] | null = null;

  attach(nsp: Namespace): void {
    this.server = nsp.server;
    nsp.use((socket, next) => void this.admit(socket, next));
    nsp.on('connection', (socket: Socket) => this.connected(socket));
  }

  /** Names of the namespaces that exist now (dynamic portfolio namespaces come and go). */
  namespaces(): string[] {
    return [...(this.server?._nsps.keys() ?? [])];
  }

  private async admit(socket: Socket, next: (err?: ExtendedError) => void): Promise<void> {
    const address = channelForPath(socket.nsp.name);
    const hs = socket.handshake;
    const ip = clientIp(hs.headers, hs.address, this.config.trustProxy);
    const result = address
      ? await this.hub.admit(address, ip, handshakeToken({ auth: hs.auth, headers: hs.headers, query: hs.query as Record<string, string> }))
      : ({ error: { error: 'NotFound', message: 'Unknown channel', details: null } } as const);
    if ('error' in result) {
      const e = new Error(result.error.message) as ExtendedError;
      e.data = errorMessage(result.error);
      // Socket.IO removes the (dynamic) namespace again if this was its only socket (cleanupEmptyChildNamespaces).
      return next(e);
    }
    const typed = hs.auth?.typed_events === true || hs.query.typed_events === 'true';
    (socket.data as { realtime?: Admitted }).realtime = { address: address!, ip, identity: result.identity, typed };
    next();
  }

  private connected(socket: Socket): void {
    const admitted = (socket.data as { realtime?: Admitted }).realtime;
    if (!admitted) return void socket.disconnect(false);
    const conn: RealtimeConnection | null = this.hub.open(admitted.address, admitted.ip, admitted.identity, new SocketIoHandle(socket, admitted.typed));
    if (!conn) return;
    socket.on('message', (data: unknown, ack?: unknown) => {
      this.hub.receive(conn, data, typeof ack === 'function' ? (ack as (m: ServerMessage) => void) : undefined);
    });
    // Typed events from clients are accepted too: emit('subscribe', {symbols}) is {type: 'subscribe', symbols}.
    socket.onAny((event: string, data?: unknown) => {
      if (event === 'message') return;
      const body = typeof data === 'object' && data !== null && !Array.isArray(data) ? data : {};
      this.hub.receive(conn, { ...body, type: event });
    });
    const onDrain = () => conn.queue.drain();
    socket.conn.on('drain', onDrain);
    socket.on('disconnect', () => {
      socket.conn.off('drain', onDrain);
      this.hub.closed(conn);
    });
  }
}
