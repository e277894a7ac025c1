import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorFunction,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import Redis from 'ioredis';
import { Public } from '../common/decorators/public.decorator';
import { SkipRateLimit } from '../common/throttling/rate-limit.guard';
import { REDIS } from '../redis/redis.module';

@ApiTags('health')
@Public()
@SkipRateLimit()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @Inject(REDIS) private readonly redis: Redis | null,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Liveness: the process is up' })
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @ApiOperation({
    summary: 'Readiness: the database answers',
    description:
      '503 when PostgreSQL does not answer (or the instance is shutting down). Redis, when configured, is reported under ' +
      '`info.redis` but does not fail readiness: without it the instance keeps serving, degraded (`info.redis.mode: "degraded"`: ' +
      'rate limits per instance, realtime events delivered to this instance’s clients only, ML jobs wait).',
  })
  @HealthCheck()
  ready() {
    const checks: HealthIndicatorFunction[] = [() => this.db.pingCheck('database', { timeout: 3000 })];
    const redis = this.redis;
    if (redis) {
      checks.push(async () => {
        const indicator = this.indicators.check('redis');
        try {
          await redis.ping();
          return indicator.up();
        } catch (e) {
          return indicator.up({ mode: 'degraded', message: `Redis unreachable (${(e as Error).message}): serving degraded` });
        }
      });
    }
    return this.health.check(checks);
  }
}
