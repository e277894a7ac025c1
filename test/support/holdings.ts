import type { TestingModuleBuilder } from '@nestjs/testing';
import { d, DecimalInput } from '../../src/common/decimal';
import { NotFoundError } from '../../src/common/errors/app-error';
import { NavPoint, PortfolioHoldings, PortfolioHoldingsReader } from '../../src/portfolios/portfolio-holdings.contract';

export interface FakePortfolio {
  userId: string;
  cash: DecimalInput;
  positions?: { symbol: string; quantity: DecimalInput; avg_cost?: DecimalInput }[];
  /** Default: a new version on every `set`. */
  version?: string;
  nav?: { date: string; nav: DecimalInput }[];
}

/** Portfolios the test declares, owner-checked like the real reader (404 for a portfolio that is not the caller's). */
export class FakeHoldings extends PortfolioHoldingsReader {
  private readonly portfolios = new Map<string, { holdings: PortfolioHoldings; nav: NavPoint[] }>();
  private version = 0;

  set(portfolioId: string, p: FakePortfolio): void {
    this.portfolios.set(portfolioId, {
      holdings: {
        portfolio_id: portfolioId,
        user_id: p.userId,
        currency: 'USD',
        cash_balance: d(p.cash),
        positions: (p.positions ?? []).map((x) => ({ symbol: x.symbol, quantity: d(x.quantity), avg_cost: d(x.avg_cost ?? 1) })),
        version: p.version ?? String(++this.version),
      },
      nav: (p.nav ?? []).map((x) => ({ date: x.date, nav: d(x.nav) })),
    });
  }

  /** A new version of the holdings (what any change does): caches keyed on it miss. */
  bump(portfolioId: string, version = String(++this.version)): void {
    const p = this.portfolios.get(portfolioId);
    if (!p) throw new Error(`no portfolio ${portfolioId}`);
    p.holdings = { ...p.holdings, version };
  }

  async getHoldings(userId: string, portfolioId: string): Promise<PortfolioHoldings> {
    return this.owned(userId, portfolioId).holdings;
  }

  async getNavHistory(userId: string, portfolioId: string, from: string, to: string): Promise<NavPoint[]> {
    return this.owned(userId, portfolioId).nav.filter((x) => x.date >= from && x.date <= to);
  }

  private owned(userId: string, portfolioId: string): { holdings: PortfolioHoldings; nav: NavPoint[] } {
    const p = this.portfolios.get(portfolioId);
    if (!p || p.holdings.user_id !== userId) throw new NotFoundError('Portfolio');
    return p;
  }
}

/** Replaces the portfolios module's `PortfolioHoldingsReader` with a test double: `startTestApp(env, withHoldingsReader(fake))`. */
export function withHoldingsReader(reader: PortfolioHoldingsReader): (b: TestingModuleBuilder) => TestingModuleBuilder {
  return (b) => b.overrideProvider(PortfolioHoldingsReader).useValue(reader);
}
