import { ymdToDay, type Ymd } from './calendar';
import type { EpochIndex } from './model';

/** A daily bar from outside the simulator (a CSV import): the simulator serves that day as given. */
export interface ImportedDay {
  date: Ymd;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  /** Dividend/split-adjusted close when the source has one. */
  adjClose: number | null;
}

/**
 * Imported days of one instrument, indexed by the simulator's trading-day index.
 *
 * The simulator splices them into its series: an imported day's OHLCV replaces the generated one, and
 * every generated day after it continues from the imported close with the model's own returns (so the
 * level follows real data and the statistics stay the model's). Days before the first imported one are
 * the generated path scaled to meet it. Adjusted closes follow the same rule: a generated day carries the
 * adjusted/raw ratio of the latest imported day before it (the first imported day's before any), so a
 * return series never jumps where real and generated data meet.
 */
export class ImportedSeries {
  /** Imported days inside the simulated calendar, by index. */
  readonly days = new Map<number, ImportedDay>();
  /** Their indices, ascending. */
  readonly indices: number[];
  /** The latest imported day before the epoch (the level the simulation starts from when nothing later is imported). */
  readonly beforeEpoch: ImportedDay | null;
  private readonly ratios: Float64Array;

  constructor(days: readonly ImportedDay[], index: EpochIndex) {
    let beforeEpoch: ImportedDay | null = null;
    for (const d of days) {
      if (!(d.low > 0) || !(d.low <= Math.min(d.open, d.close)) || !(d.high >= Math.max(d.open, d.close))) {
        throw new RangeError(`Imported bar of ${d.date} breaks 0 < low ≤ open, close ≤ high`);
      }
      const day = ymdToDay(d.date);
      const t = index.indexAtOrBefore(day);
      if (t < 0) {
        if (!beforeEpoch || d.date > beforeEpoch.date) beforeEpoch = d;
        continue;
      }
      if (index.ymdOf(t) !== d.date) throw new RangeError(`Imported bar of ${d.date}: not an NYSE trading day`);
      if (t >= index.length) continue;
      this.days.set(t, d);
    }
    this.beforeEpoch = beforeEpoch;
    this.indices = [...this.days.keys()].sort((a, b) => a - b);
    this.ratios = Float64Array.from(this.indices, (t) => {
      const d = this.days.get(t) as ImportedDay;
      return d.adjClose !== null && d.adjClose > 0 ? d.adjClose / d.close : 1;
    });
  }

  get first(): number | null {
    return this.indices.length ? this.indices[0] : null;
  }

  /** Adjusted close / close on day t. */
  adjRatio(t: number): number {
    const k = this.indices;
    if (!k.length) {
      const b = this.beforeEpoch;
      return b && b.adjClose !== null && b.adjClose > 0 ? b.adjClose / b.close : 1;
    }
    let lo = 0;
    let hi = k.length - 1;
    if (t < k[0]) return this.ratios[0];
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (k[mid] <= t) lo = mid;
      else hi = mid - 1;
    }
    return this.ratios[lo];
  }
}
