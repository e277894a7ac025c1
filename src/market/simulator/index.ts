import type { UnsourcedDailyBar } from '../daily-bar';
import { UnknownSymbolError } from '../errors';
import { CALENDAR_FIRST_DAY, CALENDAR_LAST_DAY, ymdToDay, type Ymd } from './calendar';
import { DailySeries, InstrumentPaths, createPathCaches, type PathCaches } from './bars';
import { ImportedSeries, type ImportedDay } from './imported';
import {
  DEFAULT_MODEL_PARAMS,
  EpochIndex,
  FactorSet,
  InstrumentReturns,
  loadingsFor,
  resolveMarketAnnualVol,
  validateCalibration,
  type InstrumentCalibration,
  type Loadings,
  type ModelParams,
} from './model';

export * from './calendar';
export { Rng, cyrb128 } from '../../quant/rng';
export { UnitGarch, type GarchParams } from './garch';
export type { ImportedDay } from './imported';
export { expectedVolumeShare, OFF_HOURS_VOLUME_RATE } from './bars';
export {
  DEFAULT_MODEL_PARAMS,
  loadingsFor,
  type InstrumentCalibration,
  type Loadings,
  type ModelParams,
} from './model';

/**
 * A generated bar: `adjClose` always set (= close unless imported history says otherwise); `partial` for today's
 * bar while the session runs (high/low/close/volume so far).
 */
export type SimulatedDailyBar = Omit<UnsourcedDailyBar<number>, 'adjClose'> & { adjClose: number; partial: boolean };

export interface IntradayBar {
  /** Start of the bar. */
  timestamp: Date;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  partial: boolean;
}

export interface SimulatedQuote {
  symbol: string;
  /** Live price at `timestamp`: the session path while open, the between-session path otherwise. */
  price: number;
  bid: number;
  ask: number;
  /** Open, high, low and volume of the latest session that has opened (so far, while it runs). */
  open: number;
  high: number;
  low: number;
  volume: number;
  /** Close of the session before that one. */
  previousClose: number;
  /** Shares traded since that session's close (off-hours liquidity; 0 while it runs). Not part of any bar. */
  offHoursVolume: number;
  timestamp: Date;
  sessionDate: Ymd;
  isOpen: boolean;
}


/** Prices are served with 4 decimals (API conventions); rounding is monotone, so OHLC order survives it. */
const round4 = (x: number): number => Math.round(x * 10_000) / 10_000;

/** Half-spread in bps: ½ bp at SPY-like liquidity (70M shares a day), growing as 1/√volume, capped at 50. */
export function halfSpreadBps(avgVolume: number): number {
  return Math.min(Math.max(0.5 * Math.sqrt(70_000_000 / avgVolume), 0.5), 50);
}
const MIN_HALF_SPREAD = 0.005;

interface Instrument {
  calibration: InstrumentCalibration;
  loadings: Loadings;
  imported: ImportedSeries | null;
  /** Bumped whenever the imported history changes, so cached paths of the old one are never reused. */
  generation: number;
  paths?: InstrumentPaths;
}

/**
 * The embedded market simulator: a pure function of (seed, calibrations, instant). Two instances built
 * with the same arguments answer every call identically; nothing reads the clock, so callers pass the
 * instant (`asOf`, `at`) and never receive a bar or price from after it.
 */
export class MarketSimulator {
  readonly seed: string;
  readonly params: Readonly<ModelParams>;
  readonly marketAnnualVol: number;
  private readonly index: EpochIndex;
  private readonly factors: FactorSet;
  private readonly instruments = new Map<string, Instrument>();
  private readonly caches: PathCaches = createPathCaches();

  constructor(
    seed: string | number,
    calibrations: readonly InstrumentCalibration[],
    params: Partial<ModelParams> = {},
  ) {
    this.seed = String(seed);
    this.params = { ...DEFAULT_MODEL_PARAMS, ...params };
    this.marketAnnualVol = resolveMarketAnnualVol(this.params, calibrations);
    this.index = new EpochIndex(this.params.epoch);
    this.factors = new FactorSet(this.seed, this.params);
    for (const c of calibrations) {
      validateCalibration(c);
      const symbol = c.symbol.toUpperCase();
      if (this.instruments.has(symbol)) throw new RangeError(`Duplicate calibration for ${symbol}`);
      const calibration = { ...c, symbol };
      this.instruments.set(symbol, {
        calibration,
        loadings: loadingsFor(calibration, this.params, this.marketAnnualVol),
        imported: null,
        generation: 0,
      });
    }
  }

  /** First day with simulated data. */
  get historyStart(): Ymd {
    return this.index.ymdOf(0);
  }

  get symbols(): string[] {
    return [...this.instruments.keys()];
  }

  has(symbol: string): boolean {
    return this.instruments.has(symbol.toUpperCase());
  }

  calibration(symbol: string): InstrumentCalibration {
    return this.instrument(symbol).calibration;
  }

  loadings(symbol: string): Loadings {
    return this.instrument(symbol).loadings;
  }

  /**
   * Splices real daily bars into an instrument's history (null or [] removes them): imported days are
   * served as given, later days continue from the imported close with the model's returns, earlier days
   * are scaled to meet the first imported one — so quotes, intraday paths and bars agree with the import.
   * Still a pure function: of (seed, calibrations, imported bars, instant).
   */
  setImportedHistory(symbol: string, days: readonly ImportedDay[] | null): void {
    const inst = this.instrument(symbol);
    inst.imported = days && days.length ? new ImportedSeries(days, this.index) : null;
    inst.generation += 1;
    inst.paths = undefined;
  }

  hasImportedHistory(symbol: string): boolean {
    return this.instrument(symbol).imported !== null;
  }

  /** Daily bars for trading days in [fromYmd, toYmd] whose session opened at or before asOf. */
  dailyBars(symbol: string, fromYmd: Ymd, toYmd: Ymd, asOf: Date): SimulatedDailyBar[] {
    const p = this.paths(symbol);
    const from = Math.max(ymdToDay(fromYmd), CALENDAR_FIRST_DAY + 1);
    const to = Math.min(ymdToDay(toYmd), CALENDAR_LAST_DAY);
    if (to < from) return [];
    const asOfMs = asOf.getTime();
    const first = this.index.indexAtOrBefore(from - 1) + 1;
    const last = Math.min(this.index.indexAtOrBefore(to), p.latestSession(asOfMs));
    if (last < first) return [];
    p.series.ensure(last + 1);
    const imported = p.series.imported;
    const out: SimulatedDailyBar[] = [];
    for (let t = first; t <= last; t++) {
      const b = p.dailyBar(t, asOfMs);
      const close = round4(b.close);
      out.push({
        date: this.index.ymdOf(t),
        open: round4(b.open),
        high: round4(b.high),
        low: round4(b.low),
        close,
        adjClose: imported ? round4(b.close * imported.adjRatio(t)) : close,
        volume: b.volume,
        partial: b.partial,
      });
    }
    return out;
  }

  /**
   * Intraday bars of `intervalMinutes` (1, 5, 15, 60, …) aligned on each session's 09:30 open (the last
   * bar of a session may be shorter), for bar starts in [fromUtc, toUtc) and not after asOf.
   */
  intradayBars(symbol: string, fromUtc: Date, toUtc: Date, intervalMinutes: number, asOf: Date): IntradayBar[] {
    if (!Number.isInteger(intervalMinutes) || intervalMinutes < 1 || intervalMinutes > 390) {
      throw new RangeError(`intervalMinutes must be an integer in [1, 390], got ${intervalMinutes}`);
    }
    return this.paths(symbol)
      .intradayBars(fromUtc.getTime(), toUtc.getTime(), intervalMinutes, asOf.getTime())
      .map((b) => ({
        timestamp: new Date(b.startMs),
        open: round4(b.open),
        high: round4(b.high),
        low: round4(b.low),
        close: round4(b.close),
        volume: b.volume,
        partial: b.partial,
      }));
  }

  /** The live price at an instant (any time from the epoch's first open: sessions, nights, weekends). */
  priceAt(symbol: string, at: Date): number {
    const p = this.paths(symbol);
    return round4(p.price(p.logPriceAt(at.getTime())));
  }

  /** Volume of the latest session that opened at or before `at`, counted up to `at`. */
  volumeAt(symbol: string, at: Date): number {
    const p = this.paths(symbol);
    const t = this.requireSession(p, at);
    return p.stats(t, 0, at.getTime()).volume;
  }

  quoteAt(symbol: string, at: Date): SimulatedQuote {
    const p = this.paths(symbol);
    const ms = at.getTime();
    const t = this.requireSession(p, ms);
    const bar = p.dailyBar(t, ms);
    const price = p.price(p.logPriceAt(ms));
    const half = Math.max((price * this.spreadFor(symbol)) / 10_000, MIN_HALF_SPREAD);
    return {
      symbol: p.symbol,
      price: round4(price),
      bid: round4(price - half),
      ask: round4(price + half),
      open: round4(bar.open),
      high: round4(bar.high),
      low: round4(bar.low),
      volume: bar.volume,
      previousClose: round4(p.price(p.series.prevClose(t))),
      offHoursVolume: p.offHoursVolume(t, ms),
      timestamp: new Date(ms),
      sessionDate: this.index.ymdOf(t),
      isOpen: ms < this.index.closeMs(t),
    };
  }

  /** Half-spread in basis points for the instrument's liquidity. */
  spreadFor(symbol: string): number {
    const { calibration } = this.instrument(symbol);
    return halfSpreadBps(calibration.avgVolume ?? this.params.defaultAvgVolume);
  }

  private requireSession(p: InstrumentPaths, at: Date | number): number {
    const ms = typeof at === 'number' ? at : at.getTime();
    const t = p.latestSession(ms);
    if (t < 0) throw new RangeError(`No simulated session before ${this.index.ymdOf(0)}`);
    return t;
  }

  private instrument(symbol: string): Instrument {
    const inst = this.instruments.get(symbol.toUpperCase());
    if (!inst) throw new UnknownSymbolError(symbol.toUpperCase());
    return inst;
  }

  private paths(symbol: string): InstrumentPaths {
    const inst = this.instrument(symbol);
    if (!inst.paths) {
      const { calibration, loadings, imported, generation } = inst;
      const returns = new InstrumentReturns(this.factors, loadings, calibration.symbol, this.params);
      const series = new DailySeries(returns, this.index, calibration, this.params, this.seed, imported);
      const cacheKey = `${calibration.symbol}#${generation}`;
      inst.paths = new InstrumentPaths(this.seed, calibration.symbol, series, this.index, this.caches, cacheKey);
    }
    return inst.paths;
  }
}
