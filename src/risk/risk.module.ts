import { Module } from '@nestjs/common';
import { PriceHistoryLoader } from './price-history';
import { RiskDependencies } from './risk-dependencies';
import { RiskController } from './risk.controller';
import { RiskService } from './risk.service';

/**
 * Risk analytics. Uses, from elsewhere in the app, `MarketDataService` and `CLOCK` (market module) and
 * `PortfolioHoldingsReader` (portfolios module), found by token (RiskDependencies). It provides none of them itself,
 * so it never shadows the real ones; endpoints whose dependency is missing answer 503.
 */
@Module({
  controllers: [RiskController],
  providers: [RiskService, PriceHistoryLoader, RiskDependencies],
})
export class RiskModule {}
