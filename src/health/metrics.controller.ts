import { timingSafeEqual } from 'node:crypto';
import { Controller, Get, Headers, Inject, OnModuleDestroy, OnModuleInit, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Public } from '../common/decorators/public.decorator';
import { UnauthorizedError } from '../common/errors/app-error';
import { dbPool, onScrape, registry, scrape } from '../common/metrics/metrics';
import { SkipRateLimit } from '../common/throttling/rate-limit.guard';
import { appConfig, type AppConfig } from '../config/app.config';

interface PgPool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/**
 * GET /metrics, Prometheus text format. With METRICS_TOKEN set it needs `Authorization: Bearer <token>`
 * (401 otherwise); without it, it is open (keep the port internal, or set the token). Not in the OpenAPI document:
 * it is for operators, not API clients.
 */
@ApiExcludeController()
@Public()
@SkipRateLimit()
@Controller('metrics')
export class MetricsController implements OnModuleInit, OnModuleDestroy {
  private stop: (() => void) | null = null;

  constructor(
    @Inject(appConfig.KEY) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  onModuleInit(): void {
    this.stop = onScrape(() => {
      const pool = (this.db.driver as unknown as { master?: PgPool }).master;
      if (!pool) return;
      dbPool.set({ state: 'total' }, pool.totalCount);
      dbPool.set({ state: 'idle' }, pool.idleCount);
      dbPool.set({ state: 'in_use' }, pool.totalCount - pool.idleCount);
      dbPool.set({ state: 'waiting' }, pool.waitingCount);
    });
  }

  onModuleDestroy(): void {
    this.stop?.();
  }

  @Get()
  async metrics(@Headers('authorization') authorization: string | undefined, @Res() res: { header(name: string, value: string): unknown; send(body: string): unknown }): Promise<void> {
    const token = this.config.metricsToken;
    if (token) {
      const given = Buffer.from(/^Bearer (.+)$/.exec(authorization ?? '')?.[1] ?? '');
      const want = Buffer.from(token);
      if (given.length !== want.length || !timingSafeEqual(given, want)) throw new UnauthorizedError('GET /metrics needs the METRICS_TOKEN bearer token');
    }
    res.header('Content-Type', registry.contentType);
    res.send(await scrape());
  }
}
