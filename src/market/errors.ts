import { AppError, type FieldError } from '../common/errors/app-error';

/** A symbol that is well-formed but names no (active) instrument, reported at `field` (default `symbol`). */
export interface UnknownSymbolRef {
  symbol: string;
  field?: string;
}

/**
 * 422 `UnknownSymbol`, one body everywhere: `{field, code: UNKNOWN_SYMBOL, errors: [{field, code, message}]}`,
 * `field`/`code` those of the first symbol.
 */
export class UnknownSymbolError extends AppError {
  readonly symbols: string[];

  constructor(refs: string | UnknownSymbolRef | readonly UnknownSymbolRef[]) {
    const list: UnknownSymbolRef[] = typeof refs === 'string' ? [{ symbol: refs }] : Array.isArray(refs) ? [...refs] : [refs as UnknownSymbolRef];
    const errors: FieldError[] = list.map((r) => ({ field: r.field ?? 'symbol', code: 'UNKNOWN_SYMBOL', message: `${r.symbol} is not a known instrument` }));
    const symbols = list.map((r) => r.symbol);
    super('UnknownSymbol', symbols.length === 1 ? `Unknown symbol: ${symbols[0]}` : `Unknown symbols: ${symbols.join(', ')}`, {
      field: errors[0]?.field,
      code: 'UNKNOWN_SYMBOL',
      errors,
    });
    this.name = new.target.name;
    this.symbols = symbols;
  }
}

/** 503: the market data provider cannot answer now (`details.provider`, `Retry-After` when it knows). */
export class MarketDataUnavailableError extends AppError {
  constructor(message: string, details: Record<string, unknown> | null = null, retryAfterSeconds?: number) {
    super('ServiceUnavailable', message, details, retryAfterSeconds === undefined ? {} : { 'Retry-After': String(retryAfterSeconds) });
    this.name = new.target.name;
  }
}

/** 422 `ValidationError`: a CSV import with problems, nothing imported; each error names its file and line. */
export class ImportRefusedError extends AppError {
  constructor(errors: readonly (FieldError & { line: number })[], files: number) {
    super('ValidationError', `Import refused: ${errors.length} problem(s) in ${files} file(s); nothing was imported`, {
      field: 'file',
      code: 'INVALID_FORMAT',
      errors,
    });
    this.name = new.target.name;
  }
}
