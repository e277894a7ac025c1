import { sessionFor, tradingDaysBetween } from './calendar';
import { MarketSimulator, type SimulatedDailyBar, type ImportedDay } from './index';
import { SAMPLE_CALIBRATIONS } from './sample-calibrations';

const ASOF = new Date('2026-11-25T21:00:00Z');
const SEEDS = ['octopus', 'imp-2'];

const round2 = (x: number) => Math.round(x * 100) / 100;
/** "Real" days: the base bars scaled by `scale` (2 dp, as exports have them), with an adjusted close. */
function importedFrom(bars: SimulatedDailyBar[], scale: number, adjRatio = 0.9): ImportedDay[] {
  return bars.map((b) => {
    const open = round2(b.open * scale);
    const close = round2(b.close * scale);
    const high = Math.max(round2(b.high * scale), open, close);
    const low = Math.min(round2(b.low * scale), open, close);
    return { date: b.date, open, high, low, close, volume: b.volume * 2, adjClose: round2(close * adjRatio) };
  });
}

const logReturns = (bars: SimulatedDailyBar[]) => bars.slice(1).map((b, i) => Math.log(b.close / bars[i].close));

describe.each(SEEDS)('imported history spliced into the simulation (seed %s)', (seed) => {
  const base = new MarketSimulator(seed, SAMPLE_CALIBRATIONS);
  const sim = new MarketSimulator(seed, SAMPLE_CALIBRATIONS);
  const symbol = 'AAPL';
  const window = base.dailyBars(symbol, '2024-03-04', '2024-03-15', ASOF);
  const imported = importedFrom(window, 1.37);
  const last = imported[imported.length - 1];

  beforeAll(() => sim.setImportedHistory(symbol, imported));

  it('serves imported days exactly as imported, with their adjusted closes', () => {
    const bars = sim.dailyBars(symbol, '2024-03-04', '2024-03-15', ASOF);
    expect(bars.map(({ partial: _p, ...b }) => b)).toEqual(imported.map((d) => ({ ...d, adjClose: d.adjClose })));
  });

  it('continues after the import from the imported close with the model own returns', () => {
    const after = sim.dailyBars(symbol, '2024-03-15', '2024-12-31', ASOF);
    const baseAfter = base.dailyBars(symbol, '2024-03-15', '2024-12-31', ASOF);
    expect(after[0].close).toBe(last.close);
    const r = logReturns(after);
    const rb = logReturns(baseAfter);
    expect(r).toHaveLength(rb.length);
    // Equal up to 4-dp price rounding.
    for (let i = 0; i < r.length; i++) expect(Math.abs(r[i] - rb[i])).toBeLessThan(2e-5);
    // Overnight gaps are the model's too: open / previous close.
    const gap = after[1].open / after[0].close;
    const baseGap = baseAfter[1].open / baseAfter[0].close;
    expect(Math.abs(gap - baseGap)).toBeLessThan(2e-5);
    // Generated days carry the last imported adjusted/raw ratio, so adjusted returns do not jump.
    for (const b of after.slice(1)) expect(Math.abs(b.adjClose / b.close - 0.9)).toBeLessThan(1e-4);
  });

  it('scales the days before the import to meet its first day', () => {
    const before = sim.dailyBars(symbol, '2023-06-01', '2024-03-01', ASOF);
    const baseBefore = base.dailyBars(symbol, '2023-06-01', '2024-03-01', ASOF);
    const k = Math.exp(Math.log(imported[0].close / window[0].close));
    for (let i = 0; i < before.length; i++) {
      expect(Math.abs(before[i].close / baseBefore[i].close / k - 1)).toBeLessThan(2e-5);
      expect(before[i].volume).toBe(baseBefore[i].volume);
    }
  });

  it('pins the intraday path of an imported day to its open, high, low, close and volume', () => {
    const day = imported[3];
    const s = sessionFor(day.date)!;
    const m1 = sim.intradayBars(symbol, s.openUtc, s.closeUtc, 1, ASOF);
    expect(m1[0].open).toBe(day.open);
    expect(m1[m1.length - 1].close).toBe(day.close);
    expect(Math.max(...m1.map((b) => b.high))).toBe(day.high);
    expect(Math.min(...m1.map((b) => b.low))).toBe(day.low);
    expect(m1.reduce((a, b) => a + b.volume, 0)).toBe(day.volume);
  });

  it('quotes the next session from the imported close, and prices the night in between from it', () => {
    const next = tradingDaysBetween('2024-03-16', '2024-03-22')[0];
    const s = sessionFor(next)!;
    const q = sim.quoteAt(symbol, new Date(s.openUtc.getTime() + 3_600_000));
    expect(q.previousClose).toBe(last.close);
    expect(q.sessionDate).toBe(next);
    const lastSession = sessionFor(last.date)!;
    expect(sim.priceAt(symbol, lastSession.closeUtc)).toBe(last.close);
    const night = sim.priceAt(symbol, new Date(lastSession.closeUtc.getTime() + 3 * 3_600_000));
    expect(Math.abs(Math.log(night / last.close))).toBeLessThan(0.05);
  });

  it('leaves other instruments alone and is undone by removing the import', () => {
    const at = new Date('2025-06-10T15:30:00Z');
    expect(sim.quoteAt('SPY', at)).toEqual(base.quoteAt('SPY', at));
    expect(sim.quoteAt(symbol, at)).not.toEqual(base.quoteAt(symbol, at));
    const other = new MarketSimulator(seed, SAMPLE_CALIBRATIONS);
    other.setImportedHistory(symbol, imported);
    expect(other.quoteAt(symbol, at)).toEqual(sim.quoteAt(symbol, at)); // a pure function of the import too
    other.setImportedHistory(symbol, null);
    expect(other.quoteAt(symbol, at)).toEqual(base.quoteAt(symbol, at));
    expect(other.intradayBars(symbol, at, new Date(at.getTime() + 600_000), 1, ASOF)).toEqual(
      base.intradayBars(symbol, at, new Date(at.getTime() + 600_000), 1, ASOF),
    );
  });
});

describe('imported history with gaps, before the epoch, and invalid', () => {
  const base = new MarketSimulator('octopus', SAMPLE_CALIBRATIONS);

  it('continues each gap from the imported day before it', () => {
    const sim = new MarketSimulator('octopus', SAMPLE_CALIBRATIONS);
    const a = importedFrom(base.dailyBars('MSFT', '2020-01-02', '2020-01-10', ASOF), 0.5, 1);
    const b = importedFrom(base.dailyBars('MSFT', '2020-03-02', '2020-03-06', ASOF), 2, 1);
    sim.setImportedHistory('MSFT', [...b, ...a]);
    const gap = sim.dailyBars('MSFT', '2020-01-13', '2020-02-28', ASOF);
    const baseGap = base.dailyBars('MSFT', '2020-01-13', '2020-02-28', ASOF);
    const baseAnchor = base.dailyBars('MSFT', '2020-01-10', '2020-01-10', ASOF)[0].close;
    const k = a[a.length - 1].close / baseAnchor;
    for (let i = 0; i < gap.length; i++) expect(Math.abs(gap[i].close / baseGap[i].close / k - 1)).toBeLessThan(2e-5);
    expect(sim.dailyBars('MSFT', '2020-03-02', '2020-03-06', ASOF).map((x) => x.close)).toEqual(b.map((x) => x.close));
  });

  it('starts the simulation from the latest imported close before the epoch', () => {
    const sim = new MarketSimulator('octopus', SAMPLE_CALIBRATIONS);
    sim.setImportedHistory('XOM', [
      { date: '2004-12-30', open: 37, high: 38, low: 36.5, close: 37.5, volume: 1000, adjClose: null },
      { date: '2004-12-31', open: 37.5, high: 39, low: 37.2, close: 39, volume: 1000, adjClose: null },
    ]);
    const first = sessionFor('2005-01-03')!;
    expect(sim.quoteAt('XOM', new Date(first.openUtc.getTime() + 60_000)).previousClose).toBe(39);
  });

  it('refuses days that are not NYSE trading days or break OHLC order', () => {
    const sim = new MarketSimulator('octopus', SAMPLE_CALIBRATIONS);
    const day = { open: 10, high: 11, low: 9, close: 10.5, volume: 1, adjClose: null };
    expect(() => sim.setImportedHistory('XOM', [{ date: '2024-03-09', ...day }])).toThrow(/trading day/);
    expect(() => sim.setImportedHistory('XOM', [{ date: '2024-03-08', ...day, low: 10.6 }])).toThrow(/low/);
  });
});
