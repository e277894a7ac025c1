import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { appConfig, type AppConfig } from './config/app.config';
import { realtimeConfig, type RealtimeConfig } from './config/realtime.config';
import { mountDocs } from './docs/openapi';
import { installClientErrorBodies } from './common/http/client-error';
import { inputGuard, jsonBody } from './common/http/json-body';
import { RealtimeIoAdapter } from './realtime/transports/realtime-io.adapter';

/** Everything main.ts, the tests and the CLI tools need to build the same app. */
export async function createApp(options: { logger?: boolean } = {}): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(), {
    bufferLogs: options.logger !== false,
    logger: options.logger === false ? false : undefined,
    bodyParser: false,
    abortOnError: false,
  });
  if (options.logger !== false) app.useLogger(app.get(Logger));
  configureApp(app);
  return app;
}

export function configureApp(app: INestApplication): void {
  const config = app.get<AppConfig>(appConfig.KEY);
  const realtime = app.get<RealtimeConfig>(realtimeConfig.KEY);
  const express = app as NestExpressApplication;
  express.disable('x-powered-by');
  if (config.trustProxy) express.set('trust proxy', true);
  installClientErrorBodies(express.getHttpServer());
  express.use(inputGuard());
  express.use(jsonBody('1mb'));
  app.enableShutdownHooks();
  // One Socket.IO server for every gateway; Redis adapter with REDIS_URL (see src/realtime).
  app.useWebSocketAdapter(new RealtimeIoAdapter(app, { redisUrl: config.redisUrl, heartbeatMs: realtime.heartbeatMs }));
  mountDocs(app);
}
