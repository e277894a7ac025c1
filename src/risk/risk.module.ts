import { Module } from '@nestjs/common';
import { PortfoliosModule } from '../portfolios/portfolios.module';
import { PriceHistoryLoader } from './price-history';
import { RiskDependencies } from './risk-dependencies';
import { RiskController } from './risk.controller';
import { RiskService } from './risk.service';

/** Risk analytics over `MarketDataService`/`CLOCK` (global market module) and `PortfolioHoldingsReader`. */
@Module({
  imports: [PortfoliosModule],
  controllers: [RiskController],
  providers: [RiskService, PriceHistoryLoader, RiskDependencies],
})
export class RiskModule {}
