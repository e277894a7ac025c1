import { Injectable, Logger, OnModuleInit, Optional } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { AppError } from '../common/errors/app-error';
import { CLOCK, type Clock, MarketDataService } from '../market/market.contracts';
import { PortfolioHoldingsReader } from '../portfolios/portfolio-holdings.contract';

/**
 * The other modules' services risk uses, found by their contract tokens wherever they are registered (as the
 * realtime module does): RiskModule imports neither the market nor the portfolios module, never provides their
 * tokens itself, and tests replace them with `overrideProvider`. One that is missing makes the endpoints that need
 * it answer 503 ServiceUnavailable instead of keeping the whole app from starting.
 */
@Injectable()
export class RiskDependencies implements OnModuleInit {
  private readonly logger = new Logger('Risk');
  private marketService: MarketDataService | null = null;
  private holdingsReader: PortfolioHoldingsReader | null = null;
  private clockService: Clock | null = null;

  constructor(@Optional() private readonly moduleRef?: ModuleRef) {}

  /** For unit tests: the dependencies given, no container. */
  static of(deps: { market?: MarketDataService; holdings?: PortfolioHoldingsReader; clock?: Clock }): RiskDependencies {
    const r = new RiskDependencies();
    r.marketService = deps.market ?? null;
    r.holdingsReader = deps.holdings ?? null;
    r.clockService = deps.clock ?? null;
    return r;
  }

  onModuleInit(): void {
    this.marketService = this.find(MarketDataService);
    this.holdingsReader = this.find(PortfolioHoldingsReader);
    this.clockService = this.find<Clock>(CLOCK);
    const missing = [
      !this.marketService && 'MarketDataService (every risk endpoint but /scenarios)',
      !this.holdingsReader && 'PortfolioHoldingsReader (portfolio risk, portfolio stress tests)',
    ].filter(Boolean);
    if (missing.length) this.logger.warn(`not provided, those endpoints answer 503: ${missing.join('; ')}`);
  }

  get market(): MarketDataService {
    if (!this.marketService) throw unavailable('Market data is not available on this server');
    return this.marketService;
  }

  get holdings(): PortfolioHoldingsReader {
    if (!this.holdingsReader) throw unavailable('Portfolio holdings are not available on this server');
    return this.holdingsReader;
  }

  /** The market's clock (tests drive it); the system clock when the market module provides none. */
  get clock(): Clock {
    return this.clockService ?? SYSTEM_CLOCK;
  }

  private find<T>(token: unknown): T | null {
    if (!this.moduleRef) return null;
    try {
      return this.moduleRef.get<T>(token as never, { strict: false });
    } catch {
      return null;
    }
  }
}

const SYSTEM_CLOCK: Clock = { now: () => new Date() };

const unavailable = (message: string) => new AppError('ServiceUnavailable', message);
