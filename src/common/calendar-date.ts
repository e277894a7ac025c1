/** Arithmetic on calendar dates (YYYY-MM-DD, no time zone): the one month and day arithmetic of the codebase. */

/** The same calendar day `months` earlier, clamped to the month's length (2024-03-31 − 1 month = 2024-02-29). */
export function minusMonths(ymd: string, months: number): string {
  const [y, m, d] = ymd.split('-').map(Number);
  const index = y * 12 + (m - 1) - months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${pad(month)}-${pad(Math.min(d, last))}`;
}

export function minusDays(ymd: string, days: number): string {
  const t = Date.parse(`${ymd}T00:00:00Z`) - days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

const pad = (n: number) => String(n).padStart(2, '0');
