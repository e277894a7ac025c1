import { randomBytes } from 'node:crypto';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { ML_QUEUE } from '../src/ml/jobs/bull-job-queue';
import { AppError } from '../src/common/errors/app-error';
import { JobsService } from '../src/ml/jobs/jobs.service';
import { registerAndLogin, startTestApp, type TestApp } from './support/app';
import { createDatabase, type TestDatabase } from './support/database';

/*
 * The ML job runner, with both queues: in-process (no REDIS_URL) and BullMQ (REDIS_URL, two app instances on one
 * database and one queue). Test job kinds are registered on the apps' JobsService; the handlers share counters here
 * because both instances live in this process.
 */
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

interface Probe {
  runs: number;
  concurrent: number;
  maxConcurrent: number;
  failuresLeft: number;
}

function registerTestKinds(app: TestApp, probe: Probe, tag: string): void {
  const jobs = app.app.get(JobsService);
  jobs.register('test-steps', async (params, ctx) => {
    probe.runs++;
    probe.concurrent++;
    probe.maxConcurrent = Math.max(probe.maxConcurrent, probe.concurrent);
    try {
      const steps = Number(params.steps);
      for (let i = 1; i <= steps; i++) {
        await new Promise((r) => setTimeout(r, 60));
        await ctx.progress(i / steps);
      }
      return { sum: (steps * (steps + 1)) / 2, ran_on: tag };
    } finally {
      probe.concurrent--;
    }
  });
  jobs.register('test-flaky', async () => {
    probe.runs++;
    if (probe.failuresLeft-- > 0) throw new Error('worker lost (simulated)');
    return { ok: true };
  });
  jobs.register('test-refused', async () => {
    probe.runs++;
    throw new AppError('InsufficientHistory', 'Not enough closes (simulated)', { required: 60, available: 12 });
  });
}

async function poll(http: TestApp['http'], token: string, id: string, until: (b: { status: string }) => boolean, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  const seen: Array<{ status: string; progress: number }> = [];
  for (;;) {
    const res = await http.get(`/api/ml/jobs/${id}`).set('Authorization', `Bearer ${token}`).expect(200);
    seen.push({ status: res.body.status, progress: res.body.progress });
    if (until(res.body)) return { body: res.body, seen };
    if (Date.now() > deadline) throw new Error(`job ${id} still ${res.body.status}`);
    await new Promise((r) => setTimeout(r, 40));
  }
}

describe.each([
  ['in-process queue', false],
  ['BullMQ queue, two instances', true],
])('ML jobs (%s)', (_name, bull) => {
  jest.setTimeout(90_000);
  let db: TestDatabase;
  let a: TestApp;
  let b: TestApp;
  let owner: { access: string; userId: string };
  let other: { access: string };
  const probe: Probe = { runs: 0, concurrent: 0, maxConcurrent: 0, failuresLeft: 0 };

  beforeAll(async () => {
    db = await createDatabase('octopus_mljobs');
    const env = {
      DATABASE_URL: db.url,
      ML_JOB_ATTEMPTS: '3',
      ...(bull ? { REDIS_URL, ML_QUEUE_PREFIX: `octopus-test-${randomBytes(4).toString('hex')}` } : {}),
    };
    a = await startTestApp(env);
    b = bull ? await startTestApp(env) : a;
    registerTestKinds(a, probe, 'A');
    if (b !== a) registerTestKinds(b, probe, 'B');
    owner = await registerAndLogin(a.http);
    other = await registerAndLogin(a.http);
  });

  afterAll(async () => {
    if (bull && a) await a.app.get<Queue>(getQueueToken(ML_QUEUE)).obliterate({ force: true });
    await a?.close();
    if (b && b !== a) await b.close();
    await db?.drop();
  });

  beforeEach(() => Object.assign(probe, { runs: 0, concurrent: 0, maxConcurrent: 0, failuresLeft: 0 }));

  it('reports progress while it runs and its result when done, to its owner only (on any instance)', async () => {
    const job = await a.app.get(JobsService).create(owner.userId, 'test-steps', { steps: 8 });
    const { body, seen } = await poll(b.http, owner.access, job.id, (j) => j.status === 'completed');
    expect(body).toMatchObject({ id: job.id, kind: 'test-steps', status: 'completed', progress: 1, attempts: 1, error: null });
    expect((body.result as { sum: number }).sum).toBe(36);
    expect(typeof body.finished_at).toBe('string');
    // Progress was visible in between, and never went backwards.
    const partial = seen.filter((s) => s.status === 'running' && s.progress > 0 && s.progress < 1);
    expect(partial.length).toBeGreaterThan(0);
    const ps = seen.map((s) => s.progress);
    expect(ps).toEqual([...ps].sort((x, y) => x - y));
    // Someone else's job, a missing one and a malformed id are all 404.
    await b.http.get(`/api/ml/jobs/${job.id}`).set('Authorization', `Bearer ${other.access}`).expect(404);
    await a.http.get('/api/ml/jobs/00000000-0000-4000-8000-000000000000').set('Authorization', `Bearer ${owner.access}`).expect(404);
    await a.http.get('/api/ml/jobs/not-a-uuid').set('Authorization', `Bearer ${owner.access}`).expect(404);
    await a.http.get(`/api/ml/jobs/${job.id}`).expect(401);
  });

  it('retries a job whose run fails unexpectedly, and completes it', async () => {
    probe.failuresLeft = 2;
    const job = await a.app.get(JobsService).create(owner.userId, 'test-flaky', {});
    const { body } = await poll(a.http, owner.access, job.id, (j) => j.status !== 'queued' && j.status !== 'running');
    expect(body).toMatchObject({ status: 'completed', attempts: 3, result: { ok: true } });
    expect(probe.runs).toBe(3);
  });

  it('fails a job after its last attempt with an InternalError body, not a made-up result', async () => {
    probe.failuresLeft = 10;
    const job = await a.app.get(JobsService).create(owner.userId, 'test-flaky', {});
    const { body } = await poll(a.http, owner.access, job.id, (j) => j.status === 'failed');
    expect(body).toMatchObject({ status: 'failed', attempts: 3, result: null, error: { error: 'InternalError' } });
  });

  it('fails at once, with the error body, when the job is refused (a domain error is not retried)', async () => {
    const job = await a.app.get(JobsService).create(owner.userId, 'test-refused', {});
    const { body } = await poll(a.http, owner.access, job.id, (j) => j.status === 'failed');
    expect(body.error).toEqual({ error: 'InsufficientHistory', message: 'Not enough closes (simulated)', details: { required: 60, available: 12 } });
    expect(body.attempts).toBe(1);
    expect(probe.runs).toBe(1);
  });

  it('never runs a job twice, even when its id is enqueued again on both instances', async () => {
    const jobs = a.app.get(JobsService);
    const job = await jobs.create(owner.userId, 'test-steps', { steps: 6 });
    // Redeliveries: the same id pushed again through each instance's queue while it runs.
    const queueOf = (t: TestApp) => (t.app.get(JobsService) as unknown as { queue: { enqueue(id: string): Promise<void> } }).queue;
    await Promise.all([queueOf(a).enqueue(job.id), queueOf(b).enqueue(job.id)]);
    await poll(a.http, owner.access, job.id, (j) => j.status === 'completed');
    await new Promise((r) => setTimeout(r, 300));
    expect(probe.runs).toBe(1);
    expect(probe.maxConcurrent).toBe(1);
  });

  it('picks up, at start, a job a stopped process left running', async () => {
    if (bull) return; // BullMQ recovers its own stalled jobs (lock expiry); this is the in-process queue's recovery
    const pg = a.app.get(DataSource);
    const params = { symbol: 'AAPL', lookback: '1y', models: ['naive'], report: ['naive'], horizon: 5, version: 'left-behind' };
    const [row] = await pg.query(
      `INSERT INTO ml_jobs (user_id, kind, params, status, attempts, started_at, updated_at)
       VALUES ($1, 'evaluation', $2, 'running', 1, now() - interval '10 minutes', now() - interval '10 minutes') RETURNING id`,
      [owner.userId, JSON.stringify(params)],
    );
    const restarted = await startTestApp({ DATABASE_URL: db.url });
    try {
      const { body } = await poll(restarted.http, owner.access, row.id, (j) => j.status === 'completed' || j.status === 'failed', 30_000);
      expect(body.status).toBe('completed');
      expect(body.attempts).toBe(2);
      expect((body.result as { models: Array<{ model: string; relative_mase: number }> }).models).toMatchObject([{ model: 'naive', relative_mase: 1 }]);
    } finally {
      await restarted.close();
    }
  });
});
