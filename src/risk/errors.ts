import { AppError } from '../common/errors/app-error';

export { InsufficientHistoryError } from '../common/errors/analytics-errors';

/** 422 `ValidationError`: the inputs are valid one by one but the math refuses them (`details.reason`). */
export class RiskInputError extends AppError {
  constructor(message: string, reason: string) {
    super('ValidationError', message, { code: 'INVALID_VALUE', reason });
    this.name = new.target.name;
  }
}
