import type { Decimal } from '../common/decimal';

/**
 * What other modules (risk, realtime) may read of a portfolio: its owner-checked holdings. Implemented by the
 * portfolios module; consumers inject `PortfolioHoldingsReader` and never touch portfolio tables.
 */
export interface PortfolioHoldings {
  portfolio_id: string;
  user_id: string;
  currency: string;
  cash_balance: Decimal;
  positions: { symbol: string; quantity: Decimal; avg_cost: Decimal }[];
  /** Bumped whenever holdings or cash change (e.g. max(updated_at) or a ledger sequence): a cache key. */
  version: string;
}

export interface NavPoint {
  /** YYYY-MM-DD */
  date: string;
  nav: Decimal;
}

export abstract class PortfolioHoldingsReader {
  /** The caller's portfolio, or a 404 NotFound AppError when it does not exist, was deleted or is someone else's. */
  abstract getHoldings(userId: string, portfolioId: string): Promise<PortfolioHoldings>;
  /** Recorded daily net asset values, oldest first (may be empty). */
  abstract getNavHistory(userId: string, portfolioId: string, from: string, to: string): Promise<NavPoint[]>;
}
