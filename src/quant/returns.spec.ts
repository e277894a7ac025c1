import fixtures from './__fixtures__/risk-fixtures.json';
import { RiskMathError } from './errors';
import {
  alignPrices,
  holdingsValueSeries,
  logReturns,
  overlappingReturnMatrix,
  overlappingReturns,
  PricePoint,
  returnsFromPrices,
  simpleReturns,
} from './returns';

const series = fixtures.alignment.series as Record<string, PricePoint[]>;
const maxAbsDiff = (a: number[][], b: number[][]) =>
  Math.max(...a.flatMap((row, i) => row.map((v, j) => Math.abs(v - b[i][j]))));

describe('returns from price series', () => {
  it('aligns shuffled series with holes on their common dates (record or Map)', () => {
    const fromRecord = returnsFromPrices(series);
    const fromMap = returnsFromPrices(new Map(Object.entries(series)));
    expect(fromRecord.symbols).toEqual(['AAA', 'BBB', 'CCC']);
    expect(fromRecord.dates).toEqual(fixtures.alignment.return_dates);
    expect(alignPrices(series).dates).toEqual(fixtures.alignment.dates);
    expect(maxAbsDiff(fromRecord.returns, fixtures.alignment.simple)).toBeLessThan(1e-15);
    expect(fromMap).toEqual(fromRecord);
  });

  it('log returns on request', () => {
    const out = returnsFromPrices(series, 'log');
    expect(out.method).toBe('log');
    expect(maxAbsDiff(out.returns, fixtures.alignment.log)).toBeLessThan(1e-15);
  });

  it('refuses bad input with a reason', () => {
    const p = (date: string, close: number) => ({ date, close });
    expect(() => returnsFromPrices({ A: [p('2024-01-02', 1), p('2024-01-02', 2)] })).toThrow(/duplicate/);
    expect(() => returnsFromPrices({ A: [p('2024-1-2', 1)] })).toThrow(/bad date/);
    expect(() => returnsFromPrices({ A: [p('2024-01-02', 0)] })).toThrow(/positive/);
    expect(() => returnsFromPrices({})).toThrow(RiskMathError);
    const noOverlap = { A: [p('2024-01-02', 1), p('2024-01-03', 2)], B: [p('2024-01-04', 1)] };
    expect(() => returnsFromPrices(noOverlap)).toThrow(expect.objectContaining({ code: 'INSUFFICIENT_DATA' }));
  });
});

describe('series helpers', () => {
  it('simple and log returns of a value series', () => {
    expect(simpleReturns([100, 110, 99])).toEqual([0.10000000000000009, -0.09999999999999998]);
    expect(logReturns([100, 110])[0]).toBeCloseTo(Math.log(1.1), 15);
  });

  it('overlapping h-day outcomes: compounded returns or summed P&L', () => {
    expect(overlappingReturns([0.1, -0.1, 0.2], 2)).toEqual([(1.1 * 0.9) - 1, (0.9 * 1.2) - 1]);
    expect(overlappingReturns([1, -2, 4], 2, 'sum')).toEqual([-1, 2]);
    expect(overlappingReturns([0.1, 0.2], 1)).toEqual([0.1, 0.2]);
    expect(overlappingReturnMatrix([[0.1, 0], [0.1, 0.5]], 2)).toEqual([[1.1 * 1.1 - 1, 0.5]]);
    expect(() => overlappingReturns([0.1], 2)).toThrow(RiskMathError);
  });

  it('values fixed holdings plus cash on each aligned date', () => {
    const aligned = { dates: ['d1', 'd2'], symbols: ['A', 'B'], prices: [[10, 20], [11, 18]] };
    expect(holdingsValueSeries(aligned, { A: 3, B: -1 }, 100)).toEqual([110, 115]);
  });
});
