import type { Decimal } from '../common/decimal';
import type { ValuationFlow } from './domain/valuation';

/** The one portfolio valuation (REST and realtime use it alike), for consumers of the holdings. */
export { valuePortfolio } from './domain/valuation';
export type { PortfolioValuation, ValuationFlow, ValuationQuote, ValuedPosition } from './domain/valuation';

export interface HoldingPosition {
  symbol: string;
  quantity: Decimal;
  avg_cost: Decimal;
  /** Today's (New York day) fills and transfers, for the day change; absent when none or not loaded. */
  today?: readonly ValuationFlow[];
}

/**
 * What other modules (risk, realtime) may read of a portfolio: its owner-checked holdings. Implemented by the
 * portfolios module; consumers inject `PortfolioHoldingsReader` and never touch portfolio tables.
 */
export interface PortfolioHoldings {
  portfolio_id: string;
  user_id: string;
  currency: string;
  cash_balance: Decimal;
  /** Positions held now (quantity > 0). */
  positions: HoldingPosition[];
  /** Positions closed today (quantity 0) with their flows: they still count in today's day change. */
  closed_today?: HoldingPosition[];
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
