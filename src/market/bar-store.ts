import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { DailyBar } from './daily-bar';
import type { ImportedBar } from './import/csv-parser';
import { lastClosedSession } from './market-time';
import type { MarketDataProvider, ProviderDailyBar } from './providers/provider';
import { tradingDaysBetween, type Ymd } from './simulator';

/** A stored or provided daily bar, numbers as decimal strings (as PostgreSQL numeric returns them). */
export type StoredBar = DailyBar<string>;

export const CSV_SOURCE = 'csv';
const INSERT_CHUNK = 2000;

const fromProvider = (b: ProviderDailyBar, source: string): StoredBar => ({
  date: b.date,
  open: String(b.open),
  high: String(b.high),
  low: String(b.low),
  close: String(b.close),
  adjClose: b.adjClose === null ? null : String(b.adjClose),
  volume: String(b.volume),
  source,
});

/**
 * Daily bars in PostgreSQL. A provider's bars are generated (simulated) or fetched (yahoo) the first time a
 * range is asked for and read from the table afterwards; imported CSV bars (source `csv`) take precedence
 * and are never overwritten. Rows of another seed or provider in the same slot are replaced on first use,
 * so switching MARKET_SEED or the provider never serves the old data. Only closed sessions are stored;
 * the session in progress comes from the live quote.
 */
@Injectable()
export class BarStore {
  /** Per `${symbol}|${tag}`: a date range known to be fully stored (saves the count query). */
  private readonly covered = new Map<string, { from: Ymd; to: Ymd }>();

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async daily(provider: MarketDataProvider, symbol: string, fromYmd: Ymd, toYmd: Ymd, asOf: Date, attempt = 0): Promise<StoredBar[]> {
    const last = lastClosedSession(asOf);
    if (last === null) return [];
    const to = toYmd < last ? toYmd : last;
    if (to < fromYmd) return [];
    const tag = this.tagOf(provider, symbol);
    if (tag === null) {
      const [bars, imported] = await Promise.all([
        provider.dailyBars(symbol, fromYmd, to, asOf),
        this.read(symbol, fromYmd, to, [CSV_SOURCE]),
      ]);
      const merged = new Map(bars.map((b) => [b.date, fromProvider(b, provider.name)]));
      for (const b of imported) merged.set(b.date, b);
      return [...merged.values()].sort((a, b) => (a.date < b.date ? -1 : 1));
    }
    const start = provider.historyStart(symbol);
    const genFrom = fromYmd > start ? fromYmd : start;
    if (genFrom > to) return this.read(symbol, fromYmd, to, [tag, CSV_SOURCE]);
    const trusted = await this.ensure(provider, tag, symbol, genFrom, to, asOf);
    // An import changed the symbol's history meanwhile: answer from the new one.
    if (this.tagOf(provider, symbol) !== tag && attempt < 3) return this.daily(provider, symbol, fromYmd, toYmd, asOf, attempt + 1);
    let rows = await this.read(symbol, fromYmd, to, [tag, CSV_SOURCE]);
    if (trusted && provider.completeHistory) {
      // The remembered coverage may be out of date (another instance with another seed rewrote the rows).
      const inRange = rows.filter((r) => r.date >= genFrom).length;
      if (inRange < tradingDaysBetween(genFrom, to).length) {
        this.covered.delete(`${symbol}|${tag}`);
        await this.ensure(provider, tag, symbol, genFrom, to, asOf);
        rows = await this.read(symbol, fromYmd, to, [tag, CSV_SOURCE]);
      }
    }
    return rows;
  }

  private tagOf(provider: MarketDataProvider, symbol: string): string | null {
    return provider.storageTagFor ? provider.storageTagFor(symbol) : provider.storageTag;
  }

  /** Makes [from, to] stored; true when it only trusted the remembered coverage. */
  private async ensure(provider: MarketDataProvider, tag: string, symbol: string, from: Ymd, to: Ymd, asOf: Date): Promise<boolean> {
    const key = `${symbol}|${tag}`;
    const c = this.covered.get(key);
    if (c && c.from <= from && to <= c.to) return true;
    const expected = tradingDaysBetween(from, to);
    const present: Array<{ d: string }> = await this.db.query(
      `SELECT to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS d FROM daily_bars
        WHERE symbol = $1 AND interval = '1d' AND ts BETWEEN (($2::date)::timestamp AT TIME ZONE 'UTC') AND (($3::date)::timestamp AT TIME ZONE 'UTC') AND source IN ($4, $5)`,
      [symbol, from, to, tag, CSV_SOURCE],
    );
    if (present.length < expected.length) {
      const have = new Set(present.map((r) => r.d));
      const missing = expected.filter((day) => !have.has(day));
      let bars: ProviderDailyBar[];
      try {
        bars = await provider.dailyBars(symbol, missing[0], missing[missing.length - 1], asOf);
      } catch (err) {
        // Upstream down: serve what the table has rather than nothing (retried on the next request).
        if (present.length) return false;
        throw err;
      }
      // An import applied while this ran changed the history (and the tag): store nothing under the old tag.
      if (this.tagOf(provider, symbol) !== tag) return false;
      await this.upsert(this.db.manager, symbol, bars.filter((b) => !have.has(b.date)).map((b) => fromProvider(b, tag)));
    }
    this.covered.set(key, c && c.from <= to && from <= c.to ? { from: c.from < from ? c.from : from, to: c.to > to ? c.to : to } : { from, to });
    return false;
  }

  /** Inserts bars; generated/fetched rows never replace imported ones, imported rows replace anything. */
  async upsert(m: EntityManager, symbol: string, bars: readonly StoredBar[]): Promise<void> {
    for (let i = 0; i < bars.length; i += INSERT_CHUNK) {
      const chunk = bars.slice(i, i + INSERT_CHUNK);
      const col = <K extends keyof StoredBar>(k: K) => chunk.map((b) => b[k]);
      await m.query(
        `INSERT INTO daily_bars (symbol, interval, ts, open, high, low, close, adj_close, volume, source)
         SELECT $1, '1d', d::date::timestamp AT TIME ZONE 'UTC', o, h, l, c, a, v, s
           FROM unnest($2::text[], $3::numeric[], $4::numeric[], $5::numeric[], $6::numeric[], $7::numeric[],
                       $8::bigint[], $9::varchar[]) AS u(d, o, h, l, c, a, v, s)
         ON CONFLICT (symbol, interval, ts) DO UPDATE SET
           open = EXCLUDED.open, high = EXCLUDED.high, low = EXCLUDED.low, close = EXCLUDED.close,
           adj_close = EXCLUDED.adj_close, volume = EXCLUDED.volume, source = EXCLUDED.source, created_at = now()
         WHERE EXCLUDED.source = '${CSV_SOURCE}' OR (daily_bars.source <> '${CSV_SOURCE}' AND daily_bars.source <> EXCLUDED.source)`,
        [symbol, col('date'), col('open'), col('high'), col('low'), col('close'), col('adjClose'), col('volume'), col('source')],
      );
    }
  }

  /** Imported bars (CSV) for one symbol, replacing whatever was stored for those days. */
  async importBars(m: EntityManager, symbol: string, bars: readonly ImportedBar[]): Promise<void> {
    await this.upsert(
      m,
      symbol,
      bars.map((b) => ({ ...b, source: CSV_SOURCE })),
    );
  }

  private async read(symbol: string, from: Ymd, to: Ymd, sources: string[]): Promise<StoredBar[]> {
    const rows: Array<{ d: string; o: string; h: string; l: string; c: string; a: string | null; v: string; s: string }> =
      await this.db.query(
        `SELECT to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS d, open AS o, high AS h, low AS l, close AS c,
                adj_close AS a, volume AS v, source AS s
           FROM daily_bars
          WHERE symbol = $1 AND interval = '1d' AND ts BETWEEN (($2::date)::timestamp AT TIME ZONE 'UTC') AND (($3::date)::timestamp AT TIME ZONE 'UTC') AND source = ANY($4)
          ORDER BY ts`,
        [symbol, from, to, sources],
      );
    return rows.map((r) => ({ date: r.d, open: r.o, high: r.h, low: r.l, close: r.c, adjClose: r.a, volume: r.v, source: r.s }));
  }
}
