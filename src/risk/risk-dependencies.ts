import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock, MarketDataService } from '../market/market.contracts';
import { PortfolioHoldingsReader } from '../portfolios/portfolio-holdings.contract';

/** The other modules' services risk uses, injected by their contract tokens (tests override them). */
@Injectable()
export class RiskDependencies {
  constructor(
    readonly market: MarketDataService,
    readonly holdings: PortfolioHoldingsReader,
    @Inject(CLOCK) readonly clock: Clock,
  ) {}

  /** For unit tests: the dependencies given, no container. */
  static of(deps: { market?: MarketDataService; holdings?: PortfolioHoldingsReader; clock?: Clock }): RiskDependencies {
    const missing = () => {
      throw new Error('dependency not given to RiskDependencies.of()');
    };
    return new RiskDependencies(
      deps.market ?? (new Proxy({}, { get: missing }) as MarketDataService),
      deps.holdings ?? (new Proxy({}, { get: missing }) as PortfolioHoldingsReader),
      deps.clock ?? { now: () => new Date() },
    );
  }
}
