import type { FieldError } from '../../common/errors/app-error';
import { minusMonths } from '../../common/calendar-date';
import {
  CALENDAR_FIRST_YEAR,
  dayToYmd,
  newYorkYmd,
  ordinalOfLatestOpen,
  ymdAtOrdinal,
  ymdToDay,
  type Ymd,
} from '../simulator';

export const PERIODS = ['1d', '5d', '1mo', '3mo', '6mo', '1y', '2y', '5y', 'max'] as const;
export const INTERVALS = ['1m', '5m', '15m', '1h', '1d', '1wk', '1mo'] as const;
export type Period = (typeof PERIODS)[number];
export type Interval = (typeof INTERVALS)[number];
export type IntradayInterval = '1m' | '5m' | '15m' | '1h';

export const INTRADAY_MINUTES: Readonly<Record<IntradayInterval, number>> = { '1m': 1, '5m': 5, '15m': 15, '1h': 60 };

export const isIntraday = (i: Interval): i is IntradayInterval => i in INTRADAY_MINUTES;

/**
 * Which periods each interval accepts. Intraday intervals are capped so that a response stays under
 * ~2,000 bars (1m over 5 sessions is 1,950); weekly and monthly bars need a period that holds more
 * than one of them. Everything else (daily over any period, up to ~9,000 bars for `max`) is allowed.
 */
export const INTERVAL_LIMITS: Readonly<Record<Interval, { maxPeriod?: Period; minPeriod?: Period }>> = {
  '1m': { maxPeriod: '5d' },
  '5m': { maxPeriod: '1mo' },
  '15m': { maxPeriod: '3mo' },
  '1h': { maxPeriod: '1y' },
  '1d': {},
  '1wk': { minPeriod: '1mo' },
  '1mo': { minPeriod: '3mo' },
};

const rank = (p: Period): number => PERIODS.indexOf(p);

/** The problem with a period/interval pair, naming the limit, or null when the pair is allowed. */
export function checkCombination(period: Period, interval: Interval): (FieldError & { limit: string }) | null {
  const { maxPeriod, minPeriod } = INTERVAL_LIMITS[interval];
  if (maxPeriod && rank(period) > rank(maxPeriod)) {
    const limit = `interval ${interval} allows a period of at most ${maxPeriod}`;
    return { field: 'interval', code: 'INVALID_COMBINATION', message: `${limit} (got period ${period})`, limit };
  }
  if (minPeriod && rank(period) < rank(minPeriod)) {
    const limit = `interval ${interval} needs a period of at least ${minPeriod}`;
    return { field: 'interval', code: 'INVALID_COMBINATION', message: `${limit} (got period ${period})`, limit };
  }
  return null;
}

const MONTHS: Partial<Record<Period, number>> = { '1mo': 1, '3mo': 3, '6mo': 6, '1y': 12, '2y': 24, '5y': 60 };

/**
 * The dates a period covers as seen at `now` (New York dates, inclusive). `1d` and `5d` are the latest one
 * and five sessions that have opened; month and year periods end today and start the day after the same
 * date that many months earlier; `max` starts at the calendar's first year.
 */
export function periodRange(period: Period, now: Date): { fromYmd: Ymd; toYmd: Ymd } {
  const toYmd = newYorkYmd(now);
  if (period === '1d' || period === '5d') {
    const latest = ordinalOfLatestOpen(now);
    if (latest < 0) return { fromYmd: toYmd, toYmd };
    return { fromYmd: ymdAtOrdinal(Math.max(latest - (period === '1d' ? 0 : 4), 0)), toYmd };
  }
  if (period === 'max') return { fromYmd: `${CALENDAR_FIRST_YEAR}-01-01`, toYmd };
  const start = minusMonths(toYmd, MONTHS[period] as number);
  return { fromYmd: dayToYmd(ymdToDay(start) + 1), toYmd };
}
