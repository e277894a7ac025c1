import { newYorkDate, newYorkDayStart } from './new-york-day';

describe('New York day', () => {
  it('gives the local date', () => {
    expect(newYorkDate(new Date('2024-01-15T03:00:00Z'))).toBe('2024-01-14');
    expect(newYorkDate(new Date('2024-01-15T05:00:00Z'))).toBe('2024-01-15');
    expect(newYorkDate(new Date('2024-07-04T03:59:00Z'))).toBe('2024-07-03');
    expect(newYorkDate(new Date('2024-07-04T04:00:00Z'))).toBe('2024-07-04');
  });

  it('finds local midnight in winter, summer and on DST change days', () => {
    expect(newYorkDayStart(new Date('2024-01-15T21:00:00Z')).toISOString()).toBe('2024-01-15T05:00:00.000Z');
    expect(newYorkDayStart(new Date('2024-07-15T21:00:00Z')).toISOString()).toBe('2024-07-15T04:00:00.000Z');
    // 2024-03-10: clocks go forward at 02:00; midnight was still EST.
    expect(newYorkDayStart(new Date('2024-03-10T20:00:00Z')).toISOString()).toBe('2024-03-10T05:00:00.000Z');
    // 2024-11-03: clocks go back at 02:00; midnight was still EDT.
    expect(newYorkDayStart(new Date('2024-11-03T20:00:00Z')).toISOString()).toBe('2024-11-03T04:00:00.000Z');
    expect(newYorkDayStart(new Date('2024-01-15T05:00:00Z')).toISOString()).toBe('2024-01-15T05:00:00.000Z');
  });
});
