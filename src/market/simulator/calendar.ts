/**
 * NYSE trading calendar, rule-based for 1990–2100, and regular session times in UTC.
 *
 * Holidays (full closures): New Year's Day (Sunday → Monday; Saturday → not observed, because NYSE
 * rules forbid closing on the last trading day of a year), Martin Luther King Jr. Day (3rd Monday of
 * January, from 1998), Washington's Birthday (3rd Monday of February), Good Friday (Gregorian Easter −
 * 2 days), Memorial Day (last Monday of May), Juneteenth (June 19, from 2022), Independence Day,
 * Labor Day (1st Monday of September), Thanksgiving (4th Thursday of November) and Christmas; the last
 * three fixed-date ones and Juneteenth are observed on Friday when they fall on Saturday and on Monday
 * when they fall on Sunday. One-off closures are a list, {@link SPECIAL_CLOSURES}.
 *
 * Early closes at 13:00 New York time: July 3 when it is a weekday before a weekday Independence Day,
 * the day after Thanksgiving, and December 24 when it is a weekday trading day.
 *
 * Deliberately not modelled: irregular historical early closes that break those rules (e.g. the 1 p.m.
 * close of Friday 2002-07-05), intraday halts and delayed openings (e.g. the 2001-09-17 reopening was a
 * normal session here), and any closure announced after this list was written. A year after 2100 or
 * before 1990 is refused with a RangeError rather than guessed.
 *
 * Time zone: US Eastern time is computed by hand from the US DST rules (first Sunday of April → last
 * Sunday of October until 2006; second Sunday of March → first Sunday of November from 2007, the
 * Energy Policy Act of 2005, assumed to stay in force through 2100). Sessions never straddle a DST
 * switch (it happens at 02:00 on a Sunday), so a session's UTC offset is that of its date.
 */

/** A calendar date as `YYYY-MM-DD`. */
export type Ymd = string;

export interface Session {
  openUtc: Date;
  closeUtc: Date;
  /** True on the 13:00 early-close days. */
  earlyClose: boolean;
}

export const CALENDAR_FIRST_YEAR = 1990;
export const CALENDAR_LAST_YEAR = 2100;

/** One-off NYSE closures within the calendar's range, with the reason. */
export const SPECIAL_CLOSURES: ReadonlyArray<{ date: Ymd; reason: string }> = [
  { date: '1994-04-27', reason: 'National day of mourning, President Nixon' },
  { date: '2001-09-11', reason: 'September 11 attacks' },
  { date: '2001-09-12', reason: 'September 11 attacks' },
  { date: '2001-09-13', reason: 'September 11 attacks' },
  { date: '2001-09-14', reason: 'September 11 attacks' },
  { date: '2004-06-11', reason: 'National day of mourning, President Reagan' },
  { date: '2007-01-02', reason: 'National day of mourning, President Ford' },
  { date: '2012-10-29', reason: 'Hurricane Sandy' },
  { date: '2012-10-30', reason: 'Hurricane Sandy' },
  { date: '2018-12-05', reason: 'National day of mourning, President George H. W. Bush' },
  { date: '2025-01-09', reason: 'National day of mourning, President Carter' },
];

export const MS_PER_MINUTE = 60_000;
export const MS_PER_DAY = 86_400_000;
const OPEN_MINUTE_LOCAL = 9 * 60 + 30;
const CLOSE_MINUTE_LOCAL = 16 * 60;
const EARLY_CLOSE_MINUTE_LOCAL = 13 * 60;

const YMD_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

// ---------------------------------------------------------------------------------------------
// Day numbers: whole days since 1970-01-01 (UTC). Every calendar computation works on these.

export function dayNumber(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

/** Parses a `YYYY-MM-DD` date to a day number; throws a RangeError on anything else. */
export function ymdToDay(ymd: Ymd): number {
  const m = YMD_RE.exec(ymd);
  if (!m) throw new RangeError(`Not a YYYY-MM-DD date: ${ymd}`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = dayNumber(y, mo, d);
  if (dayToYmd(day) !== ymd) throw new RangeError(`Not a calendar date: ${ymd}`);
  return day;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

/** Day number → `YYYY-MM-DD` (Hinnant's civil-from-days; years 0–9999). */
export function dayToYmd(day: number): Ymd {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

function yearOf(day: number): number {
  return new Date(day * MS_PER_DAY).getUTCFullYear();
}

/** The n-th (1-based) given weekday of a month. */
function nthWeekday(year: number, month: number, wd: number, n: number): number {
  const first = dayNumber(year, month, 1);
  return first + ((wd - weekday(first) + 7) % 7) + 7 * (n - 1);
}

function lastWeekday(year: number, month: number, wd: number): number {
  const last = dayNumber(year, month + 1, 0);
  return last - ((weekday(last) - wd + 7) % 7);
}

/** Gregorian Easter Sunday (anonymous Gregorian algorithm, Meeus/Jones/Butcher). */
export function easterSunday(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return dayNumber(year, month, day);
}

/** Saturday → Friday, Sunday → Monday. */
function observed(day: number): number {
  const wd = weekday(day);
  return wd === 6 ? day - 1 : wd === 0 ? day + 1 : day;
}

/** The full-day holidays that a year's rules produce (some may fall in the neighbouring year). */
function ruleHolidays(year: number): number[] {
  const days: number[] = [];
  const newYear = dayNumber(year, 1, 1);
  if (weekday(newYear) === 0) days.push(newYear + 1);
  else if (weekday(newYear) !== 6) days.push(newYear);
  if (year >= 1998) days.push(nthWeekday(year, 1, 1, 3));
  days.push(nthWeekday(year, 2, 1, 3));
  days.push(easterSunday(year) - 2);
  days.push(lastWeekday(year, 5, 1));
  if (year >= 2022) days.push(observed(dayNumber(year, 6, 19)));
  days.push(observed(dayNumber(year, 7, 4)));
  days.push(nthWeekday(year, 9, 1, 1));
  days.push(nthWeekday(year, 11, 4, 4));
  days.push(observed(dayNumber(year, 12, 25)));
  return days;
}

function ruleEarlyCloses(year: number): number[] {
  const days: number[] = [];
  const july3 = dayNumber(year, 7, 3);
  const july3wd = weekday(july3);
  if (july3wd >= 1 && july3wd <= 4) days.push(july3);
  days.push(nthWeekday(year, 11, 4, 4) + 1);
  const dec24 = dayNumber(year, 12, 24);
  const dec24wd = weekday(dec24);
  if (dec24wd >= 1 && dec24wd <= 4) days.push(dec24);
  return days;
}

// ---------------------------------------------------------------------------------------------
// The table: every trading day from 1990 to 2100, built once on first use (~28k days, ~2 ms).

const FIRST_DAY = dayNumber(CALENDAR_FIRST_YEAR, 1, 1);
const LAST_DAY = dayNumber(CALENDAR_LAST_YEAR, 12, 31);
/** Day numbers of the first and last calendar days covered. */
export const CALENDAR_FIRST_DAY = FIRST_DAY;
export const CALENDAR_LAST_DAY = LAST_DAY;

interface Table {
  /** Day numbers of all trading days, ascending. */
  days: Int32Array;
  /** For each calendar day (offset from FIRST_DAY): ordinal of the last trading day ≤ it, or −1. */
  atOrBefore: Int32Array;
  earlyClose: Set<number>;
  /** Session bounds (epoch ms) and early-close flag by ordinal. */
  openMs: Float64Array;
  closeMs: Float64Array;
  early: Uint8Array;
  ymd: Array<Ymd | undefined>;
}

let table: Table | undefined;

function buildTable(): Table {
  const closed = new Set<number>();
  const early = new Set<number>();
  for (let y = CALENDAR_FIRST_YEAR - 1; y <= CALENDAR_LAST_YEAR + 1; y++) {
    for (const d of ruleHolidays(y)) closed.add(d);
    for (const d of ruleEarlyCloses(y)) early.add(d);
  }
  for (const c of SPECIAL_CLOSURES) closed.add(ymdToDay(c.date));

  const span = LAST_DAY - FIRST_DAY + 1;
  const atOrBefore = new Int32Array(span);
  const days: number[] = [];
  for (let i = 0; i < span; i++) {
    const day = FIRST_DAY + i;
    const wd = weekday(day);
    if (wd !== 0 && wd !== 6 && !closed.has(day)) days.push(day);
    atOrBefore[i] = days.length - 1;
  }
  const earlyClose = new Set<number>();
  for (const d of early) if (!closed.has(d)) earlyClose.add(d);
  const n = days.length;
  const openMs = new Float64Array(n);
  const closeMs = new Float64Array(n);
  const earlyFlags = new Uint8Array(n);
  for (let o = 0; o < n; o++) {
    const day = days[o];
    const isEarly = earlyClose.has(day);
    const base = day * MS_PER_DAY - offsetForLocalDay(day) * MS_PER_MINUTE;
    openMs[o] = base + OPEN_MINUTE_LOCAL * MS_PER_MINUTE;
    closeMs[o] = base + (isEarly ? EARLY_CLOSE_MINUTE_LOCAL : CLOSE_MINUTE_LOCAL) * MS_PER_MINUTE;
    earlyFlags[o] = isEarly ? 1 : 0;
  }
  return {
    days: Int32Array.from(days),
    atOrBefore,
    earlyClose,
    openMs,
    closeMs,
    early: earlyFlags,
    ymd: new Array<Ymd | undefined>(n),
  };
}

function getTable(): Table {
  return (table ??= buildTable());
}

function checkRange(day: number): void {
  if (day < FIRST_DAY || day > LAST_DAY) {
    throw new RangeError(
      `Date ${dayToYmd(day)} is outside the NYSE calendar's range ${CALENDAR_FIRST_YEAR}–${CALENDAR_LAST_YEAR}`,
    );
  }
}

/** Ordinal (index among all trading days since 1990) of the last trading day ≤ day, or −1. */
export function ordinalAtOrBefore(day: number): number {
  checkRange(day);
  return getTable().atOrBefore[day - FIRST_DAY];
}

/** Ordinal of a trading day; throws if the day does not trade. */
export function ordinalOf(day: number): number {
  const o = ordinalAtOrBefore(day);
  if (o < 0 || getTable().days[o] !== day) throw new RangeError(`${dayToYmd(day)} is not a trading day`);
  return o;
}

/** Day number of the trading day with this ordinal. */
export function dayAtOrdinal(ordinal: number): number {
  const { days } = getTable();
  if (ordinal < 0 || ordinal >= days.length) throw new RangeError(`Trading-day ordinal ${ordinal} out of range`);
  return days[ordinal];
}

export function tradingDayCount(): number {
  return getTable().days.length;
}

export function isTradingDayNumber(day: number): boolean {
  const o = ordinalAtOrBefore(day);
  return o >= 0 && getTable().days[o] === day;
}

export function isEarlyCloseDay(day: number): boolean {
  return isTradingDayNumber(day) && getTable().earlyClose.has(day);
}

function checkOrdinal(ordinal: number): void {
  if (!(ordinal >= 0 && ordinal < getTable().days.length)) {
    throw new RangeError(`Trading-day ordinal ${ordinal} out of range`);
  }
}

/** Session open (epoch ms) of the trading day with this ordinal. */
export function openMsAt(ordinal: number): number {
  checkOrdinal(ordinal);
  return getTable().openMs[ordinal];
}

/** Session close (epoch ms) of the trading day with this ordinal. */
export function closeMsAt(ordinal: number): number {
  checkOrdinal(ordinal);
  return getTable().closeMs[ordinal];
}

export function isEarlyCloseAt(ordinal: number): boolean {
  checkOrdinal(ordinal);
  return getTable().early[ordinal] === 1;
}

/** `YYYY-MM-DD` of the trading day with this ordinal (memoised). */
export function ymdAtOrdinal(ordinal: number): Ymd {
  checkOrdinal(ordinal);
  const t = getTable();
  return (t.ymd[ordinal] ??= dayToYmd(t.days[ordinal]));
}

// ---------------------------------------------------------------------------------------------
// New York time.

function dstBounds(year: number): [start: number, end: number] {
  return year >= 2007
    ? [nthWeekday(year, 3, 0, 2), nthWeekday(year, 11, 0, 1)]
    : [nthWeekday(year, 4, 0, 1), lastWeekday(year, 10, 0)];
}

/** UTC offset of New York, in minutes (−240 in EDT, −300 in EST), on the given local calendar day. */
function offsetForLocalDay(day: number): number {
  const [start, end] = dstBounds(yearOf(day));
  return day >= start && day < end ? -240 : -300;
}

/** UTC offset of New York at an instant, in minutes: −240 (EDT) or −300 (EST). */
export function newYorkOffsetMinutes(at: Date): number {
  const ms = at.getTime();
  const year = new Date(ms - 5 * 3_600_000).getUTCFullYear();
  const [start, end] = dstBounds(year);
  // 02:00 EST on the start Sunday is 07:00Z; 02:00 EDT on the end Sunday is 06:00Z.
  const startMs = start * MS_PER_DAY + 7 * 3_600_000;
  const endMs = end * MS_PER_DAY + 6 * 3_600_000;
  return ms >= startMs && ms < endMs ? -240 : -300;
}

/** The New York calendar day (day number) of an instant. */
export function newYorkDay(at: Date): number {
  return Math.floor((at.getTime() + newYorkOffsetMinutes(at) * MS_PER_MINUTE) / MS_PER_DAY);
}

export function newYorkYmd(at: Date): Ymd {
  return dayToYmd(newYorkDay(at));
}

/** The instant New York's day containing `at` began (00:00 local; DST switches at 02:00, so midnight keeps the day before's offset). */
export function newYorkDayStart(at: Date): Date {
  const day = newYorkDay(at);
  return new Date(day * MS_PER_DAY - offsetForLocalDay(day - 1) * MS_PER_MINUTE);
}

/** Session bounds in epoch milliseconds of a trading day (throws if the day does not trade). */
export function sessionMs(day: number): { open: number; close: number; early: boolean } {
  const o = ordinalOf(day);
  const t = getTable();
  return { open: t.openMs[o], close: t.closeMs[o], early: t.early[o] === 1 };
}

/** Ordinal of the latest session whose open is ≤ at, or −1 when there is none in range. */
export function ordinalOfLatestOpen(at: Date): number {
  const ms = at.getTime();
  const day = Math.min(Math.max(newYorkDay(at), FIRST_DAY), LAST_DAY);
  let o = ordinalAtOrBefore(day);
  const { openMs } = getTable();
  while (o >= 0 && openMs[o] > ms) o--;
  return o;
}

// ---------------------------------------------------------------------------------------------
// Public calendar API on `YYYY-MM-DD` strings and Dates.

export function isTradingDay(ymd: Ymd): boolean {
  return isTradingDayNumber(ymdToDay(ymd));
}

/** Trading days d with from ≤ d ≤ to, ascending (empty when from > to). */
export function tradingDaysBetween(fromYmd: Ymd, toYmd: Ymd): Ymd[] {
  const from = ymdToDay(fromYmd);
  const to = ymdToDay(toYmd);
  if (from > to) return [];
  const { days } = getTable();
  checkRange(from);
  const start = from === FIRST_DAY ? 0 : ordinalAtOrBefore(from - 1) + 1;
  const last = ordinalAtOrBefore(to);
  const out: Ymd[] = [];
  for (let o = start; o <= last; o++) out.push(dayToYmd(days[o]));
  return out;
}

/** The last trading day strictly before the given date. */
export function previousTradingDay(ymd: Ymd): Ymd {
  const day = ymdToDay(ymd);
  const o = ordinalAtOrBefore(day - 1);
  if (o < 0) throw new RangeError(`No trading day before ${ymd} in the calendar's range`);
  return dayToYmd(getTable().days[o]);
}

/** The first trading day strictly after the given date. */
export function nextTradingDay(ymd: Ymd): Ymd {
  const day = ymdToDay(ymd);
  return dayToYmd(dayAtOrdinal(ordinalAtOrBefore(day) + 1));
}

/** Regular session of a date in UTC, or null when the exchange is closed that day. */
export function sessionFor(ymd: Ymd): Session | null {
  const day = ymdToDay(ymd);
  if (!isTradingDayNumber(day)) return null;
  const s = sessionMs(day);
  return { openUtc: new Date(s.open), closeUtc: new Date(s.close), earlyClose: s.early };
}

/** True while a regular session is in progress (open ≤ at < close). */
export function isOpen(at: Date): boolean {
  const day = newYorkDay(at);
  if (!isTradingDayNumber(day)) return false;
  const s = sessionMs(day);
  const ms = at.getTime();
  return ms >= s.open && ms < s.close;
}

/** The first session open strictly after `at`. */
export function nextOpen(at: Date): Date {
  const ms = at.getTime();
  let o = Math.max(ordinalAtOrBefore(newYorkDay(at)), 0);
  while (openMsAt(o) <= ms) o++;
  return new Date(openMsAt(o));
}

/** The first session close strictly after `at` (today's close while the market is open). */
export function nextClose(at: Date): Date {
  const ms = at.getTime();
  let o = Math.max(ordinalAtOrBefore(newYorkDay(at)), 0);
  while (closeMsAt(o) <= ms) o++;
  return new Date(closeMsAt(o));
}
