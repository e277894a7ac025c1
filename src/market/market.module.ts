import { Global, Module } from '@nestjs/common';
import { marketConfig, type MarketConfig } from '../config/market.config';
import { BarStore } from './bar-store';
import { SystemClock } from './clock';
import { ImportedHistoryService } from './import/imported-history.service';
import { MarketImportService } from './import/market-import.service';
import { InstrumentsService } from './instruments.service';
import { MarketController } from './market.controller';
import { CLOCK, MarketDataService, type Clock } from './market.contracts';
import { MarketService } from './market.service';
import { ProviderMetrics } from './provider-metrics';
import { QuoteSource } from './quote-source.service';
import { TickSchedulerService } from './tick-scheduler.service';
import { TrendingService } from './trending.service';
import { ManualMarketProvider } from './providers/manual.provider';
import { MARKET_DATA_PROVIDER, type MarketDataProvider } from './providers/provider';
import { SimulatedMarketProvider } from './providers/simulated.provider';
import { YahooClient, YAHOO_FETCH, type FetchLike } from './providers/yahoo/yahoo-client';
import { DEFAULT_YAHOO_OPTIONS, YAHOO_OPTIONS, YahooMarketProvider, type YahooOptions } from './providers/yahoo/yahoo.provider';

/** Builds the provider MARKET_DATA_PROVIDER names; only the chosen one is constructed. */
function createProvider(config: MarketConfig, clock: Clock, fetchImpl: FetchLike, yahoo: YahooOptions): MarketDataProvider {
  const { provider, seed, tradingHours } = config;
  switch (provider) {
    case 'yahoo':
      return new YahooMarketProvider(new YahooClient(fetchImpl, yahoo.timeoutMs, config.yahoo.baseUrl), clock, yahoo);
    case 'manual':
      return new ManualMarketProvider(clock, new SimulatedMarketProvider(seed, tradingHours));
    default:
      return new SimulatedMarketProvider(seed, tradingHours);
  }
}

/**
 * Market data for every other module: inject `MarketDataService` (quotes, history, session, ticks) and
 * `CLOCK`. Tests override CLOCK with a ManualClock and, with MARKET_DATA_PROVIDER=manual, set prices
 * through `app.get(ManualMarketProvider)` (null with any other provider).
 */
@Global()
@Module({
  controllers: [MarketController],
  providers: [
    { provide: CLOCK, useClass: SystemClock },
    { provide: YAHOO_FETCH, useValue: ((input, init) => fetch(input, init)) satisfies FetchLike },
    {
      provide: YAHOO_OPTIONS,
      inject: [marketConfig.KEY],
      useFactory: ({ pollMs, yahoo }: MarketConfig): YahooOptions => ({
        ...DEFAULT_YAHOO_OPTIONS,
        timeoutMs: yahoo.timeoutMs,
        staleAfterMs: yahoo.timeoutMs,
        retries: yahoo.retries,
        failureThreshold: yahoo.failureThreshold,
        cooldownMs: yahoo.cooldownMs,
        freshMs: pollMs || DEFAULT_YAHOO_OPTIONS.freshMs,
      }),
    },
    {
      provide: MARKET_DATA_PROVIDER,
      inject: [marketConfig.KEY, CLOCK, YAHOO_FETCH, YAHOO_OPTIONS],
      useFactory: createProvider,
    },
    {
      provide: ManualMarketProvider,
      inject: [MARKET_DATA_PROVIDER],
      useFactory: (p: MarketDataProvider) => (p instanceof ManualMarketProvider ? p : null),
    },
    InstrumentsService,
    BarStore,
    QuoteSource,
    TrendingService,
    TickSchedulerService,
    MarketService,
    MarketImportService,
    ImportedHistoryService,
    ProviderMetrics,
    { provide: MarketDataService, useExisting: MarketService },
  ],
  exports: [MarketDataService, MarketService, CLOCK, MARKET_DATA_PROVIDER, ManualMarketProvider, MarketImportService, ImportedHistoryService],
})
export class MarketModule {}
