import type { Decimal } from '../common/decimal';

/**
 * One session of one symbol: the one bar shape of the market module. `P` is how numbers travel: `Decimal` in
 * the contract (`MarketDataService.getDailyBars`), decimal strings from PostgreSQL and CSV files, binary numbers
 * from providers and the simulator (which never do money arithmetic on them).
 */
export interface DailyBar<P = Decimal> {
  /** NYSE session date, YYYY-MM-DD. */
  date: string;
  open: P;
  high: P;
  low: P;
  close: P;
  volume: P;
  /** Close adjusted for splits and dividends; null when the source has none (then it equals close). */
  adjClose: P | null;
  /** Who produced it: `csv` (imported), `simulated`, `yahoo`, `manual` (in storage `simulated:<seed>…`). */
  source: string;
}

/** A bar before it is stored or served: its source is known from where it came (the provider, the import). */
export type UnsourcedDailyBar<P> = Omit<DailyBar<P>, 'source'>;
