import { AppError } from '../common/errors/app-error';
import type { ErrorName } from '../common/errors/error-codes';

/** The stored failure of the first request with this key, answered again as it was (`Idempotent-Replayed: true`). */
export class ReplayedError extends AppError {
  constructor(name: ErrorName, message: string, details: Record<string, unknown> | null) {
    super(name, message, details, { 'Idempotent-Replayed': 'true' });
    this.name = new.target.name;
  }
}
