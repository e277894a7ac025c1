import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { basename } from 'node:path';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../../common/errors/app-error';
import { ImportRefusedError } from '../errors';
import { decodeTimeIdCursor, encodeTimeIdCursor } from '../../common/pagination/time-id-cursor';
import { BarStore, CSV_SOURCE } from '../bar-store';
import { MarketImport } from '../entities/market-import.entity';
import { InstrumentsService } from '../instruments.service';
import { CLOCK, type Clock } from '../market.contracts';
import { lastClosedSession } from '../market-time';
import { normalizeSymbol } from '../symbols';
import { ImportedHistoryService } from './imported-history.service';
import { parseDailyCsv, type CsvFormat, type ImportedBar, type RowError } from './csv-parser';

/** `market_imports.format` of a removal. */
const REMOVAL = 'removal';

export interface ImportFile {
  /** File name as given (used to tell the symbol when nothing else does). */
  name: string | null;
  content: string;
  /** Explicit symbol (CLI --symbol, upload field `symbol`). */
  symbol?: string;
}

export interface ImportActor {
  userId: string | null;
  /** `user:<email>` or `cli:<os user>`. */
  label: string;
}

export interface PreparedImport {
  file: string | null;
  symbol: string;
  format: CsvFormat;
  bars: ImportedBar[];
}

export interface FileProblems {
  file: string | null;
  symbol: string | null;
  errors: RowError[];
}

export interface ImportSummary {
  file: string | null;
  symbol: string;
  format: CsvFormat;
  rows: number;
  first_date: string;
  last_date: string;
}

/** The symbol candidates a file name suggests: `AAPL.csv`, `aapl.us.txt` (Stooq), `BRK-B.csv` (Yahoo's BRK.B). */
export function symbolsFromFileName(name: string): string[] {
  const stem = basename(name)
    .replace(/\.(csv|txt)$/i, '')
    .replace(/\.us$/i, '')
    .toUpperCase();
  return [...new Set([stem, stem.replace(/-/g, '.')])];
}

/** An audit row as listed: an import or the removal of a symbol's imported history. */
export interface ImportRecord {
  id: string;
  symbol: string;
  action: 'import' | 'removal';
  actor: string;
  file: string | null;
  format: CsvFormat | null;
  rows: number;
  first_date: string;
  last_date: string;
  created_at: string;
}

export interface RemovalSummary {
  symbol: string;
  removed_rows: number;
  first_date: string;
  last_date: string;
}

/**
 * CSV import of daily bars (Yahoo and Stooq formats) into daily_bars as source `csv`, which takes
 * precedence over generated and fetched bars. A file with any bad row imports nothing; every import is
 * logged and recorded in market_imports with who did it.
 */
@Injectable()
export class MarketImportService {
  private readonly logger = new Logger('MarketImport');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly instruments: InstrumentsService,
    private readonly bars: BarStore,
    private readonly history: ImportedHistoryService,
  ) {}

  private resolveSymbol(f: ImportFile, inFile: string | null): string | { error: string } {
    const candidates = f.symbol !== undefined ? [f.symbol] : inFile ? [inFile] : f.name ? symbolsFromFileName(f.name) : [];
    if (!candidates.length) return { error: 'cannot tell the symbol: name the file SYMBOL.csv or give the symbol' };
    for (const c of candidates) {
      const s = normalizeSymbol(c);
      if (s && this.instruments.get(s)) return s;
    }
    const shown = candidates[0];
    return normalizeSymbol(shown)
      ? { error: `unknown symbol ${shown.toUpperCase()} (only known instruments can be imported)` }
      : { error: `cannot tell the symbol from "${shown}": name the file SYMBOL.csv or give the symbol` };
  }

  prepare(f: ImportFile): PreparedImport | FileProblems {
    const latest = lastClosedSession(this.clock.now()) ?? undefined;
    const parsed = parseDailyCsv(f.content, { latest });
    const resolved = this.resolveSymbol(f, parsed.symbol);
    const errors = [...parsed.errors];
    if (typeof resolved !== 'string') errors.unshift({ line: 0, message: resolved.error });
    if (errors.length || !parsed.format) {
      return { file: f.name, symbol: typeof resolved === 'string' ? resolved : null, errors };
    }
    return { file: f.name, symbol: resolved as string, format: parsed.format, bars: parsed.bars };
  }

  /** Writes prepared files in one transaction and records who imported what. */
  async commit(prepared: readonly PreparedImport[], actor: ImportActor): Promise<ImportSummary[]> {
    const summaries = prepared.map((p) => ({
      file: p.file,
      symbol: p.symbol,
      format: p.format,
      rows: p.bars.length,
      first_date: p.bars[0].date,
      last_date: p.bars[p.bars.length - 1].date,
    }));
    await this.db.transaction(async (m) => {
      for (const [i, p] of prepared.entries()) {
        await this.bars.importBars(m, p.symbol, p.bars);
        const s = summaries[i];
        await m.getRepository(MarketImport).insert({
          userId: actor.userId,
          actor: actor.label,
          symbol: s.symbol,
          fileName: s.file ? s.file.slice(0, 255) : null,
          format: s.format,
          rowCount: s.rows,
          firstDate: s.first_date,
          lastDate: s.last_date,
        });
      }
    });
    for (const s of summaries) {
      this.logger.log({ actor: actor.label, ...s }, `imported ${s.rows} daily bar(s) of ${s.symbol} (${s.first_date}..${s.last_date})`);
    }
    // The simulator's live prices follow the new history at once here; other instances within MARKET_IMPORT_SYNC_MS.
    // The import is committed either way: a failure here is retried by the next sync.
    await this.history.sync().catch((err: unknown) => this.logger.error({ err }, 'applying the import to live prices failed'));
    return summaries;
  }

  /** The audit trail, newest first (cursor pagination), optionally of one symbol. */
  async list(limit: number, cursor?: string, symbol?: string): Promise<{ imports: ImportRecord[]; next_cursor: string | null }> {
    const qb = this.db
      .getRepository(MarketImport)
      .createQueryBuilder('i')
      .orderBy("date_trunc('milliseconds', i.created_at)", 'DESC')
      .addOrderBy('i.id', 'DESC')
      .take(limit + 1);
    if (symbol) qb.andWhere('i.symbol = :symbol', { symbol });
    const after = decodeTimeIdCursor(cursor);
    if (after) qb.andWhere("(date_trunc('milliseconds', i.created_at), i.id) < (:at::timestamptz, :id::uuid)", after);
    const rows = await qb.getMany();
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      imports: items.map((r) => ({
        id: r.id,
        symbol: r.symbol,
        action: r.format === REMOVAL ? 'removal' : 'import',
        actor: r.actor,
        file: r.fileName,
        format: r.format === REMOVAL ? null : (r.format as CsvFormat),
        rows: r.rowCount,
        first_date: r.firstDate,
        last_date: r.lastDate,
        created_at: r.createdAt.toISOString(),
      })),
      next_cursor: rows.length > limit && last ? encodeTimeIdCursor(last.createdAt, last.id) : null,
    };
  }

  /**
   * Removes a symbol's imported history (its prices are simulated or fetched again), recorded in the audit trail
   * like an import; 404 when it has none.
   */
  async remove(symbol: string, actor: ImportActor): Promise<RemovalSummary> {
    const summary = await this.db.transaction(async (m) => {
      // TypeORM answers a DELETE … RETURNING with [rows, affected].
      const [gone]: [Array<{ d: string }>, number] = await m.query(
        `DELETE FROM daily_bars WHERE symbol = $1 AND source = $2 RETURNING to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS d`,
        [symbol, CSV_SOURCE],
      );
      if (!gone.length) throw new NotFoundError(`Imported history of ${symbol}`);
      const dates = gone.map((g) => g.d).sort();
      const s: RemovalSummary = { symbol, removed_rows: gone.length, first_date: dates[0], last_date: dates[dates.length - 1] };
      await m.getRepository(MarketImport).insert({
        userId: actor.userId,
        actor: actor.label,
        symbol,
        fileName: null,
        format: REMOVAL,
        rowCount: s.removed_rows,
        firstDate: s.first_date,
        lastDate: s.last_date,
      });
      return s;
    });
    this.logger.log({ actor: actor.label, ...summary }, `removed ${summary.removed_rows} imported daily bar(s) of ${symbol}`);
    await this.history.sync().catch((err: unknown) => this.logger.error({ err }, 'applying the removal to live prices failed'));
    return summary;
  }

  /** All files or none: any bad file refuses the whole request with every problem by file and line. */
  async importAll(files: readonly ImportFile[], actor: ImportActor): Promise<ImportSummary[]> {
    const results = files.map((f) => this.prepare(f));
    const problems = results.filter((r): r is FileProblems => 'errors' in r);
    if (problems.length) throw importRefused(problems);
    return this.commit(results as PreparedImport[], actor);
  }
}

export function importRefused(problems: readonly FileProblems[]): ImportRefusedError {
  const errors = problems.flatMap((p) =>
    p.errors.map((e) => ({
      field: p.file ?? 'file',
      code: 'INVALID_FORMAT' as const,
      line: e.line,
      message: e.line > 0 ? `line ${e.line}: ${e.message}` : e.message,
    })),
  );
  return new ImportRefusedError(errors, problems.length);
}
