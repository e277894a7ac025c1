/** The forecasting models, what they need and how long a fit takes: the data behind GET /api/ml/models. */

export const FORECAST_MODELS = ['prophet', 'arima', 'ets', 'naive', 'ensemble'] as const;
export type ForecastModel = (typeof FORECAST_MODELS)[number];
/** The models that are fitted; the ensemble combines them. */
export const BASE_MODELS = ['prophet', 'arima', 'ets', 'naive'] as const;
export type BaseModel = (typeof BASE_MODELS)[number];
export const INTERVAL_METHODS = ['conformal', 'model'] as const;
export type IntervalMethod = (typeof INTERVAL_METHODS)[number];

/** Closes each model needs to be fitted (Prophet's 60 sessions). */
export const MIN_CLOSES = 60;
/** From this many closes (2 years of sessions) Prophet adds a yearly seasonality. */
export const YEARLY_FROM = 504;
/** Evaluation: origins over the last 2 years, up to 21 sessions ahead, the model intervals at 80% and 95%. */
export const EVALUATION = { horizon: 21, window: 504, minTrain: MIN_CLOSES, levels: [0.8, 0.95] } as const;
/** Closes an evaluation with `origins` origins needs: a first training set, the origins and the last horizon. */
export const evaluationMinCloses = (origins: number) => MIN_CLOSES + EVALUATION.horizon + origins;

export interface ModelInfo {
  name: ForecastModel;
  summary: string;
  /** What is fixed and what is estimated. */
  parameters: Record<string, string | number | boolean | string[]>;
  min_history_sessions: number;
  intervals: IntervalMethod[];
  /**
   * Fit + forecast of 5 years (1,260 closes) on the reference machine (2 cores, bench/ml-forecast.bench.ts,
   * bench/RESULTS.md), median; an evaluation costs `origins` of these (Prophet: one per interval level).
   */
  typical_fit_ms: number;
}

export const MODEL_INFO: Record<ForecastModel, ModelInfo> = {
  prophet: {
    name: 'prophet',
    summary: 'Prophet (augurs, Stan MAP in WASM) on log closes, session index as the time axis',
    parameters: {
      growth: 'linear',
      changepoints: 25,
      changepoint_prior_scale: 0.05,
      weekly_seasonality: false,
      yearly_seasonality: 'period 252 sessions, Fourier order 6, from 504 closes',
      uncertainty_samples: 500,
      optimizer: 'L-BFGS (then Newton, then the series shifted to start at 0, if it fails), seed 1',
    },
    min_history_sessions: MIN_CLOSES,
    intervals: ['conformal', 'model'],
    typical_fit_ms: 432,
  },
  arima: {
    name: 'arima',
    summary: 'ARIMA(p,1,q) with drift on log closes (the arima package, ctsa exact ML), order by AIC',
    parameters: {
      d: 1,
      orders: ['(1,1,0)', '(0,1,1)', '(1,1,1)', '(2,1,0)', '(0,1,2)', '(2,1,1)', '(1,1,2)', '(2,1,2)'],
      drift: true,
      selection: 'AIC = n·ln σ̂² + 2(p + q + 2)',
    },
    min_history_sessions: MIN_CLOSES,
    intervals: ['conformal', 'model'],
    typical_fit_ms: 185,
  },
  ets: {
    name: 'ets',
    summary: 'AutoETS (augurs): the non-seasonal exponential-smoothing model with the lowest AICc, on log closes',
    parameters: { spec: 'ZZN', error: 'additive or multiplicative', trend: 'none, additive or damped' },
    min_history_sessions: MIN_CLOSES,
    intervals: ['conformal', 'model'],
    typical_fit_ms: 41,
  },
  naive: {
    name: 'naive',
    summary: 'Random walk with drift on log closes: the baseline every model is judged against',
    parameters: { drift: 'mean daily log change', interval: 'analytic, z·σ·√(h(1 + h/T))' },
    min_history_sessions: MIN_CLOSES,
    intervals: ['conformal', 'model'],
    typical_fit_ms: 0.1,
  },
  ensemble: {
    name: 'ensemble',
    summary: 'Equal-weight mean, in log space, of naive and every model whose MASE on this symbol is not worse than naive\'s',
    parameters: { members: 'naive plus prophet, arima, ets where MASE ≤ naive MASE at the request horizon (≤ 21)', weights: 'equal' },
    min_history_sessions: evaluationMinCloses(20),
    intervals: ['conformal'],
    // Up to all four fits (Prophet with yearly seasonality, ARIMA, ETS, naive).
    typical_fit_ms: 658,
  },
};
