import { minusDays } from '../common/calendar-date';
import { newYorkYmd as newYorkDate } from '../market/market.contracts';
import { lookbackStart } from './lookback';

describe('lookback windows', () => {
  it('counts calendar months back, clamping to the month end', () => {
    expect(lookbackStart('2025-06-13', '1y')).toBe('2024-06-13');
    expect(lookbackStart('2025-06-13', '2y')).toBe('2023-06-13');
    expect(lookbackStart('2025-06-13', '3mo')).toBe('2025-03-13');
    expect(lookbackStart('2024-02-29', '1y')).toBe('2023-02-28');
    expect(lookbackStart('2025-03-31', '6mo')).toBe('2024-09-30');
    expect(lookbackStart('2025-01-15', '10y')).toBe('2015-01-15');
  });

  it('subtracts days across months and years', () => {
    expect(minusDays('2025-01-03', 5)).toBe('2024-12-29');
  });

  it('takes the New York date of an instant (UTC midnight is the previous evening there)', () => {
    expect(newYorkDate(new Date('2025-06-13T03:00:00Z'))).toBe('2025-06-12');
    expect(newYorkDate(new Date('2025-06-13T15:00:00Z'))).toBe('2025-06-13');
  });
});
