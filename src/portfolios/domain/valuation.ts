import { d, Decimal, DecimalInput, roundTo, SCALE } from '../../common/decimal';
import {
  DayChange,
  dayChange,
  DayFlowMismatchError,
  marketValue,
  percentOf,
  TodayFlow,
  totalValue,
  unrealizedPnl,
  unrealizedPnlPercent,
  weight,
} from './position-math';

/**
 * The one portfolio valuation, used by REST (`GET /api/portfolios…`) and the `/ws/portfolio/{id}` channel: same
 * inputs, same numbers. Pure and exact; the callers only load the inputs and serialize the result.
 */

/** A fill or transfer since the previous close. A transfer out counts at the previous close (neutral for today). */
export interface ValuationFlow extends TodayFlow {
  at_previous_close?: boolean;
}

export interface ValuationPosition {
  symbol: string;
  quantity: DecimalInput;
  avg_cost: DecimalInput;
  /** Today's fills and transfers of this position (New York day); none when absent. */
  today?: readonly ValuationFlow[];
}

export interface ValuationQuote {
  price: DecimalInput;
  /** Close of the previous session; null for a symbol with no close yet (no day change). */
  previous_close: DecimalInput | null;
}

export interface ValuedPosition<P extends ValuationPosition> {
  position: P;
  /** The quote's price, or the average cost when there is no quote (no P&L rather than a failed read). */
  price: Decimal;
  market_value: Decimal;
  unrealized_pnl: Decimal;
  unrealized_pnl_percent: Decimal | null;
  /** Percent of total_value (cash included). */
  weight: Decimal;
  day_change: Decimal;
  day_change_percent: Decimal | null;
}

export interface PortfolioValuation<P extends ValuationPosition> {
  /** Positions held now (quantity > 0), in input order. */
  positions: ValuedPosition<P>[];
  total_value: Decimal;
  positions_value: Decimal;
  /** Σ day change over positions held now and positions closed today; money scale. */
  day_change: Decimal;
  /** Against the value at the previous close (total − change), as the seed's 1250 / 148750 = 0.84 %; null on a zero base. */
  day_change_percent: Decimal | null;
  /** Symbols whose today's flows did not reconcile with the quantity held (valued with no day change). */
  mismatched: string[];
}

const NO_CHANGE: DayChange = { day_change: d(0), reference_value: d(0), day_change_percent: null };

/**
 * Values cash plus positions at `quotes`. Day change per position: shares held at the previous close count from
 * that close, shares bought or transferred in today from their price, sells against the close
 * (`position-math.dayChange`). Positions at quantity 0 contribute only their day change (closed today).
 */
export function valuePortfolio<P extends ValuationPosition>(
  cash: DecimalInput,
  positions: readonly P[],
  quotes: ReadonlyMap<string, ValuationQuote>,
): PortfolioValuation<P> {
  const mismatched: string[] = [];
  const rows = positions.map((position) => {
    const q = quotes.get(position.symbol);
    const quantity = d(position.quantity);
    const price = q ? d(q.price) : d(position.avg_cost);
    const previousClose = q && q.previous_close !== null ? d(q.previous_close) : null;
    const today = (position.today ?? []).map((f) =>
      f.at_previous_close ? { ...f, price: previousClose ?? f.price } : f,
    );
    let change: DayChange;
    try {
      change = dayChange({ quantity, current_price: price, previous_close: previousClose, today });
    } catch (e) {
      if (!(e instanceof DayFlowMismatchError)) throw e;
      mismatched.push(position.symbol);
      change = NO_CHANGE;
    }
    return { position, quantity, price, mv: marketValue(quantity, price), change };
  });
  const held = rows.filter((r) => r.quantity.gt(0));
  const total = totalValue(cash, held.map((r) => r.mv));
  const change = roundTo(rows.reduce((a, r) => a.plus(r.change.day_change), d(0)), SCALE.money);
  return {
    positions: held.map((r) => ({
      position: r.position,
      price: r.price,
      market_value: r.mv,
      unrealized_pnl: unrealizedPnl(r.quantity, r.position.avg_cost, r.price),
      unrealized_pnl_percent: unrealizedPnlPercent(r.position.avg_cost, r.price),
      weight: weight(r.mv, total),
      day_change: r.change.day_change,
      day_change_percent: r.change.day_change_percent,
    })),
    total_value: total,
    positions_value: roundTo(held.reduce((a, r) => a.plus(r.mv), d(0)), SCALE.money),
    day_change: change,
    day_change_percent: percentOf(change, total.minus(change)),
    mismatched,
  };
}
