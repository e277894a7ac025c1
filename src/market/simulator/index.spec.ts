import { UnknownSymbolError } from '../errors';
import { MarketSimulator, halfSpreadBps, sessionFor } from './index';
import { SAMPLE_CALIBRATIONS } from './sample-calibrations';

const ASOF = new Date('2026-11-25T21:00:00Z');

describe('MarketSimulator', () => {
  it('is deterministic: two separately built simulators agree on bars, prices and quotes', () => {
    const a = new MarketSimulator('same', SAMPLE_CALIBRATIONS);
    const b = new MarketSimulator('same', [...SAMPLE_CALIBRATIONS]);
    // b warms up in a different order: later history and a different symbol first.
    b.quoteAt('MSFT', new Date('2026-11-20T18:00:00Z'));
    b.dailyBars('NVDA', '2026-01-01', '2026-11-25', ASOF);
    for (const symbol of ['SPY', 'NVDA', 'DUK']) {
      // JSON keeps every double exactly and compares far faster than a deep equal on 5,500 bars.
      expect(JSON.stringify(b.dailyBars(symbol, '2005-01-01', '2026-11-25', ASOF))).toBe(
        JSON.stringify(a.dailyBars(symbol, '2005-01-01', '2026-11-25', ASOF)),
      );
      const from = new Date('2026-11-18T00:00:00Z');
      const to = new Date('2026-11-26T00:00:00Z');
      expect(b.intradayBars(symbol, from, to, 5, ASOF)).toEqual(a.intradayBars(symbol, from, to, 5, ASOF));
      for (const iso of ['2026-11-25T15:03:07.250Z', '2026-11-22T12:00:00Z', '2010-05-06T18:45:00Z']) {
        expect(b.quoteAt(symbol, new Date(iso))).toEqual(a.quoteAt(symbol, new Date(iso)));
      }
    }
  });

  describe('quotes', () => {
    const sim = new MarketSimulator('quotes', SAMPLE_CALIBRATIONS);

    it('reflect the session in progress', () => {
      const at = new Date('2024-07-01T17:45:12.345Z');
      const q = sim.quoteAt('aapl', at);
      const [today] = sim.dailyBars('AAPL', '2024-07-01', '2024-07-01', at);
      const [yesterday] = sim.dailyBars('AAPL', '2024-06-28', '2024-06-28', at);
      expect(q).toEqual({
        symbol: 'AAPL',
        price: today.close,
        bid: expect.any(Number),
        ask: expect.any(Number),
        open: today.open,
        high: today.high,
        low: today.low,
        volume: today.volume,
        previousClose: yesterday.close,
        offHoursVolume: 0,
        timestamp: at,
        sessionDate: '2024-07-01',
        isOpen: true,
      });
      expect(q.bid).toBeLessThan(q.price);
      expect(q.ask).toBeGreaterThan(q.price);
      expect(q.ask - q.bid).toBeGreaterThanOrEqual(0.01 - 1e-9);
    });

    it('keep the last session’s values on a holiday, with a price from the between-session path', () => {
      const at = new Date('2024-07-04T16:00:00Z');
      const q = sim.quoteAt('XOM', at);
      const [last] = sim.dailyBars('XOM', '2024-07-03', '2024-07-03', at);
      expect(q.sessionDate).toBe('2024-07-03');
      expect(q.isOpen).toBe(false);
      expect([q.open, q.high, q.low, q.volume]).toEqual([last.open, last.high, last.low, last.volume]);
      expect(q.price).toBe(sim.priceAt('XOM', at));
      expect(q.price).toBeGreaterThan(0);
    });

    it('before the open, report the previous session (pre-market)', () => {
      const q = sim.quoteAt('SPY', new Date('2024-07-01T12:00:00Z'));
      expect(q.sessionDate).toBe('2024-06-28');
      expect(q.isOpen).toBe(false);
      const atOpen = sim.quoteAt('SPY', sessionFor('2024-07-01')!.openUtc);
      expect(atOpen.sessionDate).toBe('2024-07-01');
      expect(atOpen.isOpen).toBe(true);
      expect(atOpen.volume).toBe(0);
      expect(atOpen.price).toBe(atOpen.open);
    });

    it('refuse instants before the first simulated session', () => {
      expect(() => sim.quoteAt('SPY', new Date('2005-01-03T14:29:59Z'))).toThrow(RangeError);
      expect(sim.quoteAt('SPY', new Date('2005-01-03T14:30:00Z')).sessionDate).toBe('2005-01-03');
    });
  });

  it('starts history at the epoch and serves nothing before it', () => {
    const sim = new MarketSimulator('epoch', SAMPLE_CALIBRATIONS);
    expect(sim.historyStart).toBe('2005-01-03');
    expect(sim.dailyBars('SPY', '1995-01-01', '2005-01-04', ASOF).map((b) => b.date)).toEqual([
      '2005-01-03',
      '2005-01-04',
    ]);
    expect(sim.dailyBars('SPY', '1995-01-01', '2004-12-31', ASOF)).toEqual([]);
  });

  it('names unknown symbols and refuses bad calibrations and intervals', () => {
    const sim = new MarketSimulator('errors', SAMPLE_CALIBRATIONS);
    expect(() => sim.quoteAt('NOPE', ASOF)).toThrow(UnknownSymbolError);
    expect(() => sim.dailyBars('nope', '2024-01-01', '2024-01-31', ASOF)).toThrow('Unknown symbol: NOPE');
    expect(sim.has('spy')).toBe(true);
    expect(() => sim.intradayBars('SPY', ASOF, ASOF, 0, ASOF)).toThrow(RangeError);
    expect(() => new MarketSimulator('x', [...SAMPLE_CALIBRATIONS, SAMPLE_CALIBRATIONS[0]])).toThrow('Duplicate');
    expect(() => new MarketSimulator('x', [{ ...SAMPLE_CALIBRATIONS[1], annualVol: -1 }])).toThrow(RangeError);
    expect(() => new MarketSimulator('x', [{ ...SAMPLE_CALIBRATIONS[1], refPrice: 0 }])).toThrow(RangeError);
  });

  it('widens the spread as liquidity falls', () => {
    const sim = new MarketSimulator('spread', SAMPLE_CALIBRATIONS);
    expect(sim.spreadFor('SPY')).toBeCloseTo(0.5, 6);
    expect(sim.spreadFor('DUK')).toBeGreaterThan(sim.spreadFor('MSFT'));
    expect(sim.spreadFor('MSFT')).toBeGreaterThan(sim.spreadFor('AAPL'));
    expect(halfSpreadBps(1_000)).toBe(50);
  });

  it('takes the market factor’s volatility from the proxy’s calibration', () => {
    expect(new MarketSimulator('m', SAMPLE_CALIBRATIONS).marketAnnualVol).toBe(0.17);
    expect(new MarketSimulator('m', SAMPLE_CALIBRATIONS.slice(1)).marketAnnualVol).toBe(0.17);
    const spy = { ...SAMPLE_CALIBRATIONS[0], annualVol: 0.2 };
    expect(new MarketSimulator('m', [spy]).marketAnnualVol).toBe(0.2);
  });
});
