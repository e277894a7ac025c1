import { Inject, Injectable } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { Decimal } from '../common/decimal';
import { AppError, ValidationFailedError } from '../common/errors/app-error';
import { marketConfig, type MarketConfig } from '../config/market.config';
import { BarStore, type StoredBar } from './bar-store';
import { aggregateBars, type DailyRow } from './history/aggregate';
import { checkCombination, INTRADAY_MINUTES, isIntraday, periodRange, type Interval, type Period } from './history/periods';
import { ImportedHistoryService } from './import/imported-history.service';
import { InstrumentsService, toInstrumentInfo } from './instruments.service';
import type { Instrument } from './entities/instrument.entity';
import {
  CLOCK,
  MarketDataService,
  type Clock,
  type DailyBar,
  type HistoryReplaced,
  type InstrumentInfo,
  type MarketQuote,
  type MarketSessionInfo,
} from './market.contracts';
import { sessionInProgress } from './market-time';
import { MARKET_DATA_PROVIDER, type MarketDataProvider, type ProviderQuote } from './providers/provider';
import { QuoteSource, toMarketQuote } from './quote-source.service';
import { rankSearch } from './ranking';
import { isOpen, nextClose, nextOpen, sessionFor, ymdToDay } from './simulator';
import { TickSchedulerService } from './tick-scheduler.service';

/** A historical row as served: `date` is YYYY-MM-DD (daily and longer) or an ISO timestamp (intraday). */
export interface HistoryRow {
  date: string;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  adj_close?: number;
  /** `csv` (imported), `simulated`, `yahoo` or `manual`; `mixed` for a weekly/monthly bar built from several. */
  source: string;
}

/** The public name of a stored bar's source: `simulated:<seed>~<digest>` → `simulated`. */
const publicSource = (stored: string): string => stored.split(':', 1)[0];

const n = (s: string): number => Number(s);

/**
 * MarketDataService for the rest of Octopus: instruments, quotes (cached, QuoteSource), history (stored bars +
 * the live session) and the session clock. The tick stream is TickSchedulerService's, trending TrendingService's.
 */
@Injectable()
export class MarketService extends MarketDataService {
  override readonly historyReplaced$: Observable<HistoryReplaced>;
  override readonly ticks$: Observable<MarketQuote>;
  private readonly tradingHours: 'nyse' | 'always';

  constructor(
    @Inject(marketConfig.KEY) config: MarketConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(MARKET_DATA_PROVIDER) readonly provider: MarketDataProvider,
    private readonly instruments: InstrumentsService,
    private readonly bars: BarStore,
    private readonly quotes: QuoteSource,
    private readonly scheduler: TickSchedulerService,
    imported: ImportedHistoryService,
  ) {
    super();
    this.historyReplaced$ = imported.replaced$;
    this.ticks$ = scheduler.ticks$;
    this.tradingHours = config.tradingHours;
  }

  // ------------------------------------------------------------------ instruments

  async getInstrument(symbol: string): Promise<InstrumentInfo> {
    return toInstrumentInfo(this.instruments.require(symbol));
  }

  async findInstrument(symbol: string): Promise<InstrumentInfo | null> {
    const i = this.instruments.find(symbol);
    return i ? toInstrumentInfo(i) : null;
  }

  async listInstruments(): Promise<InstrumentInfo[]> {
    return this.instruments.list().map(toInstrumentInfo);
  }

  search(query: string, limit: number): Instrument[] {
    return rankSearch(this.instruments.list(), query, limit);
  }

  // ------------------------------------------------------------------ quotes

  async quoteView(symbol: string): Promise<{ instrument: Instrument; quote: ProviderQuote }> {
    const instrument = this.instruments.require(symbol);
    return { instrument, quote: await this.quotes.snapshot(instrument.symbol) };
  }

  /** The current quote (`tick_volume` is 0: it only has a meaning between two ticks). */
  async getQuote(symbol: string): Promise<MarketQuote> {
    const i = this.instruments.require(symbol);
    return toMarketQuote(await this.quotes.snapshot(i.symbol));
  }

  /** Quotes of the known symbols among `symbols`; unknown symbols and ones without data are left out. */
  async getQuotes(symbols: string[]): Promise<Map<string, MarketQuote>> {
    const known = [...new Set(symbols.map((s) => this.instruments.find(s)?.symbol))].filter((s): s is string => s !== undefined);
    const out = new Map<string, MarketQuote>();
    if (known.length > 1) await this.provider.prefetch?.(known);
    await Promise.all(
      known.map(async (s) => {
        try {
          out.set(s, toMarketQuote(await this.quotes.snapshot(s)));
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
        }
      }),
    );
    return out;
  }

  // ------------------------------------------------------------------ history

  private toDailyRow(b: StoredBar): DailyRow {
    const close = n(b.close);
    return {
      date: b.date,
      open: n(b.open),
      high: n(b.high),
      low: n(b.low),
      close,
      volume: n(b.volume),
      adj_close: b.adjClose === null ? close : n(b.adjClose),
      source: publicSource(b.source),
    };
  }

  async history(symbol: string, period: Period, interval: Interval): Promise<HistoryRow[]> {
    const problem = checkCombination(period, interval);
    if (problem) {
      const { limit, ...fieldError } = problem;
      const err = new ValidationFailedError([fieldError], `Invalid period/interval combination: ${limit}`);
      (err.details as Record<string, unknown>).limit = limit;
      throw err;
    }
    const instrument = this.instruments.require(symbol);
    const now = this.clock.now();
    const { fromYmd, toYmd } = periodRange(period, now);
    if (isIntraday(interval)) {
      const from = sessionFor(fromYmd)?.openUtc ?? new Date(ymdToDay(fromYmd) * 86_400_000);
      const bars = await this.provider.intradayBars(instrument.symbol, from, new Date(now.getTime() + 1), INTRADAY_MINUTES[interval], now);
      return bars.map((b) => ({
        date: new Date(b.start).toISOString(),
        open: b.open,
        high: b.high,
        low: b.low,
        close: b.close,
        volume: b.volume,
        source: this.provider.name,
      }));
    }
    const stored = await this.bars.daily(this.provider, instrument.symbol, fromYmd, toYmd, now);
    const rows = stored.map((b) => this.toDailyRow(b));
    const live = sessionInProgress(now);
    if (live && live >= fromYmd && live <= toYmd && rows[rows.length - 1]?.date !== live) {
      const q = await this.quotes.snapshot(instrument.symbol).catch(() => null);
      if (q && q.sessionDate === live) {
        // A made-up price carries the last day's adjusted/raw ratio (see simulator/imported.ts); a real one is its own.
        const last = rows[rows.length - 1];
        const adj = last && this.provider.setImportedHistory ? last.adj_close / last.close : 1;
        rows.push({ date: live, open: q.open, high: q.high, low: q.low, close: q.price, volume: q.volume, adj_close: q.price * adj, source: q.source });
      }
    }
    return interval === '1d' ? rows : aggregateBars(rows, interval);
  }

  async getDailyBars(symbol: string, from: string, to: string): Promise<DailyBar[]> {
    const instrument = this.instruments.require(symbol);
    ymdToDay(from);
    ymdToDay(to);
    const stored = await this.bars.daily(this.provider, instrument.symbol, from, to, this.clock.now());
    return stored.map((b) => ({
      date: b.date,
      open: new Decimal(b.open),
      high: new Decimal(b.high),
      low: new Decimal(b.low),
      close: new Decimal(b.close),
      volume: new Decimal(b.volume),
      adjClose: b.adjClose === null ? null : new Decimal(b.adjClose),
      source: publicSource(b.source),
    }));
  }

  // ------------------------------------------------------------------ session

  /** The market clock's time (the injected CLOCK). */
  now(): Date {
    return this.clock.now();
  }

  session(at: Date = this.clock.now()): MarketSessionInfo {
    const open = isOpen(at);
    const close = nextClose(at);
    return {
      is_open: this.tradingHours === 'always' ? true : open,
      next_open: nextOpen(at),
      next_close: close,
      session_close: close,
      trading_hours: this.tradingHours,
    };
  }

    // ------------------------------------------------------------------ ticks

  watch(symbol: string, owner: string): void {
    this.scheduler.watch(symbol, owner);
  }

  unwatch(symbol: string, owner: string): void {
    this.scheduler.unwatch(symbol, owner);
  }
}
