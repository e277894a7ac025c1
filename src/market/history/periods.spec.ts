import { minusMonths } from '../../common/calendar-date';
import { checkCombination, INTERVALS, PERIODS, periodRange } from './periods';

describe('period/interval validation', () => {
  it('allows the sensible pairs and the defaults', () => {
    expect(checkCombination('1y', '1d')).toBeNull();
    expect(checkCombination('max', '1d')).toBeNull();
    expect(checkCombination('5d', '1m')).toBeNull();
    expect(checkCombination('1d', '1m')).toBeNull();
    expect(checkCombination('1mo', '5m')).toBeNull();
    expect(checkCombination('1y', '1h')).toBeNull();
    expect(checkCombination('1mo', '1wk')).toBeNull();
    expect(checkCombination('max', '1mo')).toBeNull();
  });

  it('refuses huge intraday requests naming the limit', () => {
    expect(checkCombination('5y', '1m')).toMatchObject({
      field: 'interval',
      code: 'INVALID_COMBINATION',
      limit: 'interval 1m allows a period of at most 5d',
    });
    expect(checkCombination('3mo', '5m')?.limit).toBe('interval 5m allows a period of at most 1mo');
    expect(checkCombination('6mo', '15m')?.limit).toBe('interval 15m allows a period of at most 3mo');
    expect(checkCombination('2y', '1h')?.limit).toBe('interval 1h allows a period of at most 1y');
  });

  it('refuses bars longer than the period', () => {
    expect(checkCombination('5d', '1wk')?.limit).toBe('interval 1wk needs a period of at least 1mo');
    expect(checkCombination('1mo', '1mo')?.limit).toBe('interval 1mo needs a period of at least 3mo');
    expect(checkCombination('1d', '1mo')?.message).toContain('got period 1d');
  });

  it('keeps every allowed intraday response under ~2,000 bars', () => {
    const barsPerSession = { '1m': 390, '5m': 78, '15m': 26, '1h': 7 } as const;
    const sessions = { '1d': 1, '5d': 5, '1mo': 23, '3mo': 66, '6mo': 130, '1y': 253, '2y': 505, '5y': 1260, max: 9000 };
    for (const p of PERIODS) {
      for (const i of INTERVALS) {
        if (!(i in barsPerSession) || checkCombination(p, i)) continue;
        expect(barsPerSession[i as keyof typeof barsPerSession] * sessions[p]).toBeLessThanOrEqual(2000);
      }
    }
  });
});

describe('periodRange', () => {
  it('subtracts months with clamping', () => {
    expect(minusMonths('2024-03-31', 1)).toBe('2024-02-29');
    expect(minusMonths('2025-01-15', 1)).toBe('2024-12-15');
    expect(minusMonths('2025-06-10', 60)).toBe('2020-06-10');
  });

  it('counts 1d and 5d in sessions, the rest in calendar time', () => {
    // Tuesday 2025-06-10 11:00 New York.
    const now = new Date('2025-06-10T15:00:00Z');
    expect(periodRange('1d', now)).toEqual({ fromYmd: '2025-06-10', toYmd: '2025-06-10' });
    expect(periodRange('5d', now)).toEqual({ fromYmd: '2025-06-04', toYmd: '2025-06-10' });
    expect(periodRange('1mo', now)).toEqual({ fromYmd: '2025-05-11', toYmd: '2025-06-10' });
    expect(periodRange('1y', now)).toEqual({ fromYmd: '2024-06-11', toYmd: '2025-06-10' });
    expect(periodRange('max', now).fromYmd).toBe('1990-01-01');
  });

  it('uses the last session before the open and over a weekend', () => {
    // Monday 2025-06-09 08:00 New York: the latest session that has opened is Friday's.
    expect(periodRange('1d', new Date('2025-06-09T12:00:00Z')).fromYmd).toBe('2025-06-06');
    // Sunday: Friday again; 5 sessions back skips the weekend.
    expect(periodRange('5d', new Date('2025-06-08T12:00:00Z')).fromYmd).toBe('2025-06-02');
    // Good Friday 2025-04-18 is a holiday: 1d on it is Thursday.
    expect(periodRange('1d', new Date('2025-04-18T16:00:00Z')).fromYmd).toBe('2025-04-17');
  });
});
