import { Global, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { appConfig, type AppConfig } from '../config/app.config';

export const REDIS = Symbol('REDIS');

/**
 * One shared ioredis client, or null without REDIS_URL. Commands fail fast while Redis is unreachable
 * (no offline queue, short timeout) so callers can fall back instead of hanging.
 */
export function createRedisClient(url: string, name: string): Redis {
  const logger = new Logger('Redis');
  const client = new Redis(url, {
    connectionName: name,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 1000,
    retryStrategy: (times) => Math.min(times * 200, 5000),
  });
  let down = false;
  client.on('error', (err) => {
    if (!down) logger.error({ err: err.message }, `redis (${name}) unavailable`);
    down = true;
  });
  client.on('ready', () => {
    if (down) logger.log(`redis (${name}) reconnected`);
    down = false;
  });
  return client;
}

@Injectable()
class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis | null) {}
  async onApplicationShutdown(): Promise<void> {
    if (this.redis && this.redis.status !== 'end') this.redis.disconnect();
  }
}

@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [appConfig.KEY],
      useFactory: (config: AppConfig) => (config.redisUrl ? createRedisClient(config.redisUrl, 'octopus') : null),
    },
    RedisCloser,
  ],
  exports: [REDIS],
})
export class RedisModule {}
