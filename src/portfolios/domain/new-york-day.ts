/**
 * The New York calendar day, for "today" in day-change figures and the date of a recorded close. Pure: the
 * caller passes the clock's time.
 */
const FORMAT = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function parts(at: Date): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of FORMAT.formatToParts(at)) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return out;
}

/** YYYY-MM-DD of `at` in New York. */
export function newYorkDate(at: Date): string {
  const p = parts(at);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** The instant New York's day containing `at` began (00:00 local, DST-aware). */
export function newYorkDayStart(at: Date): Date {
  const p = parts(at);
  const wallAsUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  const offsetMs = wallAsUtc - Math.floor(at.getTime() / 1000) * 1000;
  const midnightWall = Date.UTC(p.year, p.month - 1, p.day);
  // The offset at midnight can differ from the offset now on DST days; one correction step settles it.
  const guess = new Date(midnightWall - offsetMs);
  const q = parts(guess);
  const guessOffset = Date.UTC(q.year, q.month - 1, q.day, q.hour, q.minute, q.second) - guess.getTime();
  return new Date(midnightWall - guessOffset);
}
