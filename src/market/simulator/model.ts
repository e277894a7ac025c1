import {
  closeMsAt,
  dayAtOrdinal,
  isEarlyCloseAt,
  openMsAt,
  ordinalAtOrBefore,
  tradingDayCount,
  ymdAtOrdinal,
  ymdToDay,
  type Ymd,
} from './calendar';
import { UnitGarch, type GarchParams } from './garch';

/**
 * The factor model behind every simulated price.
 *
 * Daily close-to-close log returns of instrument i on trading day t (t = 0 at the epoch):
 *
 *   r_{i,t} = μ_i + b_i·M_t + s_i·S_{k(i),t} + e_i·E_{i,t}
 *
 * where M (market), S_k (one per sector k) and E_i (one per instrument) are independent unit-variance
 * GARCH(1,1) series with Student-t shocks ({@link UnitGarch}); M is keyed by (seed, "MARKET"), S_k by
 * (seed, sector name), E_i by (seed, symbol). Loadings come from the calibration, with σ² = annualVol²/252
 * the daily variance and σ_M the market's daily volatility:
 *
 *   b_i = beta·σ_M                                  (so the beta to M, hence to SPY, is `beta`)
 *   R_i = max(σ² − b_i², 0)                          (residual variance; 0 if the calibration asks
 *                                                     for less vol than its beta implies)
 *   s_i = √(share_i·R_i),  e_i = √((1 − share_i)·R_i) (share_i = sectorShare, default 0.35, and 0 for
 *                                                     sector "Diversified" or an empty sector)
 *   μ_i = annualDrift/252 − σ²/2                     (Itô: the price's expected growth is annualDrift)
 *
 * σ_M is the annual vol of the market proxy's calibration (SPY) over √252, or 17% a year when the proxy is
 * not in the universe. The proxy has beta 1 and sector "Diversified", so its residual is 0 and it IS the
 * market factor plus its drift. Because each series depends only on its own key, adding or removing an
 * instrument never changes another one's path.
 */
export interface InstrumentCalibration {
  symbol: string;
  sector: string;
  /** Annualised volatility of daily log returns, e.g. 0.25. */
  annualVol: number;
  /** Beta to the market proxy (SPY). */
  beta: number;
  /** Expected annual growth rate of the price, e.g. 0.08. */
  annualDrift: number;
  /** The close on the anchor date ({@link ModelParams.anchorDate}): the level prices are scaled to. */
  refPrice: number;
  /** Average daily share volume; default {@link ModelParams.defaultAvgVolume}. */
  avgVolume?: number;
  /** Fraction of residual variance carried by the sector factor (0–1). */
  sectorShare?: number;
}

export interface ModelParams {
  /** First simulated trading day. */
  epoch: Ymd;
  /**
   * refPrice is this date's close (or the last trading day's before it): prices are the simulated path
   * rescaled so that they pass exactly through refPrice there, i.e. P_t = refPrice·exp(Σ r from anchor).
   * Anchoring near "now" keeps today's prices close to the real-world levels the calibration was taken
   * from (the curated universe's ref_price is a mid-2025 level) while the history before it varies by
   * seed, as history does: the 2005 price has median refPrice·exp(−(annualDrift − σ²/2)·20.5).
   * For a high-drift, high-vol name that can be cents, as split-adjusted history often is.
   */
  anchorDate: Ymd;
  marketProxy: string;
  /** Annual vol of the market factor; default: the proxy's calibrated annualVol, else 0.17. */
  marketAnnualVol?: number;
  tradingDaysPerYear: number;
  market: GarchParams;
  sector: GarchParams;
  idio: GarchParams;
  defaultSectorShare: number;
  /** Sectors that are not a common factor (broad ETFs). */
  broadSectors: string[];
  /** The overnight gap is g = overnightWeight·r + overnightNoise·σ_t·ε (ε standard normal). */
  overnightWeight: number;
  overnightNoise: number;
  defaultAvgVolume: number;
  /**
   * Daily volume: avgVolume · lognormal(volumeDispersion) · (1 + k·|r|/σ)/(1 + k·E|r|/σ),
   * k = volumeReturnSensitivity.
   */
  volumeDispersion: number;
  volumeReturnSensitivity: number;
}

export const DEFAULT_MODEL_PARAMS: Readonly<ModelParams> = {
  epoch: '2005-01-03',
  anchorDate: '2025-07-01',
  marketProxy: 'SPY',
  tradingDaysPerYear: 252,
  // Persistence 0.97 (half-life ≈ 23 trading days); t(5) shocks. α stays small so the fourth moment of
  // returns is finite and a 10-year sample's volatility is a stable estimate of the calibrated one; the
  // common factors clip at 6 conditional sigmas (a 1987-style day is out, a 2008 or 2020 day is in),
  // single names at 8 (earnings gaps).
  market: { alpha: 0.05, beta: 0.92, nu: 5, clip: 6 },
  sector: { alpha: 0.05, beta: 0.92, nu: 5, clip: 6 },
  idio: { alpha: 0.06, beta: 0.9, nu: 5, clip: 8 },
  defaultSectorShare: 0.35,
  broadSectors: ['Diversified', ''],
  overnightWeight: 0.25,
  overnightNoise: 0.3,
  defaultAvgVolume: 5_000_000,
  volumeDispersion: 0.3,
  volumeReturnSensitivity: 0.6,
};

export const MARKET_FACTOR = 'MARKET';
const DEFAULT_MARKET_VOL = 0.17;

export interface Loadings {
  drift: number;
  market: number;
  sector: number;
  idio: number;
  /** Null when the instrument carries no sector factor. */
  sectorFactor: string | null;
  /** Unconditional daily variance implied by the loadings. */
  dailyVariance: number;
}

export function validateCalibration(c: InstrumentCalibration): void {
  const bad = (what: string) => new RangeError(`Calibration of ${c.symbol}: ${what}`);
  if (!c.symbol) throw bad('empty symbol');
  if (!(c.annualVol > 0 && c.annualVol < 5)) throw bad(`annualVol ${c.annualVol} not in (0, 5)`);
  if (!Number.isFinite(c.beta) || Math.abs(c.beta) > 5) throw bad(`beta ${c.beta} not in [-5, 5]`);
  if (!Number.isFinite(c.annualDrift) || Math.abs(c.annualDrift) > 2) throw bad(`annualDrift ${c.annualDrift}`);
  if (!(c.refPrice > 0)) throw bad(`refPrice ${c.refPrice} must be > 0`);
  if (c.avgVolume !== undefined && !(c.avgVolume > 0)) throw bad(`avgVolume ${c.avgVolume} must be > 0`);
  if (c.sectorShare !== undefined && !(c.sectorShare >= 0 && c.sectorShare <= 1)) {
    throw bad(`sectorShare ${c.sectorShare} not in [0, 1]`);
  }
}

export function resolveMarketAnnualVol(params: ModelParams, calibrations: readonly InstrumentCalibration[]): number {
  if (params.marketAnnualVol !== undefined) return params.marketAnnualVol;
  const proxy = calibrations.find((c) => c.symbol === params.marketProxy);
  return proxy ? proxy.annualVol / Math.abs(proxy.beta || 1) : DEFAULT_MARKET_VOL;
}

export function loadingsFor(c: InstrumentCalibration, params: ModelParams, marketAnnualVol: number): Loadings {
  const n = params.tradingDaysPerYear;
  const variance = (c.annualVol * c.annualVol) / n;
  const market = c.beta * (marketAnnualVol / Math.sqrt(n));
  // Below a relative 1e-9 the residual is rounding noise (beta·σ_M² computed two ways), not a factor.
  const raw = variance - market * market;
  const residual = raw > 1e-9 * variance ? raw : 0;
  const broad = params.broadSectors.includes(c.sector);
  const share = broad ? 0 : (c.sectorShare ?? params.defaultSectorShare);
  const dailyVariance = market * market + residual;
  return {
    drift: c.annualDrift / n - dailyVariance / 2,
    market,
    sector: Math.sqrt(share * residual),
    idio: Math.sqrt((1 - share) * residual),
    sectorFactor: share > 0 ? c.sector : null,
    dailyVariance,
  };
}

/** Trading-day indices relative to the epoch. */
export class EpochIndex {
  readonly epochOrdinal: number;
  /** Number of simulated trading days (epoch … end of the calendar). */
  readonly length: number;

  constructor(epoch: Ymd) {
    const day = ymdToDay(epoch);
    const o = ordinalAtOrBefore(day);
    this.epochOrdinal = dayAtOrdinal(Math.max(o, 0)) === day ? o : o + 1;
    this.length = tradingDayCount() - this.epochOrdinal;
  }

  dayOf(t: number): number {
    return dayAtOrdinal(this.epochOrdinal + t);
  }

  ymdOf(t: number): Ymd {
    return ymdAtOrdinal(this.epochOrdinal + t);
  }

  openMs(t: number): number {
    return openMsAt(this.epochOrdinal + t);
  }

  closeMs(t: number): number {
    return closeMsAt(this.epochOrdinal + t);
  }

  isEarlyClose(t: number): boolean {
    return isEarlyCloseAt(this.epochOrdinal + t);
  }

  /** Index of the last simulated trading day ≤ day (−1 before the epoch). */
  indexAtOrBefore(day: number): number {
    return Math.max(ordinalAtOrBefore(day) - this.epochOrdinal, -1);
  }
}

/** The shared factors of one seed. */
export class FactorSet {
  private readonly factors = new Map<string, UnitGarch>();

  constructor(
    readonly seed: string,
    private readonly params: ModelParams,
  ) {}

  get(name: string): UnitGarch {
    let f = this.factors.get(name);
    if (!f) {
      const p = name === MARKET_FACTOR ? this.params.market : this.params.sector;
      f = new UnitGarch(p, this.seed, 'factor', name);
      this.factors.set(name, f);
    }
    return f;
  }
}

/** Daily log returns and conditional variances of one instrument, grown on demand. */
export class InstrumentReturns {
  logReturn = new Float64Array(0);
  condVariance = new Float64Array(0);
  length = 0;

  private readonly market: UnitGarch;
  private readonly sector: UnitGarch | null;
  private readonly idio: UnitGarch;

  constructor(
    factors: FactorSet,
    readonly loadings: Loadings,
    symbol: string,
    params: ModelParams,
  ) {
    this.market = factors.get(MARKET_FACTOR);
    this.sector = loadings.sectorFactor === null ? null : factors.get(loadings.sectorFactor);
    this.idio = new UnitGarch(params.idio, factors.seed, 'idio', symbol);
  }

  ensure(n: number): void {
    if (n <= this.length) return;
    this.market.ensure(n);
    this.sector?.ensure(n);
    this.idio.ensure(n);
    if (n > this.logReturn.length) {
      const cap = Math.max(n, this.logReturn.length * 2, 1024);
      const r = new Float64Array(cap);
      const v = new Float64Array(cap);
      r.set(this.logReturn.subarray(0, this.length));
      v.set(this.condVariance.subarray(0, this.length));
      this.logReturn = r;
      this.condVariance = v;
    }
    const { drift, market: bm, sector: bs, idio: be } = this.loadings;
    const m = this.market.values;
    const hm = this.market.variances;
    const e = this.idio.values;
    const he = this.idio.variances;
    const s = this.sector?.values;
    const hs = this.sector?.variances;
    for (let t = this.length; t < n; t++) {
      let r = drift + bm * m[t] + be * e[t];
      let v = bm * bm * hm[t] + be * be * he[t];
      if (s && hs) {
        r += bs * s[t];
        v += bs * bs * hs[t];
      }
      this.logReturn[t] = r;
      this.condVariance[t] = v;
    }
    this.length = n;
  }
}
