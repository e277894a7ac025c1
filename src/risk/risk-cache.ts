import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { RiskMathError } from '../quant';
import { InsufficientHistoryError, RiskInputError } from './errors';

/** Results cache: bounded, keyed by every input (portfolio and holdings version, the normalised request, the market as-of date and last closes: a change is a new key); the TTL only bounds memory held by idle keys. */
const CACHE_ENTRIES = 500;
const CACHE_TTL_MS = 6 * 60 * 60 * 1000;

/** Math refusals become 422s with the math's reason; anything else propagates. */
export async function mapMathErrors<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (!(e instanceof RiskMathError)) throw e;
    if (e.code === 'INSUFFICIENT_DATA') throw new InsufficientHistoryError(e.message);
    throw new RiskInputError(e.message, e.code);
  }
}

/** The risk endpoints' results, shared by their services. */
@Injectable()
export class RiskResultCache {
  /** Concurrent misses of one key share one computation (lru-cache's fetch); a failed computation is not cached. */
  private readonly cache = new LRUCache<string, object, () => Promise<object>>({
    max: CACHE_ENTRIES,
    ttl: CACHE_TTL_MS,
    fetchMethod: (_key, _stale, { context }) => context(),
  });

  async cached<T extends object>(key: string, compute: () => T): Promise<T> {
    return (await this.cache.fetch(key, { context: () => mapMathErrors(async () => compute()) })) as T;
  }

  /** Forgets every cached result (tests, operations); results are otherwise recomputed when their inputs change. */
  clear(): void {
    this.cache.clear();
  }
}
