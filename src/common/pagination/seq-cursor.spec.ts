import { ValidationFailedError } from '../errors/app-error';
import { decodeCursor, encodeCursor, page } from './seq-cursor';

describe('cursor pagination', () => {
  it('round-trips a cursor and refuses another listing’s or a forged one', () => {
    const c = encodeCursor('o', '42');
    expect(decodeCursor('o', c)).toBe('42');
    expect(decodeCursor('o', undefined)).toBeNull();
    expect(() => decodeCursor('t', c)).toThrow(ValidationFailedError);
    expect(() => decodeCursor('o', 'garbage')).toThrow(ValidationFailedError);
    expect(() => decodeCursor('o', encodeCursor('o', '1; DROP TABLE'))).toThrow(ValidationFailedError);
  });

  it('trims the extra row and points the next cursor at the last row returned', () => {
    const rows = [{ seq: '5' }, { seq: '4' }, { seq: '3' }];
    expect(page(rows, 3, 'o')).toEqual({ items: rows, next: null });
    const p = page(rows, 2, 'o');
    expect(p.items).toEqual(rows.slice(0, 2));
    expect(decodeCursor('o', p.next!)).toBe('4');
  });
});
