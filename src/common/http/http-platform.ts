import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AbstractHttpAdapter } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from '../../config/app.config';
import { answerClientError } from './client-error';
import { requestIdOf } from './request-id';

/**
 * What a controller with `@Res({ passthrough: true })` may do to the response: the calls Express's Response and
 * Fastify's Reply share, so controllers stay adapter-neutral.
 */
export interface HttpReply {
  status(code: number): unknown;
  header(name: string, value: string): unknown;
}

/** Fastify wraps Node's request and response (`.raw`); Express extends them. Either way: Node's own objects. */
export function rawRequest(req: unknown): IncomingMessage {
  const raw = (req as { raw?: unknown }).raw;
  return (raw && typeof raw === 'object' && 'headers' in raw ? raw : req) as IncomingMessage;
}

export function rawResponse(res: unknown): ServerResponse {
  const raw = (res as { raw?: unknown }).raw;
  return (raw && typeof raw === 'object' && 'setHeader' in raw ? raw : res) as ServerResponse;
}

/** The request path without the query string, as the client sent it (still percent-encoded). */
export function requestPath(req: unknown): string {
  const raw = rawRequest(req) as IncomingMessage & { originalUrl?: string };
  const url = raw.originalUrl ?? raw.url ?? '/';
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

/**
 * Nest hands route paths to Fastify's router unconverted: the fallback route's Express 5 catch-all (`{*path}`,
 * which also matches `/`) is Fastify's `*`.
 */
class OctopusFastifyAdapter extends FastifyAdapter {
  private cors = false;

  override enableCors(...args: Parameters<FastifyAdapter['enableCors']>): void {
    this.cors = true;
    super.enableCors(...args);
  }

  override all(...args: [unknown, unknown?]): unknown {
    const [path, handler] = args;
    if (typeof path !== 'string' || !path.endsWith('{*path}')) return super.all(...(args as [never]));
    // With CORS on, @fastify/cors owns `OPTIONS *` (preflights), as the cors middleware answers them under Express.
    const methods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', ...(this.cors ? [] : ['OPTIONS'])];
    return this.getInstance().route({ method: methods, url: `${path.slice(0, -'{*path}'.length)}*`, handler: handler as never });
  }
}

/**
 * The HTTP adapter HTTP_ADAPTER names. Fastify gets Express's routing rules (case-insensitive, a trailing slash
 * ignored, long path parameters allowed: they are validated, not cut off at 100 characters as Fastify does by
 * default), the proxy trust, and our error bodies for requests its parser refuses.
 */
export function createHttpAdapter(
  config: Pick<AppConfig, 'httpAdapter' | 'trustProxy' | 'bodyLimitBytes'>,
  /** Answers requests Fastify's router refuses before any hook runs (a path that is not valid percent-encoding). */
  onBadUrl?: (req: IncomingMessage, res: ServerResponse) => { status: number; headers: Record<string, string>; body: unknown },
): AbstractHttpAdapter {
  if (config.httpAdapter === 'express') return new ExpressAdapter();
  return new OctopusFastifyAdapter({
    trustProxy: config.trustProxy,
    // The JSON parser enforces BODY_LIMIT_KB (json-body.ts) and the import its own upload limit; this is the ceiling.
    bodyLimit: Math.max(config.bodyLimitBytes, 1024 * 1024),
    routerOptions: { caseSensitive: false, ignoreTrailingSlash: true, maxParamLength: 8192 },
    logger: false,
    disableRequestLogging: true,
    requestIdHeader: false,
    genReqId: requestIdOf,
    return503OnClosing: false,
    clientErrorHandler: answerClientError,
    frameworkErrors: onBadUrl
      ? (_error: Error, request: FastifyRequest, reply: FastifyReply) => {
          const answer = onBadUrl(request.raw, reply.raw);
          void reply.code(answer.status).headers(answer.headers).send(answer.body);
        }
      : undefined,
  });
}
