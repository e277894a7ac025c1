import { Module } from '@nestjs/common';
import { PortfoliosModule } from '../portfolios/portfolios.module';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { OrderEngine } from './order-engine.service';
import { OrderExecutor } from './order-executor.service';
import { OrdersController } from './orders.controller';
import { OrdersService } from './orders.service';
import { OutboxModule } from './outbox/outbox.module';
import { TradingSettings } from './trading-settings';

/**
 * Orders API, the execution engine (ticks → fills → ledger → outbox), idempotency and the event outbox.
 * `OrdersEventsService` (re-exported from OutboxModule) is what the realtime module subscribes to.
 */
@Module({
  imports: [PortfoliosModule, OutboxModule, IdempotencyModule],
  controllers: [OrdersController],
  providers: [OrdersService, OrderExecutor, OrderEngine, TradingSettings],
  exports: [OrdersService, OrderEngine, OutboxModule],
})
export class OrdersModule {}
