import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from '../errors/app-error';
import { ErrorName } from '../errors/error-codes';
import { rawRequest, rawResponse } from '../http/http-platform';
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
  const db = databaseError(exception);
  if (db) return db;
  if (databaseUnreachable(exception)) return DATABASE_UNAVAILABLE;
  return { status: 500, name: 'InternalError', message: 'Internal server error', details: null, headers: {} };
}

/**
 * PostgreSQL errors that the request caused (a value the column cannot hold, a duplicate) or that a retry fixes
 * (serialization failure, deadlock), by SQLSTATE: the one place they become 4xx/503 instead of 500. The driver's
 * text never reaches the client.
 */
const SQLSTATE: Record<string, Omit<Mapped, 'headers'> & { headers?: Record<string, string> }> = {
  '22P02': { status: 400, name: 'BadRequest', message: 'A value has an invalid format for its field', details: { code: 'INVALID_FORMAT' } },
  '22021': { status: 400, name: 'BadRequest', message: 'A value contains a character that cannot be stored', details: { code: 'INVALID_FORMAT' } },
  '22P05': { status: 400, name: 'BadRequest', message: 'A value contains a character that cannot be stored', details: { code: 'INVALID_FORMAT' } },
  '22001': { status: 422, name: 'ValidationError', message: 'A value is too long for its field', details: { code: 'OUT_OF_RANGE' } },
  '22003': { status: 422, name: 'ValidationError', message: 'A number is out of range for its field', details: { code: 'OUT_OF_RANGE' } },
  '22007': { status: 422, name: 'ValidationError', message: 'A date or time is not valid', details: { code: 'INVALID_FORMAT' } },
  '22008': { status: 422, name: 'ValidationError', message: 'A date or time is out of range', details: { code: 'OUT_OF_RANGE' } },
  '23505': { status: 409, name: 'Conflict', message: 'This already exists', details: null },
  '23503': { status: 422, name: 'ValidationError', message: 'A referenced object does not exist', details: { code: 'INVALID_VALUE' } },
  '40001': { status: 503, name: 'ServiceUnavailable', message: 'A concurrent change conflicted; retry the request', details: null, headers: { 'Retry-After': '1' } },
  '40P01': { status: 503, name: 'ServiceUnavailable', message: 'A concurrent change conflicted; retry the request', details: null, headers: { 'Retry-After': '1' } },
};

function databaseError(exception: unknown): Mapped | null {
  const e = exception as { name?: string; code?: unknown; driverError?: { code?: unknown } };
  if (!e || typeof e !== 'object' || e.name !== 'QueryFailedError') return null;
  const code = typeof e.code === 'string' ? e.code : typeof e.driverError?.code === 'string' ? e.driverError.code : null;
  const m = code ? SQLSTATE[code] : undefined;
  return m ? { ...m, headers: m.headers ?? {} } : null;
}

const DATABASE_UNAVAILABLE: Mapped = {
  status: 503,
  name: 'ServiceUnavailable',
  message: 'A backing service (database or cache) is unreachable; retry the request (with the same Idempotency-Key for orders)',
  details: null,
  headers: { 'Retry-After': '2' },
};

/** SQLSTATEs of a lost or refused connection: class 08, the server shutting down or starting, too many connections. */
const CONNECTION_SQLSTATE = /^(08...|57P0[1-3]|53300)$/;
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
/** What node-postgres and its pool throw, without a code, when a connection dies or cannot be had in time. */
const CONNECTION_MESSAGES = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended)/;
/** TypeORM's: a transaction whose connection died mid-way has its query runner released under it. */
const CONNECTION_ERROR_NAMES = new Set(['QueryRunnerAlreadyReleasedError', 'QueryRunnerProviderAlreadyReleasedError']);

/**
 * The database could not be reached or dropped the connection (restart, failover, `pg_terminate_backend`, a
 * database closed to connections): the request did not run, or ran in a transaction that rolled back — 503 with
 * Retry-After, not 500. FATAL is the severity PostgreSQL gives errors that end the session.
 */
export function databaseUnreachable(exception: unknown): boolean {
  for (let e = exception as { name?: unknown; code?: unknown; severity?: unknown; message?: unknown; driverError?: unknown } | undefined, depth = 0; e && typeof e === 'object' && depth < 3; e = e.driverError as typeof e, depth++) {
    if (typeof e.name === 'string' && CONNECTION_ERROR_NAMES.has(e.name)) return true;
    const code = typeof e.code === 'string' ? e.code : '';
    if (CONNECTION_SQLSTATE.test(code) || NETWORK_CODES.has(code) || e.severity === 'FATAL') return true;
    if (typeof e.message === 'string' && CONNECTION_MESSAGES.test(e.message)) return true;
  }
  return false;
}

/**
 * The one place an error becomes a response: the seed's body `{error, message, details, timestamp,
 * request_id}` for every failure, and nothing internal (stack, SQL, driver text) ever reaches a client.
 */
/**
 * The status, headers and body answering `exception`, logged as the filter logs it. Also used where an error never
 * reaches Nest (Fastify's content-type parsers and router), so every failure has the one shape.
 */
export function errorReply(exception: unknown, req: IncomingMessage, res: ServerResponse, logger: Logger = EXCEPTIONS_LOGGER): { status: number; headers: Record<string, string>; body: ErrorBody } {
  const mapped = mapException(exception, req);
  const requestId = requestIdFor(req, res);
  if (mapped.status === HttpStatus.INTERNAL_SERVER_ERROR) {
    logger.error({ err: exception, url: req.url, method: req.method, request_id: requestId }, 'unhandled error');
  } else if (mapped === DATABASE_UNAVAILABLE) {
    logger.warn({ err: (exception as Error).message, url: req.url, method: req.method, request_id: requestId }, 'database unavailable');
  } else if (databaseError(exception)) {
    logger.warn({ err: (exception as Error).message, url: req.url, method: req.method, request_id: requestId }, 'database refused a request value');
  }
  const body: ErrorBody = {
    error: mapped.name,
    message: mapped.message,
    details: mapped.details,
    timestamp: new Date().toISOString(),
    request_id: requestId,
  };
  return { status: mapped.status, headers: mapped.headers, body };
}

const EXCEPTIONS_LOGGER = new Logger('Exceptions');

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
    const res = ctx.getResponse<unknown>();
    const reply = errorReply(exception, rawRequest(ctx.getRequest()), rawResponse(res), this.logger);
    const adapter = this.adapterHost.httpAdapter;
    for (const [k, v] of Object.entries(reply.headers)) adapter.setHeader(res, k, v);
    if (rawResponse(res).headersSent) return;
    adapter.reply(res, reply.body, reply.status);
  }
}
