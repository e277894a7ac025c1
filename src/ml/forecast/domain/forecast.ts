/** A forecast of log prices, steps 1…h after the last observation, with a central interval at `level`. */
export interface LogForecast {
  point: number[];
  lower: number[];
  upper: number[];
  level: number;
}

/** Fits a model to log prices and forecasts `steps` ahead with intervals at `level`; throws ModelFitError when it cannot. */
export type LogForecaster = (logPrices: readonly number[], steps: number, level: number) => LogForecast;

export class ModelFitError extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}
