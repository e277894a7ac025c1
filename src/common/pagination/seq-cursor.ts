import { ValidationFailedError } from '../errors/app-error';

/**
 * Cursor pagination over a bigint `seq` column, newest first. The cursor is opaque to clients
 * (base64url of a tag and the last seq seen) so its form can change without breaking them.
 */
export const DEFAULT_PAGE = 50;

export function encodeCursor(tag: string, seq: string): string {
  return Buffer.from(`${tag}:${seq}`, 'utf8').toString('base64url');
}

export function decodeCursor(tag: string, cursor: string | undefined): string | null {
  if (cursor === undefined || cursor === '') return null;
  const raw = Buffer.from(cursor, 'base64url').toString('utf8');
  const m = /^([a-z]+):(\d{1,19})$/.exec(raw);
  if (!m || m[1] !== tag) {
    throw new ValidationFailedError([{ field: 'cursor', code: 'INVALID_FORMAT', message: 'cursor is not a cursor from this listing' }]);
  }
  return m[2];
}

/** Fetch `limit + 1` rows, then call this: it trims the extra row and makes the next cursor. */
export function page<T extends { seq: string }>(rows: T[], limit: number, tag: string): { items: T[]; next: string | null } {
  if (rows.length <= limit) return { items: rows, next: null };
  const items = rows.slice(0, limit);
  return { items, next: encodeCursor(tag, items[items.length - 1].seq) };
}
