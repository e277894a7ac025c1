/** Pure ranking rules for search and trending (documented in docs/ARCHITECTURE.md, Market). */
import { expectedVolumeShare } from './simulator';

export interface Searchable {
  symbol: string;
  name: string;
}

/**
 * Tiers, best first: 0 exact symbol; 1 symbol prefix; 2 name starts with the query; 3 a word of the name
 * starts with it; 4 the name contains it. Case-insensitive. Within a tier: shorter symbol, then A–Z.
 */
export function searchTier(item: Searchable, query: string): number | null {
  const q = query.trim();
  if (!q) return null;
  const upper = q.toUpperCase();
  if (item.symbol === upper) return 0;
  if (item.symbol.startsWith(upper)) return 1;
  const name = item.name.toLowerCase();
  const lower = q.toLowerCase();
  if (name.startsWith(lower)) return 2;
  const at = name.indexOf(lower);
  if (at < 0) return null;
  for (let i = at; i >= 0; i = name.indexOf(lower, i + 1)) {
    if (/[^a-z0-9]/.test(name[i - 1])) return 3;
  }
  return 4;
}

export function rankSearch<T extends Searchable>(items: readonly T[], query: string, limit: number): T[] {
  const hits: Array<{ item: T; tier: number }> = [];
  for (const item of items) {
    const tier = searchTier(item, query);
    if (tier !== null) hits.push({ item, tier });
  }
  hits.sort(
    (a, b) =>
      a.tier - b.tier ||
      a.item.symbol.length - b.item.symbol.length ||
      (a.item.symbol < b.item.symbol ? -1 : a.item.symbol > b.item.symbol ? 1 : 0),
  );
  return hits.slice(0, limit).map((h) => h.item);
}

export interface TrendingInput {
  symbol: string;
  /** Percent, e.g. 1.24. */
  changePercent: number;
  /** Session volume so far over the volume expected by now. */
  relativeVolume: number;
  /** The instrument's typical daily volatility as a fraction (annual vol / √252). */
  dailyVol: number;
}

/**
 * How unusual today is for an instrument: the size of today's move in its own daily standard deviations,
 * times the square root of its relative volume. A 3σ move on double volume scores 4.2; the same move on
 * normal volume 3; a 1σ move on normal volume 1. Normalising by the instrument's own volatility keeps
 * volatile names from always leading; the square root keeps volume a modifier rather than the driver.
 */
export function trendingScore(r: TrendingInput): number {
  const move = Math.abs(Math.log1p(r.changePercent / 100));
  const sigma = r.dailyVol > 0 ? r.dailyVol : 0.01;
  return (move / sigma) * Math.sqrt(Math.max(r.relativeVolume, 0));
}

export function rankTrending<T extends TrendingInput>(rows: readonly T[], limit: number): T[] {
  return rows
    .map((row) => ({ row, score: trendingScore(row) }))
    .sort((a, b) => b.score - a.score || (a.row.symbol < b.row.symbol ? -1 : 1))
    .slice(0, limit)
    .map((s) => s.row);
}

const MIN_EXPECTED_SHARE = expectedVolumeShare(5 / 390);

/**
 * Volume so far relative to what an average day would have traded by now: volume / (avgVolume × the share
 * of a day's volume expected by now). `expectedShare` comes from the intraday volume profile (U-shaped, so
 * a linear time share would inflate the morning), floored at what 5 minutes of a 390-minute session bring
 * so the first trades of the day do not divide by almost nothing. After the close the share is 1.
 */
export function relativeVolume(volume: number, avgVolume: number, expectedShare: number): number {
  if (!(avgVolume > 0)) return 0;
  const share = Math.min(Math.max(expectedShare, MIN_EXPECTED_SHARE), 1);
  return volume / (avgVolume * share);
}
