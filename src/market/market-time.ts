import { closeMsAt, ordinalAtOrBefore, ordinalOfLatestOpen, ymdAtOrdinal, ymdToDay, type Ymd } from './simulator';

/** New York calendar helpers other modules use ("today" for day change, the date of a recorded close). */
export { newYorkDayStart, newYorkYmd } from './simulator';

/** The latest NYSE session that has closed at `asOf` (its bar is final), or null before the calendar. */
export function lastClosedSession(asOf: Date): Ymd | null {
  let o = ordinalOfLatestOpen(asOf);
  if (o >= 0 && closeMsAt(o) > asOf.getTime()) o--;
  return o >= 0 ? ymdAtOrdinal(o) : null;
}

/** The session in progress at `asOf` (opened, not yet closed), or null. */
export function sessionInProgress(asOf: Date): Ymd | null {
  const o = ordinalOfLatestOpen(asOf);
  return o >= 0 && closeMsAt(o) > asOf.getTime() ? ymdAtOrdinal(o) : null;
}

/** The `count` NYSE sessions after the day `ymd` (YYYY-MM-DD, trading day or not), oldest first. */
export function sessionsAfter(ymd: Ymd, count: number): Ymd[] {
  const first = ordinalAtOrBefore(ymdToDay(ymd)) + 1;
  return Array.from({ length: count }, (_, k) => ymdAtOrdinal(first + k));
}
