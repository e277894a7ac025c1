import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { AlertsController } from './alerts/alerts.controller';
import { AlertsService } from './alerts/alerts.service';
import { ChannelHub } from './channel-hub.service';
import { MarketFeed } from './market-feed.service';
import { PortfolioFeeds } from './portfolio-feed.service';
import { RealtimeAuthService } from './realtime-auth.service';
import { RealtimeBus } from './realtime-bus.service';
import { RealtimeContracts } from './realtime-contracts.service';
import { MarketDataGateway, NotificationsGateway, PortfolioGateway, TradingGateway } from './transports/socket-io.gateways';
import { SocketIoTransport } from './transports/socket-io.transport';
import { WsTransport } from './transports/ws.transport';

/**
 * Realtime: the four channels (/ws/market-data, /ws/portfolio/{id}, /ws/notifications, /ws/trading) over
 * Socket.IO namespaces and plain WebSocket, one channel layer behind both, and price alerts (/api/alerts).
 * Uses MarketDataService, CLOCK, OrderEventsSource and PortfolioHoldingsReader by token (RealtimeContracts).
 * The Socket.IO server itself is RealtimeIoAdapter, installed by configureApp.
 */
@Module({
  imports: [AuthModule],
  controllers: [AlertsController],
  providers: [
    RealtimeContracts,
    RealtimeAuthService,
    RealtimeBus,
    MarketFeed,
    PortfolioFeeds,
    ChannelHub,
    AlertsService,
    SocketIoTransport,
    WsTransport,
    MarketDataGateway,
    NotificationsGateway,
    TradingGateway,
    PortfolioGateway,
  ],
  exports: [ChannelHub, RealtimeBus],
})
export class RealtimeModule {}
