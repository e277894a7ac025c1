import { rankSearch, rankTrending, relativeVolume, searchTier, trendingScore } from './ranking';
import { expectedVolumeShare } from './simulator';

const items = [
  { symbol: 'AAPL', name: 'Apple Inc.' },
  { symbol: 'AA', name: 'Alcoa Corporation' },
  { symbol: 'APD', name: 'Air Products and Chemicals, Inc.' },
  { symbol: 'AMAT', name: 'Applied Materials, Inc.' },
  { symbol: 'PINE', name: 'Pineapple Holdings' },
  { symbol: 'XAP', name: 'Snapple Corp.' },
  { symbol: 'MSFT', name: 'Microsoft Corporation' },
];

describe('search ranking', () => {
  it('puts the exact symbol first, then symbol prefixes, then name matches', () => {
    expect(rankSearch(items, 'aa', 10).map((i) => i.symbol)).toEqual(['AA', 'AAPL']);
    expect(rankSearch(items, 'ap', 10).map((i) => i.symbol)).toEqual(['APD', 'AAPL', 'AMAT', 'XAP', 'PINE']);
    expect(rankSearch(items, 'apple', 10).map((i) => i.symbol)).toEqual(['AAPL', 'XAP', 'PINE']);
  });

  it('orders name tiers: starts-with, word start, anywhere', () => {
    expect(searchTier(items[0], 'apple')).toBe(2);
    expect(searchTier({ symbol: 'X', name: 'Big Apple Co' }, 'apple')).toBe(3);
    expect(searchTier(items[4], 'apple')).toBe(4);
    expect(searchTier(items[6], 'zzz')).toBeNull();
    expect(searchTier(items[6], '   ')).toBeNull();
  });

  it('is case-insensitive and honours the limit', () => {
    expect(rankSearch(items, 'CORPORATION', 10).map((i) => i.symbol)).toEqual(['AA', 'MSFT']);
    expect(rankSearch(items, 'a', 2)).toHaveLength(2);
  });
});

describe('trending ranking', () => {
  const base = { dailyVol: 0.01 };
  it('scores moves in the instrument\'s own standard deviations, scaled by √relative volume', () => {
    expect(trendingScore({ symbol: 'A', changePercent: 3, relativeVolume: 1, ...base })).toBeCloseTo(Math.log(1.03) / 0.01, 10);
    expect(trendingScore({ symbol: 'A', changePercent: -3, relativeVolume: 4, ...base })).toBeCloseTo(
      (2 * -Math.log(0.97)) / 0.01,
      10,
    );
    expect(trendingScore({ symbol: 'A', changePercent: 0, relativeVolume: 10, ...base })).toBe(0);
  });

  it('ranks a big move of a quiet stock above the same move of a volatile one', () => {
    const rows = [
      { symbol: 'NVDA', changePercent: 3, relativeVolume: 1, dailyVol: 0.03 },
      { symbol: 'KO', changePercent: 3, relativeVolume: 1, dailyVol: 0.01 },
      { symbol: 'SPY', changePercent: 0.1, relativeVolume: 3, dailyVol: 0.01 },
      { symbol: 'DOWN', changePercent: -2.5, relativeVolume: 2, dailyVol: 0.01 },
    ];
    expect(rankTrending(rows, 10).map((r) => r.symbol)).toEqual(['DOWN', 'KO', 'NVDA', 'SPY']);
    expect(rankTrending(rows, 2)).toHaveLength(2);
  });

  it('computes relative volume against the expected share of the day volume', () => {
    expect(relativeVolume(500, 1000, 0.5)).toBe(1);
    expect(relativeVolume(2000, 1000, 1)).toBe(2);
    // Floor: the first 5 minutes' expected share, 0.0448463 by numeric integration of the profile.
    expect(relativeVolume(10, 1000, 0)).toBeCloseTo(10 / (1000 * 0.0448463), 3);
    expect(relativeVolume(10, 1000, expectedVolumeShare(0.5))).toBeCloseTo(10 / (1000 * 0.5407236), 4);
    expect(relativeVolume(10, 0, 1)).toBe(0);
  });
});
