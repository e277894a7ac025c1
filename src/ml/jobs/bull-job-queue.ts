import { InjectQueue, OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Injectable, OnModuleDestroy, type Type } from '@nestjs/common';
import type { Job, Queue, WorkerOptions } from 'bullmq';
import { mlConfig, type MlConfig } from '../../config/ml.config';
import type { JobQueue } from './job-queue';
import { JobsService } from './jobs.service';

export const ML_QUEUE = 'ml-jobs';

/**
 * The queue with REDIS_URL: any instance's worker takes a job; BullMQ's lock keeps one job on one worker at a time,
 * a worker that dies loses its lock and the job is retried elsewhere (stalled-job recovery), up to `jobAttempts`.
 * The BullMQ job id is the ml_jobs id, so enqueuing twice is a no-op.
 */
@Injectable()
export class BullJobQueue implements JobQueue {
  constructor(
    @InjectQueue(ML_QUEUE) private readonly queue: Queue,
    @Inject(mlConfig.KEY) private readonly config: MlConfig,
  ) {}

  async enqueue(id: string): Promise<void> {
    await this.queue.add('run', { id }, {
      jobId: id,
      attempts: this.config.jobAttempts,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: { age: 24 * 3600, count: 1000 },
      removeOnFail: { age: 7 * 24 * 3600, count: 1000 },
    });
  }
}

@Injectable()
export class MlJobsProcessor extends WorkerHost implements OnModuleDestroy {
  constructor(private readonly jobs: JobsService) {
    super();
  }

  /**
   * A graceful close waits for Redis forever when it is down (the app would never stop), so a worker that cannot
   * reach Redis is closed by force; its running jobs, if any, are retried by BullMQ once their locks expire.
   */
  async onModuleDestroy(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const ready = await Promise.race([
      this.worker.waitUntilReady().then(() => true, () => false),
      new Promise<boolean>((r) => (timer = setTimeout(() => r(false), 500))),
    ]);
    clearTimeout(timer);
    await this.worker.close(!ready);
  }

  /**
   * Every start of the job is a try: a retry after an error (attemptsMade counts those) or a redelivery after its
   * worker was lost (a stall, which only attemptsStarted counts). Either way the run takes back the job its earlier
   * try left `running`.
   */
  async process(job: Job<{ id: string }>): Promise<void> {
    const number = Math.max(job.attemptsStarted, job.attemptsMade + 1);
    await this.jobs.execute(job.data.id, { number, final: number >= (job.opts.attempts ?? 1) });
  }

  /**
   * BullMQ fails a job by itself, without running it, when it stalled more than maxStalledCount times (the worker of
   * its last allowed try was lost too): the row would stay `running`, so it is failed here.
   */
  @OnWorkerEvent('failed')
  async onFailed(job: Job<{ id: string }> | undefined, err: Error): Promise<void> {
    if (!job || err.name !== 'UnrecoverableError') return;
    await this.jobs.abandon(job.data.id, `The job's worker was lost ${job.stalledCounter} time(s), more than its attempts allow`);
  }
}

/**
 * The BullMQ worker's settings. @nestjs/bullmq reads them from the processor class's decorator, so each app gets a
 * class of its own (`mlJobsProcessor`) carrying its configuration.
 */
export function mlWorkerOptions(config: MlConfig): Pick<WorkerOptions, 'concurrency' | 'lockDuration' | 'stalledInterval' | 'maxStalledCount'> {
  return {
    concurrency: config.jobConcurrency,
    // A worker renews its lock every lockDuration / 2. Once a dead worker's lock has expired, a stalled check (every
    // stalledInterval, by any worker) that finds the job still active without a lock moves it back to waiting; it is
    // the second check to see it, so the job runs again within lockDuration + 2 × stalledInterval.
    lockDuration: config.jobLockMs,
    stalledInterval: config.jobLockMs,
    // A lost worker uses up a try like a failure does: the last allowed try's loss fails the job (onFailed).
    maxStalledCount: config.jobAttempts - 1,
  };
}

/** The ML jobs processor class for one app, with that app's worker settings (see `mlWorkerOptions`). */
export function mlJobsProcessor(config: MlConfig): Type<MlJobsProcessor> {
  @Processor(ML_QUEUE, mlWorkerOptions(config))
  class ConfiguredMlJobsProcessor extends MlJobsProcessor {}
  return ConfiguredMlJobsProcessor;
}
