import {
  SPECIAL_CLOSURES,
  dayToYmd,
  easterSunday,
  isOpen,
  isTradingDay,
  newYorkOffsetMinutes,
  newYorkYmd,
  nextClose,
  nextOpen,
  nextTradingDay,
  previousTradingDay,
  sessionFor,
  tradingDaysBetween,
  ymdToDay,
} from './calendar';

/** Weekday closures per year, as published by NYSE (2025 includes the Carter day of mourning). */
const PUBLISHED_HOLIDAYS: Record<number, string[]> = {
  2021: ['01-01', '01-18', '02-15', '04-02', '05-31', '07-05', '09-06', '11-25', '12-24'],
  2022: ['01-17', '02-21', '04-15', '05-30', '06-20', '07-04', '09-05', '11-24', '12-26'],
  2023: ['01-02', '01-16', '02-20', '04-07', '05-29', '06-19', '07-04', '09-04', '11-23', '12-25'],
  2024: ['01-01', '01-15', '02-19', '03-29', '05-27', '06-19', '07-04', '09-02', '11-28', '12-25'],
  2025: ['01-01', '01-09', '01-20', '02-17', '04-18', '05-26', '06-19', '07-04', '09-01', '11-27', '12-25'],
  2026: ['01-01', '01-19', '02-16', '04-03', '05-25', '06-19', '07-03', '09-07', '11-26', '12-25'],
  2027: ['01-01', '01-18', '02-15', '03-26', '05-31', '06-18', '07-05', '09-06', '11-25', '12-24'],
};

const PUBLISHED_EARLY_CLOSES: Record<number, string[]> = {
  2022: ['11-25'],
  2023: ['07-03', '11-24'],
  2024: ['07-03', '11-29', '12-24'],
  2025: ['07-03', '11-28', '12-24'],
  2026: ['11-27', '12-24'],
};

function weekdayClosures(year: number): string[] {
  const out: string[] = [];
  for (let d = ymdToDay(`${year}-01-01`); d <= ymdToDay(`${year}-12-31`); d++) {
    const wd = new Date(d * 86_400_000).getUTCDay();
    const ymd = dayToYmd(d);
    if (wd !== 0 && wd !== 6 && !isTradingDay(ymd)) out.push(ymd.slice(5));
  }
  return out;
}

describe('NYSE calendar', () => {
  it.each(Object.keys(PUBLISHED_HOLIDAYS).map(Number))('matches the published holidays of %i', (year) => {
    expect(weekdayClosures(year)).toEqual(PUBLISHED_HOLIDAYS[year]);
  });

  it.each(Object.keys(PUBLISHED_EARLY_CLOSES).map(Number))('matches the published early closes of %i', (year) => {
    const early = tradingDaysBetween(`${year}-01-01`, `${year}-12-31`)
      .filter((d) => sessionFor(d)!.earlyClose)
      .map((d) => d.slice(5));
    expect(early).toEqual(PUBLISHED_EARLY_CLOSES[year]);
  });

  it('closes on the dates the brief names', () => {
    for (const d of ['2024-07-04', '2024-11-28', '2024-12-25', '2025-01-09', '2024-03-29', '2023-06-19']) {
      expect(isTradingDay(d)).toBe(false);
      expect(sessionFor(d)).toBeNull();
    }
  });

  it('keeps every listed one-off closure, and those days are weekdays', () => {
    for (const { date } of SPECIAL_CLOSURES) {
      expect(isTradingDay(date)).toBe(false);
      expect([0, 6]).not.toContain(new Date(`${date}T12:00:00Z`).getUTCDay());
    }
    expect(SPECIAL_CLOSURES.map((c) => c.date)).toEqual(
      expect.arrayContaining(['2001-09-11', '2001-09-14', '2004-06-11', '2007-01-02', '2012-10-29', '2012-10-30']),
    );
  });

  it('has the known number of trading days per year', () => {
    const known: Record<number, number> = {
      2001: 248,
      2012: 250,
      2018: 251,
      2020: 253,
      2022: 251,
      2023: 250,
      2024: 252,
    };
    for (const [year, n] of Object.entries(known)) {
      expect(tradingDaysBetween(`${year}-01-01`, `${year}-12-31`)).toHaveLength(n);
    }
  });

  it('does not observe a Saturday New Year on the Friday before', () => {
    expect(isTradingDay('2021-12-31')).toBe(true);
    expect(isTradingDay('2010-12-31')).toBe(true);
    expect(isTradingDay('2023-01-02')).toBe(false); // Sunday → Monday
  });

  it('starts MLK Day in 1998 and Juneteenth in 2022', () => {
    expect(isTradingDay('1997-01-20')).toBe(true);
    expect(isTradingDay('1998-01-19')).toBe(false);
    expect(isTradingDay('2021-06-18')).toBe(true);
    expect(isTradingDay('2022-06-20')).toBe(false);
  });

  it('computes Easter for known years', () => {
    const easter: Record<number, string> = {
      1990: '1990-04-15',
      2000: '2000-04-23',
      2008: '2008-03-23',
      2019: '2019-04-21',
      2038: '2038-04-25',
      2100: '2100-03-28',
    };
    for (const [y, d] of Object.entries(easter)) expect(dayToYmd(easterSunday(Number(y)))).toBe(d);
  });

  it('never trades on a weekend', () => {
    const weekendDays = tradingDaysBetween('1990-01-01', '2100-12-31').filter((d) =>
      [0, 6].includes(new Date(`${d}T12:00:00Z`).getUTCDay()),
    );
    expect(weekendDays).toEqual([]);
  });

  it('walks between trading days', () => {
    expect(previousTradingDay('2024-07-05')).toBe('2024-07-03');
    expect(nextTradingDay('2024-07-03')).toBe('2024-07-05');
    expect(nextTradingDay('2024-12-24')).toBe('2024-12-26');
    expect(previousTradingDay('2024-04-01')).toBe('2024-03-28');
    expect(nextTradingDay('2025-01-08')).toBe('2025-01-10');
    expect(tradingDaysBetween('2024-12-20', '2024-12-31')).toEqual([
      '2024-12-20',
      '2024-12-23',
      '2024-12-24',
      '2024-12-26',
      '2024-12-27',
      '2024-12-30',
      '2024-12-31',
    ]);
    expect(tradingDaysBetween('2024-12-25', '2024-12-25')).toEqual([]);
    expect(tradingDaysBetween('2024-12-31', '2024-12-01')).toEqual([]);
  });

  it('refuses malformed dates and years outside 1990–2100', () => {
    expect(() => isTradingDay('2024-02-30')).toThrow(RangeError);
    expect(() => isTradingDay('24-01-01')).toThrow(RangeError);
    expect(() => isTradingDay('1989-06-01')).toThrow(RangeError);
    expect(() => isTradingDay('2101-01-03')).toThrow(RangeError);
  });
});

describe('sessions in UTC', () => {
  it('opens at 13:30Z in summer and 14:30Z in winter', () => {
    expect(sessionFor('2024-07-01')).toEqual({
      openUtc: new Date('2024-07-01T13:30:00Z'),
      closeUtc: new Date('2024-07-01T20:00:00Z'),
      earlyClose: false,
    });
    expect(sessionFor('2024-12-02')).toEqual({
      openUtc: new Date('2024-12-02T14:30:00Z'),
      closeUtc: new Date('2024-12-02T21:00:00Z'),
      earlyClose: false,
    });
    expect(sessionFor('2024-11-29')!.closeUtc).toEqual(new Date('2024-11-29T18:00:00Z'));
    expect(sessionFor('2024-07-03')!.closeUtc).toEqual(new Date('2024-07-03T17:00:00Z'));
  });

  it('follows both DST regimes around their switch days', () => {
    expect(sessionFor('2024-03-08')!.openUtc).toEqual(new Date('2024-03-08T14:30:00Z'));
    expect(sessionFor('2024-03-11')!.openUtc).toEqual(new Date('2024-03-11T13:30:00Z'));
    expect(sessionFor('2024-11-01')!.openUtc).toEqual(new Date('2024-11-01T13:30:00Z'));
    expect(sessionFor('2024-11-04')!.openUtc).toEqual(new Date('2024-11-04T14:30:00Z'));
    // Pre-2007 rules: first Sunday of April to last Sunday of October.
    expect(sessionFor('2005-03-14')!.openUtc).toEqual(new Date('2005-03-14T14:30:00Z'));
    expect(sessionFor('2005-04-04')!.openUtc).toEqual(new Date('2005-04-04T13:30:00Z'));
    expect(sessionFor('2005-10-31')!.openUtc).toEqual(new Date('2005-10-31T14:30:00Z'));
  });

  it('agrees with the ICU time-zone database on every session 1990–2100', () => {
    const fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: 'America/New_York',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    const wrong: string[] = [];
    for (const d of tradingDaysBetween('1990-01-01', '2100-12-31')) {
      const s = sessionFor(d)!;
      if (fmt.format(s.openUtc) !== '09:30' || fmt.format(s.closeUtc) !== (s.earlyClose ? '13:00' : '16:00')) {
        wrong.push(d);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('switches the instant offset at 02:00 local', () => {
    expect(newYorkOffsetMinutes(new Date('2024-03-10T06:59:59Z'))).toBe(-300);
    expect(newYorkOffsetMinutes(new Date('2024-03-10T07:00:00Z'))).toBe(-240);
    expect(newYorkOffsetMinutes(new Date('2024-11-03T05:59:59Z'))).toBe(-240);
    expect(newYorkOffsetMinutes(new Date('2024-11-03T06:00:00Z'))).toBe(-300);
    expect(newYorkYmd(new Date('2024-07-02T03:00:00Z'))).toBe('2024-07-01');
  });

  it('answers isOpen, nextOpen and nextClose', () => {
    expect(isOpen(new Date('2024-07-01T13:29:59.999Z'))).toBe(false);
    expect(isOpen(new Date('2024-07-01T13:30:00Z'))).toBe(true);
    expect(isOpen(new Date('2024-07-01T19:59:59Z'))).toBe(true);
    expect(isOpen(new Date('2024-07-01T20:00:00Z'))).toBe(false);
    expect(isOpen(new Date('2024-07-04T15:00:00Z'))).toBe(false);
    expect(isOpen(new Date('2024-07-06T15:00:00Z'))).toBe(false);

    // Open now: next open is the following session's, next close is today's.
    const midSession = new Date('2024-07-03T15:00:00Z');
    expect(nextOpen(midSession)).toEqual(new Date('2024-07-05T13:30:00Z'));
    expect(nextClose(midSession)).toEqual(new Date('2024-07-03T17:00:00Z'));
    // Before the open: today's open and close.
    expect(nextOpen(new Date('2024-07-01T12:00:00Z'))).toEqual(new Date('2024-07-01T13:30:00Z'));
    expect(nextClose(new Date('2024-07-01T12:00:00Z'))).toEqual(new Date('2024-07-01T20:00:00Z'));
    // Friday evening across a weekend and a DST switch.
    expect(nextOpen(new Date('2024-03-08T22:00:00Z'))).toEqual(new Date('2024-03-11T13:30:00Z'));
    expect(nextClose(new Date('2024-03-08T22:00:00Z'))).toEqual(new Date('2024-03-11T20:00:00Z'));
    // Exactly at the open, the next open is tomorrow's.
    expect(nextOpen(new Date('2024-12-02T14:30:00Z'))).toEqual(new Date('2024-12-03T14:30:00Z'));
  });
});
