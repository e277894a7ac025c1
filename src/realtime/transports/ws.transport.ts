import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { appConfig, type AppConfig } from '../../config/app.config';
import { realtimeConfig, type RealtimeConfig } from '../../config/realtime.config';
import { ChannelHub } from '../channel-hub.service';
import { RealtimeConnection, TransportHandle } from '../connection';
import { ChannelAddress, channelForPath } from '../protocol/channels';
import { closeCodeFor, closeReason } from '../protocol/close-codes';
import { clientIp, handshakeToken } from '../protocol/handshake';
import { errorMessage, MAX_MESSAGE_BYTES, ServerMessage } from '../protocol/messages';
import { SOCKET_IO_PATH } from './realtime-io.adapter';
import { wsWriteBatch } from './write-batch';

class WsHandle implements TransportHandle {
  readonly kind = 'ws' as const;
  /** Sends handed to `ws` whose callback has not fired: still in user-space buffers, i.e. the backlog. */
  private inflight = 0;
  alive = true;
  onDrain: (() => void) | null = null;

  constructor(readonly ws: WebSocket) {}

  private readonly sent = (): void => {
    this.inflight--;
    if (this.inflight === 0) this.onDrain?.();
  };

  write(message: ServerMessage, encoded?: string): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    this.cork();
    this.inflight++;
    this.ws.send(encoded ?? JSON.stringify(message), this.sent);
  }

  /** See WriteBatch: quotes of a tick round leave in a few writes per connection, not one per message. */
  private cork(): void {
    const socket = (this.ws as unknown as { _socket?: { cork(): void; uncork(): void; destroyed: boolean } })._socket;
    if (socket) wsWriteBatch.cork(socket);
  }

  backlog(): number {
    return this.inflight;
  }

  close(code: number, reason: string): void {
    if (this.ws.readyState === WebSocket.CLOSED || this.ws.readyState === WebSocket.CLOSING) return;
    this.ws.close(code, closeReason(reason));
    // A peer that never answers the close handshake is cut off.
    setTimeout(() => this.ws.terminate(), 5_000).unref();
  }
}

/**
 * Plain WebSocket on the same HTTP server and the same paths as the Socket.IO namespaces, speaking the same
 * JSON (a browser's `new WebSocket('ws://host/ws/market-data')` works as the seed shows). Upgrades are routed by
 * path: Socket.IO's own path is left to engine.io, channel paths are ours, anything else gets a 404.
 */
@Injectable()
export class WsTransport implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('WsTransport');
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, perMessageDeflate: false, clientTracking: false });
  private readonly handles = new Set<WsHandle>();
  private server: Server | null = null;
  private heartbeat: NodeJS.Timeout | null = null;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly hub: ChannelHub,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
    @Inject(realtimeConfig.KEY) private readonly realtime: RealtimeConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.server = this.adapterHost.httpAdapter?.getHttpServer() as Server | null;
    if (!this.server) return;
    this.server.on('upgrade', this.onUpgrade);
    this.heartbeat = setInterval(() => this.beat(), this.realtime.heartbeatMs);
    this.heartbeat.unref();
  }

  onModuleDestroy(): void {
    this.server?.off('upgrade', this.onUpgrade);
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const h of this.handles) h.close(1001, 'Server shutting down');
    // Give close frames a moment, then cut whatever is left so the HTTP server can close.
    setTimeout(() => {
      for (const h of this.handles) h.ws.terminate();
    }, 200).unref();
    this.wss.close();
  }

  private readonly onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === SOCKET_IO_PATH || path.startsWith(`${SOCKET_IO_PATH}/`)) return;
    const address = channelForPath(path);
    if (!address) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => void this.connected(ws, req, address));
  };

  /**
   * The upgrade is accepted first and checked after, so a refusal can carry a close code and a reason (a browser
   * sees neither in a refused HTTP upgrade). Messages arriving during the check wait for it.
   */
  private async connected(ws: WebSocket, req: IncomingMessage, address: ChannelAddress): Promise<void> {
    const handle = new WsHandle(ws);
    this.handles.add(handle);
    let conn: RealtimeConnection | null = null;
    const early: unknown[] = [];
    ws.on('message', (data, isBinary) => {
      // Text frames, or binary frames carrying UTF-8 JSON: both go through the same parser.
      const raw = isBinary && Buffer.isBuffer(data) ? data : data.toString();
      if (conn) this.hub.receive(conn, raw);
      else if (early.length < 100) early.push(raw);
    });
    ws.on('pong', () => (handle.alive = true));
    ws.on('error', (e) => this.logger.debug?.(`ws error: ${e.message}`));
    ws.on('close', () => {
      this.handles.delete(handle);
      if (conn) this.hub.closed(conn);
    });
    const ip = clientIp(req.headers, req.socket.remoteAddress, this.config.trustProxy);
    const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
    const result = await this.hub.admit(address, ip, handshakeToken({ headers: req.headers, query }));
    if (ws.readyState !== WebSocket.OPEN) return;
    if ('error' in result) {
      handle.write(errorMessage(result.error));
      handle.close(closeCodeFor(result.error.error), result.error.message);
      return;
    }
    conn = this.hub.open(address, ip, result.identity, handle);
    if (!conn) return;
    const c = conn;
    handle.onDrain = () => c.queue.drain();
    for (const raw of early) this.hub.receive(c, raw);
  }

  /** Pings every connection each period; one that did not answer the previous ping is dropped. */
  private beat(): void {
    for (const h of this.handles) {
      if (!h.alive) {
        h.ws.terminate();
        continue;
      }
      h.alive = false;
      h.ws.ping();
    }
  }
}
