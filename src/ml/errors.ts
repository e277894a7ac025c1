import { AppError } from '../common/errors/app-error';

export { InsufficientHistoryError } from '../common/errors/analytics-errors';

/** 422 `ModelFitFailed`: the model could not be fitted to this history (`details.reason` is the model's). */
export class ModelFitFailedError extends AppError {
  constructor(model: string, reason: string) {
    super('ModelFitFailed', `The ${model} model could not be fitted: ${reason}`, { model, reason });
    this.name = new.target.name;
  }
}
