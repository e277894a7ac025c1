import type { components } from './schema';

/** The server's one error body (`{error, message, details, timestamp, request_id}`), as the spec defines it. */
export type ErrorBody = components['schemas']['Error'];

/**
 * Any answer outside 2xx. `error` is the server's machine-readable code (`NotFound`, `InsufficientFunds`, …),
 * `details` its structured context (per-field errors on 422), `requestId` the id to quote in a bug report.
 */
export class OctopusError extends Error {
  override readonly name: string = 'OctopusError';
  readonly status: number;
  readonly error: string;
  readonly details: ErrorBody['details'] | null;
  readonly requestId: string | null;
  readonly body: ErrorBody | null;

  constructor(status: number, body: Partial<ErrorBody> | null, requestId: string | null, fallbackMessage?: string) {
    super(body?.message ?? fallbackMessage ?? `HTTP ${status}`);
    this.status = status;
    this.error = body?.error ?? `HTTP${status}`;
    this.details = body?.details ?? null;
    this.requestId = body?.request_id ?? requestId;
    this.body = isErrorBody(body) ? body : null;
  }
}

/** 401: missing, invalid or expired credentials (after the client's own refresh attempt). */
export class AuthenticationError extends OctopusError {
  override readonly name = 'AuthenticationError';
}
/** 403: authenticated, but not allowed (an API key without the scope, a non-admin). */
export class PermissionDeniedError extends OctopusError {
  override readonly name = 'PermissionDeniedError';
}
/** 404: no such resource, or not yours. */
export class NotFoundError extends OctopusError {
  override readonly name = 'NotFoundError';
}
/** 409: the resource's state forbids it (`OrderNotCancelable`, `IdempotencyKeyReuse`, `EmailTaken`, …). */
export class ConflictError extends OctopusError {
  override readonly name = 'ConflictError';
}
/** 422: validation or business rule (`ValidationError` with per-field details, `InsufficientFunds`, …). */
export class ValidationError extends OctopusError {
  override readonly name = 'ValidationError';
}
/** 429: rate limited; `retryAfter` is the server's `Retry-After` in seconds (after the client's own retries). */
export class RateLimitError extends OctopusError {
  override readonly name = 'RateLimitError';
  retryAfter: number | null = null;
}
/** 5xx. */
export class ServerError extends OctopusError {
  override readonly name = 'ServerError';
}

/** No answer: the connection failed (after retries, for idempotent requests). */
export class OctopusConnectionError extends Error {
  override readonly name: string = 'OctopusConnectionError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
/** No answer within the client's `timeoutMs`. */
export class OctopusTimeoutError extends OctopusConnectionError {
  override readonly name = 'OctopusTimeoutError';
}

const BY_STATUS: Record<number, typeof OctopusError> = {
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: ValidationError,
  429: RateLimitError,
};

function isErrorBody(body: unknown): body is ErrorBody {
  return typeof body === 'object' && body !== null && typeof (body as ErrorBody).error === 'string' && typeof (body as ErrorBody).message === 'string';
}

/** The typed error for a non-2xx response; `body` is its parsed JSON (or text) as openapi-fetch returns it. */
export function errorFromResponse(response: Response, body: unknown): OctopusError {
  const Cls = BY_STATUS[response.status] ?? (response.status >= 500 ? ServerError : OctopusError);
  const parsed = isErrorBody(body) ? body : null;
  const fallback = typeof body === 'string' && body.length > 0 ? body.slice(0, 200) : response.statusText || undefined;
  const err = new Cls(response.status, parsed, response.headers.get('x-request-id'), fallback);
  if (err instanceof RateLimitError) err.retryAfter = retryAfterSeconds(response.headers);
  return err;
}

/** `Retry-After` as seconds (delta-seconds or an HTTP date), or null. */
export function retryAfterSeconds(headers: Headers): number | null {
  const raw = headers.get('retry-after');
  if (raw == null) return null;
  const n = Number(raw);
  if (Number.isFinite(n)) return Math.max(0, n);
  const at = Date.parse(raw);
  return Number.isNaN(at) ? null : Math.max(0, (at - Date.now()) / 1000);
}
