import { AppError } from '../common/errors/app-error';
import type { ErrorName } from '../common/errors/error-codes';

/** The stored failure of the first request with this key, answered again as it was (`Idempotent-Replayed: true`). */
export class ReplayedError extends AppError {
  constructor(name: ErrorName, message: string, details: Record<string, unknown> | null) {
    super(name, message, details, { 'Idempotent-Replayed': 'true' });
    this.name = new.target.name;
  }
}

/** The first request with this key still holds its lease: retry after it (the lease ends when that request does). */
export class RequestInProgressError extends AppError {
  constructor(retryAfterSeconds: number) {
    super('RequestInProgress', 'A request with this Idempotency-Key is still in progress', { retry_after: retryAfterSeconds }, { 'Retry-After': String(retryAfterSeconds) });
    this.name = new.target.name;
  }
}
