import { AppError } from '../common/errors/app-error';

/** 422: not enough price history for the computation asked (`details` say which symbols and window). */
export class InsufficientHistoryError extends AppError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('InsufficientHistory', message, details);
    this.name = new.target.name;
  }
}

/** 422 `ValidationError`: the inputs are valid one by one but the math refuses them (`details.reason`). */
export class RiskInputError extends AppError {
  constructor(message: string, reason: string) {
    super('ValidationError', message, { code: 'INVALID_VALUE', reason });
    this.name = new.target.name;
  }
}
