import { d, Decimal, type DecimalInput, roundTo, SCALE } from '../common/decimal';

/*
 * Trading costs: the one commission schedule and slippage rule that paper orders (src/orders) and backtests
 * (src/ml/backtest) both charge, so a backtest pays exactly what the same order would pay.
 */

export const BPS = d(10000);

export type TradeSide = 'buy' | 'sell';

export type CommissionSchedule =
  | { kind: 'none' }
  /** `per_share` × shares, at least `minimum` per order. */
  | { kind: 'per_share'; per_share: DecimalInput; minimum?: DecimalInput }
  /** `bps` of notional, at least `minimum` per order. */
  | { kind: 'bps'; bps: DecimalInput; minimum?: DecimalInput };

export const NO_COMMISSION: CommissionSchedule = { kind: 'none' };

/** The schedule's charge before rounding: per share × quantity or bps × notional, at least the minimum. */
export function rawCommission(schedule: CommissionSchedule, quantity: Decimal, notional: Decimal): Decimal {
  switch (schedule.kind) {
    case 'none':
      return d(0);
    case 'per_share':
      return Decimal.max(quantity.mul(d(schedule.per_share)), d(schedule.minimum ?? 0));
    case 'bps':
      return Decimal.max(notional.mul(d(schedule.bps)).div(BPS), d(schedule.minimum ?? 0));
  }
}

/** Commission of an order (or the part of it filled so far) of `quantity` at `price`; money scale. */
export function commission(schedule: CommissionSchedule, quantity: DecimalInput, price: DecimalInput): Decimal {
  const q = d(quantity);
  if (q.lte(0)) return d(0);
  return roundTo(rawCommission(schedule, q, q.mul(d(price))), SCALE.money);
}

/** `reference` moved against the trader by `bps` (up for buys, down for sells), rounded to the price scale (6 dp). */
export function withSlippage(side: TradeSide, reference: DecimalInput, bps: DecimalInput): Decimal {
  const factor = d(bps).div(BPS);
  const p = side === 'buy' ? d(reference).mul(d(1).plus(factor)) : d(reference).mul(d(1).minus(factor));
  return roundTo(p, SCALE.price);
}
