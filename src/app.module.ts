import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { ThrottlerStorageService } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import Redis from 'ioredis';
import { LoggerModule } from 'nestjs-pino';
import { AuthModule } from './auth/auth.module';
import { AuthenticationGuard } from './auth/authentication.guard';
import { RolesGuard } from './auth/roles.guard';
import { AllExceptionsFilter } from './common/filters/all-exceptions.filter';
import { requestIdFor } from './common/http/request-id';
import { FallbackThrottlerStorage } from './common/throttling/fallback-throttler.storage';
import { RATE_LIMIT_STORAGE, RateLimitGuard } from './common/throttling/rate-limit.guard';
import { createValidationPipe } from './common/validation/validation.pipe';
import { appConfig, type AppConfig, loadAppConfig } from './config/app.config';
import { CONFIG_NAMESPACES } from './config/configuration';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { MarketModule } from './market/market.module';
import { OrdersModule } from './orders/orders.module';
import { PortfoliosModule } from './portfolios/portfolios.module';
import { RealtimeModule } from './realtime/realtime.module';
import { REDIS, RedisModule } from './redis/redis.module';
import { RiskModule } from './risk/risk.module';
import { MlModule } from './ml/ml.module';
import { WatchlistsModule } from './watchlists/watchlists.module';
import { FallbackModule } from './common/http/fallback.module';

@Module({})
export class AppModule {
  /** A dynamic module so configuration is read when the app is created, not when this file is imported. */
  static forRoot(): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot({ isGlobal: true, cache: true, load: CONFIG_NAMESPACES, envFilePath: ['.env'] }),
        LoggerModule.forRootAsync({
          inject: [appConfig.KEY],
          useFactory: (config: AppConfig) => ({
            pinoHttp: {
              level: config.logLevel,
              // Readable lines for a person at a terminal; JSON (one object per line) for machines and in production.
              transport:
                process.stdout.isTTY && config.nodeEnv !== 'production'
                  ? { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } }
                  : undefined,
              genReqId: requestIdFor,
              customAttributeKeys: { reqId: 'request_id' },
              // Our serializers get the raw request and response (no pino-std-serializers pass per request) and keep
              // only request id, method, URL and status: headers (credentials) never reach a log line, so nothing needs redacting.
              wrapSerializers: false,
              serializers: {
                req: (req: { id?: unknown; method: string; url: string; originalUrl?: string }) => ({
                  request_id: req.id,
                  method: req.method,
                  url: req.originalUrl ?? req.url,
                }),
                res: (res: { statusCode: number }) => ({ status: res.statusCode }),
              },
              autoLogging: { ignore: (req: { url?: string }) => req.url?.startsWith('/health') ?? false },
            },
          }),
        }),
        RedisModule,
        DatabaseModule,
        AuthModule,
        MarketModule,
        PortfoliosModule,
        OrdersModule,
        HealthModule,
        RealtimeModule,
        RiskModule,
        WatchlistsModule,
        MlModule.forRoot(loadAppConfig(process.env).redisUrl),
        // Last: its catch-all route must come after every other route.
        FallbackModule,
      ],
      providers: [
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        {
          provide: RATE_LIMIT_STORAGE,
          inject: [REDIS],
          useFactory: (redis: Redis | null) => {
            const memory = new ThrottlerStorageService();
            return redis ? new FallbackThrottlerStorage(new ThrottlerStorageRedisService(redis), memory) : memory;
          },
        },
        // Guards run in this order: who is calling, may they, and how often.
        { provide: APP_GUARD, useClass: AuthenticationGuard },
        { provide: APP_GUARD, useClass: RolesGuard },
        { provide: APP_GUARD, useClass: RateLimitGuard },
      ],
    };
  }
}
