import { uniqueSymbols, withoutSymbol, withSymbol } from './watchlist-symbols';

describe('watchlist symbol rules', () => {
  it('upper-cases and drops repeats, keeping the first occurrence in order', () => {
    expect(uniqueSymbols(['msft', 'AAPL', 'Msft', 'brk.b', 'aapl'])).toEqual(['MSFT', 'AAPL', 'BRK.B']);
    expect(uniqueSymbols([])).toEqual([]);
  });

  it('appends a new symbol at the end and leaves the list alone for one already in it', () => {
    expect(withSymbol(['AAPL', 'MSFT'], 'NVDA')).toEqual(['AAPL', 'MSFT', 'NVDA']);
    expect(withSymbol(['AAPL', 'MSFT'], 'AAPL')).toEqual(['AAPL', 'MSFT']);
  });

  it('removes a symbol wherever it is, and is a no-op for one not there', () => {
    expect(withoutSymbol(['AAPL', 'MSFT', 'NVDA'], 'MSFT')).toEqual(['AAPL', 'NVDA']);
    expect(withoutSymbol(['AAPL'], 'TSLA')).toEqual(['AAPL']);
  });
});
