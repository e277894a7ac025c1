import { compact, dateTime, direction, fraction, money, percentUnits, price, quantity, ratio, signedMoney, until } from './format';

describe('format', () => {
  it('formats money with its currency by locale', () => {
    expect(money(150000)).toBe(money(150000, 'USD', undefined));
    expect(money(150000, 'USD', 'en-US')).toBe('$150,000.00');
    expect(money(1234.5, 'EUR', 'de-DE')).toBe('1.234,50\u00a0€');
    expect(money(0.005, 'USD', 'en-US')).toBe('$0.01');
  });

  it('signs gains and losses in text, not only by colour', () => {
    expect(signedMoney(1250, 'USD', 'en-US')).toBe('+$1,250.00');
    expect(signedMoney(-12, 'USD', 'en-US')).toBe('-$12.00');
    expect(signedMoney(0, 'USD', 'en-US')).toBe('$0.00');
    expect(direction(2)).toBe('up');
    expect(direction(-0.01)).toBe('down');
    expect(direction(0)).toBe('flat');
    expect(direction(null)).toBe('flat');
  });

  it('keeps the API precision of prices (4 dp) and quantities (8 dp)', () => {
    expect(price(175.84, 'en-US')).toBe('175.84');
    expect(price(175.12345, 'en-US')).toBe('175.1235');
    expect(price(3, 'en-US')).toBe('3.00');
    expect(quantity(0.12345678, 'en-US')).toBe('0.12345678');
    expect(quantity(1000, 'en-US')).toBe('1,000');
  });

  it('reads *_percent fields as percents and ratios as fractions', () => {
    expect(percentUnits(1.24, 'en-US')).toBe('+1.24%');
    expect(percentUnits(-0.5, 'en-US')).toBe('-0.50%');
    expect(percentUnits(11.72, 'en-US', false)).toBe('11.72%');
    expect(fraction(-0.12, 'en-US')).toBe('-12.0%');
    expect(fraction(0.4, 'de-DE')).toBe('40,0\u00a0%');
    expect(ratio(1.85, 'en-US')).toBe('1.85');
    expect(compact(89234567, 'en-US')).toBe('89.2M');
  });

  it('shows a dash for missing values instead of NaN', () => {
    for (const f of [money, signedMoney, price, quantity, percentUnits, fraction, ratio, compact] as Array<(v: number | null) => string>) {
      expect(f(null)).toBe('—');
      expect(f(Number.NaN)).toBe('—');
    }
    expect(dateTime(null)).toBe('—');
    expect(dateTime('not a date')).toBe('—');
  });

  it('formats timestamps in the locale and time zone', () => {
    expect(dateTime('2024-01-15T16:30:00.123Z', 'en-US', 'UTC')).toBe('Jan 15, 2024, 4:30 PM');
  });

  it('counts down to the next session change', () => {
    const now = Date.parse('2024-01-15T12:00:00Z');
    expect(until('2024-01-15T14:30:00Z', now)).toBe('in 2 h 30 min');
    expect(until('2024-01-17T13:00:00Z', now)).toBe('in 2 d 1 h');
    expect(until('2024-01-15T12:00:20Z', now)).toBe('in 1 min');
    expect(until('2024-01-15T11:00:00Z', now)).toBe('now');
  });
});
