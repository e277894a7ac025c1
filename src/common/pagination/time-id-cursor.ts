import { ValidationFailedError } from '../errors/app-error';

/**
 * Opaque cursors over (created_at, uuid) listings: base64url of the last row's time (to the millisecond, as
 * compared with `date_trunc('milliseconds', created_at)`) and id.
 */
export function encodeTimeIdCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`, 'utf8').toString('base64url');
}

export function decodeTimeIdCursor(cursor: string | undefined): { at: string; id: string } | null {
  if (!cursor) return null;
  const m = /^(\d{4}-\d\d-\d\dT[\d:.]+Z)\|([0-9a-f-]{36})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw new ValidationFailedError([{ field: 'cursor', code: 'INVALID_FORMAT', message: 'cursor is not a cursor from this listing' }]);
  return { at: m[1], id: m[2] };
}
