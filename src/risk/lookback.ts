/** Lookback windows of risk figures: calendar periods ending on the market's as-of date. Pure date helpers. */

export const LOOKBACKS = ['3mo', '6mo', '1y', '2y', '3y', '5y', '10y'] as const;
export type Lookback = (typeof LOOKBACKS)[number];

const MONTHS: Record<Lookback, number> = { '3mo': 3, '6mo': 6, '1y': 12, '2y': 24, '3y': 36, '5y': 60, '10y': 120 };

/** The calendar date `lookback` before `end` (YYYY-MM-DD, clamped to the month's last day: 2024-02-29 − 1y = 2023-02-28). */
export function lookbackStart(end: string, lookback: Lookback): string {
  return minusMonths(end, MONTHS[lookback]);
}

export function minusMonths(ymd: string, months: number): string {
  const [y, m, d] = ymd.split('-').map(Number);
  const total = y * 12 + (m - 1) - months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${pad(month)}-${pad(Math.min(d, last))}`;
}

export function minusDays(ymd: string, days: number): string {
  const t = Date.parse(`${ymd}T00:00:00Z`) - days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

const NY_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The New York calendar date of an instant (the exchange's "today"). */
export function newYorkDate(at: Date): string {
  return NY_DATE.format(at);
}

const pad = (n: number) => String(n).padStart(2, '0');
