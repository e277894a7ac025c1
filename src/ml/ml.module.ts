import { DynamicModule, Module } from '@nestjs/common';
import { mlConfig, type MlConfig } from '../config/ml.config';
import { OrdersModule } from '../orders/orders.module';
import { PortfoliosModule } from '../portfolios/portfolios.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { BacktestsController } from './backtest/backtests.controller';
import { BacktestsService } from './backtest/backtests.service';
import { EvaluationsService } from './forecast/evaluations.service';
import { ForecastService } from './forecast/forecast.service';
import { ModelRunner } from './forecast/model-runner';
import { ModelsService } from './forecast/models.service';
import { JobsModule } from './jobs/jobs.module';
import { MlController } from './ml.controller';
import { DeploymentsController } from './strategies/deployments.controller';
import { DeploymentsService } from './strategies/deployments.service';
import { FeedsService } from './sentiment/feeds/feeds.service';
import { NewsSourcesController } from './sentiment/news-sources.controller';
import { SentimentController } from './sentiment/sentiment.controller';
import { SentimentService } from './sentiment/sentiment.service';
import { StrategiesController } from './strategies/strategies.controller';
import { StrategiesService } from './strategies/strategies.service';
import { StrategyRunner } from './strategies/strategy-runner.service';

/**
 * Forecasting and its evaluations over `MarketDataService`/`CLOCK` (global market module), with the job runner
 * (BullMQ with REDIS_URL, in-process without) that later ML work (backtests, feeds) shares.
 */
@Module({})
export class MlModule {
  static forRoot(redisUrl: string | null): DynamicModule {
    return {
      module: MlModule,
      imports: [JobsModule.forRoot(redisUrl), RealtimeModule, OrdersModule, PortfoliosModule],
      controllers: [MlController, BacktestsController, StrategiesController, DeploymentsController, SentimentController, NewsSourcesController],
      providers: [
        { provide: ModelRunner, inject: [mlConfig.KEY], useFactory: (config: MlConfig) => new ModelRunner(config.workerThreads) },
        EvaluationsService,
        ForecastService,
        ModelsService,
        BacktestsService,
        StrategiesService,
        StrategyRunner,
        DeploymentsService,
        SentimentService,
        FeedsService,
      ],
      exports: [SentimentService],
    };
  }
}
