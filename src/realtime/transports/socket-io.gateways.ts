import { Injectable } from '@nestjs/common';
import { OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import type { Namespace } from 'socket.io';
import { CHANNEL_PATHS, PORTFOLIO_NAMESPACE } from '../protocol/channels';
import { SocketIoTransport } from './socket-io.transport';

/**
 * One Socket.IO namespace per channel on the app's one Socket.IO server (namespaces, not paths: see STACK.md).
 * Clients emit `message` with the JSON objects of the protocol; the server emits `message` back. Everything
 * else — auth, limits, subscriptions — is the channel layer's, shared with plain WebSocket.
 */
@Injectable()
abstract class ChannelGateway implements OnGatewayInit<Namespace> {
  constructor(private readonly transport: SocketIoTransport) {}

  afterInit(nsp: Namespace): void {
    this.transport.attach(nsp);
  }
}

@WebSocketGateway({ namespace: CHANNEL_PATHS['market-data'] })
export class MarketDataGateway extends ChannelGateway {}

@WebSocketGateway({ namespace: CHANNEL_PATHS.notifications })
export class NotificationsGateway extends ChannelGateway {}

@WebSocketGateway({ namespace: CHANNEL_PATHS.trading })
export class TradingGateway extends ChannelGateway {}

/** /ws/portfolio/{id}: a dynamic namespace per portfolio, removed when its last client leaves. */
@WebSocketGateway({ namespace: PORTFOLIO_NAMESPACE })
export class PortfolioGateway extends ChannelGateway {}
