import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PayloadTooLargeError, ValidationFailedError } from '../../common/errors/app-error';
import type { ValidationCode } from '../../common/errors/error-codes';
import { decodeTimeIdCursor, encodeTimeIdCursor } from '../../common/pagination/time-id-cursor';
import { mlConfig, type MlConfig } from '../../config/ml.config';
import { CLOCK, type Clock, MarketDataService, parseSymbol } from '../../market/market.contracts';
import { aggregate, type NewsKind, type ScoredItem } from './domain/aggregate';
import { FINANCE_LEXICON_VERSION } from './domain/finance-lexicon';
import { buildNameIndex, matchSymbols, type NameIndex } from './domain/matching';
import { type ItemProblem, type NewsDraft, validateNewsItem } from './domain/news-input';
import { scoreItem } from './domain/scoring';
import { NewsItem } from './entities/news-item.entity';

export const MAX_BATCH = 500;
const INDEX_TTL_MS = 60_000;
const PERIOD_DAYS: Record<string, number> = { '1mo': 30, '3mo': 91, '6mo': 182, '1y': 365 };

export interface IngestOutcome {
  index: number;
  status: 'inserted' | 'duplicate' | 'rejected';
  id?: string;
  symbols?: string[];
  reasons?: ItemProblem[];
}

export interface IngestResult {
  inserted: number;
  duplicate: number;
  rejected: number;
  items: IngestOutcome[];
}

interface PreparedRow {
  index: number;
  draft: NewsDraft;
  symbols: string[];
  score: ReturnType<typeof scoreItem>;
}

/** Ingestion (validate, match, score, store once), and the sentiment read side. */
@Injectable()
export class SentimentService {
  private names: { index: NameIndex; known: Set<string>; at: number } | null = null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly market: MarketDataService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(mlConfig.KEY) private readonly config: MlConfig,
  ) {}

  private async nameIndex(): Promise<{ index: NameIndex; known: Set<string> }> {
    const now = Date.now();
    if (!this.names || now - this.names.at > INDEX_TTL_MS) {
      const instruments = await this.market.listInstruments();
      this.names = { index: buildNameIndex(instruments), known: new Set(instruments.map((i) => i.symbol)), at: now };
    }
    return this.names;
  }

  /**
   * Validates, matches and scores each item, and inserts those not stored yet (same source and external id, or same
   * content). A batch in which every item is refused is a 422 listing each item's problems.
   */
  async ingest(raw: unknown[], opts: { defaultSource: string; sourceWeight?: number; defaultSymbols?: string[]; allRejectedIs422?: boolean }): Promise<IngestResult> {
    if (raw.length > MAX_BATCH) throw new PayloadTooLargeError(`${MAX_BATCH} items`);
    const { index, known } = await this.nameIndex();
    const now = this.clock.now();
    const outcomes: IngestOutcome[] = [];
    const rows: PreparedRow[] = [];
    const drafts: Array<{ index: number; draft: NewsDraft }> = [];
    const seen = new Set<string>();
    raw.forEach((item, i) => {
      const v = validateNewsItem(item, { defaultSource: opts.defaultSource, now, knownSymbol: (s) => known.has(s) });
      if ('problems' in v) {
        outcomes[i] = { index: i, status: 'rejected', reasons: v.problems };
        return;
      }
      const d = v.draft;
      const keyA = `k:${d.source}\u0000${d.externalId}`;
      const keyB = `h:${d.contentHash}`;
      if (seen.has(keyA) || seen.has(keyB)) {
        outcomes[i] = { index: i, status: 'duplicate' };
        return;
      }
      seen.add(keyA).add(keyB);
      drafts.push({ index: i, draft: d });
    });
    // Stories stored already (a feed's next poll, a re-sent batch) are not matched and scored again.
    const stored = await this.storedKeys(drafts.map((x) => x.draft));
    for (const { index: i, draft: d } of drafts) {
      if (stored.has(`h:${d.contentHash}`) || stored.has(`k:${d.source}\u0000${d.externalId}`)) {
        outcomes[i] = { index: i, status: 'duplicate' };
        continue;
      }
      const text = [d.title, d.body].filter(Boolean).join('\n');
      const symbols = [...new Set([...d.symbols, ...(opts.defaultSymbols ?? []), ...matchSymbols(text, index)])];
      rows.push({ index: i, draft: d, symbols, score: scoreItem(d.title, d.body) });
    }
    if (rows.length === 0 && raw.length > 0 && opts.allRejectedIs422 !== false && outcomes.every((o) => o.status === 'rejected')) {
      const errors = outcomes.flatMap((o) => (o.reasons ?? []).map((r) => ({ field: `items.${o.index}${r.field ? `.${r.field}` : ''}`, code: r.code as ValidationCode, message: r.message })));
      throw new ValidationFailedError(errors, `All ${raw.length} item(s) were refused`);
    }
    const inserted = await this.insert(rows, opts.sourceWeight ?? 1);
    for (const r of rows) {
      const id = inserted.get(r.draft.contentHash);
      outcomes[r.index] = id ? { index: r.index, status: 'inserted', id, symbols: r.symbols } : { index: r.index, status: 'duplicate' };
    }
    const count = (s: IngestOutcome['status']) => outcomes.filter((o) => o.status === s).length;
    return { inserted: count('inserted'), duplicate: count('duplicate'), rejected: count('rejected'), items: outcomes };
  }

  private async storedKeys(drafts: NewsDraft[]): Promise<Set<string>> {
    const out = new Set<string>();
    if (!drafts.length) return out;
    const found: Array<{ content_hash: string; source: string; external_id: string }> = await this.db.query(
      `SELECT content_hash, source, external_id FROM news_items
       WHERE content_hash = ANY($1::char(64)[]) OR (source, external_id) IN (SELECT * FROM unnest($2::varchar[], $3::varchar[]))`,
      [drafts.map((d) => d.contentHash), drafts.map((d) => d.source), drafts.map((d) => d.externalId)],
    );
    for (const f of found) {
      out.add(`h:${f.content_hash}`);
      out.add(`k:${f.source}\u0000${f.external_id}`);
    }
    return out;
  }

  /** One multi-row INSERT … ON CONFLICT DO NOTHING (either unique constraint): content hash → id of the rows inserted. */
  private async insert(rows: PreparedRow[], sourceWeight: number): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (!rows.length) return out;
    const cols = 16;
    const params: unknown[] = [];
    const values = rows.map((r, n) => {
      const d = r.draft;
      params.push(
        d.kind, d.source, d.externalId, d.url, d.title, d.body, d.author, d.publishedAt, d.language, r.symbols, sourceWeight, r.score.score,
        JSON.stringify({ title: r.score.title, body: r.score.body, terms: r.score.terms }), r.score.lexicon_version, d.contentHash, this.clock.now(),
      );
      return `(${Array.from({ length: cols }, (_, k) => `$${n * cols + k + 1}`).join(', ')})`;
    });
    const res: Array<{ id: string; content_hash: string }> = await this.db.query(
      `INSERT INTO news_items (kind, source, external_id, url, title, body, author, published_at, language, symbols, source_weight, score, score_details, lexicon_version, content_hash, fetched_at)
       VALUES ${values.join(', ')} ON CONFLICT DO NOTHING RETURNING id, content_hash`,
      params,
    );
    for (const r of res) out.set(r.content_hash, r.id);
    return out;
  }

  async requireSymbol(raw: string): Promise<string> {
    const symbol = parseSymbol(raw);
    return (await this.market.getInstrument(symbol)).symbol;
  }

  private halfLives(): Record<NewsKind, number> {
    return { news: this.config.sentimentNewsHalfLifeHours, social: this.config.sentimentSocialHalfLifeHours };
  }

  private async itemsFor(symbol: string, from: Date, to: Date): Promise<NewsItem[]> {
    return this.db
      .getRepository(NewsItem)
      .createQueryBuilder('n')
      .where(':symbol = ANY(n.symbols)', { symbol })
      .andWhere('n.published_at > :from AND n.published_at <= :to', { from, to })
      .orderBy('n.published_at', 'ASC')
      .getMany();
  }

  async sentiment(rawSymbol: string, windowDays?: number) {
    const symbol = await this.requireSymbol(rawSymbol);
    const days = windowDays ?? this.config.sentimentWindowDays;
    const at = this.clock.now();
    const items = await this.itemsFor(symbol, new Date(at.getTime() - days * 86_400_000), at);
    const s = aggregate(items.map(toScored), at, this.halfLives());
    return {
      symbol,
      overall_sentiment: s.overall_sentiment,
      sentiment_label: s.sentiment_label,
      news_sentiment: s.news_sentiment,
      social_sentiment: s.social_sentiment,
      analyzed_sources: s.analyzed_sources,
      timestamp: at.toISOString(),
      window: `${days}d`,
      half_life_hours: this.halfLives(),
      counts: s.counts,
      top_items: s.top.map(({ ref, weight }) => ({
        id: ref.id,
        kind: ref.kind,
        title: ref.title ?? (ref.body ?? '').slice(0, 140),
        source: ref.source,
        published_at: ref.publishedAt.toISOString(),
        score: ref.score,
        weight: Math.round(weight * 10_000) / 10_000,
        url: ref.url,
      })),
    };
  }

  /** One point per UTC day: the sentiment as computed at the end of that day, over the same window as the live one. */
  async history(rawSymbol: string, period = '3mo') {
    const symbol = await this.requireSymbol(rawSymbol);
    const days = PERIOD_DAYS[period];
    const window = this.config.sentimentWindowDays;
    const now = this.clock.now();
    const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
    const first = today - (days - 1) * 86_400_000;
    const items = (await this.itemsFor(symbol, new Date(first - window * 86_400_000), now)).map(toScored);
    const points = [];
    for (let day = first; day <= today; day += 86_400_000) {
      const end = new Date(Math.min(day + 86_400_000 - 1, now.getTime()));
      const from = end.getTime() - window * 86_400_000;
      const s = aggregate(items.filter((i) => i.publishedAt.getTime() > from), end, this.halfLives(), 0);
      points.push({
        date: new Date(day).toISOString().slice(0, 10),
        overall_sentiment: s.overall_sentiment,
        sentiment_label: s.sentiment_label,
        news_sentiment: s.news_sentiment,
        social_sentiment: s.social_sentiment,
        analyzed_sources: s.analyzed_sources,
      });
    }
    return { symbol, interval: '1d', period, window: `${window}d`, history: points };
  }

  /** Stored items, newest published first, optionally of one symbol (cursor pages). */
  async list(rawSymbol: string | undefined, limit = 50, cursor?: string) {
    const after = decodeTimeIdCursor(cursor);
    const qb = this.db.getRepository(NewsItem).createQueryBuilder('n');
    if (rawSymbol !== undefined) qb.where(':symbol = ANY(n.symbols)', { symbol: await this.requireSymbol(rawSymbol) });
    if (after) qb.andWhere(`(date_trunc('milliseconds', n.published_at), n.id) < (:at::timestamptz, :id::uuid)`, after);
    const rows = await qb.orderBy('n.published_at', 'DESC').addOrderBy('n.id', 'DESC').take(limit + 1).getMany();
    const page = rows.slice(0, limit);
    return {
      news: page.map(toNewsView),
      next_cursor: rows.length > limit ? encodeTimeIdCursor(page[page.length - 1].publishedAt, page[page.length - 1].id) : null,
    };
  }

  /** Rescores items scored with another lexicon version (all of them with `all`); returns how many changed. */
  async rescore(all = false, batch = 500): Promise<{ rescored: number; lexicon_version: string }> {
    let rescored = 0;
    let lastId = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows: Array<{ id: string; title: string | null; body: string | null }> = await this.db.query(
        `SELECT id, title, body FROM news_items WHERE id > $1 ${all ? '' : 'AND lexicon_version <> $2'} ORDER BY id LIMIT ${batch}`,
        all ? [lastId] : [lastId, FINANCE_LEXICON_VERSION],
      );
      if (!rows.length) break;
      for (const r of rows) {
        const s = scoreItem(r.title, r.body);
        await this.db.query(`UPDATE news_items SET score = $2, score_details = $3, lexicon_version = $4 WHERE id = $1`, [
          r.id, s.score, JSON.stringify({ title: s.title, body: s.body, terms: s.terms }), s.lexicon_version,
        ]);
        rescored++;
      }
      lastId = rows[rows.length - 1].id;
    }
    return { rescored, lexicon_version: FINANCE_LEXICON_VERSION };
  }
}

function toScored(n: NewsItem): ScoredItem<NewsItem> {
  return { kind: n.kind, score: n.score, publishedAt: n.publishedAt, sourceWeight: n.sourceWeight, ref: n };
}

export function toNewsView(n: NewsItem) {
  return {
    id: n.id,
    kind: n.kind,
    source: n.source,
    external_id: n.externalId,
    url: n.url,
    title: n.title,
    body: n.body,
    author: n.author,
    published_at: n.publishedAt.toISOString(),
    fetched_at: n.fetchedAt.toISOString(),
    language: n.language,
    symbols: n.symbols,
    score: n.score,
    score_details: { title: n.scoreDetails.title, body: n.scoreDetails.body, terms: n.scoreDetails.terms },
    lexicon_version: n.lexiconVersion,
  };
}
