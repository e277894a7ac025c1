import { d, Decimal, DecimalInput, roundTo, SCALE } from '../../common/decimal';
import { InsufficientPositionError } from '../errors';

/**
 * Average-cost accounting and valuation for one position, pure and exact.
 *
 * Convention: commissions are part of the trade. A buy's commission goes into the cost basis (raises
 * avg_cost); a sell's commission reduces its proceeds (lowers realized P&L). The cash ledger still
 * records the commission as its own transaction. With this convention
 * total_value − net deposits = Σ realized_pnl + Σ unrealized_pnl, so P&L reconciles with cash.
 *
 * Stored scales: quantity 8 dp, avg_cost (a price) 6 dp, money (P&L, values) 4 dp; every result here is
 * rounded half-even to its column's scale, so replaying the same fills and transfers reproduces exactly
 * what was persisted. Percents are returned unrounded and rounded once when serialized.
 */

export interface PositionState {
  quantity: Decimal;
  avg_cost: Decimal;
  realized_pnl: Decimal;
}

export interface PositionInput {
  quantity: DecimalInput;
  avg_cost: DecimalInput;
  realized_pnl: DecimalInput;
}

/** Today's fills and transfers don't reconcile with the quantity held now (more bought today than is held). */
export class DayFlowMismatchError extends Error {
  constructor(
    readonly held: Decimal,
    readonly heldAtClose: Decimal,
  ) {
    super(`today's flows exceed the quantity held now (held ${held.toFixed()}, implied at the close ${heldAtClose.toFixed()})`);
    this.name = new.target.name;
  }
}

const qty = (v: DecimalInput) => roundTo(v, SCALE.quantity);
const price = (v: DecimalInput) => roundTo(v, SCALE.price);
const money = (v: DecimalInput) => roundTo(v, SCALE.money);

export const EMPTY_POSITION: PositionState = { quantity: d(0), avg_cost: d(0), realized_pnl: d(0) };

function normalize(p: PositionInput): PositionState {
  return { quantity: d(p.quantity), avg_cost: d(p.avg_cost), realized_pnl: d(p.realized_pnl) };
}

function positive(v: DecimalInput, name: string): Decimal {
  const x = d(v);
  if (!x.isFinite() || x.lte(0)) throw new RangeError(`${name} must be > 0, got ${x.toFixed()}`);
  return x;
}

function nonNegative(v: DecimalInput, name: string): Decimal {
  const x = d(v);
  if (!x.isFinite() || x.isNeg()) throw new RangeError(`${name} must be ≥ 0, got ${x.toFixed()}`);
  return x;
}

/** Held quantity × avg cost: what the position cost, commission included; money scale. */
export function costBasis(quantity: DecimalInput, avgCost: DecimalInput): Decimal {
  return money(d(quantity).mul(d(avgCost)));
}

/** Weighted-average merge of `quantity` at `unitCost` (+ `extraCost`) into a position. */
function addAtCost(p: PositionState, quantity: Decimal, unitCost: Decimal, extraCost: Decimal): PositionState {
  const newQty = qty(p.quantity.plus(quantity));
  const totalCost = p.quantity.mul(p.avg_cost).plus(quantity.mul(unitCost)).plus(extraCost);
  return { quantity: newQty, avg_cost: price(totalCost.div(newQty)), realized_pnl: p.realized_pnl };
}

/** A buy fill: avg_cost becomes (q·avg + qty·price + commission) / (q + qty). */
export function applyBuy(
  position: PositionInput,
  quantity: DecimalInput,
  fillPrice: DecimalInput,
  commission: DecimalInput = 0,
): PositionState {
  return addAtCost(
    normalize(position),
    positive(quantity, 'quantity'),
    nonNegative(fillPrice, 'price'),
    nonNegative(commission, 'commission'),
  );
}

export interface SellResult {
  position: PositionState;
  /** P&L of this sell: (price − avg_cost) × qty − commission; money scale. */
  realized: Decimal;
  /** Cash the sell brings in: qty × price − commission; money scale (the ledger's amounts). */
  proceeds: Decimal;
}

/**
 * A sell fill: realized P&L by average cost; avg_cost unchanged, quantity reduced; a position closed
 * to zero resets avg_cost to 0 (its realized_pnl stays).
 */
export function applySell(
  position: PositionInput,
  quantity: DecimalInput,
  fillPrice: DecimalInput,
  commission: DecimalInput = 0,
): SellResult {
  const p = normalize(position);
  const q = positive(quantity, 'quantity');
  const px = nonNegative(fillPrice, 'price');
  const fee = nonNegative(commission, 'commission');
  if (q.gt(p.quantity)) throw new InsufficientPositionError(q, p.quantity);
  const realized = money(px.minus(p.avg_cost).mul(q).minus(fee));
  const left = qty(p.quantity.minus(q));
  return {
    position: {
      quantity: left,
      avg_cost: left.isZero() ? d(0) : p.avg_cost,
      realized_pnl: money(p.realized_pnl.plus(realized)),
    },
    realized,
    proceeds: money(q.mul(px).minus(fee)),
  };
}

/** An existing holding brought in at `unitCost` (no cash moves): weighted-average merge. */
export function transferIn(position: PositionInput, quantity: DecimalInput, unitCost: DecimalInput): PositionState {
  return addAtCost(normalize(position), positive(quantity, 'quantity'), nonNegative(unitCost, 'price'), d(0));
}

export interface TransferOutResult {
  position: PositionState;
  /** Cost basis that left with the shares (quantity × avg_cost), for the ledger record; no P&L. */
  cost_basis: Decimal;
}

/** Shares leave without a sale: no realized P&L, avg_cost unchanged (reset to 0 when closed). */
export function transferOut(position: PositionInput, quantity: DecimalInput): TransferOutResult {
  const p = normalize(position);
  const q = positive(quantity, 'quantity');
  if (q.gt(p.quantity)) throw new InsufficientPositionError(q, p.quantity);
  const left = qty(p.quantity.minus(q));
  return {
    position: { quantity: left, avg_cost: left.isZero() ? d(0) : p.avg_cost, realized_pnl: p.realized_pnl },
    cost_basis: costBasis(q, p.avg_cost),
  };
}

// ---- Valuation ------------------------------------------------------------------------------------

export function marketValue(quantity: DecimalInput, currentPrice: DecimalInput): Decimal {
  return money(d(quantity).mul(d(currentPrice)));
}

/** (price − avg_cost) × quantity; money scale, signed. */
export function unrealizedPnl(quantity: DecimalInput, avgCost: DecimalInput, currentPrice: DecimalInput): Decimal {
  return money(d(currentPrice).minus(d(avgCost)).mul(d(quantity)));
}

/** Percent of cost basis (11.72 means 11.72%); null when there is no cost to compare with. */
export function unrealizedPnlPercent(avgCost: DecimalInput, currentPrice: DecimalInput): Decimal | null {
  const cost = d(avgCost);
  if (cost.lte(0)) return null;
  return d(currentPrice).minus(cost).div(cost).mul(100);
}

/** Percent of `part` in `whole` (e.g. change / reference); null when `whole` is not positive. */
export function percentOf(part: DecimalInput, whole: DecimalInput): Decimal | null {
  const w = d(whole);
  if (w.lte(0)) return null;
  return d(part).div(w).mul(100);
}

/** A position's share of the portfolio's total_value (cash included), in percent; 0 when the total is 0. */
export function weight(positionMarketValue: DecimalInput, totalValue: DecimalInput): Decimal {
  return percentOf(positionMarketValue, totalValue) ?? d(0);
}

/** Portfolio total value: cash plus the positions' market values; money scale. */
export function totalValue(cash: DecimalInput, marketValues: readonly DecimalInput[]): Decimal {
  return money(marketValues.reduce<Decimal>((sum, v) => sum.plus(d(v)), d(cash)));
}

/** A fill or transfer since the previous close. Transfers in count at their transfer price. */
export interface TodayFlow {
  side: 'buy' | 'sell';
  quantity: DecimalInput;
  price: DecimalInput;
  commission?: DecimalInput;
}

export interface DayChangeInput {
  /** Quantity held now. */
  quantity: DecimalInput;
  current_price: DecimalInput;
  /** Close of the previous session; null for a symbol with no close yet. */
  previous_close: DecimalInput | null;
  /** Fills (and transfers) since the previous close, in any order. */
  today?: readonly TodayFlow[];
}

export interface DayChange {
  /** Gain today: value now − (value at the previous close + money put in today − money taken out). */
  day_change: Decimal;
  /** What the day's change is measured against: held-at-close × previous close + today's buys. */
  reference_value: Decimal;
  day_change_percent: Decimal | null;
}

/**
 * Day change of one position. Shares held at the previous close count from that close, shares bought
 * today from their fill price (commission included), and shares sold today contribute their sale
 * against the close. Without a previous close the shares held at the close count from the current
 * price (no change). The portfolio's day change is the sum over positions (cash does not move value).
 */
export function dayChange(input: DayChangeInput): DayChange {
  const now = d(input.quantity);
  const px = d(input.current_price);
  let bought = d(0);
  let sold = d(0);
  let cashIn = d(0);
  let cashOut = d(0);
  for (const f of input.today ?? []) {
    const q = d(f.quantity);
    const fee = d(f.commission ?? 0);
    if (f.side === 'buy') {
      bought = bought.plus(q);
      cashIn = cashIn.plus(q.mul(d(f.price))).plus(fee);
    } else {
      sold = sold.plus(q);
      cashOut = cashOut.plus(q.mul(d(f.price))).minus(fee);
    }
  }
  const atClose = now.minus(bought).plus(sold);
  if (atClose.isNeg()) throw new DayFlowMismatchError(now, atClose);
  const close = input.previous_close === null ? px : d(input.previous_close);
  const closeValue = atClose.mul(close);
  const change = money(now.mul(px).minus(closeValue.plus(cashIn).minus(cashOut)));
  const reference = money(closeValue.plus(cashIn));
  return { day_change: change, reference_value: reference, day_change_percent: percentOf(change, reference) };
}
