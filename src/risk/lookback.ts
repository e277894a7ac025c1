/** Lookback windows of risk figures: calendar periods ending on the market's as-of date. */
import { minusMonths } from '../common/calendar-date';

export const LOOKBACKS = ['3mo', '6mo', '1y', '2y', '3y', '5y', '10y'] as const;
export type Lookback = (typeof LOOKBACKS)[number];

const MONTHS: Record<Lookback, number> = { '3mo': 3, '6mo': 6, '1y': 12, '2y': 24, '3y': 36, '5y': 60, '10y': 120 };

/** The calendar date `lookback` before `end` (YYYY-MM-DD, clamped to the month's last day: 2024-02-29 − 1y = 2023-02-28). */
export function lookbackStart(end: string, lookback: Lookback): string {
  return minusMonths(end, MONTHS[lookback]);
}
