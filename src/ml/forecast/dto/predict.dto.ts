import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsNumber, IsOptional, IsString, Matches } from 'class-validator';
import { SYMBOL_PATTERN } from '../../../common/symbol';
import { FORECAST_MODELS, type ForecastModel, INTERVAL_METHODS, type IntervalMethod } from '../models';
import { EvaluationDto, FORECAST_LOOKBACKS, type ForecastLookback } from './evaluation.dto';


const upperCase = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value);
const lowerCase = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

export const MODEL_DESCRIPTION =
  '`prophet` (default): Prophet (augurs, WASM) on log closes with the session index as time axis; no weekly ' +
  'seasonality (trading days), a yearly (252-session) seasonality when the history covers 2 years. `arima`: ' +
  'ARIMA(p,1,q) with drift on log closes, p, q ≤ 2, the order with the lowest AIC. `ets`: AutoETS (augurs), the ' +
  'best non-seasonal exponential-smoothing model by AICc, on log closes. `naive`: random walk with drift on log ' +
  'closes (the baseline every model is judged against), analytic interval. `ensemble`: the equal-weight mean in log ' +
  'space of naive and of every model whose MASE on this symbol is not worse than naive\'s; conformal intervals ' +
  'only. GET /api/ml/models lists their parameters, minimum history and fit times.';

export const HORIZON_DESCRIPTION =
  'Trading sessions ahead: `Nd` = the next N NYSE sessions (so "7d" answers seven dated rows, from the next ' +
  'session), `Nw` = 5N sessions, `Nmo` = 21N sessions; at most 252 sessions.';

export const INTERVAL_DESCRIPTION =
  '`conformal` (default): for each step ahead k, the ⌈(m+1)·c⌉-th smallest absolute log error of this model at step ' +
  'k over m rolling-origin forecasts on this symbol (split-conformal). If future errors are exchangeable with past ' +
  'ones, the interval covers with probability ≥ c, marginally (over forecasts, not for each one); regime changes ' +
  'void it. Steps beyond 21 scale the step-21 radius by √(k/21), an extrapolation the guarantee does not cover. ' +
  '`model`: the model\'s own interval (Prophet: sampled; ETS and naive: analytic), which may over- or under-cover: ' +
  'see `evaluation.coverage`. The conformal level is bounded by the number of origins m (c ≤ m/(m+1), 0.952 with ' +
  'the default 20); a higher one is a 422 ValidationError on `confidence`. A conformal interval needs the ' +
  'evaluation: when it is not stored yet the request waits for the evaluation job (up to ML_PREDICT_WAIT_MS, ' +
  'default 60 s) and otherwise answers 202 with the job.';

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

export class FitDetailDto {
  @ApiPropertyOptional({ example: [0, 1, 1], type: [Number], description: 'arima: the (p, d, q) order chosen by AIC' })
  order?: number[];
  @ApiPropertyOptional({ example: -11619.5, description: 'arima: AIC of the chosen order (n·ln σ̂² + 2k)' })
  aic?: number;
  @ApiPropertyOptional({ example: true, description: 'prophet: whether the yearly seasonality was on' })
  yearly_seasonality?: boolean;
  @ApiPropertyOptional({ example: 'lbfgs', description: "prophet: the optimizer run that converged" })
  optimizer?: string;
  @ApiPropertyOptional({ example: ['naive', 'ets'], type: [String], description: 'ensemble: the models averaged' })
  members?: string[];
}

export class PredictResultDto {
  @ApiProperty({ example: 'AAPL' })
  symbol: string;
  @ApiProperty({ type: [PredictionDto] })
  predictions: PredictionDto[];
  @ApiProperty({ enum: FORECAST_MODELS })
  model: ForecastModel;
  @ApiProperty({ example: '7d', description: 'The request horizon, normalized (lower case)' })
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
  @ApiProperty({ type: FitDetailDto, description: 'What the fit chose (order, seasonality, members)' })
  fit: FitDetailDto;
  @ApiProperty({ type: EvaluationDto, nullable: true, description: "This model's rolling-origin record on this symbol at the request horizon (≤ 21); null unless complete" })
  evaluation: EvaluationDto | null;
  @ApiProperty({
    example: 'complete',
    enum: ['complete', 'pending', 'unavailable'],
    description:
      '`complete`: `evaluation` holds the metrics. `pending`: the evaluation job (`evaluation_job`) is running; ' +
      'GET /api/ml/jobs/{id} shows its progress, and the next request gets the metrics (interval=model only: ' +
      'conformal intervals wait for it). `unavailable`: the history is too short to evaluate (interval=model only).',
  })
  evaluation_status: 'complete' | 'pending' | 'unavailable';
  @ApiProperty({ example: null, nullable: true, type: String, format: 'uuid', description: 'The evaluation job while `pending`' })
  evaluation_job: string | null;
}
