import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { d } from '../common/decimal';
import { marketConfig, type MarketConfig } from '../config/market.config';
import { REDIS } from '../redis/redis.module';
import { CLOCK, type Clock, type MarketQuote } from './market.contracts';
import { MARKET_DATA_PROVIDER, type MarketDataProvider, type ProviderQuote } from './providers/provider';
import { QuoteCache } from './quote-cache';

/** A provider quote as the rest of Octopus sees it (decimals; `tick_volume` only means something on a tick). */
export function toMarketQuote(q: ProviderQuote, tickVolume = 0, sessionOpen = false): MarketQuote {
  return {
    symbol: q.symbol,
    price: d(q.price),
    bid: d(q.bid),
    ask: d(q.ask),
    open: d(q.open),
    high: d(q.high),
    low: d(q.low),
    previous_close: d(q.previousClose),
    volume: d(q.volume),
    tick_volume: d(tickVolume),
    session_date: q.sessionDate,
    traded_volume: d(q.volume).plus(q.offHoursVolume ?? 0),
    timestamp: new Date(q.timestamp),
    source: q.source,
    stale: q.stale,
    ...(sessionOpen ? { session_open: true } : {}),
  };
}

/** The provider's quotes at the clock's time, through the quote cache (memory, and Redis for upstream data). */
@Injectable()
export class QuoteSource {
  private readonly cache: QuoteCache;

  constructor(
    @Inject(marketConfig.KEY) config: MarketConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(MARKET_DATA_PROVIDER) private readonly provider: MarketDataProvider,
    @Inject(REDIS) redis: Redis | null,
  ) {
    const m = config;
    const namespace = provider.storageTag ?? provider.name;
    this.cache = new QuoteCache(m.quoteTtlMs, provider.sharedCache ? redis : null, namespace, m.pollMs || 15_000);
  }

  async snapshot(symbol: string): Promise<ProviderQuote> {
    const now = this.clock.now();
    const ms = now.getTime();
    const cached = this.cache.getLocal(symbol, ms);
    if (cached) return cached;
    if (this.provider.sharedCache) {
      const shared = await this.cache.getShared(symbol, ms);
      if (shared) {
        this.provider.remember?.(shared.quote, shared.at);
        return shared.quote;
      }
    }
    const q = await this.provider.quote(symbol, now);
    this.cache.set(symbol, ms, q);
    return q;
  }

  evict(symbol: string): void {
    this.cache.evict(symbol);
  }
}
