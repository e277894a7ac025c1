import { Backtest } from './backtest/entities/backtest.entity';
import { MlEvaluation } from './forecast/entities/ml-evaluation.entity';
import { MlJob } from './jobs/entities/ml-job.entity';

/** The ml module's entities, spread into src/database/entities.ts. */
export const ML_ENTITIES = [MlJob, MlEvaluation, Backtest];
