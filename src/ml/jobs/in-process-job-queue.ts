import { Logger, OnModuleDestroy } from '@nestjs/common';
import type { JobExecutor, JobQueue } from './job-queue';

/**
 * The queue without Redis: FIFO in this process, at most `concurrency` jobs at once, `attempts` tries with a
 * short backoff for unexpected failures. Jobs left queued or running by a stopped process are re-enqueued at start
 * (JobsService), so nothing waits forever.
 */
export class InProcessJobQueue implements JobQueue, OnModuleDestroy {
  private readonly logger = new Logger('MlJobs');
  private readonly waiting: string[] = [];
  private readonly queued = new Set<string>();
  private running = 0;
  private closed = false;
  private readonly idle = new Set<() => void>();

  constructor(
    private readonly execute: JobExecutor,
    private readonly concurrency: number,
    private readonly attempts: number,
    private readonly backoffMs = 500,
  ) {}

  enqueue(id: string): Promise<void> {
    if (this.closed || this.queued.has(id)) return Promise.resolve();
    this.queued.add(id);
    this.waiting.push(id);
    this.pump();
    return Promise.resolve();
  }

  onModuleDestroy(): Promise<void> {
    return this.close();
  }

  /** Stops taking jobs and waits for the running ones. */
  async close(): Promise<void> {
    this.closed = true;
    this.waiting.length = 0;
    if (this.running > 0) await new Promise<void>((resolve) => this.idle.add(resolve));
  }

  private pump(): void {
    while (!this.closed && this.running < this.concurrency && this.waiting.length > 0) {
      const id = this.waiting.shift() as string;
      this.running++;
      void this.runWithRetries(id).finally(() => {
        this.running--;
        this.queued.delete(id);
        if (this.running === 0) for (const resolve of this.idle) resolve();
        this.pump();
      });
    }
  }

  private async runWithRetries(id: string): Promise<void> {
    for (let n = 1; n <= this.attempts; n++) {
      try {
        await this.execute(id, { number: n, final: n === this.attempts });
        return;
      } catch (err) {
        this.logger.warn({ err: err instanceof Error ? err.message : String(err), job: id, attempt: n }, 'ml job attempt failed');
        if (this.closed) return;
        await new Promise((r) => setTimeout(r, this.backoffMs * n));
      }
    }
  }
}
