import { ERROR_NAMES, ErrorName, ValidationCode } from './error-codes';

export interface FieldError {
  field: string;
  code: ValidationCode;
  message: string;
}

/**
 * A domain error that knows its public name, status and details. Services throw these (or subclasses);
 * the global filter turns them into the seed's error body.
 */
export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly errorName: ErrorName,
    message: string,
    readonly details: Record<string, unknown> | null = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.status = ERROR_NAMES[errorName];
  }
}

export class ValidationFailedError extends AppError {
  constructor(errors: FieldError[], message?: string) {
    const first = errors[0];
    super('ValidationError', message ?? first?.message ?? 'Validation failed', {
      field: first?.field,
      code: first?.code,
      errors,
    });
  }
}

export class NotFoundError extends AppError {
  constructor(what: string) {
    super('NotFound', `${what} not found`);
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = 'Authentication required') {
    super('Unauthorized', message, null, { 'WWW-Authenticate': 'Bearer' });
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'You are not allowed to do this', details: Record<string, unknown> | null = null) {
    super('Forbidden', message, details);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, name: ErrorName = 'Conflict', details: Record<string, unknown> | null = null) {
    super(name, message, details);
  }
}

export class TooManyRequestsError extends AppError {
  constructor(name: 'RateLimitExceeded' | 'TooManyLoginAttempts', message: string, retryAfterSeconds: number) {
    super(name, message, { retry_after: retryAfterSeconds }, { 'Retry-After': String(retryAfterSeconds) });
  }
}

/** 400: a request the server cannot read (`MalformedJson` for a body that is not JSON). */
export class BadRequestError extends AppError {
  constructor(message: string, name: 'BadRequest' | 'MalformedJson' = 'BadRequest') {
    super(name, message);
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(limit: string) {
    super('PayloadTooLarge', `Request body is larger than ${limit}`);
  }
}

export class UnsupportedMediaTypeError extends AppError {
  constructor(message: string) {
    super('UnsupportedMediaType', message);
  }
}
