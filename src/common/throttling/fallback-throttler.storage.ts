import { Logger } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';

/**
 * Uses the shared (Redis) storage; when it fails, counts in this instance's memory instead and says so in
 * the log. Limits get per-instance rather than global while Redis is down, but never disappear.
 */
export class FallbackThrottlerStorage implements ThrottlerStorage {
  private readonly logger = new Logger('RateLimit');
  private degradedSince: number | null = null;

  constructor(
    private readonly primary: ThrottlerStorage,
    private readonly fallback: ThrottlerStorage,
  ) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    try {
      const record = await this.primary.increment(key, ttl, limit, blockDuration, throttlerName);
      if (this.degradedSince !== null) {
        this.logger.warn(`shared rate-limit storage is back after ${Date.now() - this.degradedSince} ms`);
        this.degradedSince = null;
      }
      return record;
    } catch (err) {
      if (this.degradedSince === null) {
        this.degradedSince = Date.now();
        this.logger.error({ err }, 'shared rate-limit storage failed; using per-instance memory limits');
      }
      return this.fallback.increment(key, ttl, limit, blockDuration, throttlerName);
    }
  }
}
