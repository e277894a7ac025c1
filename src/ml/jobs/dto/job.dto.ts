import { ApiProperty } from '@nestjs/swagger';
import { JOB_STATUSES, type JobStatus, type MlJob } from '../entities/ml-job.entity';

export class JobErrorDto {
  @ApiProperty({ example: 'InsufficientHistory' })
  error: string;
  @ApiProperty({ example: 'Evaluating prophet on NEWCO needs at least 101 daily closes …' })
  message: string;
  @ApiProperty({ type: Object, nullable: true })
  details: Record<string, unknown> | null;
}

export class JobDto {
  @ApiProperty({ format: 'uuid', example: '6e5d4c3b-2a1f-4e0d-9c8b-7a6f5e4d3c2b' })
  id: string;
  @ApiProperty({ example: 'evaluation', description: 'What the job does (evaluation; later backtest, feed polls)' })
  kind: string;
  @ApiProperty({ enum: JOB_STATUSES, example: 'running' })
  status: JobStatus;
  @ApiProperty({ example: 0.35, description: 'Share done, 0–1' })
  progress: number;
  @ApiProperty({ type: Object, description: 'The inputs of the job', example: { symbol: 'AAPL', lookback: '5y', models: ['prophet', 'naive'] } })
  params: Record<string, unknown>;
  @ApiProperty({ type: Object, nullable: true, description: 'When completed: what the job produced (an evaluation: the table of GET /api/ml/evaluate/{symbol})' })
  result: unknown;
  @ApiProperty({ type: JobErrorDto, nullable: true, example: null, description: 'When failed: the error body the request would have had' })
  error: JobErrorDto | null;
  @ApiProperty({ example: 1, description: 'Runs started (a crashed or lost worker\'s job is retried)' })
  attempts: number;
  @ApiProperty({ example: '2025-06-13T21:00:00.000Z' })
  created_at: string;
  @ApiProperty({ example: '2025-06-13T21:00:00.120Z', nullable: true, type: String })
  started_at: string | null;
  @ApiProperty({ example: null, nullable: true, type: String })
  finished_at: string | null;
}

export function toJobDto(j: MlJob): JobDto {
  return {
    id: j.id,
    kind: j.kind,
    status: j.status,
    progress: Number(j.progress.toFixed(4)),
    params: j.params,
    result: j.result ?? null,
    error: j.error ?? null,
    attempts: j.attempts,
    created_at: j.createdAt.toISOString(),
    started_at: j.startedAt?.toISOString() ?? null,
    finished_at: j.finishedAt?.toISOString() ?? null,
  };
}
