import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Clock, CLOCK, MarketDataService } from '../market/market.contracts';
import { OrderEventsSource } from '../orders/order-events.contract';
import { PortfolioHoldingsReader } from '../portfolios/portfolio-holdings.contract';

/**
 * The other modules' services realtime depends on, found by their contract tokens wherever they are registered
 * (so RealtimeModule needs no import of those modules, and tests replace them with `overrideProvider`). A missing
 * one is not faked: the channels that need it refuse connections with ServiceUnavailable (close code 4503).
 */
@Injectable()
export class RealtimeContracts implements OnModuleInit {
  private readonly logger = new Logger('Realtime');
  market: MarketDataService | null = null;
  orderEvents: OrderEventsSource | null = null;
  holdings: PortfolioHoldingsReader | null = null;
  clock: Clock = { now: () => new Date() };

  constructor(private readonly moduleRef: ModuleRef) {}

  onModuleInit(): void {
    this.market = this.find(MarketDataService);
    this.orderEvents = this.find(OrderEventsSource);
    this.holdings = this.find(PortfolioHoldingsReader);
    this.clock = this.find<Clock>(CLOCK) ?? this.clock;
    const missing = [
      !this.market && 'MarketDataService (/ws/market-data, /ws/portfolio, alerts)',
      !this.orderEvents && 'OrderEventsSource (/ws/trading, order notifications)',
      !this.holdings && 'PortfolioHoldingsReader (/ws/portfolio)',
    ].filter(Boolean);
    if (missing.length) this.logger.warn(`not provided, those channels answer "unavailable": ${missing.join('; ')}`);
  }

  private find<T>(token: unknown): T | null {
    try {
      return this.moduleRef.get<T>(token as never, { strict: false });
    } catch {
      return null;
    }
  }
}
