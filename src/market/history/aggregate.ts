import { dayToYmd, weekday, ymdToDay, type Ymd } from '../simulator';

/** One bar as the historical endpoint serves it (prices 4 dp, volume in shares). */
export interface DailyRow {
  date: Ymd;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  /** Split/dividend-adjusted close; equal to close for simulated data. */
  adj_close: number;
  /** Where the bar came from: `csv` (imported), `simulated`, `yahoo`, `manual`; `mixed` for an aggregate of several. */
  source: string;
}

export const MIXED_SOURCE = 'mixed';

/** Monday of the week of a date (weeks run Monday–Sunday). */
export function weekStart(ymd: Ymd): Ymd {
  const day = ymdToDay(ymd);
  return dayToYmd(day - ((weekday(day) + 6) % 7));
}

export const monthStart = (ymd: Ymd): Ymd => `${ymd.slice(0, 7)}-01`;

/**
 * Weekly or monthly bars from daily ones (oldest first): open of the first day, close (and adjusted close)
 * of the last, highest high, lowest low, summed volume; `mixed` source when its days came from several. A bar is labelled with the Monday of its week or
 * the first day of its month, as Yahoo labels them, even when that day did not trade.
 */
export function aggregateBars(daily: readonly DailyRow[], interval: '1wk' | '1mo'): DailyRow[] {
  const keyOf = interval === '1wk' ? weekStart : monthStart;
  const out: DailyRow[] = [];
  let current: DailyRow | null = null;
  for (const d of daily) {
    const key = keyOf(d.date);
    if (current && current.date === key) {
      if (d.high > current.high) current.high = d.high;
      if (d.low < current.low) current.low = d.low;
      current.close = d.close;
      current.adj_close = d.adj_close;
      current.volume += d.volume;
      if (d.source !== current.source) current.source = MIXED_SOURCE;
    } else {
      current = { ...d, date: key };
      out.push(current);
    }
  }
  return out;
}
