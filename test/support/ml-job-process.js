// An app instance in a process of its own, built from dist/ (see ensureBuild), for test/ml-worker-crash.e2e-spec.ts:
// it runs the real ML job runner (BullMQ with REDIS_URL) with a job kind that reports progress and then never
// finishes, so the test can kill the process while its worker holds the job. It talks to the test over IPC:
//   → { type: 'ready', url }                 the HTTP server listens at url
//   ← { type: 'create', userId, kind, params } → { type: 'created', id }   (JobsService.create, as the API does)
//   → { type: 'running', id }                a 'test-hang' job is running here (claimed, its lock held)
require('reflect-metadata');
const { createApp } = require('../../dist/src/app.setup');
const { JobsService } = require('../../dist/src/ml/jobs/jobs.service');

async function main() {
  const app = await createApp({ logger: false });
  await app.listen(0, '127.0.0.1');
  const jobs = app.get(JobsService);
  jobs.register('test-hang', async (_params, ctx) => {
    await ctx.progress(0.5);
    process.send({ type: 'running', id: ctx.jobId });
    // Never settles: the worker renews the job's lock for as long as this process lives.
    await new Promise(() => undefined);
  });
  process.on('message', (m) => {
    if (m.type !== 'create') return;
    jobs.create(m.userId, m.kind, m.params).then(
      (job) => process.send({ type: 'created', id: job.id }),
      (err) => process.send({ type: 'error', message: String(err && err.stack ? err.stack : err) }),
    );
  });
  process.send({ type: 'ready', url: await app.getUrl() });
}

main().catch((err) => {
  process.stderr.write(`ml-job-process failed: ${err && err.stack ? err.stack : err}\n`);
  process.exit(1);
});
