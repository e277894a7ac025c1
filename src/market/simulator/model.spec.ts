import { mean, sampleCorrelation, sampleCovariance, sampleKurtosis, sampleVariance } from 'simple-statistics';
import { MarketSimulator } from './index';
import { DEFAULT_MODEL_PARAMS, loadingsFor, type InstrumentCalibration } from './model';
import { SAMPLE_CALIBRATIONS } from './sample-calibrations';

const ASOF = new Date('2026-11-25T21:00:00Z');
const SEEDS = ['octopus', '1', '2', 'seed-three', '20261125'];
const STAT_SYMBOLS = ['SPY', 'DUK', 'NVDA', 'XOM', 'XLU'];

function logReturns(sim: MarketSimulator, symbol: string): number[] {
  const bars = sim.dailyBars(symbol, '2005-01-01', '2026-11-24', ASOF);
  const r: number[] = [];
  for (let i = 1; i < bars.length; i++) r.push(Math.log(bars[i].close / bars[i - 1].close));
  return r;
}

function lag1Autocorrelation(x: number[]): number {
  const m = mean(x);
  let num = 0;
  let den = 0;
  for (let i = 0; i < x.length; i++) {
    den += (x[i] - m) ** 2;
    if (i > 0) num += (x[i] - m) * (x[i - 1] - m);
  }
  return num / den;
}

const cal = (symbol: string): InstrumentCalibration => SAMPLE_CALIBRATIONS.find((c) => c.symbol === symbol)!;

describe('factor model loadings', () => {
  const params = DEFAULT_MODEL_PARAMS;

  it('makes the market proxy exactly the market factor', () => {
    const l = loadingsFor(cal('SPY'), params, 0.17);
    expect(l.sector).toBe(0);
    expect(l.idio).toBe(0);
    expect(l.sectorFactor).toBeNull();
    expect(l.market).toBeCloseTo(0.17 / Math.sqrt(252), 12);
  });

  it('splits the residual variance between sector and idiosyncratic factors, preserving the total', () => {
    const c = cal('DUK');
    const l = loadingsFor(c, params, 0.17);
    expect(l.market).toBeCloseTo((0.45 * 0.17) / Math.sqrt(252), 12);
    expect(l.market ** 2 + l.sector ** 2 + l.idio ** 2).toBeCloseTo(0.18 ** 2 / 252, 12);
    expect(l.sector ** 2 / (l.sector ** 2 + l.idio ** 2)).toBeCloseTo(params.defaultSectorShare, 12);
    expect(l.sectorFactor).toBe('Utilities');
    // Itô correction: E[price growth] = annualDrift.
    expect(l.drift).toBeCloseTo(0.06 / 252 - 0.18 ** 2 / 252 / 2, 12);
  });

  it('clamps the residual at zero when the calibration asks for less vol than its beta implies', () => {
    const l = loadingsFor({ ...cal('DUK'), annualVol: 0.05, beta: 1 }, params, 0.17);
    expect(l.idio).toBe(0);
    expect(l.sector).toBe(0);
    expect(l.dailyVariance).toBeCloseTo(0.17 ** 2 / 252, 12);
  });
});

describe('simulated daily returns match their calibration (full history 2005–2026, several seeds)', () => {
  describe.each(SEEDS)('seed %s', (seed) => {
    const sim = new MarketSimulator(seed, SAMPLE_CALIBRATIONS);
    const spy = logReturns(sim, 'SPY');

    it('covers more than ten years', () => {
      expect(spy.length).toBeGreaterThan(10 * 252);
    });

    it.each(STAT_SYMBOLS)('%s: volatility and beta within ±20%, fat tails, volatility clustering', (symbol) => {
      const c = cal(symbol);
      const r = symbol === 'SPY' ? spy : logReturns(sim, symbol);
      const vol = Math.sqrt(sampleVariance(r) * 252);
      const beta = sampleCovariance(r, spy) / sampleVariance(spy);
      expect(vol / c.annualVol).toBeGreaterThan(0.8);
      expect(vol / c.annualVol).toBeLessThan(1.2);
      expect(beta / c.beta).toBeGreaterThan(0.8);
      expect(beta / c.beta).toBeLessThan(1.2);
      expect(sampleKurtosis(r)).toBeGreaterThan(0);
      const squared = r.map((x) => x * x);
      expect(lag1Autocorrelation(squared)).toBeGreaterThan(0);
    });

    it('correlates stocks of one sector more than stocks of different sectors', () => {
      const resid = (s: string) => {
        const b = cal(s).beta;
        return logReturns(sim, s).map((x, i) => x - b * spy[i]);
      };
      const aapl = resid('AAPL');
      expect(sampleCorrelation(aapl, resid('MSFT'))).toBeGreaterThan(sampleCorrelation(aapl, resid('XOM')) + 0.1);
    });
  });
});

describe('purity of the model', () => {
  it("never lets one instrument's path depend on which other instruments exist", () => {
    const small = new MarketSimulator('purity', [cal('SPY'), cal('AAPL')]);
    const large = new MarketSimulator('purity', [...SAMPLE_CALIBRATIONS].reverse());
    const a = JSON.stringify(small.dailyBars('AAPL', '2005-01-01', '2026-11-24', ASOF));
    expect(JSON.stringify(large.dailyBars('AAPL', '2005-01-01', '2026-11-24', ASOF))).toBe(a);
  });

  it('gives the same bars whatever order the history is requested in', () => {
    const forward = new MarketSimulator('order', SAMPLE_CALIBRATIONS);
    const backward = new MarketSimulator('order', SAMPLE_CALIBRATIONS);
    const early = forward.dailyBars('NVDA', '2006-01-01', '2006-03-01', ASOF);
    const late = forward.dailyBars('NVDA', '2026-10-01', '2026-11-24', ASOF);
    expect(backward.dailyBars('NVDA', '2026-10-01', '2026-11-24', ASOF)).toEqual(late);
    expect(backward.dailyBars('NVDA', '2006-01-01', '2006-03-01', ASOF)).toEqual(early);
  });

  it('passes through refPrice on the anchor date', () => {
    const sim = new MarketSimulator('anchor', SAMPLE_CALIBRATIONS);
    for (const c of SAMPLE_CALIBRATIONS) {
      const [bar] = sim.dailyBars(c.symbol, DEFAULT_MODEL_PARAMS.anchorDate, DEFAULT_MODEL_PARAMS.anchorDate, ASOF);
      expect(bar.close).toBeCloseTo(c.refPrice, 4);
    }
  });

  it('differs between seeds', () => {
    const a = new MarketSimulator('a', SAMPLE_CALIBRATIONS).dailyBars('SPY', '2010-01-01', '2010-01-31', ASOF);
    const b = new MarketSimulator('b', SAMPLE_CALIBRATIONS).dailyBars('SPY', '2010-01-01', '2010-01-31', ASOF);
    expect(a.map((x) => x.close)).not.toEqual(b.map((x) => x.close));
  });
});
