import { BollingerBands, RSI, SMA } from 'trading-signals';
import { Rng } from '../../../quant';
import { rollingPopulationStd, rsiWilder, sma, trailingReturn } from './indicators';

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
