import fc from 'fast-check';
import { Decimal } from '../../common/decimal';
import { parseDailyCsv } from './csv-parser';

/**
 * Property tests of the CSV parser over hostile input: whatever the file, it never throws, and everything it
 * accepts fits daily_bars (numeric(20,6) > 0, bigint volume ≥ 0) and the OHLC order — so a bad upload is a
 * 422 with line numbers, never a 500 from the database.
 */
const numberish = fc.oneof(
  fc.double({ min: 0, max: 1e16, noNaN: true }).map(String),
  fc.constantFrom('0', '0.0000001', '0.0000005', '0.0000004999', '1e-9', '1e14', '99999999999999.9999995', '1e20', '9.3e18', 'null', '', '-1', 'NaN', 'Infinity', '1,5', ' 12 ', '+7', '.5', '5.'),
  fc.integer({ min: 0, max: 10_000 }).map((n) => (n / 100).toFixed(2)),
);
const dateish = fc.oneof(
  fc.date({ min: new Date('1985-01-01T00:00:00Z'), max: new Date('2105-12-31T00:00:00Z'), noInvalidDate: true }).map((dt) => dt.toISOString().slice(0, 10)),
  fc.constantFrom('2024-02-30', '2024-13-01', 'yesterday', '', '20240102', '2024-1-2'),
);
const row = fc.tuple(dateish, numberish, numberish, numberish, numberish, numberish, numberish).map((f) => f.join(','));
const garbage = fc.string({ maxLength: 40 });
const file = fc
  .tuple(
    fc.constantFrom('Date,Open,High,Low,Close,Adj Close,Volume', 'Date,Open,High,Low,Close,Volume', 'when,price'),
    fc.array(fc.oneof({ weight: 5, arbitrary: row }, { weight: 1, arbitrary: garbage }), { maxLength: 30 }),
    fc.constantFrom('\n', '\r\n'),
  )
  .map(([header, rows, eol]) => [header, ...rows].join(eol));

describe('parseDailyCsv (fuzz)', () => {
  it('never throws, and accepts only rows daily_bars can store in OHLC order, listing every refusal by line', () => {
    fc.assert(
      fc.property(file, (text) => {
        const r = parseDailyCsv(text, { latest: '2026-11-24' });
        const lines = text.split(/\r?\n/).length;
        for (const e of r.errors) {
          expect(e.line).toBeGreaterThanOrEqual(0);
          expect(e.line).toBeLessThanOrEqual(lines);
        }
        for (const b of r.bars) {
          const [o, h, l, c] = [b.open, b.high, b.low, b.close].map((v) => new Decimal(v));
          for (const v of [o, h, l, c, ...(b.adjClose ? [new Decimal(b.adjClose)] : [])]) {
            expect(v.gt(0) && v.lt('1e14') && v.decimalPlaces() <= 6).toBe(true);
          }
          expect(l.lte(Decimal.min(o, c)) && h.gte(Decimal.max(o, c))).toBe(true);
          const vol = new Decimal(b.volume);
          expect(vol.isInteger() && vol.gte(0) && vol.lte('9223372036854775807')).toBe(true);
          expect(b.date <= '2026-11-24').toBe(true);
        }
        expect(new Set(r.bars.map((b) => b.date)).size).toBe(r.bars.length);
      }),
      { numRuns: 2000, seed: 20261125 },
    );
  });

  it('refuses prices that round to zero at 6 decimals or overflow the column, and volumes beyond bigint', () => {
    const h = 'Date,Open,High,Low,Close,Adj Close,Volume\n';
    const r = parseDailyCsv(`${h}2024-01-02,0.0000004,1,0.0000004,1,1,10\n2024-01-03,1e14,1e14,1,1,1,10\n2024-01-04,1,1,1,1,1,1e19\n`);
    expect(r.bars).toEqual([]);
    expect(r.errors.map((e) => [e.line, e.message])).toEqual([
      [2, 'open must be positive (at 6 decimals); low must be positive (at 6 decimals)'],
      [3, 'open 1e14 is too large (below 1e14); high 1e14 is too large (below 1e14)'],
      [4, 'volume 1e19 is too large'],
    ]);
  });
});
