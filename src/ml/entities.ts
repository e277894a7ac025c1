import { Backtest } from './backtest/entities/backtest.entity';
import { MlEvaluation } from './forecast/entities/ml-evaluation.entity';
import { NewsItem } from './sentiment/entities/news-item.entity';
import { NewsSource } from './sentiment/entities/news-source.entity';
import { MlJob } from './jobs/entities/ml-job.entity';
import { Strategy } from './strategies/entities/strategy.entity';
import { StrategyDecision } from './strategies/entities/strategy-decision.entity';
import { StrategyDeployment } from './strategies/entities/strategy-deployment.entity';
import { StrategyVersion } from './strategies/entities/strategy-version.entity';

/** The ml module's entities, spread into src/database/entities.ts. */
export const ML_ENTITIES = [MlJob, MlEvaluation, Backtest, Strategy, StrategyVersion, StrategyDeployment, StrategyDecision, NewsItem, NewsSource];
