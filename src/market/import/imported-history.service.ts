import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Subject } from 'rxjs';
import { DataSource } from 'typeorm';
import { marketConfig, type MarketConfig } from '../../config/market.config';
import { CSV_SOURCE } from '../bar-store';
import type { Clock, HistoryReplaced } from '../market.contracts';
import { CLOCK } from '../market.contracts';
import { MARKET_DATA_PROVIDER, type MarketDataProvider } from '../providers/provider';
import type { ImportedDay } from '../simulator';

interface BarRow {
  symbol: string;
  d: string;
  o: string;
  h: string;
  l: string;
  c: string;
  a: string | null;
  v: string;
}

/**
 * Keeps the provider's own prices in line with imported CSV history: at start, after every import on this
 * instance, and every MARKET_IMPORT_SYNC_MS for imports made elsewhere (another instance, the CLI), it hands
 * each symbol's imported bars to the provider (the simulator splices them in; a real feed ignores them).
 * `market_imports` is the change signal: per symbol, the number of imports and the latest one.
 */
@Injectable()
export class ImportedHistoryService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('ImportedHistory');
  private readonly seen = new Map<string, string>();
  private timer: NodeJS.Timeout | null = null;
  private queue: Promise<string[]> = Promise.resolve([]);
  private started = false;
  private readonly replaced = new Subject<HistoryReplaced>();
  /** Symbols whose live prices changed with an import after start-up (see MarketDataService.historyReplaced$). */
  readonly replaced$ = this.replaced.asObservable();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(MARKET_DATA_PROVIDER) private readonly provider: MarketDataProvider,
    @Inject(marketConfig.KEY) private readonly config: MarketConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.provider.setImportedHistory) return;
    await this.sync();
    this.started = true;
    const ms = this.config.importSyncMs;
    if (ms > 0) {
      this.timer = setInterval(() => {
        this.sync().catch((err: unknown) => this.logger.error({ err }, 'imported history sync failed'));
      }, ms);
      this.timer.unref();
    }
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.queue.catch(() => undefined);
    this.replaced.complete();
  }

  /** Applies imports not seen yet; resolves to the symbols whose history changed. One run at a time. */
  sync(): Promise<string[]> {
    const run = this.queue.catch(() => []).then(() => this.run());
    this.queue = run;
    return run;
  }

  private async run(): Promise<string[]> {
    const apply = this.provider.setImportedHistory?.bind(this.provider);
    if (!apply) return [];
    const marks: Array<{ symbol: string; mark: string }> = await this.db.query(
      `SELECT symbol, count(*) || '|' || max(created_at)::text AS mark FROM market_imports GROUP BY symbol`,
    );
    const current = new Map(marks.map((r) => [r.symbol, r.mark]));
    const changed = [...current].filter(([s, mark]) => this.seen.get(s) !== mark).map(([s]) => s);
    const gone = [...this.seen.keys()].filter((s) => !current.has(s));
    if (!changed.length && !gone.length) return [];
    const rows: BarRow[] = changed.length
      ? await this.db.query(
          `SELECT symbol, to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS d, open AS o, high AS h, low AS l, close AS c,
                  adj_close AS a, volume AS v
             FROM daily_bars WHERE source = $1 AND interval = '1d' AND symbol = ANY($2) ORDER BY symbol, ts`,
          [CSV_SOURCE, changed],
        )
      : [];
    const days = new Map<string, ImportedDay[]>(changed.map((s) => [s, []]));
    for (const r of rows) {
      days.get(r.symbol)?.push({
        date: r.d,
        open: Number(r.o),
        high: Number(r.h),
        low: Number(r.l),
        close: Number(r.c),
        volume: Number(r.v),
        adjClose: r.a === null ? null : Number(r.a),
      });
    }
    for (const s of gone) days.set(s, []);
    const applied: string[] = [];
    for (const [symbol, list] of days) {
      try {
        apply(symbol, list.length ? list : null);
        applied.push(symbol);
        if (this.started) {
          this.replaced.next({
            symbol,
            first_date: list.length ? list[0].date : null,
            last_date: list.length ? list[list.length - 1].date : null,
            at: this.clock.now(),
          });
        }
      } catch (err) {
        // Deterministic (the data itself), so not retried until the next import of the symbol: history serves the
        // imported bars while live prices stay simulated.
        this.logger.error({ err, symbol }, `imported history of ${symbol} not applied to the ${this.provider.name} provider`);
      }
      const mark = current.get(symbol);
      if (mark === undefined) this.seen.delete(symbol);
      else this.seen.set(symbol, mark);
    }
    if (applied.length) this.logger.log({ symbols: applied }, `imported history applied to ${applied.length} symbol(s)`);
    return applied;
  }
}
