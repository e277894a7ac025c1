import { Inject, Injectable } from '@nestjs/common';
import { Clock, CLOCK, MarketDataService } from '../market/market.contracts';
import { OrderEventsSource } from '../outbox/order-events.contract';
import { PortfolioHoldingsReader } from '../portfolios/portfolio-holdings.contract';

/**
 * The other modules' contracts realtime depends on, constructor-injected from the modules RealtimeModule
 * imports (tests replace them with `overrideProvider`). One object so the feeds and the hub share one set.
 */
@Injectable()
export class RealtimeContracts {
  constructor(
    readonly market: MarketDataService,
    readonly orderEvents: OrderEventsSource,
    readonly holdings: PortfolioHoldingsReader,
    @Inject(CLOCK) readonly clock: Clock,
  ) {}
}
