import { ApiProperty } from '@nestjs/swagger';
import { FORECAST_MODELS, INTERVAL_METHODS } from '../models';

export class ModelInfoDto {
  @ApiProperty({ enum: FORECAST_MODELS, example: 'prophet' })
  name: string;
  @ApiProperty({ example: 'Prophet (augurs, Stan MAP in WASM) on log closes, session index as the time axis' })
  summary: string;
  @ApiProperty({ type: Object, example: { growth: 'linear', weekly_seasonality: false }, description: 'What is fixed and what is estimated' })
  parameters: Record<string, unknown>;
  @ApiProperty({ example: 60, description: 'Daily closes needed to fit (the ensemble: to evaluate its members)' })
  min_history_sessions: number;
  @ApiProperty({ example: 101, description: 'Daily closes needed for an evaluation, and so for conformal intervals' })
  min_history_sessions_evaluated: number;
  @ApiProperty({ enum: INTERVAL_METHODS, isArray: true, example: ['conformal', 'model'] })
  intervals: string[];
  @ApiProperty({ example: 432, description: 'Median fit + forecast of 5 years of closes (1,260) on the 2-core reference machine, ms (bench/RESULTS.md)' })
  typical_fit_ms: number;
  @ApiProperty({ example: 388.5, nullable: true, type: Number, description: 'Median per fit over the last 50 evaluations on this deployment, ms (null before the first)' })
  observed_fit_ms: number | null;
}

export class ModelListDto {
  @ApiProperty({ type: [ModelInfoDto] })
  models: ModelInfoDto[];
  @ApiProperty({ example: 20, description: 'Rolling origins of every evaluation (ML_EVALUATION_ORIGINS)' })
  evaluation_origins: number;
  @ApiProperty({ example: 21, description: 'Sessions ahead an evaluation covers' })
  evaluation_horizon: number;
}
