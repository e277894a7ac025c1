import { Module } from '@nestjs/common';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { OutboxModule } from '../outbox/outbox.module';
import { PortfoliosModule } from '../portfolios/portfolios.module';
import { OrderEngine } from './order-engine.service';
import { OrderExecutor } from './order-executor.service';
import { OrdersPlacement } from './order-placement';
import { OrderPlacement } from './orders.contract';
import { OrdersController } from './orders.controller';
import { OrdersService } from './orders.service';
import { TradingSettings } from './trading-settings';

/**
 * Orders API and the execution engine (ticks → fills → ledger → outbox). Portfolios, cash and positions are
 * reached only through the portfolios module's exported services; requests are made idempotent and events
 * published through the idempotency and outbox modules.
 */
@Module({
  imports: [PortfoliosModule, OutboxModule, IdempotencyModule],
  controllers: [OrdersController],
  providers: [OrdersService, OrderExecutor, OrderEngine, TradingSettings, { provide: OrderPlacement, useClass: OrdersPlacement }],
  exports: [OrdersService, OrderEngine, OrderPlacement],
})
export class OrdersModule {}
