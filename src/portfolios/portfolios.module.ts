import { Module } from '@nestjs/common';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { OutboxModule } from '../outbox/outbox.module';
import { HoldingsReader } from './holdings-reader.service';
import { LedgerService } from './ledger.service';
import { NavHistoryService } from './nav-history.service';
import { PortfolioHoldingsReader } from './portfolio-holdings.contract';
import { PortfolioHooks } from './portfolio-hooks.service';
import { PortfoliosController, PositionsController } from './portfolios.controller';
import { PortfoliosService } from './portfolios.service';
import { ValuationService } from './valuation.service';

/**
 * Portfolios, positions, the cash ledger, fills and daily NAV. Depends on the market module's contract
 * (MarketDataService, CLOCK) and on the outbox and idempotency modules; the orders module depends on this one.
 */
@Module({
  imports: [OutboxModule, IdempotencyModule],
  controllers: [PortfoliosController, PositionsController],
  providers: [
    LedgerService,
    ValuationService,
    PortfoliosService,
    NavHistoryService,
    PortfolioHooks,
    { provide: PortfolioHoldingsReader, useClass: HoldingsReader },
  ],
  exports: [LedgerService, ValuationService, PortfoliosService, NavHistoryService, PortfolioHooks, PortfolioHoldingsReader],
})
export class PortfoliosModule {}
