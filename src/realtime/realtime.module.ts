import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { OutboxModule } from '../outbox/outbox.module';
import { PortfoliosModule } from '../portfolios/portfolios.module';
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
import { UserNotifier } from './user-notifier.contract';
import { BusUserNotifier } from './user-notifier.service';

/**
 * Realtime: the four channels (/ws/market-data, /ws/portfolio/{id}, /ws/notifications, /ws/trading) over
 * Socket.IO namespaces and plain WebSocket, one channel layer behind both, and price alerts (/api/alerts).
 * Depends on the contracts MarketDataService and CLOCK (global market module), OrderEventsSource (outbox) and
 * PortfolioHoldingsReader (portfolios), constructor-injected through RealtimeContracts.
 * The Socket.IO server itself is RealtimeIoAdapter, installed by configureApp.
 */
@Module({
  imports: [AuthModule, OutboxModule, PortfoliosModule],
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
    { provide: UserNotifier, useClass: BusUserNotifier },
  ],
  exports: [ChannelHub, RealtimeBus, UserNotifier],
})
export class RealtimeModule {}
