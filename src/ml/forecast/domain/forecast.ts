/** A forecast of log prices, steps 1…h after the last observation, with a central interval at `level`. */
export interface LogForecast {
  point: number[];
  lower: number[];
  upper: number[];
  level: number;
}

export class ModelFitError extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}
