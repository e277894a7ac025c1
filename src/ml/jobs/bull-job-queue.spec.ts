import { type Job, UnrecoverableError } from 'bullmq';
import { loadMlConfig } from '../../config/ml.config';
import { MlJobsProcessor, mlWorkerOptions } from './bull-job-queue';
import type { JobsService } from './jobs.service';

/** A BullMQ job as the worker hands it over: counters from Redis, attempts from the job's options. */
const job = (counters: { attemptsStarted: number; attemptsMade: number; stalledCounter?: number }, attempts = 3) =>
  ({ data: { id: 'job-1' }, opts: { attempts }, stalledCounter: 0, ...counters }) as unknown as Job<{ id: string }>;

describe('MlJobsProcessor (BullMQ)', () => {
  const calls: Array<[string, ...unknown[]]> = [];
  const jobs = {
    execute: async (id: string, attempt: unknown) => void calls.push(['execute', id, attempt]),
    abandon: async (id: string, message: string) => void calls.push(['abandon', id, message]),
  } as unknown as JobsService;
  const processor = new MlJobsProcessor(jobs);
  beforeEach(() => (calls.length = 0));

  it('takes its lock duration, stalled interval and stall limit from ML_JOB_LOCK_MS and ML_JOB_ATTEMPTS', () => {
    expect(mlWorkerOptions(loadMlConfig({}))).toEqual({ concurrency: 1, lockDuration: 30_000, stalledInterval: 30_000, maxStalledCount: 2 });
    expect(mlWorkerOptions(loadMlConfig({ ML_JOB_LOCK_MS: '2000', ML_JOB_ATTEMPTS: '1', ML_JOB_CONCURRENCY: '4' }))).toEqual({
      concurrency: 4,
      lockDuration: 2000,
      stalledInterval: 2000,
      maxStalledCount: 0,
    });
  });

  it.each([
    ['a first start', { attemptsStarted: 1, attemptsMade: 0 }, { number: 1, final: false }],
    ['a redelivery after its worker was lost (stalled)', { attemptsStarted: 2, attemptsMade: 0, stalledCounter: 1 }, { number: 2, final: false }],
    ['a retry after an error', { attemptsStarted: 2, attemptsMade: 1 }, { number: 2, final: false }],
    ['the last try, after a stall and an error', { attemptsStarted: 3, attemptsMade: 1, stalledCounter: 1 }, { number: 3, final: true }],
  ])('counts every start as a try: %s', async (_name, counters, attempt) => {
    await processor.process(job(counters));
    expect(calls).toEqual([['execute', 'job-1', attempt]]);
  });

  it('fails the row when BullMQ gives the job up for stalling too often, and only then', async () => {
    await processor.onFailed(job({ attemptsStarted: 4, attemptsMade: 0, stalledCounter: 3 }), new UnrecoverableError('job stalled more than allowable limit'));
    expect(calls).toEqual([['abandon', 'job-1', "The job's worker was lost 3 time(s), more than its attempts allow"]]);
    calls.length = 0;
    // An error the handler threw: JobsService has stored it (last try) or BullMQ retries it.
    await processor.onFailed(job({ attemptsStarted: 1, attemptsMade: 1 }), new Error('boom'));
    await processor.onFailed(undefined, new UnrecoverableError('x'));
    expect(calls).toEqual([]);
  });
});
