import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
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

@Processor(ML_QUEUE)
export class MlJobsProcessor extends WorkerHost implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(
    private readonly jobs: JobsService,
    @Inject(mlConfig.KEY) private readonly config: MlConfig,
  ) {
    super();
  }

  /** After every onModuleInit: the explorer has created the worker by then. */
  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.jobConcurrency;
  }

  /**
   * A graceful close waits for Redis forever when it is down (the app would never stop), so a worker that cannot
   * reach Redis is closed by force; its running jobs, if any, are retried by BullMQ once their locks expire.
   */
  async onModuleDestroy(): Promise<void> {
    const ready = await Promise.race([this.worker.waitUntilReady().then(() => true, () => false), new Promise<boolean>((r) => setTimeout(() => r(false), 500))]);
    await this.worker.close(!ready);
  }

  async process(job: Job<{ id: string }>): Promise<void> {
    const number = job.attemptsMade + 1;
    await this.jobs.execute(job.data.id, { number, final: number >= (job.opts.attempts ?? 1) });
  }
}
