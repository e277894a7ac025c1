import { Module } from '@nestjs/common';
import { OrderEventsSource } from './order-events.contract';
import { OrdersEventsService } from './orders-events.service';
import { OutboxRelay } from './outbox-relay.service';
import { OutboxService } from './outbox.service';

/** The transactional outbox and its relay; imported by the portfolios and orders modules (no cycle). */
@Module({
  providers: [OutboxService, OutboxRelay, OrdersEventsService, { provide: OrderEventsSource, useExisting: OrdersEventsService }],
  exports: [OutboxService, OutboxRelay, OrdersEventsService, OrderEventsSource],
})
export class OutboxModule {}
