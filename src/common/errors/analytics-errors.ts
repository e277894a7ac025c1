import { AppError } from './app-error';

/* Errors every analytics module (risk, ml) answers with. */

/** 422: not enough price history for the computation asked (`details` say which symbols and window). */
export class InsufficientHistoryError extends AppError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('InsufficientHistory', message, details);
    this.name = new.target.name;
  }
}
