import { Subject } from 'rxjs';
import { d, Decimal, DecimalInput } from '../../src/common/decimal';
import { NotFoundError } from '../../src/common/errors/app-error';
import { ManualClock } from '../../src/market/clock';
import type { Clock, DailyBar, InstrumentInfo, MarketQuote, MarketSessionInfo } from '../../src/market/market.contracts';
import { MarketDataService } from '../../src/market/market.contracts';
import { Rng } from '../../src/quant';

/*
 * The one fake MarketDataService of unit tests, e2e tests and benchmarks. What it knows is configured:
 * - instruments (symbol, name, sector, active);
 * - quotes the test sets (`setQuote`) or ticks (`tick`), with timestamps from the clock, strictly increasing
 *   per symbol, and an optional spread;
 * - the session: opened and closed by hand (`openSession`/`closeSession`) or always open;
 * - daily history: a deterministic one-factor model rₜ = β·mₜ + εₜ (normal draws from a seeded RNG) on weekdays
 *   from `history.start` to the clock's date, for instruments with a start price.
 */

export interface FakeInstrument {
  symbol: string;
  name?: string;
  sector?: string;
  exchange?: string;
  active?: boolean;
  /** History model: market beta (default 1). */
  beta?: number;
  /** History model: daily residual volatility, a fraction (default 0). */
  idioVol?: number;
  /** History model: close on the first day; instruments without one have no history. */
  start?: number;
  /** First date with a close (default: the history's start). */
  listed?: string;
  /** Constant price (no returns), for degenerate cases. */
  flat?: boolean;
}

/** The trading suites' symbols (no history). */
export const TRADING_INSTRUMENTS: FakeInstrument[] = [
  { symbol: 'AAPL', name: 'Apple Inc.' },
  { symbol: 'MSFT', name: 'Microsoft Corporation' },
  { symbol: 'GOOGL', name: 'Alphabet Inc.' },
  { symbol: 'TSLA', name: 'Tesla, Inc.', sector: 'Consumer Discretionary' },
  { symbol: 'SPY', name: 'SPDR S&P 500 ETF Trust', sector: 'Diversified' },
  { symbol: 'NVDA', name: 'NVIDIA Corporation' },
  { symbol: 'DEAD', name: 'Delisted Corp.', active: false },
];

/** The analytics suites' universe: ten years of history with known betas. */
export const HISTORY_UNIVERSE: FakeInstrument[] = [
  { symbol: 'SPY', sector: 'Diversified', beta: 1, idioVol: 0, start: 400 },
  { symbol: 'AAPL', sector: 'Information Technology', beta: 1.2, idioVol: 0.012, start: 150 },
  { symbol: 'MSFT', sector: 'Information Technology', beta: 1.1, idioVol: 0.011, start: 300 },
  { symbol: 'GOOGL', sector: 'Communication Services', beta: 1.1, idioVol: 0.013, start: 120 },
  { symbol: 'JPM', sector: 'Financials', beta: 1.15, idioVol: 0.012, start: 140 },
  { symbol: 'XOM', sector: 'Energy', beta: 0.8, idioVol: 0.015, start: 100 },
  { symbol: 'TLT', sector: 'Fixed Income', beta: -0.2, idioVol: 0.008, start: 100 },
  { symbol: 'NEWCO', sector: 'Industrials', beta: 1, idioVol: 0.02, start: 20, listed: '2026-05-01' },
  { symbol: 'FLAT', sector: 'Utilities', beta: 0, idioVol: 0, start: 50, flat: true },
];

export interface FakeMarketOptions {
  /** Quote timestamps and the session follow it (default: a ManualClock at 2025-06-10 15:00 UTC). */
  clock?: Clock;
  /** Default TRADING_INSTRUMENTS (HISTORY_UNIVERSE with `history`); symbols of `quotes` are added. */
  instruments?: FakeInstrument[];
  /** Quotes at start: symbol → price, with the previous close (and open) 1 % below. */
  quotes?: Record<string, number>;
  /** Half-spread of the quotes: bid = price − spread, ask = price + spread (default 0). */
  spread?: DecimalInput;
  /** Ticks reach `ticks$` only for watched symbols, as the real service does (default: every tick). */
  onlyWatchedTicks?: boolean;
  /** 'always': open around the clock. Default 'nyse': open until closeSession(). */
  hours?: 'nyse' | 'always';
  /** Generate daily history for instruments with a start price. */
  history?: { seed?: number; start?: string; end?: string };
  /** Quote source (default 'manual'). */
  source?: string;
}

export interface QuoteInput {
  price: DecimalInput;
  /** Defaults to price ∓ the market's spread. */
  bid?: DecimalInput;
  ask?: DecimalInput;
  /** Volume offered by this tick (the liquidity one fill may take a share of). Default 1,000,000. */
  tick_volume?: DecimalInput;
  /** Cumulative session volume (default: the previous one plus tick_volume). */
  volume?: DecimalInput;
  previous_close?: DecimalInput;
  open?: DecimalInput;
  stale?: boolean;
  /** Marks the first tick of a session (`open` is then the opening price). */
  session_open?: boolean;
  /** Quote time (default: the clock, or 1 ms after the symbol's previous quote). */
  at?: Date;
  /** Emit the tick even when nobody watches the symbol (with `onlyWatchedTicks`). */
  unwatched?: boolean;
}

const instrumentInfo = (i: FakeInstrument): InstrumentInfo => ({
  symbol: i.symbol,
  name: i.name ?? i.symbol,
  exchange: i.exchange ?? 'NASDAQ',
  asset_class: 'equity',
  currency: 'USD',
  sector: i.sector ?? 'Information Technology',
  industry: 'Software',
  active: i.active ?? true,
});

function weekdays(start: string, end: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${start}T00:00:00Z`); t <= Date.parse(`${end}T00:00:00Z`); t += 86_400_000) {
    const wd = new Date(t).getUTCDay();
    if (wd !== 0 && wd !== 6) days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

export class FakeMarket extends MarketDataService {
  readonly ticks = new Subject<MarketQuote>();
  readonly ticks$ = this.ticks.asObservable();
  readonly clock: Clock;
  readonly instruments = new Map<string, InstrumentInfo>();
  readonly quotes = new Map<string, MarketQuote>();
  readonly watchers = new Map<string, Set<string>>();
  /** Symbols getDailyBars was asked for, in order. */
  readonly closeCalls: string[] = [];
  /** Make getQuote/getQuotes fail (provider down). */
  failQuotes = false;
  private readonly closes = new Map<string, { date: string; close: Decimal }[]>();
  private readonly spread: Decimal;
  private open = true;
  private closeAt: Date | null = null;

  constructor(private readonly options: FakeMarketOptions = {}) {
    super();
    this.clock = options.clock ?? new ManualClock();
    this.spread = d(options.spread ?? 0);
    const instruments = options.instruments ?? (options.history ? HISTORY_UNIVERSE : TRADING_INSTRUMENTS);
    for (const i of instruments) this.instruments.set(i.symbol, instrumentInfo(i));
    for (const [symbol, price] of Object.entries(options.quotes ?? {})) {
      if (!this.instruments.has(symbol)) this.instruments.set(symbol, instrumentInfo({ symbol }));
      this.setQuote(symbol, { price, previous_close: price * 0.99, open: price * 0.99 });
    }
    if (options.history) this.generateHistory(instruments, options.history);
  }

  async listInstruments(): Promise<InstrumentInfo[]> {
    return [...this.instruments.values()];
  }

  private generateHistory(instruments: FakeInstrument[], { seed = 7, start = '2016-01-04', end = '2026-12-31' }: NonNullable<FakeMarketOptions['history']>): void {
    const days = weekdays(start, end);
    const rng = new Rng('fake-market', seed);
    const market = days.map(() => 0.0003 + 0.01 * rng.normal());
    for (const inst of instruments) {
      if (inst.start === undefined) continue;
      let price = inst.start;
      const out: { date: string; close: Decimal }[] = [];
      days.forEach((date, t) => {
        const eps = (inst.idioVol ?? 0) * rng.normal();
        if (t > 0 && !inst.flat) price *= Math.exp((inst.beta ?? 1) * market[t] + eps);
        if (!inst.listed || date >= inst.listed) out.push({ date, close: d(price.toFixed(4)) });
      });
      this.closes.set(inst.symbol, out);
    }
  }

  // ---- test controls ------------------------------------------------------------------------------

  /** Sets the current quote without a tick (what getQuote answers). */
  setQuote(symbol: string, input: QuoteInput | number): MarketQuote {
    const q = this.build(symbol, typeof input === 'number' ? { price: input } : input);
    this.quotes.set(symbol, q);
    return q;
  }

  /** Sets the quote and emits it as a tick. */
  tick(symbol: string, input: QuoteInput | number): MarketQuote {
    const q = this.setQuote(symbol, input);
    const unwatched = typeof input === 'object' && input.unwatched;
    if (!this.options.onlyWatchedTicks || unwatched || this.isWatched(symbol)) this.ticks.next(q);
    return q;
  }

  /** Replaces the close of one day of the history (a price change). */
  setClose(symbol: string, date: string, close: number): void {
    const c = this.closes.get(symbol)?.find((x) => x.date === date);
    if (!c) throw new Error(`no close of ${symbol} on ${date}`);
    c.close = d(close);
  }

  /** Opens the session, closing at `closeAt` (default: 6 h after the clock). */
  openSession(closeAt?: Date | string): void {
    this.open = true;
    this.closeAt = closeAt ? new Date(closeAt) : new Date(this.clock.now().getTime() + 6 * 3600_000);
  }

  /** Closes the session; day orders placed now belong to the next one, closing at `nextClose` (default +24 h). */
  closeSession(nextClose?: Date | string): void {
    this.open = false;
    this.closeAt = nextClose ? new Date(nextClose) : new Date(this.clock.now().getTime() + 24 * 3600_000);
  }

  /** Whether anyone (or `owner`) watches the symbol. */
  isWatched(symbol: string, owner?: string): boolean {
    const set = this.watchers.get(symbol);
    return owner === undefined ? (set?.size ?? 0) > 0 : !!set?.has(owner);
  }

  private build(symbol: string, input: QuoteInput): MarketQuote {
    const prev = this.quotes.get(symbol);
    const now = input.at?.getTime() ?? this.clock.now().getTime();
    const ts = input.at || !prev ? now : Math.max(now, prev.timestamp.getTime() + 1);
    const price = d(input.price);
    const tickVolume = d(input.tick_volume ?? 1_000_000);
    return {
      symbol,
      price,
      bid: d(input.bid ?? price.minus(this.spread)),
      ask: d(input.ask ?? price.plus(this.spread)),
      open: d(input.open ?? prev?.open ?? input.price),
      high: Decimal.max(price, prev?.high ?? price),
      low: Decimal.min(price, prev?.low ?? price),
      previous_close: d(input.previous_close ?? prev?.previous_close ?? input.price),
      volume: input.volume !== undefined ? d(input.volume) : (prev?.volume ?? d(0)).plus(tickVolume),
      tick_volume: tickVolume,
      timestamp: new Date(ts),
      source: this.options.source ?? 'manual',
      stale: input.stale ?? false,
      session_open: input.session_open,
    };
  }

  // ---- MarketDataService -----------------------------------------------------------------------------

  async getInstrument(symbol: string): Promise<InstrumentInfo> {
    const i = this.instruments.get(symbol.toUpperCase());
    if (!i) throw new NotFoundError('Instrument');
    return i;
  }

  async findInstrument(symbol: string): Promise<InstrumentInfo | null> {
    return this.instruments.get(symbol.toUpperCase()) ?? null;
  }

  async getQuote(symbol: string): Promise<MarketQuote> {
    if (this.failQuotes) throw new Error('provider down');
    const q = this.quotes.get(symbol);
    if (!q) throw new NotFoundError(this.instruments.has(symbol) ? 'Quote' : 'Instrument');
    return q;
  }

  async getQuotes(symbols: string[]): Promise<Map<string, MarketQuote>> {
    if (this.failQuotes) throw new Error('provider down');
    return new Map(symbols.filter((s) => this.quotes.has(s)).map((s) => [s, this.quotes.get(s)!]));
  }

  async getDailyBars(symbol: string, from: string, to: string): Promise<DailyBar[]> {
    this.closeCalls.push(symbol);
    const today = this.clock.now().toISOString().slice(0, 10);
    return (this.closes.get(symbol) ?? [])
      .filter((c) => c.date >= from && c.date <= to && c.date <= today)
      .map((c) => ({ date: c.date, open: c.close, high: c.close, low: c.close, close: c.close, volume: d(0), adjClose: null, source: 'fake' }));
  }

  session(at?: Date): MarketSessionInfo {
    const now = at ?? this.clock.now();
    if (this.options.hours === 'always') return { is_open: true, next_open: now, next_close: now, session_close: null, trading_hours: 'always' };
    const close = this.closeAt ?? new Date(now.getTime() + 6 * 3600_000);
    return {
      is_open: this.open && now.getTime() < close.getTime(),
      next_open: new Date(now.getTime() + 3600_000),
      next_close: close,
      session_close: close,
      trading_hours: 'nyse',
    };
  }

  watch(symbol: string, owner: string): void {
    const set = this.watchers.get(symbol) ?? new Set<string>();
    set.add(owner);
    this.watchers.set(symbol, set);
  }

  unwatch(symbol: string, owner: string): void {
    this.watchers.get(symbol)?.delete(owner);
  }
}
