import { moneyJson, percentJson, priceJson, quantityJson } from '../../common/decimal';
import type { MarketQuote } from '../../market/market.contracts';
import { PortfolioHoldings, valuePortfolio } from '../../portfolios/portfolio-holdings.contract';


export type PortfolioValuationMessage = {
  type: 'portfolio';
  id: string;
  total_value: number | null;
  cash_balance: number | null;
  day_change: number | null;
  day_change_percent: number | null;
  positions_count: number;
  positions: {
    symbol: string;
    quantity: number | null;
    avg_cost: number | null;
    current_price: number | null;
    market_value: number | null;
    unrealized_pnl: number | null;
    unrealized_pnl_percent: number | null;
    weight: number | null;
  }[];
  /** Time of the newest quote used. */
  timestamp: string;
};

/**
 * The portfolio's valuation in the seed's portfolio and position fields, computed by the portfolios module's one
 * valuation (the same numbers as `GET /api/portfolios/{id}`): day change counts shares bought today from their
 * price and positions closed today, and percents are null on a zero base.
 */
export function valuationMessage(h: PortfolioHoldings, quotes: ReadonlyMap<string, MarketQuote>, now: Date): PortfolioValuationMessage {
  const v = valuePortfolio(h.cash_balance, [...h.positions, ...(h.closed_today ?? [])], quotes);
  let newest = 0;
  for (const p of [...h.positions, ...(h.closed_today ?? [])]) newest = Math.max(newest, quotes.get(p.symbol)?.timestamp.getTime() ?? 0);
  return {
    type: 'portfolio',
    id: h.portfolio_id,
    total_value: moneyJson(v.total_value),
    cash_balance: moneyJson(h.cash_balance),
    day_change: moneyJson(v.day_change),
    day_change_percent: percentJson(v.day_change_percent),
    positions_count: v.positions.length,
    positions: v.positions.map((r) => ({
      symbol: r.position.symbol,
      quantity: quantityJson(r.position.quantity),
      avg_cost: priceJson(r.position.avg_cost),
      current_price: priceJson(r.price),
      market_value: moneyJson(r.market_value),
      unrealized_pnl: moneyJson(r.unrealized_pnl),
      unrealized_pnl_percent: percentJson(r.unrealized_pnl_percent),
      weight: percentJson(r.weight),
    })),
    timestamp: new Date(newest || now.getTime()).toISOString(),
  };
}
