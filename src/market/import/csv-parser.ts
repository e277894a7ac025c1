import { d, Decimal } from '../../common/decimal';
import type { UnsourcedDailyBar } from '../daily-bar';
import { isTradingDay, type Ymd } from '../simulator';

/**
 * Daily OHLCV files as Yahoo and Stooq export them:
 *  - `yahoo`: `Date,Open,High,Low,Close,Adj Close,Volume` (Yahoo Finance "Download"; rows with `null` are bad rows);
 *  - `stooq`: `Date,Open,High,Low,Close,Volume` (stooq.com per-symbol CSV; also Yahoo without Adj Close);
 *  - `stooq-bulk`: `<TICKER>,<PER>,<DATE>,<TIME>,<OPEN>,<HIGH>,<LOW>,<CLOSE>,<VOL>,<OPENINT>` (stooq.com bulk
 *    .txt files; dates as YYYYMMDD, PER must be D, the ticker like AAPL.US names the symbol).
 * Columns are found by header name, so their order does not matter. Prices keep up to 6 decimals.
 */
export type CsvFormat = 'yahoo' | 'stooq' | 'stooq-bulk';

/** A parsed CSV row: decimal strings, prices at most 6 dp. */
export type ImportedBar = UnsourcedDailyBar<string>;

export interface RowError {
  /** 1-based line number in the file. */
  line: number;
  message: string;
}

export interface CsvParseResult {
  format: CsvFormat | null;
  /** The symbol named inside the file (Stooq bulk `<TICKER>`, without its `.US` suffix), if any. */
  symbol: string | null;
  bars: ImportedBar[];
  errors: RowError[];
}

export interface CsvParseOptions {
  /** Rows dated after this day (the last closed session) are refused: no bar from the future or still forming. */
  latest?: Ymd;
  /** At most this many errors are listed (default 100); `error_count` in callers tells the total. */
  maxErrors?: number;
}

const PRICE_DP = 6;
/** What daily_bars can hold: numeric(20,6) prices, bigint volumes. */
const MAX_PRICE = new Decimal('1e14');
const MAX_VOLUME = new Decimal('9223372036854775807');
const NUMBER = /^[+]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

type Column = 'date' | 'open' | 'high' | 'low' | 'close' | 'adj' | 'volume' | 'ticker' | 'per' | 'time' | 'openint';

const HEADER_NAMES: Record<string, Column> = {
  date: 'date',
  open: 'open',
  high: 'high',
  low: 'low',
  close: 'close',
  'adj close': 'adj',
  adj_close: 'adj',
  volume: 'volume',
  '<ticker>': 'ticker',
  '<per>': 'per',
  '<date>': 'date',
  '<time>': 'time',
  '<open>': 'open',
  '<high>': 'high',
  '<low>': 'low',
  '<close>': 'close',
  '<vol>': 'volume',
  '<openint>': 'openint',
};

function detect(header: string[]): { format: CsvFormat; columns: Partial<Record<Column, number>> } | string {
  const columns: Partial<Record<Column, number>> = {};
  for (const [i, raw] of header.entries()) {
    const name = HEADER_NAMES[raw.trim().toLowerCase()];
    if (!name) return `unknown column "${raw.trim()}"`;
    if (columns[name] !== undefined) return `duplicate column "${raw.trim()}"`;
    columns[name] = i;
  }
  const missing = (['date', 'open', 'high', 'low', 'close'] as const).filter((c) => columns[c] === undefined);
  if (missing.length) return `missing column(s): ${missing.join(', ')}`;
  if (columns.ticker !== undefined) {
    if (columns.volume === undefined) return 'missing column: <VOL>';
    return { format: 'stooq-bulk', columns };
  }
  if (columns.volume === undefined) return 'missing column: Volume';
  return { format: columns.adj !== undefined ? 'yahoo' : 'stooq', columns };
}

/** Splits one CSV line; quotes are allowed around fields (Yahoo and Stooq never need them, but editors add them). */
function splitLine(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(field);
      field = '';
    } else field += c;
  }
  out.push(field);
  return out;
}

function parseDate(raw: string, bulk: boolean): Ymd | null {
  const s = raw.trim();
  const m = bulk ? /^(\d{4})(\d{2})(\d{2})$/.exec(s) : /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return null;
  const ymd = `${m[1]}-${m[2]}-${m[3]}`;
  const dt = new Date(`${ymd}T00:00:00Z`);
  return !Number.isNaN(dt.getTime()) && dt.toISOString().slice(0, 10) === ymd ? ymd : null;
}

function parseNumber(raw: string | undefined): Decimal | null {
  const s = raw?.trim() ?? '';
  if (!NUMBER.test(s)) return null;
  const v = d(s);
  return v.isFinite() ? v : null;
}

export function parseDailyCsv(text: string, options: CsvParseOptions = {}): CsvParseResult {
  const maxErrors = options.maxErrors ?? 100;
  const errors: RowError[] = [];
  const fail = (line: number, message: string) => {
    if (errors.length < maxErrors) errors.push({ line, message });
  };
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  while (lines.length && lines[lines.length - 1].trim() === '') lines.pop();
  if (!lines.length) return { format: null, symbol: null, bars: [], errors: [{ line: 1, message: 'the file is empty' }] };

  const detected = detect(splitLine(lines[0]));
  if (typeof detected === 'string') {
    return {
      format: null,
      symbol: null,
      bars: [],
      errors: [{ line: 1, message: `unrecognised header (${detected}); expected Yahoo or Stooq daily CSV` }],
    };
  }
  const { format, columns: col } = detected;
  const bulk = format === 'stooq-bulk';
  const bars: ImportedBar[] = [];
  const seen = new Map<Ymd, number>();
  let symbol: string | null = null;
  let errorCount = 0;
  const bad = (line: number, message: string) => {
    errorCount++;
    fail(line, message);
  };

  const width = splitLine(lines[0]).length;
  for (let i = 1; i < lines.length; i++) {
    const lineNo = i + 1;
    const line = lines[i];
    if (line.trim() === '') continue;
    const f = splitLine(line);
    if (f.length !== width) {
      bad(lineNo, `expected ${width} fields, found ${f.length}`);
      continue;
    }
    const problems: string[] = [];
    if (bulk) {
      const ticker = f[col.ticker as number].trim().toUpperCase().replace(/\.US$/, '');
      if (symbol === null) symbol = ticker;
      else if (ticker !== symbol) problems.push(`ticker ${ticker} differs from ${symbol} on earlier lines`);
      const per = f[col.per as number]?.trim().toUpperCase();
      if (per !== 'D') problems.push(`period "${per}" is not daily (D)`);
    }
    const date = parseDate(f[col.date as number], bulk);
    if (!date) problems.push(`invalid date "${f[col.date as number].trim()}" (expected ${bulk ? 'YYYYMMDD' : 'YYYY-MM-DD'})`);
    else if (options.latest && date > options.latest) problems.push(`date ${date} is after ${options.latest}, the last closed session`);
    else if (!safeIsTradingDay(date)) problems.push(`${date} is not an NYSE trading day`);
    else if (seen.has(date)) problems.push(`duplicate date ${date} (first on line ${seen.get(date)})`);

    // Prices are kept to 6 decimals: checked (and compared) as they will be stored.
    const price = (c: Column, name: string): Decimal | null => {
      const raw = f[col[c] as number];
      const parsed = parseNumber(raw);
      const v = parsed && parsed.toDecimalPlaces(PRICE_DP, Decimal.ROUND_HALF_EVEN);
      if (v === null) problems.push(raw?.trim().toLowerCase() === 'null' ? `${name} is missing (null)` : `${name} "${raw?.trim()}" is not a number`);
      else if (!v.gt(0)) problems.push(`${name} must be positive (at 6 decimals)`);
      else if (v.gte(MAX_PRICE)) problems.push(`${name} ${raw?.trim()} is too large (below 1e14)`);
      return v;
    };
    const open = price('open', 'open');
    const high = price('high', 'high');
    const low = price('low', 'low');
    const close = price('close', 'close');
    const adj = col.adj !== undefined ? price('adj', 'adj close') : null;
    const volRaw = f[col.volume as number];
    const volume = parseNumber(volRaw)?.toDecimalPlaces(0, Decimal.ROUND_HALF_EVEN) ?? null;
    if (volume === null) problems.push(volRaw?.trim().toLowerCase() === 'null' ? 'volume is missing (null)' : `volume "${volRaw?.trim()}" is not a number`);
    else if (volume.gt(MAX_VOLUME)) problems.push(`volume ${volRaw?.trim()} is too large`);
    if (open && high && low && close && [open, high, low, close].every((v) => v.gt(0) && v.lt(MAX_PRICE))) {
      if (low.gt(Decimal.min(open, close))) problems.push(`low ${low} is above open or close`);
      if (high.lt(Decimal.max(open, close))) problems.push(`high ${high} is below open or close`);
    }
    if (problems.length) {
      const nulls = problems.filter((p) => p.endsWith(' is missing (null)')).map((p) => p.slice(0, -' is missing (null)'.length));
      const rest = problems.filter((p) => !p.endsWith(' is missing (null)'));
      if (nulls.length) rest.push(`missing values (null): ${nulls.join(', ')}`);
      bad(lineNo, rest.join('; '));
      continue;
    }
    seen.set(date as Ymd, lineNo);
    const fix = (v: Decimal) => v.toDecimalPlaces(PRICE_DP, Decimal.ROUND_HALF_EVEN).toFixed();
    bars.push({
      date: date as Ymd,
      open: fix(open as Decimal),
      high: fix(high as Decimal),
      low: fix(low as Decimal),
      close: fix(close as Decimal),
      adjClose: adj ? fix(adj) : null,
      volume: (volume as Decimal).toFixed(),
    });
  }
  if (!bars.length && !errorCount) errors.push({ line: 1, message: 'the file has a header but no data rows' });
  if (errorCount > errors.length && errors.length === maxErrors) {
    errors.push({ line: 0, message: `${errorCount - maxErrors} more bad row(s) not listed` });
  }
  bars.sort((a, b) => (a.date < b.date ? -1 : 1));
  return { format, symbol, bars, errors };
}

function safeIsTradingDay(ymd: Ymd): boolean {
  try {
    return isTradingDay(ymd);
  } catch {
    return false; // outside the calendar's 1990–2100 range
  }
}
