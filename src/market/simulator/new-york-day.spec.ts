import { newYorkDayStart, newYorkYmd as newYorkDate } from './calendar';

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

describe('newYorkDayStart against Intl, every day 2000–2040', () => {
  const fmt = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'America/New_York',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  it('is the instant the New York wall clock reads 00:00:00 of that day', () => {
    const bad: string[] = [];
    for (let ms = Date.UTC(2000, 0, 1, 17); ms < Date.UTC(2041, 0, 1); ms += 86_400_000) {
      const at = new Date(ms);
      const start = newYorkDayStart(at);
      const wall = fmt.format(start);
      const before = fmt.format(new Date(start.getTime() - 1));
      if (wall !== `${newYorkDate(at)}, 00:00:00` || before.startsWith(newYorkDate(at))) bad.push(`${at.toISOString()} → ${wall}`);
    }
    expect(bad).toEqual([]);
  });
});
