import { Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import { LRUCache } from 'lru-cache';
import type { ProviderQuote } from './providers/provider';

export interface Entry {
  /** Clock time the quote was taken for (ms). */
  at: number;
  quote: ProviderQuote;
}

/** Symbols kept in memory; the least recently used go first (imports can add any number of symbols). */
const MEMORY_ENTRIES = 20_000;

/**
 * The latest quote per symbol, valid while 0 ≤ clock − at < TTL (so a test clock that jumps, forwards or
 * back, never gets a quote from another instant). Memory always; Redis too when configured and the
 * provider's data is worth sharing (upstream quotes: every instance reuses one fetch for `sharedTtlMs`).
 * Simulated quotes are a pure function of the clock and cheaper to recompute than a Redis round trip.
 * Redis failures degrade to memory (logged once per outage), never fail a request.
 */
export class QuoteCache {
  private readonly memory = new LRUCache<string, Entry>({ max: MEMORY_ENTRIES });
  private readonly logger = new Logger('QuoteCache');
  private redisDown = false;

  constructor(
    private readonly ttlMs: number,
    private readonly redis: Redis | null,
    private readonly namespace: string,
    private readonly sharedTtlMs: number,
  ) {}

  private fresh(e: Entry | undefined, now: number, ttl: number): e is Entry {
    return e !== undefined && now >= e.at && now - e.at < ttl;
  }

  getLocal(symbol: string, now: number): ProviderQuote | null {
    const e = this.memory.get(symbol);
    return this.fresh(e, now, this.ttlMs) ? e.quote : null;
  }

  /** The quote another instance stored in Redis, with the clock time it was taken for; null if none is fresh. */
  async getShared(symbol: string, now: number): Promise<Entry | null> {
    if (!this.redis) return null;
    try {
      const raw = await this.redis.get(this.key(symbol));
      this.redisUp();
      if (!raw) return null;
      const e = JSON.parse(raw) as Entry;
      if (!this.fresh(e, now, this.sharedTtlMs)) return null;
      this.memory.set(symbol, { at: now, quote: e.quote });
      return e;
    } catch (err) {
      this.redisFailed(err);
      return null;
    }
  }

  set(symbol: string, now: number, quote: ProviderQuote): void {
    if (this.ttlMs > 0) this.memory.set(symbol, { at: now, quote });
    if (!this.redis || quote.stale || this.sharedTtlMs <= 0) return;
    this.redis
      .set(this.key(symbol), JSON.stringify({ at: now, quote }), 'PX', this.sharedTtlMs)
      .then(() => this.redisUp())
      .catch((err: unknown) => this.redisFailed(err));
  }

  evict(symbol: string): void {
    this.memory.delete(symbol);
  }

  private key(symbol: string): string {
    return `octopus:market:quote:${this.namespace}:${symbol}`;
  }

  private redisFailed(err: unknown): void {
    if (!this.redisDown) this.logger.warn({ err: (err as Error).message }, 'Redis quote cache unavailable; using memory only');
    this.redisDown = true;
  }

  private redisUp(): void {
    this.redisDown = false;
  }
}
