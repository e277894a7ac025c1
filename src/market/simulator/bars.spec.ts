import fc from 'fast-check';
import { expectedVolumeShare, pinnedPath } from './bars';
import { sessionFor, tradingDaysBetween } from './calendar';
import { MarketSimulator, type SimulatedDailyBar, type IntradayBar } from './index';
import { Rng } from '../../quant/rng';
import { SAMPLE_CALIBRATIONS } from './sample-calibrations';

const ASOF = new Date('2026-11-25T21:00:00Z');
const SEEDS = ['octopus', '7', 'bars-3'];
const SYMBOLS = SAMPLE_CALIBRATIONS.map((c) => c.symbol);

function aggregate(bars: IntradayBar[]): Omit<SimulatedDailyBar, 'date' | 'partial' | 'adjClose'> {
  return {
    open: bars[0].open,
    high: Math.max(...bars.map((b) => b.high)),
    low: Math.min(...bars.map((b) => b.low)),
    close: bars[bars.length - 1].close,
    volume: bars.reduce((s, b) => s + b.volume, 0),
  };
}

/** The bars among `bars` that break low ≤ open, close ≤ high or have a non-integer volume. */
function ohlcViolations<T extends { open: number; high: number; low: number; close: number; volume: number }>(
  bars: T[],
): T[] {
  return bars.filter(
    (b) =>
      !(b.low > 0 && b.low <= Math.min(b.open, b.close) && b.high >= Math.max(b.open, b.close)) ||
      !Number.isInteger(b.volume) ||
      b.volume < 0,
  );
}

const dayStart = (ymd: string) => new Date(`${ymd}T00:00:00Z`);
const dayEnd = (ymd: string) => new Date(`${ymd}T23:59:59Z`);

describe('pinnedPath', () => {
  it('hits open, high, low and close exactly and never leaves [low, high]', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 400 }),
        // Prices, so −0 is 0 (toBe tells them apart; the path may clamp −0 to 0).
        fc.double({ min: -1, max: 1, noNaN: true }).map((x) => x + 0),
        fc.double({ min: -1, max: 1, noNaN: true }).map((x) => x + 0),
        fc.double({ min: 0, max: 0.2, noNaN: true }).map((x) => x + 0),
        fc.double({ min: 0, max: 0.2, noNaN: true }).map((x) => x + 0),
        fc.double({ min: 1e-5, max: 0.05, noNaN: true }),
        fc.integer(),
        (n, open, close, up, down, stepSd, seed) => {
          const high = Math.max(open, close) + up;
          const low = Math.min(open, close) - down;
          const p = pinnedPath(new Rng(seed), n, open, high, low, close, stepSd);
          expect(p).toHaveLength(n + 1);
          expect(p[0]).toBe(open);
          expect(p[n]).toBe(close);
          expect(Math.max(...p)).toBe(high);
          expect(Math.min(...p)).toBe(low);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe.each(SEEDS)('daily bars (seed %s)', (seed) => {
  const sim = new MarketSimulator(seed, SAMPLE_CALIBRATIONS);

  it('respect OHLC invariants on every bar of every instrument', () => {
    for (const symbol of SYMBOLS) {
      const bars = sim.dailyBars(symbol, '2005-01-01', '2026-11-25', ASOF);
      expect(ohlcViolations(bars)).toEqual([]);
      expect(bars.filter((b) => b.volume <= 0)).toEqual([]);
    }
  });

  it('exist exactly on NYSE trading days', () => {
    const bars = sim.dailyBars('SPY', '2005-01-01', '2026-11-25', ASOF);
    expect(bars.map((b) => b.date)).toEqual(tradingDaysBetween('2005-01-03', '2026-11-25'));
    const dates = new Set(bars.map((b) => b.date));
    // Independence Day, Thanksgiving, Christmas, Carter mourning day, Good Friday, Juneteenth, a Saturday.
    const closedDays = ['2024-07-04', '2024-11-28', '2024-12-25', '2025-01-09', '2024-03-29', '2023-06-19'];
    closedDays.push('2024-07-06');
    for (const closed of closedDays) {
      expect(dates.has(closed)).toBe(false);
    }
  });

  it('have a volume that rises with the size of the move', () => {
    const bars = sim.dailyBars('AAPL', '2005-01-01', '2026-11-25', ASOF);
    const moves = bars
      .slice(1)
      .map((b, i) => ({ move: Math.abs(Math.log(b.close / bars[i].close)), volume: b.volume }));
    moves.sort((a, b) => a.move - b.move);
    const q = Math.floor(moves.length / 5);
    const avg = (xs: typeof moves) => xs.reduce((s, x) => s + x.volume, 0) / xs.length;
    expect(avg(moves.slice(-q))).toBeGreaterThan(1.3 * avg(moves.slice(0, q)));
  });
});

describe.each(SEEDS)('intraday bars (seed %s)', (seed) => {
  const sim = new MarketSimulator(seed, SAMPLE_CALIBRATIONS);
  // Ordinary days, an early close, both DST regimes, the first simulated day.
  const DAYS = [
    '2005-01-03',
    '2012-10-31',
    '2020-03-16',
    '2024-03-11',
    '2024-07-03',
    '2024-11-29',
    '2024-12-02',
    '2026-11-24',
  ];

  it.each(DAYS)('aggregate exactly to the daily bar on %s', (ymd) => {
    const session = sessionFor(ymd)!;
    const minutes = (session.closeUtc.getTime() - session.openUtc.getTime()) / 60_000;
    for (const symbol of ['SPY', 'NVDA', 'DUK']) {
      const [daily] = sim.dailyBars(symbol, ymd, ymd, ASOF);
      const m1 = sim.intradayBars(symbol, dayStart(ymd), dayEnd(ymd), 1, ASOF);
      expect(m1).toHaveLength(minutes);
      expect(m1[0].timestamp).toEqual(session.openUtc);
      expect(m1[m1.length - 1].timestamp.getTime()).toBe(session.closeUtc.getTime() - 60_000);
      expect(ohlcViolations(m1)).toEqual([]);
      expect(aggregate(m1)).toEqual({
        open: daily.open,
        high: daily.high,
        low: daily.low,
        close: daily.close,
        volume: daily.volume,
      });
      for (const interval of [5, 15, 60]) {
        const bars = sim.intradayBars(symbol, dayStart(ymd), dayEnd(ymd), interval, ASOF);
        const expected = [];
        for (let k = 0; k * interval < minutes; k++) {
          const timestamp = new Date(session.openUtc.getTime() + k * interval * 60_000);
          expected.push({ timestamp, ...aggregate(m1.slice(k * interval, (k + 1) * interval)), partial: false });
        }
        expect(bars).toEqual(expected);
      }
    }
  });

  it('chain minute bars: each opens at the previous close', () => {
    const m1 = sim.intradayBars('AAPL', dayStart('2024-07-01'), dayEnd('2024-07-01'), 1, ASOF);
    expect(m1.slice(1).filter((b, k) => b.open !== m1[k].close)).toEqual([]);
  });

  it('keep the live price inside each minute bar and on its open at the minute boundary', () => {
    const ymd = '2024-12-02';
    const m1 = sim.intradayBars('NVDA', dayStart(ymd), dayEnd(ymd), 1, ASOF);
    for (const k of [0, 1, 77, 200, 389]) {
      const bar = m1[k];
      expect(sim.priceAt('NVDA', bar.timestamp)).toBe(bar.open);
      for (let ms = 0; ms < 60_000; ms += 1_234) {
        const p = sim.priceAt('NVDA', new Date(bar.timestamp.getTime() + ms));
        expect(p).toBeGreaterThanOrEqual(bar.low);
        expect(p).toBeLessThanOrEqual(bar.high);
      }
    }
  });
});

describe('nothing from the future', () => {
  const sim = new MarketSimulator('asof', SAMPLE_CALIBRATIONS);
  const ymd = '2024-07-01';
  const open = sessionFor(ymd)!.openUtc.getTime();

  it('serves no bar for a session that has not opened', () => {
    const before = new Date(open - 1);
    const bars = sim.dailyBars('SPY', '2024-06-01', '2024-07-31', before);
    expect(bars[bars.length - 1].date).toBe('2024-06-28');
    expect(sim.intradayBars('SPY', dayStart(ymd), dayEnd(ymd), 1, before)).toEqual([]);
    expect(sim.dailyBars('SPY', '2030-01-01', '2030-12-31', before)).toEqual([]);
  });

  it('builds today’s bar from the path up to asOf only, growing monotonically to the final bar', () => {
    const [full] = sim.dailyBars('AAPL', ymd, ymd, ASOF);
    let prev: SimulatedDailyBar | undefined;
    for (let ms = open; ms <= open + 390 * 60_000; ms += 7 * 60_000 + 13_457) {
      const asOf = new Date(ms);
      const [bar] = sim.dailyBars('AAPL', '2024-06-01', '2024-07-31', asOf).slice(-1);
      expect(bar.date).toBe(ymd);
      expect(bar.partial).toBe(true);
      expect(ohlcViolations([bar])).toEqual([]);
      expect(bar.open).toBe(full.open);
      expect(bar.close).toBe(sim.priceAt('AAPL', asOf));
      expect(bar.high).toBeLessThanOrEqual(full.high);
      expect(bar.low).toBeGreaterThanOrEqual(full.low);
      expect(bar.volume).toBeLessThanOrEqual(full.volume);
      if (prev) {
        expect(bar.high).toBeGreaterThanOrEqual(prev.high);
        expect(bar.low).toBeLessThanOrEqual(prev.low);
        expect(bar.volume).toBeGreaterThanOrEqual(prev.volume);
      }
      // The intraday bars up to asOf tell the same story, and none starts after asOf.
      const m1 = sim.intradayBars('AAPL', dayStart(ymd), dayEnd(ymd), 1, asOf);
      expect(m1.every((b) => b.timestamp.getTime() <= ms)).toBe(true);
      expect(m1[m1.length - 1].partial).toBe(true);
      expect(m1.slice(0, -1).every((b) => !b.partial)).toBe(true);
      const { date: _date, partial: _partial, adjClose: _adj, ...ohlcv } = bar;
      expect(aggregate(m1)).toEqual(ohlcv);
      const h1 = sim.intradayBars('AAPL', dayStart(ymd), dayEnd(ymd), 60, asOf);
      expect(aggregate(h1)).toEqual(aggregate(m1));
      expect(sim.volumeAt('AAPL', asOf)).toBe(bar.volume);
      prev = bar;
    }
    const [atClose] = sim.dailyBars('AAPL', ymd, ymd, new Date(open + 390 * 60_000));
    expect(atClose).toEqual(full);
    expect(full.partial).toBe(false);
  });

  it('does not let a partial minute see the rest of its minute', () => {
    const asOf = new Date(open + 10 * 60_000 + 15_000);
    const partial = sim.intradayBars('AAPL', dayStart(ymd), dayEnd(ymd), 1, asOf).pop()!;
    const whole = sim.intradayBars('AAPL', dayStart(ymd), dayEnd(ymd), 1, ASOF)[10];
    expect(partial.timestamp).toEqual(whole.timestamp);
    expect(partial.open).toBe(whole.open);
    let high = -Infinity;
    let low = Infinity;
    for (let ms = whole.timestamp.getTime(); ms <= asOf.getTime(); ms += 1000) {
      const p = sim.priceAt('AAPL', new Date(ms));
      high = Math.max(high, p);
      low = Math.min(low, p);
    }
    expect(partial.high).toBe(high);
    expect(partial.low).toBe(low);
    expect(partial.volume).toBeLessThan(whole.volume);
  });
});

describe('prices between sessions', () => {
  const sim = new MarketSimulator('night', SAMPLE_CALIBRATIONS);

  it('run continuously from the close to the next open, weekends and holidays included', () => {
    const [fri] = sim.dailyBars('XOM', '2024-07-03', '2024-07-03', ASOF);
    const [mon] = sim.dailyBars('XOM', '2024-07-05', '2024-07-05', ASOF);
    const close = sessionFor('2024-07-03')!.closeUtc.getTime();
    const next = sessionFor('2024-07-05')!.openUtc.getTime();
    expect(sim.priceAt('XOM', new Date(close))).toBe(fri.close);
    expect(sim.priceAt('XOM', new Date(next))).toBe(mon.open);
    let prev = fri.close;
    let biggestJump = 0;
    for (let ms = close; ms <= next; ms += 60_000) {
      const p = sim.priceAt('XOM', new Date(ms));
      biggestJump = Math.max(biggestJump, Math.abs(Math.log(p / prev)));
      prev = p;
    }
    expect(biggestJump).toBeLessThan(0.01);
    expect(sim.priceAt('XOM', new Date('2024-07-04T16:00:00Z'))).toBeGreaterThan(0);
  });

  it('are the same at the same instant for every simulator with the same seed', () => {
    const other = new MarketSimulator('night', SAMPLE_CALIBRATIONS);
    for (const iso of ['2024-07-06T03:00:00.123Z', '2024-07-06T03:00:00.124Z', '2025-01-09T15:00:00Z']) {
      expect(other.priceAt('XOM', new Date(iso))).toBe(sim.priceAt('XOM', new Date(iso)));
    }
  });
});

describe('off-hours volume', () => {
  const sim = new MarketSimulator('octopus', SAMPLE_CALIBRATIONS);

  it('is 0 while the session runs, then accrues at 5% of the session average per minute until the next open', () => {
    const s = sessionFor('2025-06-10')!;
    const [bar] = sim.dailyBars('AAPL', '2025-06-10', '2025-06-10', ASOF);
    const perMinute = (0.05 * bar.volume) / 390;
    expect(sim.quoteAt('AAPL', new Date(s.closeUtc.getTime() - 1000)).offHoursVolume).toBe(0);
    expect(sim.quoteAt('AAPL', s.closeUtc).offHoursVolume).toBe(0);
    const hour = sim.quoteAt('AAPL', new Date(s.closeUtc.getTime() + 3_600_000));
    expect(hour.offHoursVolume).toBe(Math.floor(perMinute * 60));
    expect(hour.volume).toBe(bar.volume); // never part of the session's volume
    const next = sessionFor('2025-06-11')!;
    const beforeOpen = sim.quoteAt('AAPL', new Date(next.openUtc.getTime() - 1));
    expect(beforeOpen.offHoursVolume).toBeGreaterThan(Math.floor(perMinute * 1040));
    expect(sim.quoteAt('AAPL', next.openUtc).offHoursVolume).toBe(0);
  });
});

describe('expectedVolumeShare', () => {
  const profile = (u: number) => 0.55 + 2.2 * Math.exp(-u / 0.05) + 1.3 * Math.exp(-(1 - u) / 0.04);
  /** Trapezoid integration of the profile, independent of the closed form. */
  const numeric = (u: number) => {
    const n = 200_000;
    const area = (x: number) => {
      let s = 0;
      for (let k = 0; k < n; k++) s += (profile((x * k) / n) + profile((x * (k + 1)) / n)) / 2;
      return (s * x) / n;
    };
    return area(u) / area(1);
  };

  it.each([0.0128, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99])('matches numeric integration of the profile at %p', (u) => {
    expect(expectedVolumeShare(u)).toBeCloseTo(numeric(u), 6);
  });

  it('is 0 at the open, 1 at the close, increasing, and front-loaded (more than the time share early on)', () => {
    expect(expectedVolumeShare(0)).toBe(0);
    expect(expectedVolumeShare(1)).toBe(1);
    expect(expectedVolumeShare(5 / 390)).toBeGreaterThan(3 * (5 / 390));
    for (let u = 0.01; u < 1; u += 0.01) expect(expectedVolumeShare(u + 0.01)).toBeGreaterThan(expectedVolumeShare(u));
  });

  it('agrees with the simulated sessions on average (1,000 session-days at midday)', () => {
    const sim = new MarketSimulator('octopus', SAMPLE_CALIBRATIONS);
    const days = tradingDaysBetween('2022-01-03', '2025-12-31').filter((d) => sessionFor(d)!.closeUtc.getTime() - sessionFor(d)!.openUtc.getTime() === 390 * 60_000);
    let share = 0;
    let count = 0;
    for (const ymd of days.slice(0, 250)) {
      const s = sessionFor(ymd)!;
      for (const symbol of ['SPY', 'AAPL', 'DUK', 'XOM']) {
        const [bar] = sim.dailyBars(symbol, ymd, ymd, ASOF);
        share += sim.volumeAt(symbol, new Date(s.openUtc.getTime() + 195 * 60_000)) / bar.volume;
        count++;
      }
    }
    expect(share / count).toBeCloseTo(expectedVolumeShare(0.5), 2);
  });
});
