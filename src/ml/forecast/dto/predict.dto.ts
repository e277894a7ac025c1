import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsNumber, IsOptional, IsString, Matches } from 'class-validator';
import { SYMBOL_PATTERN } from '../../../common/symbol';

export const FORECAST_MODELS = ['prophet', 'ets', 'naive'] as const;
export type ForecastModel = (typeof FORECAST_MODELS)[number];
export const FORECAST_LOOKBACKS = ['1y', '2y', '5y', '10y'] as const;
export type ForecastLookback = (typeof FORECAST_LOOKBACKS)[number];
export const INTERVAL_METHODS = ['conformal', 'model'] as const;
export type IntervalMethod = (typeof INTERVAL_METHODS)[number];

const upperCase = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value);
const lowerCase = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

export const MODEL_DESCRIPTION =
  '`prophet` (default): Prophet (augurs, WASM) on log closes with the session index as time axis; no weekly ' +
  'seasonality (trading days), a yearly (252-session) seasonality when the history covers 2 years. `ets`: AutoETS ' +
  '(augurs), the best of the non-seasonal exponential-smoothing models by AICc, on log closes. `naive`: random walk ' +
  'with drift on log closes (the baseline every model is judged against), analytic interval. `arima` and ' +
  '`ensemble` are not available yet.';

export const HORIZON_DESCRIPTION =
  'Trading sessions ahead: `Nd` = the next N NYSE sessions (so "7d" answers seven dated rows, from the next ' +
  'session), `Nw` = 5N sessions, `Nmo` = 21N sessions; at most 252 sessions.';

export const INTERVAL_DESCRIPTION =
  '`conformal` (default): for each step ahead k, the ⌈(m+1)·c⌉-th smallest absolute log error of this model at step ' +
  'k over m rolling-origin forecasts on this symbol (split-conformal). If future errors are exchangeable with past ' +
  'ones, the interval covers with probability ≥ c, marginally (over forecasts, not for each one); regime changes ' +
  'void it. Steps beyond 21 scale the step-21 radius by √(k/21), an extrapolation the guarantee does not cover. ' +
  '`model`: the model\'s own interval (Prophet: sampled; ETS and naive: analytic), which may over- or under-cover: ' +
  'see `evaluation.coverage`. The conformal level is bounded by the number of origins m (c ≤ m/(m+1)): Prophet 8 ' +
  '(≤ 0.889), ETS 40 (≤ 0.976), naive 60 (≤ 0.984); a higher one is a 422 ValidationError on `confidence`.';

export class PredictRequestDto {
  @ApiProperty({ example: 'AAPL', description: 'A known instrument (case-insensitive)' })
  @Transform(upperCase)
  @IsString()
  @Matches(SYMBOL_PATTERN, { message: 'symbol must match ^[A-Z][A-Z0-9.\\-]{0,9}$ (case-insensitive)' })
  symbol: string;

  @ApiProperty({ example: '7d', description: HORIZON_DESCRIPTION })
  @IsString()
  horizon: string;

  @ApiPropertyOptional({ enum: FORECAST_MODELS, default: 'prophet', description: MODEL_DESCRIPTION })
  @IsOptional()
  @Transform(lowerCase)
  @IsIn(FORECAST_MODELS, { message: `model must be one of ${FORECAST_MODELS.join(', ')}` })
  model?: ForecastModel;

  @ApiPropertyOptional({ example: 0.8, default: 0.8, description: 'Nominal level of the interval, 0.5 < confidence < 1' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  confidence?: number;

  @ApiPropertyOptional({ enum: FORECAST_LOOKBACKS, default: '5y', description: 'Calendar period of daily closes the model is fitted on, ending at the last completed session' })
  @IsOptional()
  @IsIn(FORECAST_LOOKBACKS, { message: `lookback must be one of ${FORECAST_LOOKBACKS.join(', ')}` })
  lookback?: ForecastLookback;

  @ApiPropertyOptional({ enum: INTERVAL_METHODS, default: 'conformal', description: INTERVAL_DESCRIPTION })
  @IsOptional()
  @IsIn(INTERVAL_METHODS, { message: `interval must be one of ${INTERVAL_METHODS.join(', ')}` })
  interval?: IntervalMethod;
}

export class PredictionDto {
  @ApiProperty({ example: '2025-06-16', description: 'NYSE session (YYYY-MM-DD)' })
  date: string;
  @ApiProperty({ example: 196.4521, description: 'Forecast close (price units, 4 dp): exp of the log forecast' })
  predicted_price: number;
  @ApiProperty({ example: 190.1188 })
  lower_bound: number;
  @ApiProperty({ example: 203.0077 })
  upper_bound: number;
  @ApiProperty({ example: 0.8, description: 'The nominal level of [lower_bound, upper_bound]' })
  confidence: number;
}

export class CoverageDto {
  @ApiProperty({ example: 0.8 })
  level: number;
  @ApiProperty({ example: 0.74, description: "Share of held-out closes inside the model's own interval" })
  model: number;
  @ApiProperty({ example: 0.81, description: 'Share inside the conformal interval (each origin calibrated on the others)' })
  conformal: number;
}

export class EvaluationDto {
  @ApiProperty({ example: 8, description: 'Rolling forecast origins spread over the last 2 years (fewer years: what there is): Prophet 8, ETS 40, naive 60' })
  origins: number;
  @ApiProperty({ example: 7, description: 'Sessions ahead evaluated at each origin (the request horizon, at most 21)' })
  horizon: number;
  @ApiProperty({ example: 3.21, description: 'Mean absolute percentage error of the closes, percent' })
  mape: number;
  @ApiProperty({
    example: 3.85,
    description:
      'MASE: MAE of the forecasts (all steps) over the in-sample one-step naive MAE (Hyndman & Koehler 2006). Multi-step ' +
      'errors grow with the step, so even a random walk scores above 1 for horizons > 1: compare a model with ' +
      '`model: naive` at the same horizon (lower is better).',
  })
  mase: number;
  @ApiProperty({ type: [CoverageDto] })
  coverage: CoverageDto[];
}

export class PredictResultDto {
  @ApiProperty({ example: 'AAPL' })
  symbol: string;
  @ApiProperty({ type: [PredictionDto] })
  predictions: PredictionDto[];
  @ApiProperty({ enum: FORECAST_MODELS })
  model: ForecastModel;
  @ApiProperty({ example: '7d' })
  horizon: string;
  @ApiProperty({ enum: INTERVAL_METHODS })
  interval: IntervalMethod;
  @ApiProperty({ example: '2020-06-15', description: 'First close the model was fitted on' })
  trained_from: string;
  @ApiProperty({ example: '2025-06-13', description: 'Last close (the last completed session)' })
  trained_to: string;
  @ApiProperty({ example: 196.45 })
  last_close: number;
  @ApiProperty({ example: 'simulated', description: 'simulated | csv | yahoo | manual | mixed' })
  data_source: string;
  @ApiProperty({ type: EvaluationDto })
  evaluation: EvaluationDto;
  @ApiProperty({ example: 'complete', enum: ['complete'], description: 'Evaluations are computed with the forecast (a job runner is to come)' })
  evaluation_status: 'complete';
}
