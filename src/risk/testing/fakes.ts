import { Observable, EMPTY } from 'rxjs';
import { d, Decimal } from '../../common/decimal';
import { NotFoundError } from '../../common/errors/app-error';
import type {
  Clock,
  DailyBar,
  DailyClose,
  InstrumentInfo,
  MarketQuote,
  MarketSessionInfo,
} from '../../market/market.contracts';
import { MarketDataService } from '../../market/market.contracts';
import { NavPoint, PortfolioHoldings, PortfolioHoldingsReader } from '../../portfolios/portfolio-holdings.contract';
import { Rng } from '../../quant';

/*
 * Test doubles for the risk module's two dependencies, for unit tests (and e2e tests while the real modules are
 * not there). The market is a deterministic one-factor model: rₜ = β·mₜ + εₜ with normal draws from a seeded RNG,
 * on weekdays, from `start` to the clock's date.
 */

export interface FakeInstrument {
  symbol: string;
  sector: string;
  beta: number;
  /** Daily residual volatility (a fraction). */
  idioVol: number;
  /** Close on the first day. */
  start: number;
  /** First date with a close (default: the market's start). */
  listed?: string;
  /** Constant price (no returns), for degenerate cases. */
  flat?: boolean;
}

export const FAKE_UNIVERSE: FakeInstrument[] = [
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

export class FakeClock implements Clock {
  constructor(public at = new Date('2026-06-15T21:00:00Z')) {}
  now(): Date {
    return this.at;
  }
}

export class FakeMarket extends MarketDataService {
  readonly ticks$: Observable<MarketQuote> = EMPTY;
  readonly closeCalls: string[] = [];
  private readonly closes = new Map<string, DailyClose[]>();

  constructor(
    private readonly clock: Clock,
    readonly universe: FakeInstrument[] = FAKE_UNIVERSE,
    seed = 7,
    start = '2016-01-04',
    end = '2026-12-31',
  ) {
    super();
    const days: string[] = [];
    for (let t = Date.parse(`${start}T00:00:00Z`); t <= Date.parse(`${end}T00:00:00Z`); t += 86_400_000) {
      const wd = new Date(t).getUTCDay();
      if (wd !== 0 && wd !== 6) days.push(new Date(t).toISOString().slice(0, 10));
    }
    const rng = new Rng('fake-market', seed);
    const market = days.map(() => 0.0003 + 0.01 * rng.normal());
    for (const inst of universe) {
      let price = inst.start;
      const out: DailyClose[] = [];
      days.forEach((date, t) => {
        const eps = inst.idioVol * rng.normal();
        if (t > 0 && !inst.flat) price *= Math.exp(inst.beta * market[t] + eps);
        if (!inst.listed || date >= inst.listed) out.push({ date, close: d(price.toFixed(4)) });
      });
      this.closes.set(inst.symbol, out);
    }
  }

  async findInstrument(symbol: string): Promise<InstrumentInfo | null> {
    const inst = this.universe.find((i) => i.symbol === symbol);
    return inst
      ? { symbol, name: symbol, exchange: 'NYSE', asset_class: 'equity', currency: 'USD', sector: inst.sector, industry: '', active: true }
      : null;
  }

  async getInstrument(symbol: string): Promise<InstrumentInfo> {
    const info = await this.findInstrument(symbol);
    if (!info) throw new NotFoundError('Symbol');
    return info;
  }

  async getDailyBars(symbol: string, from: string, to: string): Promise<DailyBar[]> {
    this.closeCalls.push(symbol);
    const today = this.clock.now().toISOString().slice(0, 10);
    return (this.closes.get(symbol) ?? [])
      .filter((c) => c.date >= from && c.date <= to && c.date <= today)
      .map((c) => ({ date: c.date, open: c.close, high: c.close, low: c.close, close: c.close, volume: d(0), adjClose: null, source: 'fake' }));
  }

  /** Replace the close of one day (simulates a price change). */
  setClose(symbol: string, date: string, close: number): void {
    const c = this.closes.get(symbol)?.find((x) => x.date === date);
    if (!c) throw new Error(`no close of ${symbol} on ${date}`);
    c.close = d(close);
  }

  session(): MarketSessionInfo {
    return { is_open: false, next_open: new Date(0), next_close: new Date(0), session_close: null, trading_hours: 'nyse' };
  }

  getQuote(): Promise<MarketQuote> {
    throw new Error('not used by risk');
  }
  getQuotes(): Promise<Map<string, MarketQuote>> {
    throw new Error('not used by risk');
  }
  watch(): void {}
  unwatch(): void {}
}

export interface FakePortfolio {
  userId: string;
  cash: string;
  positions: { symbol: string; quantity: string }[];
  version?: string;
  nav?: { date: string; nav: string }[];
}

/** Holdings kept in memory, owner-checked like the real reader (404 for a portfolio that is not the caller's). */
export class FakeHoldingsReader extends PortfolioHoldingsReader {
  readonly portfolios = new Map<string, FakePortfolio>();

  set(id: string, p: FakePortfolio): void {
    this.portfolios.set(id, p);
  }

  async getHoldings(userId: string, portfolioId: string): Promise<PortfolioHoldings> {
    const p = this.owned(userId, portfolioId);
    return {
      portfolio_id: portfolioId,
      user_id: userId,
      currency: 'USD',
      cash_balance: d(p.cash),
      positions: p.positions.map((x) => ({ symbol: x.symbol, quantity: d(x.quantity), avg_cost: d(1) })),
      version: p.version ?? '1',
    };
  }

  async getNavHistory(userId: string, portfolioId: string, from: string, to: string): Promise<NavPoint[]> {
    const p = this.owned(userId, portfolioId);
    return (p.nav ?? []).filter((x) => x.date >= from && x.date <= to).map((x) => ({ date: x.date, nav: d(x.nav) as Decimal }));
  }

  private owned(userId: string, portfolioId: string): FakePortfolio {
    const p = this.portfolios.get(portfolioId);
    if (!p || p.userId !== userId) throw new NotFoundError('Portfolio');
    return p;
  }
}
