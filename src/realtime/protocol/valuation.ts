import { d, Decimal, moneyJson, priceJson, quantityJson, toJsonNumber } from '../../common/decimal';
import type { MarketQuote } from '../../market/market.contracts';
import type { PortfolioHoldings } from '../../portfolios/portfolio-holdings.contract';

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
 * Values holdings at the given quotes, in the seed's portfolio and position fields. `day_change` is
 * Σ quantity × (price − previous_close) over the current positions; a position without a quote is valued at
 * its average cost and contributes no day change.
 */
export function valuePortfolio(h: PortfolioHoldings, quotes: ReadonlyMap<string, MarketQuote>, now: Date): PortfolioValuationMessage {
  let positionsValue = new Decimal(0);
  let dayChange = new Decimal(0);
  let newest = 0;
  const rows = h.positions
    .filter((p) => !d(p.quantity).isZero())
    .map((p) => {
      const q = quotes.get(p.symbol);
      const qty = d(p.quantity);
      const cost = d(p.avg_cost);
      const price = q ? d(q.price) : cost;
      if (q) {
        newest = Math.max(newest, q.timestamp.getTime());
        if (q.previous_close) dayChange = dayChange.plus(qty.times(price.minus(d(q.previous_close))));
      }
      const marketValue = qty.times(price);
      positionsValue = positionsValue.plus(marketValue);
      const costBasis = qty.times(cost);
      return { p, qty, cost, price, marketValue, pnl: marketValue.minus(costBasis), costBasis };
    });
  const total = d(h.cash_balance).plus(positionsValue);
  const start = total.minus(dayChange);
  return {
    type: 'portfolio',
    id: h.portfolio_id,
    total_value: moneyJson(total),
    cash_balance: moneyJson(h.cash_balance),
    day_change: moneyJson(dayChange),
    day_change_percent: start.isZero() ? 0 : toJsonNumber(dayChange.div(start).times(100), 2),
    positions_count: rows.length,
    positions: rows.map((r) => ({
      symbol: r.p.symbol,
      quantity: quantityJson(r.qty),
      avg_cost: priceJson(r.cost),
      current_price: priceJson(r.price),
      market_value: moneyJson(r.marketValue),
      unrealized_pnl: moneyJson(r.pnl),
      unrealized_pnl_percent: r.costBasis.isZero() ? 0 : toJsonNumber(r.pnl.div(r.costBasis).times(100), 2),
      weight: total.isZero() ? 0 : toJsonNumber(r.marketValue.div(total).times(100), 2),
    })),
    timestamp: new Date(newest || now.getTime()).toISOString(),
  };
}
