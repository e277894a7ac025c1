import { Decimal } from 'decimal.js';
import { availableVolume, markOf } from './liquidity';

const v = (n: number) => new Decimal(n);

describe('availableVolume', () => {
  const q = { tick_volume: v(5_000), session_date: '2025-06-10', traded_volume: v(1_000_000) };

  it('is the tick volume without a running total or a mark, or in another session', () => {
    expect(availableVolume({ tick_volume: v(5_000) }, { session: '2025-06-10', volume: v(999_000) }).toNumber()).toBe(5_000);
    expect(availableVolume(q, { session: null, volume: null }).toNumber()).toBe(5_000);
    expect(availableVolume(q, { session: '2025-06-09', volume: v(2_000_000) }).toNumber()).toBe(5_000);
  });

  it('caps at what traded since the mark: another instance used part of a folded tick', () => {
    // This instance folded two ticks (3,000 + 2,000); another instance already filled the order at the first (mark 998,000).
    expect(availableVolume(q, { session: '2025-06-10', volume: v(998_000) }).toNumber()).toBe(2_000);
    expect(availableVolume(q, { session: '2025-06-10', volume: v(994_000) }).toNumber()).toBe(5_000);
    expect(availableVolume(q, { session: '2025-06-10', volume: v(1_000_000) }).toNumber()).toBe(0);
  });

  it('voids a mark above the running total (an import rewrote the session): the tick volume stands', () => {
    expect(availableVolume(q, { session: '2025-06-10', volume: v(60_000_000) }).toNumber()).toBe(5_000);
  });

  it('marks a quote with its session and running total, or nothing', () => {
    expect(markOf(q)).toEqual({ session: '2025-06-10', volume: v(1_000_000) });
    expect(markOf({})).toEqual({ session: null, volume: null });
  });
});
