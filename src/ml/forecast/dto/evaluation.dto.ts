import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { FORECAST_MODELS, type ForecastModel } from '../models';

export const FORECAST_LOOKBACKS = ['1y', '2y', '5y', '10y'] as const;
export type ForecastLookback = (typeof FORECAST_LOOKBACKS)[number];

export class CoverageDto {
  @ApiProperty({ example: 0.8 })
  level: number;
  @ApiProperty({ example: 0.74, nullable: true, type: Number, description: "Share of held-out closes inside the model's own interval (null: the ensemble has none)" })
  model: number | null;
  @ApiProperty({
    example: 0.81,
    nullable: true,
    type: Number,
    description:
      'Share inside the conformal interval calibrated as it would have been served: at each origin, on the earlier ' +
      'origins whose errors were known by then (null when no origin has enough earlier ones for the level: 4 for 80%, 19 for 95%)',
  })
  conformal: number | null;
  @ApiProperty({ example: 336, description: 'Forecasts (origin × step) the conformal coverage was measured on' })
  conformal_forecasts: number;
}

export class EvaluationDto {
  @ApiProperty({ example: 20, description: 'Rolling forecast origins, spread evenly over the last 2 years (fewer years: what there is); the same for every model' })
  origins: number;
  @ApiProperty({ example: 7, description: 'Sessions ahead evaluated at each origin (the request horizon, at most 21)' })
  horizon: number;
  @ApiProperty({ example: 3.21, description: 'Mean absolute percentage error of the closes over all evaluated steps, percent' })
  mape: number;
  @ApiProperty({
    example: 3.85,
    description:
      'MASE: MAE of the forecasts (all steps) over the in-sample one-step naive MAE of the training closes (Hyndman & ' +
      'Koehler 2006). Multi-step errors grow with the step, so even a random walk scores above 1 for horizons > 1: ' +
      'compare with `relative_mase` or with the naive model at the same horizon (lower is better).',
  })
  mase: number;
  @ApiProperty({ example: 0.97, description: "This model's MASE over the naive model's, same origins and horizon: below 1 beats the baseline" })
  relative_mase: number;
  @ApiProperty({ type: [CoverageDto], description: 'At 80% and 95%, and at the requested confidence when it is another level' })
  coverage: CoverageDto[];
}

export class ModelEvaluationDto extends EvaluationDto {
  @ApiProperty({ enum: FORECAST_MODELS, example: 'ets' })
  model: ForecastModel;
  @ApiPropertyOptional({ example: ['naive', 'ets'], type: [String], description: 'Ensemble only: the models it averages at this horizon' })
  members?: string[];
}

export class EvaluateQueryDto {
  @ApiPropertyOptional({
    type: String,
    description: `Comma-separated, any of ${FORECAST_MODELS.join(', ')} (default: all)`,
    example: 'prophet,ets,naive',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? [...new Set(value.split(',').map((m) => m.trim().toLowerCase()).filter(Boolean))] : value,
  )
  @IsIn(FORECAST_MODELS, { each: true, message: `models must be a comma-separated list of ${FORECAST_MODELS.join(', ')}` })
  models?: ForecastModel[];

  @ApiPropertyOptional({ enum: FORECAST_LOOKBACKS, default: '5y' })
  @IsOptional()
  @IsIn(FORECAST_LOOKBACKS, { message: `lookback must be one of ${FORECAST_LOOKBACKS.join(', ')}` })
  lookback?: ForecastLookback;

  @ApiPropertyOptional({ default: 21, minimum: 1, maximum: 21, description: 'Sessions ahead the metrics cover (1–21)' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value))
  @IsInt({ message: 'horizon must be an integer from 1 to 21' })
  @Min(1, { message: 'horizon must be an integer from 1 to 21' })
  @Max(21, { message: 'horizon must be an integer from 1 to 21' })
  horizon?: number;
}

export class EvaluationTableDto {
  @ApiProperty({ example: 'AAPL' })
  symbol: string;
  @ApiProperty({ enum: FORECAST_LOOKBACKS, example: '5y' })
  lookback: ForecastLookback;
  @ApiProperty({ example: '2020-06-15' })
  trained_from: string;
  @ApiProperty({ example: '2025-06-13', description: 'Last close the evaluation saw (the last completed session)' })
  trained_to: string;
  @ApiProperty({ example: 21 })
  horizon: number;
  @ApiProperty({ type: [ModelEvaluationDto] })
  models: ModelEvaluationDto[];
}
