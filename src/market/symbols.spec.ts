import { AppError } from '../common/errors/app-error';
import { normalizeSymbol, parseSymbol, toYahooSymbol } from './symbols';

describe('symbols', () => {
  it.each([
    ['aapl', 'AAPL'],
    ['BRK.B', 'BRK.B'],
    ['brk.b', 'BRK.B'],
    ['X', 'X'],
    ['A1234567-9', 'A1234567-9'],
  ])('normalizes %s to %s', (raw, expected) => {
    expect(normalizeSymbol(raw)).toBe(expected);
  });

  it.each(['', ' AAPL', '1ABC', 'AAPL$', 'ABCDEFGHIJK', '.A', 'AA PL', 'ÄPPLE'])('refuses %j', (raw) => {
    expect(normalizeSymbol(raw)).toBeNull();
  });

  it('refuses non-strings', () => {
    expect(normalizeSymbol(undefined)).toBeNull();
    expect(normalizeSymbol(42)).toBeNull();
  });

  it('throws the seed validation error shape', () => {
    try {
      parseSymbol('1bad');
      throw new Error('not thrown');
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      const err = e as AppError;
      expect(err.status).toBe(422);
      expect(err.message).toBe('Invalid symbol format');
      expect(err.details).toMatchObject({ field: 'symbol', code: 'INVALID_FORMAT' });
    }
  });

  it('maps share classes to Yahoo spelling', () => {
    expect(toYahooSymbol('BRK.B')).toBe('BRK-B');
    expect(toYahooSymbol('AAPL')).toBe('AAPL');
  });
});
