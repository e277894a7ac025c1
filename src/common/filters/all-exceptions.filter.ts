import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from '../errors/app-error';
import { ErrorName } from '../errors/error-codes';
import { requestIdFor } from '../http/request-id';

export interface ErrorBody {
  error: ErrorName;
  message: string;
  details: Record<string, unknown> | null;
  timestamp: string;
  request_id: string;
}

const NAME_BY_STATUS: Partial<Record<number, ErrorName>> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  413: 'PayloadTooLarge',
  415: 'UnsupportedMediaType',
  422: 'ValidationError',
  429: 'RateLimitExceeded',
  503: 'ServiceUnavailable',
};

interface Mapped {
  status: number;
  name: ErrorName;
  message: string;
  details: Record<string, unknown> | null;
  headers: Record<string, string>;
}

function mapException(exception: unknown, req: IncomingMessage): Mapped {
  if (exception instanceof AppError) {
    return {
      status: exception.status,
      name: exception.errorName,
      message: exception.message,
      details: exception.details,
      headers: exception.headers,
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const name = NAME_BY_STATUS[status] ?? (status >= 500 ? 'InternalError' : 'BadRequest');
    let message = exception.message;
    if (status === 404 && /^Cannot [A-Z]+ /.test(message)) message = `Route ${req.method} ${req.url?.split('?')[0]} not found`;
    if (status >= 500) message = 'Internal server error';
    return { status, name, message, details: null, headers: {} };
  }
  return { status: 500, name: 'InternalError', message: 'Internal server error', details: null, headers: {} };
}

/**
 * The one place an error becomes a response: the seed's body `{error, message, details, timestamp,
 * request_id}` for every failure, and nothing internal (stack, SQL, driver text) ever reaches a client.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Exceptions');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<IncomingMessage>();
    const res = ctx.getResponse<ServerResponse>();
    const mapped = mapException(exception, req);
    if (mapped.status >= HttpStatus.INTERNAL_SERVER_ERROR) {
      this.logger.error({ err: exception, url: req.url, method: req.method }, 'unhandled error');
    }
    const body: ErrorBody = {
      error: mapped.name,
      message: mapped.message,
      details: mapped.details,
      timestamp: new Date().toISOString(),
      request_id: requestIdFor(req, res),
    };
    const adapter = this.adapterHost.httpAdapter;
    for (const [k, v] of Object.entries(mapped.headers)) adapter.setHeader(res, k, v);
    if (res.headersSent) return;
    adapter.reply(res, body, mapped.status);
  }
}
