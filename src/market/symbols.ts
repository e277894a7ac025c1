import { ValidationFailedError } from '../common/errors/app-error';
import { SYMBOL_PATTERN } from '../common/symbol';

/** Symbols are case-insensitive on input and upper-case everywhere after this point. */
export function normalizeSymbol(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const s = raw.toUpperCase();
  return SYMBOL_PATTERN.test(s) ? s : null;
}

export function invalidSymbolError(field = 'symbol'): ValidationFailedError {
  return new ValidationFailedError(
    [{ field, code: 'INVALID_FORMAT', message: `${field} must match ${SYMBOL_PATTERN.source} (case-insensitive)` }],
    'Invalid symbol format',
  );
}

/** The upper-cased symbol, or a 422 ValidationError with details {field, code: INVALID_FORMAT}. */
export function parseSymbol(raw: unknown, field = 'symbol'): string {
  const s = normalizeSymbol(raw);
  if (s === null) throw invalidSymbolError(field);
  return s;
}

/** Yahoo spells share classes with a dash (BRK-B); we use a dot (BRK.B), as the exchanges do. */
export const toYahooSymbol = (symbol: string): string => symbol.replace(/\./g, '-');
