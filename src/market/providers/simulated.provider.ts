import { createHash } from 'node:crypto';
import { Subject } from 'rxjs';
import { AppError, NotFoundError } from '../../common/errors/app-error';
import { MarketDataUnavailableError, UnknownSymbolError } from '../errors';
import { UNIVERSE } from '../data/universe';
import {
  MarketSimulator,
  sessionFor,
  type ImportedDay,
  type InstrumentCalibration,
  type Ymd,
} from '../simulator';
import type { MarketDataProvider, ProviderDailyBar, ProviderIntradayBar, ProviderQuote } from './provider';

const round4 = (x: number): number => Math.round(x * 10_000) / 10_000;

export function universeCalibrations(): InstrumentCalibration[] {
  return UNIVERSE.map((u) => ({
    symbol: u.symbol,
    sector: u.sector,
    annualVol: u.annual_vol,
    beta: u.beta,
    annualDrift: u.annual_drift,
    refPrice: u.ref_price,
    avgVolume: u.avg_volume,
  }));
}

function noData(symbol: string, at: Date, err: unknown): AppError {
  if (err instanceof UnknownSymbolError) return new NotFoundError(`Instrument ${symbol}`);
  return new MarketDataUnavailableError(`No simulated market data for ${symbol} at ${at.toISOString()}`);
}

/**
 * The embedded simulator as a provider. With TRADING_HOURS=nyse a quote outside the session is the
 * session's close (as a real exchange shows it); with `always` it is the simulator's between-session
 * path, so prices move at night and on weekends while bars stay on the NYSE calendar.
 */
export class SimulatedMarketProvider implements MarketDataProvider {
  readonly name = 'simulated' as const;
  readonly storageTag: string;
  readonly completeHistory = true;
  readonly sharedCache = false;
  readonly simulator: MarketSimulator;
  private readonly rebased = new Subject<string>();
  readonly rebased$ = this.rebased.asObservable();
  /** Per symbol with imported history: the storage tag of its generated bars (they depend on the import). */
  private readonly importedTags = new Map<string, string>();

  constructor(
    readonly seed: string,
    private readonly tradingHours: 'nyse' | 'always',
    calibrations: readonly InstrumentCalibration[] = universeCalibrations(),
  ) {
    this.simulator = new MarketSimulator(seed, calibrations);
    this.storageTag = `simulated:${seed}`;
  }

  storageTagFor(symbol: string): string {
    return this.importedTags.get(symbol.toUpperCase()) ?? this.storageTag;
  }

  /**
   * Splices imported daily bars into the simulation of `symbol` (see MarketSimulator.setImportedHistory).
   * Its generated bars then get a tag of their own (seed + a digest of the import), so bars stored before
   * the import, or by an instance that has not seen it yet, are regenerated instead of served.
   */
  setImportedHistory(symbol: string, days: readonly ImportedDay[] | null): void {
    const s = symbol.toUpperCase();
    const list = days ?? [];
    this.simulator.setImportedHistory(s, list);
    if (list.length) {
      const h = createHash('sha256');
      for (const d of list) h.update(`${d.date},${d.open},${d.high},${d.low},${d.close},${d.volume},${d.adjClose ?? ''};`);
      this.importedTags.set(s, `${this.storageTag}~${h.digest('hex').slice(0, 16)}`);
    } else {
      this.importedTags.delete(s);
    }
    this.rebased.next(s);
  }

  peekQuote(symbol: string, at: Date): ProviderQuote {
    let q;
    try {
      q = this.simulator.quoteAt(symbol, at);
    } catch (err) {
      throw noData(symbol, at, err);
    }
    let price = q.price;
    let bid = q.bid;
    let ask = q.ask;
    let timestamp = at.getTime();
    if (!q.isOpen && this.tradingHours === 'nyse') {
      const [bar] = this.simulator.dailyBars(symbol, q.sessionDate, q.sessionDate, at);
      const half = Math.max((bar.close * this.simulator.spreadFor(symbol)) / 10_000, 0.005);
      price = bar.close;
      bid = round4(price - half);
      ask = round4(price + half);
      timestamp = (sessionFor(q.sessionDate) as { closeUtc: Date }).closeUtc.getTime();
    }
    return {
      symbol: q.symbol,
      price,
      bid,
      ask,
      open: q.open,
      high: q.high,
      low: q.low,
      volume: q.volume,
      previousClose: q.previousClose,
      offHoursVolume: this.tradingHours === 'always' ? q.offHoursVolume : 0,
      timestamp,
      sessionDate: q.sessionDate,
      source: 'simulated',
      stale: false,
    };
  }

  async quote(symbol: string, at: Date): Promise<ProviderQuote> {
    return this.peekQuote(symbol, at);
  }

  historyStart(): Ymd {
    return this.simulator.historyStart;
  }

  async dailyBars(symbol: string, fromYmd: Ymd, toYmd: Ymd, asOf: Date): Promise<ProviderDailyBar[]> {
    const out: ProviderDailyBar[] = [];
    for (const b of this.simulator.dailyBars(symbol, fromYmd, toYmd, asOf)) {
      if (b.partial) continue;
      out.push({ date: b.date, open: b.open, high: b.high, low: b.low, close: b.close, adjClose: b.adjClose, volume: b.volume });
    }
    return out;
  }

  async intradayBars(symbol: string, from: Date, to: Date, minutes: number, asOf: Date): Promise<ProviderIntradayBar[]> {
    return this.simulator.intradayBars(symbol, from, to, minutes, asOf).map((b) => ({
      start: b.timestamp.getTime(),
      open: b.open,
      high: b.high,
      low: b.low,
      close: b.close,
      volume: b.volume,
    }));
  }
}
