import { ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ensureBuild } from '../bench/orders-server';
import { ML_QUEUE } from '../src/ml/jobs/bull-job-queue';
import { JobsService } from '../src/ml/jobs/jobs.service';
import { baseTestEnv, registerAndLogin, startTestApp, type TestApp } from './support/app';
import { createDatabase, type TestDatabase } from './support/database';

/*
 * A BullMQ worker that dies mid-job. An app instance in a child process (test/support/ml-job-process.js, built
 * from dist/) takes a job and holds it, reporting progress, until the test SIGKILLs the process: no graceful close,
 * no lock released, the ml_jobs row left `running`. A second instance (in this process) must leave the job alone
 * while the lock is renewed, then, once the dead worker's lock has expired, get it back through BullMQ's
 * stalled-job check and complete it: once, with one result. ML_JOB_LOCK_MS makes the lock 2 s instead of 30 s.
 */
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const LOCK_MS = 2000;

type Message = { type: 'ready'; url: string } | { type: 'created'; id: string } | { type: 'running'; id: string } | { type: 'error'; message: string };

/** The child instance, with every IPC message it sent so far (so none is missed between two waits). */
interface Instance {
  proc: ChildProcess;
  messages: Message[];
  output: string[];
  exited: Promise<void>;
  next<T extends Message['type']>(type: T, timeoutMs?: number): Promise<Extract<Message, { type: T }>>;
}

function startInstance(env: Record<string, string>): Instance {
  const childEnv: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, TZ: 'UTC', NODE_ENV: 'test' };
  for (const [k, v] of Object.entries({ ...baseTestEnv(), ...env })) if (v !== undefined) childEnv[k] = v;
  const proc = fork(join(__dirname, 'support', 'ml-job-process.js'), [], { env: childEnv, execArgv: [], stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  const messages: Message[] = [];
  const output: string[] = [];
  proc.on('message', (m) => messages.push(m as Message));
  proc.stdout?.on('data', (c: Buffer) => output.push(c.toString('utf8')));
  proc.stderr?.on('data', (c: Buffer) => output.push(c.toString('utf8')));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const next = async <T extends Message['type']>(type: T, timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const error = messages.find((m) => m.type === 'error');
      if (error?.type === 'error') throw new Error(`ml-job-process: ${error.message}`);
      const found = messages.find((m) => m.type === type);
      if (found) return found as Extract<Message, { type: T }>;
      if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`ml-job-process exited before "${type}":\n${output.join('')}`);
      if (Date.now() > deadline) throw new Error(`no "${type}" from ml-job-process within ${timeoutMs} ms:\n${output.join('')}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return { proc, messages, output, exited, next };
}

describe('ML jobs: a BullMQ worker lost mid-job (e2e)', () => {
  let db: TestDatabase;
  let doomed: Instance | undefined;
  let survivor: TestApp | undefined;

  beforeAll(async () => {
    ensureBuild();
    db = await createDatabase('octopus_mlcrash');
  }, 180_000);

  afterAll(async () => {
    if (doomed && doomed.proc.exitCode === null && doomed.proc.signalCode === null) {
      doomed.proc.kill('SIGKILL');
      await doomed.exited;
    }
    if (survivor) {
      await survivor.app.get<Queue>(getQueueToken(ML_QUEUE)).obliterate({ force: true });
      await survivor.close();
    }
    await db?.drop();
  });

  it("runs the job again once the dead worker's lock has expired, and completes it exactly once", async () => {
    const env = { DATABASE_URL: db.url, REDIS_URL, ML_QUEUE_PREFIX: `octopus-test-${randomBytes(4).toString('hex')}`, ML_JOB_LOCK_MS: String(LOCK_MS) };
    doomed = startInstance(env);
    const { url } = await doomed.next('ready');
    const owner = await registerAndLogin(request(url));
    doomed.proc.send({ type: 'create', userId: owner.userId, kind: 'test-hang', params: { n: 7 } });
    const { id } = await doomed.next('created');
    expect((await doomed.next('running')).id).toBe(id);

    // The second instance: same database and queue, a worker of its own, the same kind with a handler that finishes.
    survivor = await startTestApp(env);
    const runs: string[] = [];
    survivor.app.get(JobsService).register('test-hang', async (params, ctx) => {
      runs.push(ctx.jobId);
      await ctx.progress(0.5);
      const n = Number(params.n);
      return { sum: (n * (n + 1)) / 2 };
    });
    const pg = survivor.app.get(DataSource);
    const row = async () =>
      (await pg.query(`SELECT status, attempts, progress, result, error FROM ml_jobs WHERE id = $1`, [id]))[0] as Record<string, unknown>;

    // While the worker lives it renews its lock: the job stays with it (longer than one lock duration).
    await new Promise((r) => setTimeout(r, LOCK_MS + 500));
    expect(await row()).toMatchObject({ status: 'running', attempts: 1, progress: 0.5 });
    expect(runs).toEqual([]);

    // The worker dies mid-job.
    const killedAt = Date.now();
    doomed.proc.kill('SIGKILL');
    await doomed.exited;

    const deadline = killedAt + 8 * LOCK_MS;
    let body: Record<string, unknown>;
    for (;;) {
      body = (await survivor.http.get(`/api/ml/jobs/${id}`).set('Authorization', `Bearer ${owner.access}`).expect(200)).body;
      if (body.status !== 'running' || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const recoveredMs = Date.now() - killedAt;
    expect(body).toMatchObject({ id, status: 'completed', progress: 1, attempts: 2, result: { sum: 28 }, error: null });
    // Lock expiry plus at most two stalled checks, each ML_JOB_LOCK_MS (with BullMQ's defaults: 30 s and more).
    expect(recoveredMs).toBeLessThan(3 * LOCK_MS + 1500);

    // Nothing runs it again: one run on the survivor, one result; BullMQ started it twice (the second time after
    // recovering it as stalled) and finished it once.
    await new Promise((r) => setTimeout(r, LOCK_MS + 500));
    expect(runs).toEqual([id]);
    expect(await row()).toMatchObject({ status: 'completed', attempts: 2, result: { sum: 28 } });
    const job = await survivor.app.get<Queue>(getQueueToken(ML_QUEUE)).getJob(id);
    expect(await job?.getState()).toBe('completed');
    expect(job).toMatchObject({ attemptsStarted: 2, stalledCounter: 1, attemptsMade: 1 });
  }, 40_000);
});
