import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, LessThan } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { AppError, NotFoundError } from '../../common/errors/app-error';
import { mlJobs, onScrape } from '../../common/metrics/metrics';
import { MlJob } from './entities/ml-job.entity';
import { JOB_QUEUE, type JobQueue } from './job-queue';

export interface JobContext {
  jobId: string;
  userId: string;
  /** Reports the share done, 0–1 (stored on the job; readers see it at GET /api/ml/jobs/{id}). */
  progress(done: number): Promise<void>;
}

export type JobHandler = (params: Record<string, unknown>, ctx: JobContext) => Promise<unknown>;

/** A running job whose row has not moved for this long is taken to be orphaned (its process stopped). */
const ORPHANED_AFTER_MS = 2 * 60_000;
const PROGRESS_EVERY_MS = 250;

/**
 * Jobs: the ml_jobs row is the state (owner, status, progress, result or error) every instance reads; the queue
 * carries ids to a worker, which runs the handler registered for the job's kind. A domain error (AppError) fails
 * the job with its error body at once; anything else is retried by the queue until the last attempt.
 */
@Injectable()
export class JobsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('MlJobs');
  private readonly handlers = new Map<string, JobHandler>();
  private readonly stopMetrics = onScrape(async () => {
    const rows: Array<{ status: string; n: string }> = await this.db.query(
      `SELECT status, count(*) AS n FROM ml_jobs WHERE status IN ('queued', 'running') GROUP BY status`,
    );
    for (const status of ['queued', 'running']) mlJobs.set({ status }, Number(rows.find((r) => r.status === status)?.n ?? 0));
  });

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
  ) {}

  onModuleDestroy(): void {
    this.stopMetrics();
  }

  register(kind: string, handler: JobHandler): void {
    this.handlers.set(kind, handler);
  }

  async create(userId: string, kind: string, params: Record<string, unknown>): Promise<MlJob> {
    const job = await this.db.getRepository(MlJob).save({ userId, kind, params, status: 'queued', progress: 0 });
    await this.queue.enqueue(job.id);
    return job;
  }

  /** The caller's job, or 404 (someone else's job is indistinguishable from a missing one). */
  async get(userId: string, id: string): Promise<MlJob> {
    const job = await this.db.getRepository(MlJob).findOneBy({ id, userId });
    if (!job) throw new NotFoundError('Job');
    return job;
  }

  /** Polls the row until the job finishes or `timeoutMs` passes (works whichever instance runs it). */
  async waitFor(id: string, timeoutMs: number): Promise<MlJob | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const job = await this.db.getRepository(MlJob).findOneBy({ id });
      if (!job || job.status === 'completed' || job.status === 'failed') return job;
      if (Date.now() >= deadline) return null;
      await new Promise((r) => setTimeout(r, Math.min(200, Math.max(1, deadline - Date.now()))));
    }
  }

  /**
   * The queue's callback: claims the job, runs its handler, stores the result or the error. The claim counts the
   * attempt, and that count is the claim's token: progress, the result and the error are written only while the
   * row still carries it, so when a run is taken over (its worker lost its lock and another got the job back) only
   * the newest run finishes the job, and it finishes once.
   */
  async execute(id: string, attempt: { number: number; final: boolean }): Promise<void> {
    const repo = this.db.getRepository(MlJob);
    const claimed = await repo
      .createQueryBuilder()
      .update()
      .set({ status: 'running', attempts: () => 'attempts + 1', startedAt: () => 'coalesce(started_at, now())' })
      // A first attempt takes a queued job, or a running one whose process stopped; a retry (after an error, or a
      // redelivery after its worker was lost) takes its own job back.
      .where(`id = :id AND (status = 'queued' OR (status = 'running' AND (:retry OR updated_at < :stale)))`, {
        id,
        retry: attempt.number > 1,
        stale: new Date(Date.now() - ORPHANED_AFTER_MS),
      })
      .returning('*')
      .execute();
    const row = (claimed.raw as Array<Record<string, unknown>>)[0];
    if (!row) return; // finished already (a redelivery), running elsewhere, or deleted
    const job = { id, userId: row.user_id as string, kind: row.kind as string, params: row.params as Record<string, unknown> };
    const mine = { id, status: 'running' as const, attempts: row.attempts as number };
    const handler = this.handlers.get(job.kind);
    if (!handler) {
      await this.finish(mine, { status: 'failed', error: { error: 'InternalError', message: `No handler for jobs of kind ${job.kind}`, details: null } });
      return;
    }
    let reported = 0;
    let lastWrite = 0;
    const ctx: JobContext = {
      jobId: id,
      userId: job.userId,
      progress: async (done) => {
        const p = Math.min(1, Math.max(0, done));
        if (p <= reported || (Date.now() - lastWrite < PROGRESS_EVERY_MS && p < 1)) return;
        reported = p;
        lastWrite = Date.now();
        await repo.update(mine, { progress: p });
      },
    };
    try {
      const result = await handler(job.params, ctx);
      await this.finish(mine, { status: 'completed', progress: 1, result: result as object, error: null });
    } catch (err) {
      if (err instanceof AppError) {
        await this.finish(mine, { status: 'failed', error: { error: err.errorName, message: err.message, details: err.details } });
        return;
      }
      this.logger.error({ err: err instanceof Error ? err.stack : String(err), job: id, attempt: attempt.number }, 'ml job failed');
      if (!attempt.final) throw err;
      await this.finish(mine, { status: 'failed', error: { error: 'InternalError', message: `The job failed after ${attempt.number} attempt(s)`, details: null } });
    }
  }

  /** Fails a job the queue gave up on without running it (its last try's worker was lost), unless it finished. */
  async abandon(id: string, message: string): Promise<void> {
    await this.db
      .getRepository(MlJob)
      .update({ id, status: In(['queued', 'running']) }, { status: 'failed', error: { error: 'InternalError', message, details: null }, finishedAt: () => 'now()' });
  }

  /**
   * Re-enqueues what a stopped process left behind: queued jobs, and running ones whose row has not moved for two
   * minutes. With BullMQ the queue itself survives restarts; enqueueing an id it holds is a no-op.
   */
  async onApplicationBootstrap(): Promise<void> {
    const repo = this.db.getRepository(MlJob);
    const stale = new Date(Date.now() - ORPHANED_AFTER_MS);
    const orphans = [
      ...(await repo.find({ where: { status: 'queued' }, select: { id: true }, take: 1000 })),
      ...(await repo.find({ where: { status: 'running', updatedAt: LessThan(stale) }, select: { id: true }, take: 1000 })),
    ];
    for (const { id } of orphans) await this.queue.enqueue(id);
    if (orphans.length) this.logger.log(`re-enqueued ${orphans.length} unfinished ml job(s)`);
  }

  /** Stores how the claimed run ended, if the claim still holds (else a newer run owns the job: this one is dropped). */
  private async finish(
    claim: { id: string; status: 'running'; attempts: number },
    end: { status: 'completed' | 'failed'; progress?: number; result?: object; error: MlJob['error'] },
  ): Promise<void> {
    const { affected } = await this.db
      .getRepository(MlJob)
      .update(claim, { ...end, error: end.error as QueryDeepPartialEntity<MlJob>['error'], finishedAt: () => 'now()' });
    if (affected === 0) this.logger.warn({ job: claim.id, attempt: claim.attempts }, 'ml job run superseded by a newer attempt; its outcome is dropped');
  }
}
