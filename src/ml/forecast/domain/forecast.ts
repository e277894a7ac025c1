/** A central interval of log prices at `level`, steps 1…h. */
export interface LogInterval {
  level: number;
  lower: number[];
  upper: number[];
}

/** A forecast of log prices, steps 1…h after the last observation, with the model's own interval at each level asked. */
export interface LogForecast {
  point: number[];
  intervals: LogInterval[];
  /** What the fit chose, for the response (ARIMA's order and AIC, Prophet's seasonality). */
  detail?: Record<string, unknown>;
}

/** A model as the evaluation calls it: log prices in, `steps` forecasts with intervals at `levels` out. */
export type ForecastFn = (logPrices: readonly number[], steps: number, levels: readonly number[]) => LogForecast | Promise<LogForecast>;

export class ModelFitError extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}
