import { AppError } from '../common/errors/app-error';

export { InsufficientHistoryError } from '../common/errors/analytics-errors';

/** 422 `ModelFitFailed`: the model could not be fitted to this history (`details.reason` is the model's). */
export class ModelFitFailedError extends AppError {
  constructor(model: string, reason: string) {
    super('ModelFitFailed', `The ${model} model could not be fitted: ${reason}`, { model, reason });
    this.name = new.target.name;
  }
}

/** A problem in a strategy document: field path, code and, for expressions, the 0-based character position. */
export interface StrategyProblem {
  field: string;
  code: string;
  message: string;
  position?: number;
}

/** 422 `ValidationError` for a strategy document, every problem listed (the first also at the top of `details`). */
export class StrategyValidationError extends AppError {
  constructor(problems: StrategyProblem[]) {
    const first = problems[0];
    super('ValidationError', first.message, {
      field: first.field,
      code: first.code,
      ...(first.position === undefined ? {} : { position: first.position }),
      errors: problems,
    });
    this.name = new.target.name;
  }
}

/** 422: a limit of STRATEGY_MAX_PER_USER / STRATEGY_MAX_SYMBOLS reached. */
export class StrategyLimitError extends AppError {
  constructor(field: string, message: string, limit: number) {
    super('ValidationError', message, { field, code: 'OUT_OF_RANGE', errors: [{ field, code: 'OUT_OF_RANGE', message }], limit });
    this.name = new.target.name;
  }
}
