import type { DailyBar } from '../daily-bar';
import { dayToYmd, weekday, ymdToDay, type Ymd } from '../simulator';

/**
 * A daily bar as GET /api/market/history/{symbol} shows it (prices 4 dp, volume in shares): numbers, `adj_close` always set (= close for
 * simulated data), `source` `mixed` for an aggregate of several.
 */
export type DailyRow = Omit<DailyBar<number>, 'adjClose'> & { adj_close: number };

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
