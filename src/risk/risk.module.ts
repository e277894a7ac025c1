import { Module } from '@nestjs/common';
import { PortfoliosModule } from '../portfolios/portfolios.module';
import { PriceHistoryLoader } from './price-history';
import { RiskDependencies } from './risk-dependencies';
import { RiskController } from './risk.controller';
import { PortfolioRiskService } from './portfolio-risk.service';
import { RiskResultCache } from './risk-cache';
import { StressTestService } from './stress-test.service';
import { VarService } from './var.service';

/** Risk analytics over `MarketDataService`/`CLOCK` (global market module) and `PortfolioHoldingsReader`. */
@Module({
  imports: [PortfoliosModule],
  controllers: [RiskController],
  providers: [PortfolioRiskService, VarService, StressTestService, RiskResultCache, PriceHistoryLoader, RiskDependencies],
})
export class RiskModule {}
