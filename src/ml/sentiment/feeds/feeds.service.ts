import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ConflictError, NotFoundError } from '../../../common/errors/app-error';
import { mlConfig, type MlConfig } from '../../../config/ml.config';
import type { MlJob } from '../../jobs/entities/ml-job.entity';
import { JobsService } from '../../jobs/jobs.service';
import { parseFeed } from '../domain/feed-parse';
import { NewsSource } from '../entities/news-source.entity';
import { SentimentService } from '../sentiment.service';
import { fetchFeed } from './feed-fetcher';

export const FEED_POLL_JOB = 'feed-poll';
const MAX_REDIRECTS = 3;

export interface CreateSourceInput {
  url: string;
  kind?: 'news' | 'social';
  poll_seconds?: number;
  symbols?: string[];
  weight?: number;
}

export interface PollResult {
  source_id: string;
  status: 'ok' | 'not_modified' | 'failed';
  entries: number;
  inserted: number;
  duplicate: number;
  rejected: number;
  error: string | null;
}

/** Next wait after `failures` consecutive failures: the poll period doubled per failure, capped. */
export function backoffSeconds(pollSeconds: number, failures: number, maxSeconds: number): number {
  return Math.min(maxSeconds, pollSeconds * 2 ** Math.min(failures, 30));
}

/**
 * RSS/Atom sources. Each instance looks for due sources every FEED_TICK_MS and takes a lease on them with one
 * conditional UPDATE (so one instance polls a source at a time, whatever the queue), then runs the poll as a
 * `feed-poll` job on the ML job runner (BullMQ with REDIS_URL, in-process without). A poll fetches with the stored
 * ETag / Last-Modified, parses, and ingests the entries like POST /api/ml/news (deduplicated by the table's unique
 * keys, so instances racing on the same story store it once); the outcome, the next poll time (the period, or the
 * exponential backoff after a failure) and the last error are written on the source and the lease released.
 */
@Injectable()
export class FeedsService implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Feeds');
  private timer: NodeJS.Timeout | null = null;
  private ticking = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly jobs: JobsService,
    private readonly sentiment: SentimentService,
    @Inject(mlConfig.KEY) private readonly config: MlConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.register(FEED_POLL_JOB, (params) => this.poll(String(params.source_id)));
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.config.feedTickMs);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private get leaseSeconds(): number {
    return Math.ceil(this.config.feedTimeoutMs / 1000) + 120;
  }

  async create(userId: string, input: CreateSourceInput): Promise<NewsSource> {
    const symbols = [];
    for (const s of input.symbols ?? []) symbols.push(await this.sentiment.requireSymbol(s));
    const url = new URL(input.url);
    const exists = await this.db.getRepository(NewsSource).existsBy({ url: url.toString() });
    if (exists) throw new ConflictError('A source with this URL exists');
    const saved = await this.db.getRepository(NewsSource).save({
      url: url.toString(),
      name: url.hostname.toLowerCase(),
      kind: input.kind ?? 'news',
      pollSeconds: input.poll_seconds ?? 300,
      defaultSymbols: [...new Set(symbols)],
      weight: input.weight ?? 1,
      createdBy: userId,
      nextPollAt: new Date(),
      failures: 0,
      itemsInserted: 0,
    });
    return this.get(saved.id);
  }

  list(): Promise<NewsSource[]> {
    return this.db.getRepository(NewsSource).find({ order: { createdAt: 'ASC', id: 'ASC' } });
  }

  async get(id: string): Promise<NewsSource> {
    const s = await this.db.getRepository(NewsSource).findOneBy({ id });
    if (!s) throw new NotFoundError('Source');
    return s;
  }

  async remove(id: string): Promise<void> {
    const { affected } = await this.db.getRepository(NewsSource).delete({ id });
    if (!affected) throw new NotFoundError('Source');
  }

  /** Polls a source now (an admin's request), unless a poll of it is running: 409. */
  async pollNow(id: string): Promise<MlJob> {
    await this.get(id);
    const claimed = await this.claim(`id = $1`, [id]);
    if (!claimed.length) throw new ConflictError('A poll of this source is running');
    return this.jobs.create(claimed[0].created_by, FEED_POLL_JOB, { source_id: id });
  }

  /** Takes the lease of due sources and enqueues their polls. */
  async tick(): Promise<number> {
    if (this.ticking) return 0;
    this.ticking = true;
    try {
      const claimed = await this.claim(`next_poll_at <= now()`, []);
      for (const c of claimed) await this.jobs.create(c.created_by, FEED_POLL_JOB, { source_id: c.id });
      return claimed.length;
    } catch (err) {
      this.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'feed tick failed');
      return 0;
    } finally {
      this.ticking = false;
    }
  }

  private async claim(where: string, params: unknown[]): Promise<Array<{ id: string; created_by: string }>> {
    const free = `${where} AND (polling_until IS NULL OR polling_until < now())`;
    const [rows] = (await this.db.query(
      `UPDATE news_sources SET polling_until = now() + make_interval(secs => ${this.leaseSeconds})
       WHERE id IN (SELECT id FROM news_sources WHERE ${free} ORDER BY next_poll_at LIMIT 20) AND ${free}
       RETURNING id, created_by`,
      params,
    )) as [Array<{ id: string; created_by: string }>, number];
    return rows;
  }

  /** The `feed-poll` job: one fetch, parse and ingest of a leased source; the outcome is stored on the source. */
  async poll(id: string): Promise<PollResult> {
    const source = await this.db.getRepository(NewsSource).findOneBy({ id });
    const result: PollResult = { source_id: id, status: 'ok', entries: 0, inserted: 0, duplicate: 0, rejected: 0, error: null };
    if (!source) return { ...result, status: 'failed', error: 'the source was deleted' };
    let validators = { etag: source.etag, lastModified: source.lastModified };
    try {
      const fetched = await fetchFeed(source.url, {
        timeoutMs: this.config.feedTimeoutMs,
        maxBytes: this.config.feedMaxBytes,
        allowPrivate: this.config.feedAllowPrivateNetworks,
        maxRedirects: MAX_REDIRECTS,
        etag: source.etag,
        lastModified: source.lastModified,
      });
      validators = { etag: fetched.etag, lastModified: fetched.lastModified };
      if (fetched.status === 304) result.status = 'not_modified';
      else {
        const entries = parseFeed(fetched.body);
        result.entries = entries.length;
        for (let i = 0; i < entries.length; i += 500) {
          const r = await this.sentiment.ingest(
            entries.slice(i, i + 500).map((e) => ({ ...e, kind: source.kind })),
            { defaultSource: source.name, sourceWeight: source.weight, defaultSymbols: source.defaultSymbols, allRejectedIs422: false },
          );
          result.inserted += r.inserted;
          result.duplicate += r.duplicate;
          result.rejected += r.rejected;
        }
      }
    } catch (err) {
      result.status = 'failed';
      result.error = (err instanceof Error ? err.message : String(err)).slice(0, 1000);
    }
    const failures = result.status === 'failed' ? source.failures + 1 : 0;
    const wait = result.status === 'failed' ? backoffSeconds(source.pollSeconds, failures, this.config.feedMaxBackoffSeconds) : source.pollSeconds;
    await this.db.query(
      `UPDATE news_sources SET polling_until = NULL, last_polled_at = now(), next_poll_at = now() + make_interval(secs => $2),
         failures = $3, last_error = $4, etag = $5, last_modified = $6, items_inserted = items_inserted + $7,
         last_success_at = CASE WHEN $3 = 0 THEN now() ELSE last_success_at END
       WHERE id = $1`,
      [id, wait, failures, result.error, validators.etag?.slice(0, 500) ?? null, validators.lastModified?.slice(0, 100) ?? null, result.inserted],
    );
    return result;
  }
}
