import { Subject } from 'rxjs';
import { DataSource } from 'typeorm';
import { d, Decimal, DecimalInput } from '../../src/common/decimal';
import { NotFoundError } from '../../src/common/errors/app-error';
import {
  Clock,
  CLOCK,
  DailyBar,
  InstrumentInfo,
  MarketDataService,
  MarketQuote,
  MarketSessionInfo,
} from '../../src/market/market.contracts';
import { OrderEngine } from '../../src/orders/order-engine.service';
import { OrdersEventsService } from '../../src/outbox/orders-events.service';
import { OutboxRelay } from '../../src/outbox/outbox-relay.service';
import { startTestApp, TestApp } from './app';

/** A clock tests set and move by hand. */
export class FakeClock implements Clock {
  private ms: number;

  constructor(start: Date | string = '2024-01-15T15:00:00.000Z') {
    this.ms = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.ms);
  }

  set(at: Date | string): Date {
    this.ms = new Date(at).getTime();
    return this.now();
  }

  advance(ms: number): Date {
    this.ms += ms;
    return this.now();
  }
}

export interface QuoteInput {
  price: DecimalInput;
  /** Defaults to the price (no spread). */
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
}

const instrument = (symbol: string, name: string, sector = 'Information Technology'): InstrumentInfo => ({
  symbol,
  name,
  exchange: 'NASDAQ',
  asset_class: 'equity',
  currency: 'USD',
  sector,
  industry: 'Software',
  active: true,
});

/**
 * A controllable MarketDataService for e2e tests: set quotes, push ticks, open and close the session, and see
 * which symbols are watched. Quote timestamps follow the fake clock and strictly increase per symbol.
 */
export class FakeMarket extends MarketDataService {
  private readonly subject = new Subject<MarketQuote>();
  readonly ticks$ = this.subject.asObservable();
  private readonly instruments = new Map<string, InstrumentInfo>();
  private readonly quotes = new Map<string, MarketQuote>();
  readonly watchers = new Map<string, Set<string>>();
  private open = true;
  private closeAt: Date | null = null;
  /** Make getQuote/getQuotes fail (provider down). */
  failQuotes = false;

  constructor(private readonly clock: FakeClock) {
    super();
    for (const i of [
      instrument('AAPL', 'Apple Inc.'),
      instrument('MSFT', 'Microsoft Corporation'),
      instrument('GOOGL', 'Alphabet Inc.'),
      instrument('TSLA', 'Tesla, Inc.', 'Consumer Discretionary'),
      instrument('SPY', 'SPDR S&P 500 ETF Trust', 'Diversified'),
      instrument('NVDA', 'NVIDIA Corporation'),
      { ...instrument('DEAD', 'Delisted Corp.'), active: false },
    ]) {
      this.instruments.set(i.symbol, i);
    }
  }

  // ---- test controls ------------------------------------------------------------------------------

  /** Sets the current quote without a tick (what getQuote answers). */
  setQuote(symbol: string, input: QuoteInput): MarketQuote {
    const prev = this.quotes.get(symbol);
    const now = this.clock.now().getTime();
    const ts = prev ? Math.max(now, prev.timestamp.getTime() + 1) : now;
    const price = d(input.price);
    const q: MarketQuote = {
      symbol,
      price,
      bid: d(input.bid ?? input.price),
      ask: d(input.ask ?? input.price),
      open: d(input.open ?? prev?.open ?? input.price),
      high: Decimal.max(price, prev?.high ?? price),
      low: Decimal.min(price, prev?.low ?? price),
      previous_close: d(input.previous_close ?? prev?.previous_close ?? input.price),
      volume: input.volume !== undefined ? d(input.volume) : (prev?.volume ?? d(0)).plus(d(input.tick_volume ?? 1_000_000)),
      tick_volume: d(input.tick_volume ?? 1_000_000),
      timestamp: new Date(ts),
      source: 'manual',
      stale: input.stale ?? false,
      session_open: input.session_open,
    };
    this.quotes.set(symbol, q);
    return q;
  }

  /** Sets the quote and emits it as a tick. */
  tick(symbol: string, input: QuoteInput): MarketQuote {
    const q = this.setQuote(symbol, input);
    this.subject.next(q);
    return q;
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

  isWatched(symbol: string): boolean {
    return (this.watchers.get(symbol)?.size ?? 0) > 0;
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
    if (!q) throw new NotFoundError('Quote');
    return q;
  }

  async getQuotes(symbols: string[]): Promise<Map<string, MarketQuote>> {
    if (this.failQuotes) throw new Error('provider down');
    const out = new Map<string, MarketQuote>();
    for (const s of symbols) {
      const q = this.quotes.get(s);
      if (q) out.set(s, q);
    }
    return out;
  }

  async getDailyBars(): Promise<DailyBar[]> {
    return [];
  }

  session(at?: Date): MarketSessionInfo {
    const now = at ?? this.clock.now();
    const close = this.closeAt ?? new Date(now.getTime() + 6 * 3600_000);
    const isOpen = this.open && now.getTime() < close.getTime();
    return {
      is_open: isOpen,
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

// ---- A test app with the fake market ------------------------------------------------------------------

export interface TradingTestApp extends TestApp {
  market: FakeMarket;
  clock: FakeClock;
  engine: OrderEngine;
  relay: OutboxRelay;
  events: OrdersEventsService;
  db: DataSource;
  /** Waits until every tick pushed so far has been processed and its events relayed. */
  settle(): Promise<void>;
}

/** The real app with MarketDataService and CLOCK replaced by the fakes (Nest testing overrides). */
export async function startTradingApp(env: Record<string, string | undefined> = {}, start?: string): Promise<TradingTestApp> {
  const clock = new FakeClock(start);
  const market = new FakeMarket(clock);
  market.openSession();
  const t = await startTestApp({ ORDER_SWEEP_INTERVAL_MS: '60000', OUTBOX_POLL_INTERVAL_MS: '60000', ...env }, (b) =>
    b.overrideProvider(MarketDataService).useValue(market).overrideProvider(CLOCK).useValue(clock),
  );
  const http = t.http;
  const engine = t.app.get(OrderEngine);
  const relay = t.app.get(OutboxRelay);
  return {
    ...t,
    http,
    market,
    clock,
    engine,
    relay,
    events: t.app.get(OrdersEventsService),
    db: t.app.get(DataSource),
    settle: async () => {
      await engine.drain();
      await relay.flush();
    },
  };
}

