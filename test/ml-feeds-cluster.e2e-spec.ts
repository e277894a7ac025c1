import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { ML_QUEUE } from '../src/ml/jobs/bull-job-queue';
import { registerAndLogin, startTestApp, type TestApp, uniqueEmail } from './support/app';
import { createDatabase, type TestDatabase } from './support/database';
import { startFeedServer } from './support/feed-server';

/*
 * Two instances with Redis (BullMQ) and one database poll the same sources: each due poll runs once, a second
 * "poll now" while one runs is 409 on either instance, and no story is stored twice.
 */

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('ML feed polling on two instances with Redis (e2e)', () => {
  jest.setTimeout(60_000);
  let db: TestDatabase;
  let a: TestApp;
  let b: TestApp;
  let pg: Client;
  let srv: Awaited<ReturnType<typeof startFeedServer>>;
  let token: string;
  const ADMIN = uniqueEmail('feeds-cluster');

  beforeAll(async () => {
    srv = await startFeedServer();
    db = await createDatabase('octopus_feeds');
    const env = { DATABASE_URL: db.url, REDIS_URL, ML_QUEUE_PREFIX: `octopus-test-${randomBytes(4).toString('hex')}`, ADMIN_EMAILS: ADMIN, FEED_ALLOW_PRIVATE_NETWORKS: 'true', FEED_TICK_MS: '50' };
    a = await startTestApp(env);
    b = await startTestApp(env);
    token = (await registerAndLogin(a.http, ADMIN)).access;
    pg = new Client({ connectionString: db.url });
    await pg.connect();
  });

  afterAll(async () => {
    await pg?.end();
    if (a) await a.app.get<Queue>(getQueueToken(ML_QUEUE)).obliterate({ force: true });
    await a?.close();
    await b?.close();
    await srv?.close();
    await db?.drop();
  });

  const auth = () => ({ Authorization: `Bearer ${token}` });

  it('each due poll runs once across both instances, and every story is stored once', async () => {
    const sources = [];
    for (const path of ['/slow-rss', '/rss', '/atom']) sources.push((await a.http.post('/api/ml/sources').set(auth()).send({ url: `${srv.base}${path}`, poll_seconds: 60 }).expect(201)).body.id as string);
    const deadline = Date.now() + 15_000;
    for (;;) {
      const { rows } = await pg.query(`SELECT count(*)::int AS n FROM news_sources WHERE last_polled_at IS NOT NULL AND polling_until IS NULL`);
      if (rows[0].n === 3 || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, 500)); // ~10 more ticks on each instance: none may poll again
    expect([srv.hits['/slow-rss'], srv.hits['/rss'], srv.hits['/atom']]).toEqual([1, 1, 1]);
    const { rows: jobs } = await pg.query(`SELECT count(*)::int AS n FROM ml_jobs WHERE kind = 'feed-poll' AND status = 'completed'`);
    expect(jobs[0].n).toBe(3);
    // /rss and /slow-rss serve the same stories from one host: stored once (3), plus the 2 Atom posts.
    const { rows: items } = await pg.query(`SELECT count(*)::int AS n, count(DISTINCT content_hash)::int AS d FROM news_items`);
    expect(items[0]).toEqual({ n: 5, d: 5 });

    // "Poll now" on both instances at once: one gets the lease, the other a 409.
    const [ra, rb] = await Promise.all([a.http.post(`/api/ml/sources/${sources[0]}/poll`).set(auth()), b.http.post(`/api/ml/sources/${sources[0]}/poll`).set(auth())]);
    expect([ra.status, rb.status].sort()).toEqual([202, 409]);
    const job = (ra.status === 202 ? ra : rb).body.id as string;
    const end = Date.now() + 10_000;
    let status = '';
    while (Date.now() < end) {
      status = (await b.http.get(`/api/ml/jobs/${job}`).set(auth()).expect(200)).body.status;
      if (status === 'completed') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(status).toBe('completed');
    expect(srv.hits['/slow-rss']).toBe(2);
    const { rows: after } = await pg.query(`SELECT count(*)::int AS n FROM news_items`);
    expect(after[0].n).toBe(5);
  });
});
