import { Decimal } from 'decimal.js';

/** Where an order last used liquidity: the session and its cumulative traded volume at that quote. */
export interface LiquidityMark {
  session: string | null;
  volume: Decimal | null;
}

/** What a quote says about volume: this instance's tick delta, and (real market data) the session's running total. */
export interface QuoteVolume {
  tick_volume: Decimal;
  session_date?: string;
  traded_volume?: Decimal;
}

/**
 * The volume an order may take a share of at this quote: the tick's volume, but never more than what traded since
 * the order last used liquidity (or was placed) in the same session. Instances compute tick volume from their own
 * previous tick; the cap makes the order's liquidity global — an instance that lagged and folded several ticks, or
 * whose timer fired late, cannot reuse volume another instance's fill already consumed, and a resting order never
 * takes volume that traded before it existed. Without a running total (or across sessions) the tick's volume stands.
 */
export function availableVolume(q: QuoteVolume, mark: LiquidityMark): Decimal {
  if (!q.session_date || !q.traded_volume || mark.volume === null || mark.session !== q.session_date) return q.tick_volume;
  // A running total below the mark means the session's history was rewritten (an import): the mark is void.
  if (q.traded_volume.lt(mark.volume)) return q.tick_volume;
  return Decimal.min(q.tick_volume, q.traded_volume.minus(mark.volume));
}

/** The mark a quote leaves on an order that used it (null when the quote has no running total). */
export function markOf(q: Omit<QuoteVolume, 'tick_volume'>): LiquidityMark {
  return q.session_date && q.traded_volume ? { session: q.session_date, volume: q.traded_volume } : { session: null, volume: null };
}
