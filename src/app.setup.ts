import { INestApplication } from '@nestjs/common';
import { AbstractHttpAdapter, NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { appConfig, type AppConfig, loadAppConfig } from './config/app.config';
import { realtimeConfig, type RealtimeConfig } from './config/realtime.config';
import { mountDocs } from './docs/openapi';
import { installClientErrorBodies } from './common/http/client-error';
import { ShutdownGate } from './common/http/graceful-shutdown';
import { httpRequestDuration } from './common/metrics/metrics';
import { createHttpAdapter } from './common/http/http-platform';
import { inputGuard, jsonBody, useFastifyBodyParsers } from './common/http/json-body';
import { BadRequestError } from './common/errors/app-error';
import { errorReply } from './common/filters/all-exceptions.filter';
import { findWebBundle, webAssets } from './common/http/web-app';
import { RealtimeIoAdapter } from './realtime/transports/realtime-io.adapter';

/**
 * The pages we serve (Swagger UI at /docs, ReDoc at /redoc) load only their own scripts: no inline script, no CDN.
 * Inline styles stay allowed (both UIs set styles at run time), ReDoc runs its search in a blob: worker, and
 * Swagger UI shows data: images.
 */
const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  workerSrc: ["'self'", 'blob:'],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** Everything main.ts, the tests and the CLI tools need to build the same app (on the adapter HTTP_ADAPTER names). */
export async function createApp(options: { logger?: boolean } = {}): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(), createAppHttpAdapter(), {
    bufferLogs: options.logger !== false,
    logger: options.logger === false ? false : undefined,
    bodyParser: false,
    abortOnError: false,
  });
  if (options.logger !== false) app.useLogger(app.get(Logger));
  configureApp(app);
  return app;
}

/** The HTTP adapter for an app built from the current environment (tests pass it to createNestApplication). */
export function createAppHttpAdapter(): AbstractHttpAdapter {
  return createHttpAdapter(loadAppConfig(process.env), (req, res) =>
    errorReply(new BadRequestError('The request path is not valid percent-encoded UTF-8'), req, res),
  );
}

const gates = new WeakMap<INestApplication, ShutdownGate>();

/** The app's shutdown gate (see main.ts): refuses new requests with 503 once a shutdown has begun. */
export function shutdownGateOf(app: INestApplication): ShutdownGate {
  const gate = gates.get(app);
  if (!gate) throw new Error('configureApp() has not run on this app');
  return gate;
}

export function configureApp(app: INestApplication): void {
  const config = app.get<AppConfig>(appConfig.KEY);
  const realtime = app.get<RealtimeConfig>(realtimeConfig.KEY);
  const adapter = app.getHttpAdapter();
  const fastify = adapter.getType() === 'fastify' ? (adapter.getInstance() as FastifyInstance) : null;
  const gate = new ShutdownGate();
  gates.set(app, gate);
  if (fastify) {
    // Trust proxy, routing rules and client-error bodies are the adapter's constructor options (http-platform.ts).
    useFastifyBodyParsers(fastify, config.bodyLimitBytes);
    // Fastify makes the request id (genReqId) before pino-http sees the request, so pino-http never echoes it.
    fastify.addHook('onRequest', (request, reply, done) => {
      reply.raw.setHeader('X-Request-Id', request.id);
      done();
    });
    fastify.addHook('onResponse', (request, reply, done) => {
      const route = request.routeOptions.url;
      httpRequestDuration.observe(
        { method: request.method, route: route && !route.includes('*') ? route : 'unmatched', status: String(reply.statusCode) },
        reply.elapsedTime / 1000,
      );
      done();
    });
    app.use(gate.middleware);
  } else {
    const express = app as NestExpressApplication;
    express.disable('x-powered-by');
    if (config.trustProxy) express.set('trust proxy', true);
    installClientErrorBodies(express.getHttpServer());
    express.use(gate.middleware);
    express.use((req: Request, res: Response, next: NextFunction) => {
      const end = httpRequestDuration.startTimer({ method: req.method });
      res.on('finish', () => {
        const route = (req as Request & { route?: { path?: string } }).route?.path;
        // The fallback route (FallbackModule) answers unknown paths: one label for all of them.
        end({ route: route && route !== '/{*path}' ? `${req.baseUrl ?? ''}${route}` : 'unmatched', status: String(res.statusCode) });
      });
      next();
    });
  }
  app.use(helmet({ contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY }, crossOriginEmbedderPolicy: false }));
  if (config.corsOrigins.length) {
    app.enableCors({
      origin: config.corsOrigins.includes('*') ? '*' : config.corsOrigins,
      methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['Authorization', 'X-API-Key', 'Content-Type', 'Idempotency-Key', 'X-Request-Id'],
      exposedHeaders: ['X-Request-Id', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset', 'Retry-After', 'Idempotent-Replayed', 'Location'],
      maxAge: 600,
    });
  }
  app.use(inputGuard());
  if (!fastify) app.use(jsonBody(config.bodyLimitBytes));
  // One Socket.IO server for every gateway; Redis adapter with REDIS_URL (see src/realtime).
  app.useWebSocketAdapter(new RealtimeIoAdapter(app, { redisUrl: config.redisUrl, heartbeatMs: realtime.heartbeatMs }));
  mountDocs(app);
  // The dashboard's hashed assets; its index.html is answered by the fallback route for client routes only.
  const web = findWebBundle(config.webDistDir);
  if (web) app.use(webAssets(web));
}
