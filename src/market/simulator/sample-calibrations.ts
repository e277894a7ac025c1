import type { InstrumentCalibration } from './model';

/**
 * A handful of plausible calibrations used by the simulator's own specs and benchmarks: the market proxy,
 * a low-vol utility, a high-vol chip maker, two large techs sharing a sector, an energy major and a
 * sector ETF. The real universe lives with the instrument table, not here.
 */
export const SAMPLE_CALIBRATIONS: readonly InstrumentCalibration[] = [
  {
    symbol: 'SPY',
    sector: 'Diversified',
    annualVol: 0.17,
    beta: 1,
    annualDrift: 0.09,
    refPrice: 590,
    avgVolume: 70e6,
  },
  {
    symbol: 'DUK',
    sector: 'Utilities',
    annualVol: 0.18,
    beta: 0.45,
    annualDrift: 0.06,
    refPrice: 108,
    avgVolume: 3.5e6,
  },
  {
    symbol: 'NVDA',
    sector: 'Information Technology',
    annualVol: 0.5,
    beta: 1.7,
    annualDrift: 0.3,
    refPrice: 138,
    avgVolume: 250e6,
  },
  {
    symbol: 'AAPL',
    sector: 'Information Technology',
    annualVol: 0.28,
    beta: 1.2,
    annualDrift: 0.15,
    refPrice: 243,
    avgVolume: 50e6,
  },
  {
    symbol: 'MSFT',
    sector: 'Information Technology',
    annualVol: 0.26,
    beta: 1.1,
    annualDrift: 0.14,
    refPrice: 420,
    avgVolume: 20e6,
  },
  {
    symbol: 'XOM',
    sector: 'Energy',
    annualVol: 0.27,
    beta: 0.8,
    annualDrift: 0.06,
    refPrice: 107,
    avgVolume: 15e6,
  },
  {
    symbol: 'XLU',
    sector: 'Utilities',
    annualVol: 0.16,
    beta: 0.5,
    annualDrift: 0.07,
    refPrice: 68,
    avgVolume: 10e6,
    sectorShare: 0.9,
  },
];
