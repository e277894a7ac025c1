import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { appConfig, type AppConfig } from '../../config/app.config';
import { loadMlConfig, mlConfig, type MlConfig } from '../../config/ml.config';
import { BullJobQueue, ML_QUEUE, mlJobsProcessor } from './bull-job-queue';
import { InProcessJobQueue } from './in-process-job-queue';
import { JOB_QUEUE } from './job-queue';
import { JobsService } from './jobs.service';

/** The job runner: BullMQ queues with REDIS_URL (read when the app is created), an in-process queue without. */
@Module({})
export class JobsModule {
  static forRoot(redisUrl: string | null): DynamicModule {
    if (redisUrl) {
      return {
        module: JobsModule,
        imports: [
          BullModule.forRootAsync({
            inject: [appConfig.KEY, mlConfig.KEY],
            useFactory: (app: AppConfig, ml: MlConfig) => ({
              connection: { url: app.redisUrl ?? undefined, maxRetriesPerRequest: null, connectionName: 'octopus-ml-jobs' },
              prefix: ml.queuePrefix,
            }),
          }),
          BullModule.registerQueue({ name: ML_QUEUE }),
        ],
        // The worker's settings (lock duration, concurrency) are read here, with the app: @nestjs/bullmq takes them
        // from the processor class, not from a provider.
        providers: [JobsService, mlJobsProcessor(loadMlConfig(process.env)), { provide: JOB_QUEUE, useClass: BullJobQueue }],
        exports: [JobsService],
      };
    }
    return {
      module: JobsModule,
      providers: [
        JobsService,
        {
          provide: JOB_QUEUE,
          inject: [ModuleRef, mlConfig.KEY],
          useFactory: (refs: ModuleRef, config: MlConfig) =>
            new InProcessJobQueue((id, attempt) => refs.get(JobsService).execute(id, attempt), config.jobConcurrency, config.jobAttempts),
        },
      ],
      exports: [JobsService],
    };
  }
}
