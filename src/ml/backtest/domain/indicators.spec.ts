import { ATR, BollingerBands, EMA, RSI, SMA } from 'trading-signals';
import { Rng } from '../../../quant';
import { atrWilder, ema, highest, lowest, rollingPopulationStd, rsiWilder, sma, trailingReturn } from './indicators';

/** The hand-written columnar indicators agree with the `trading-signals` library on random paths. */
const path = (seed: number, n = 400): number[] => {
  const rng = new Rng('indicators', seed);
  const out = [150];
  for (let t = 1; t < n; t++) out.push(out[t - 1] * Math.exp(0.02 * rng.normal()));
  return out;
};

const library = (make: () => { add(v: number): unknown; isStable: boolean; getResult(): unknown }, closes: number[], pick: (r: unknown) => number) => {
  const ind = make();
  return closes.map((c) => {
    ind.add(c);
    return ind.isStable ? pick(ind.getResult()) : NaN;
  });
};

describe.each([1, 2, 3])('indicators vs trading-signals (path %i)', (seed) => {
  const closes = path(seed);

  it.each([2, 5, 20, 50])('SMA(%i)', (period) => {
    const ours = sma(closes, period);
    const theirs = library(() => new SMA(period), closes, Number);
    theirs.forEach((v, t) => (Number.isNaN(v) ? expect(ours[t]).toBeNaN() : expect(ours[t]).toBeCloseTo(v, 9)));
  });

  it.each([2, 14, 30])('RSI(%i), Wilder smoothing', (period) => {
    const ours = rsiWilder(closes, period);
    const theirs = library(() => new RSI(period), closes, Number);
    theirs.forEach((v, t) => (Number.isNaN(v) ? expect(ours[t]).toBeNaN() : expect(ours[t]).toBeCloseTo(v, 8)));
  });

  it.each([
    [20, 2],
    [10, 1.5],
  ])('Bollinger(%i, %p): SMA ± k × population σ', (period, k) => {
    const mid = sma(closes, period);
    const sd = rollingPopulationStd(closes, period);
    const theirs = library(() => new BollingerBands(period, k), closes, (r) => (r as { lower: number }).lower);
    const upper = library(() => new BollingerBands(period, k), closes, (r) => (r as { upper: number }).upper);
    expect(mid[period - 2]).toBeNaN();
    expect(theirs.filter((v) => !Number.isNaN(v)).length).toBeGreaterThan(300);
    theirs.forEach((v, t) => {
      if (Number.isNaN(v)) return; // the library reports stable a session later than the window fills
      expect(mid[t] - k * sd[t]).toBeCloseTo(v, 8);
      expect(mid[t] + k * sd[t]).toBeCloseTo(upper[t], 8);
    });
  });
});

describe.each([1, 2, 3])('EMA and ATR vs trading-signals (path %i)', (seed) => {
  const closes = path(seed);
  // Highs and lows around the closes, from the same seeded generator.
  const rng = new Rng('indicators-hl', seed);
  const highs = closes.map((c) => c * (1 + 0.01 * Math.abs(rng.normal())));
  const lows = closes.map((c) => c * (1 - 0.01 * Math.abs(rng.normal())));

  it.each([2, 12, 26])('EMA(%i), seeded with the first close', (period) => {
    const ours = ema(closes, period);
    const theirs = library(() => new EMA(period), closes, Number);
    expect(theirs.filter((v) => !Number.isNaN(v)).length).toBe(closes.length - period + 1);
    theirs.forEach((v, t) => (Number.isNaN(v) ? expect(ours[t]).toBeNaN() : expect(ours[t]).toBeCloseTo(v, 9)));
  });

  it.each([3, 14])('ATR(%i), Wilder smoothing of the true range', (period) => {
    const ours = atrWilder(highs, lows, closes, period);
    const ind = new ATR(period);
    const theirs = closes.map((c, t) => {
      ind.add({ high: highs[t], low: lows[t], close: c });
      return ind.isStable ? Number(ind.getResult()) : NaN;
    });
    expect(theirs.filter((v) => !Number.isNaN(v)).length).toBe(closes.length - period + 1);
    theirs.forEach((v, t) => (Number.isNaN(v) ? expect(ours[t]).toBeNaN() : expect(ours[t]).toBeCloseTo(v, 9)));
  });

  it.each([1, 5, 55])('highest/lowest(%i) equal a brute-force window max/min', (period) => {
    const hi = highest(highs, period);
    const lo = lowest(lows, period);
    for (let t = 0; t < closes.length; t++) {
      if (t < period - 1) {
        expect(hi[t]).toBeNaN();
        continue;
      }
      expect(hi[t]).toBe(Math.max(...highs.slice(t - period + 1, t + 1)));
      expect(lo[t]).toBe(Math.min(...lows.slice(t - period + 1, t + 1)));
    }
  });
});

describe('known answers', () => {
  it('EMA(3) of 1…6 (α = ½, seeded with 1)', () => {
    expect(Array.from(ema([1, 2, 3, 4, 5, 6], 3))).toEqual([NaN, NaN, 2.25, 3.125, 4.0625, 5.03125]);
  });

  it('ATR(3) of five bars: mean of the first three TRs, then Wilder', () => {
    const h = [10, 11, 12, 13, 12];
    const l = [8, 9, 10, 9, 10];
    const c = [9, 10, 11, 12, 11];
    const a = atrWilder(h, l, c, 3);
    expect(a[1]).toBeNaN();
    expect(a[2]).toBe(2);
    expect(a[3]).toBeCloseTo(8 / 3, 12);
    expect(a[4]).toBeCloseTo((16 / 3 + 2) / 3, 12);
  });

  it('highest/lowest(3)', () => {
    expect(Array.from(highest([1, 3, 2, 5, 4, 0], 3))).toEqual([NaN, NaN, 3, 5, 5, 5]);
    expect(Array.from(lowest([1, 3, 2, 5, 4, 0], 3))).toEqual([NaN, NaN, 1, 2, 2, 0]);
  });
});

describe('trailing return', () => {
  it('is close[t] / close[t − n] − 1', () => {
    const r = trailingReturn([100, 110, 121, 133.1], 2);
    expect(r[0]).toBeNaN();
    expect(r[1]).toBeNaN();
    expect(r[2]).toBeCloseTo(0.21, 12);
    expect(r[3]).toBeCloseTo(0.21, 12);
  });

  it('RSI is 100 on a rising series and 50 on a flat one', () => {
    expect(rsiWilder([1, 2, 3, 4, 5], 3)[4]).toBe(100);
    expect(rsiWilder([5, 5, 5, 5, 5], 3)[4]).toBe(50);
  });
});
