/** A forecast horizon as users write it: `Nd` = N NYSE sessions, `Nw` = 5N, `Nmo` = 21N (at most 252 sessions). */
export const HORIZON_FORMS = ['Nd (N trading sessions)', 'Nw (5N sessions)', 'Nmo (21N sessions)'] as const;
export const MAX_HORIZON_SESSIONS = 252;

const SESSIONS_PER_UNIT = { d: 1, w: 5, mo: 21 } as const;

/** The number of trading sessions a horizon names, or null when it is not one of HORIZON_FORMS or exceeds 252. */
export function horizonSessions(horizon: string): number | null {
  const m = /^([1-9]\d{0,2})(d|w|mo)$/.exec(horizon.trim().toLowerCase());
  if (!m) return null;
  const sessions = Number(m[1]) * SESSIONS_PER_UNIT[m[2] as keyof typeof SESSIONS_PER_UNIT];
  return sessions <= MAX_HORIZON_SESSIONS ? sessions : null;
}
