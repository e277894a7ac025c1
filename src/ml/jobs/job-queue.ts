/** Where job ids wait for a worker: BullMQ with REDIS_URL, in-process otherwise. */
export interface JobQueue {
  enqueue(id: string): Promise<void>;
}

export const JOB_QUEUE = Symbol('JOB_QUEUE');

/** Runs one job; `final` is true on its last allowed attempt (after it, an unexpected error fails the job). */
export type JobExecutor = (id: string, attempt: { number: number; final: boolean }) => Promise<void>;
