import { d, Decimal, DecimalInput, roundTo, SCALE } from '../../common/decimal';
import { BPS, type CommissionSchedule, NO_COMMISSION, rawCommission, withSlippage } from '../../quant/costs';
import { OrderEvent } from './order-state';

export { commission, NO_COMMISSION, withSlippage } from '../../quant/costs';
export type { CommissionSchedule } from '../../quant/costs';

/**
 * Pure fill simulation: given one working order and one quote, decide what happens on this tick.
 * The service loads the order under a lock, calls `evaluateOrder`, applies `decisionEvents` through the
 * state machine and persists the fill. Nothing here reads a clock, a database or the market calendar.
 */

export type OrderSide = 'buy' | 'sell';
export type OrderType = 'market' | 'limit' | 'stop' | 'stop_limit';
export type TimeInForce = 'day' | 'gtc' | 'ioc' | 'fok';

export interface WorkingOrder {
  side: OrderSide;
  order_type: OrderType;
  quantity: DecimalInput;
  filled_quantity: DecimalInput;
  /** Required for limit and stop_limit. */
  limit_price?: DecimalInput | null;
  /** Required for stop and stop_limit. */
  stop_price?: DecimalInput | null;
  time_in_force: TimeInForce;
  /** Whether the stop already triggered on an earlier tick (persisted by the service). */
  triggered: boolean;
}

export interface Quote {
  bid: DecimalInput;
  ask: DecimalInput;
  last: DecimalInput;
  /** Volume traded on this tick (not cumulative), the liquidity this tick offers. */
  volume: DecimalInput;
  /** The session's opening price, given only on the tick that opens the session. */
  open?: DecimalInput | null;
  stale: boolean;
}

export interface MatchingConfig {
  /** Adverse slippage in basis points added to buys and taken from sells; 0 ≤ bps < 10000. */
  slippage_bps: DecimalInput;
  /** Largest share of one tick's volume a single fill may take, in (0, 1]; null = unlimited. */
  max_volume_share?: DecimalInput | null;
  /** Fill in 8-dp quantities; otherwise whole shares (unless the remainder itself is fractional). */
  allow_fractional: boolean;
}

export const DEFAULT_MAX_VOLUME_SHARE = '0.10';

export type MatchOutcome =
  /** No fill; the order keeps working in its current status. */
  | 'working'
  /** A fill that completes the order. */
  | 'filled'
  /** A fill; the remainder keeps working. */
  | 'partially_filled'
  /** ioc: a partial fill now, the remainder canceled. */
  | 'cancel_remaining'
  /** ioc/fok: nothing filled, the order canceled. */
  | 'cancel';

export type MatchReason =
  | 'stale_quote'
  | 'invalid_quote'
  | 'not_triggered'
  | 'triggered'
  | 'gap_through_stop'
  | 'not_marketable'
  | 'price_capped_at_limit'
  | 'no_liquidity'
  | 'liquidity_capped'
  | 'ioc_remainder_canceled'
  | 'ioc_nothing_fillable'
  | 'fok_not_fillable';

export interface Fill {
  quantity: Decimal;
  price: Decimal;
}

export interface MatchDecision {
  /** True when the stop triggered on this evaluation: persist `triggered = true` even without a fill. */
  trigger?: boolean;
  fill?: Fill;
  then: MatchOutcome;
  reasons: MatchReason[];
}

export class MatchingInputError extends Error {
  readonly code = 'MatchingInputError';
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

const FRACTIONAL_DP = SCALE.quantity;

const isImmediate = (tif: TimeInForce) => tif === 'ioc' || tif === 'fok';

function required(v: DecimalInput | null | undefined, name: string, type: OrderType): Decimal {
  if (v === null || v === undefined) throw new MatchingInputError(`${type} order needs ${name}`);
  return d(v);
}

/** Reference price moved against the trader by `bps`, at the price scale. */
/** Largest quantity one fill may take from this tick: share × volume rounded down to the quantity step. */
export function liquidityCap(
  volume: DecimalInput,
  maxVolumeShare: DecimalInput | null,
  quantityDp: number,
): Decimal | null {
  if (maxVolumeShare === null) return null;
  const v = d(volume);
  if (v.lte(0)) return d(0);
  return d(maxVolumeShare).mul(v).toDecimalPlaces(quantityDp, Decimal.ROUND_DOWN);
}

function validateConfig(config: MatchingConfig): { bps: Decimal; share: Decimal | null } {
  const bps = d(config.slippage_bps);
  if (bps.isNeg() || bps.gte(BPS)) throw new MatchingInputError('slippage_bps must be in [0, 10000)');
  const raw = config.max_volume_share === undefined ? DEFAULT_MAX_VOLUME_SHARE : config.max_volume_share;
  const share = raw === null ? null : d(raw);
  if (share !== null && (share.lte(0) || share.gt(1))) {
    throw new MatchingInputError('max_volume_share must be in (0, 1]');
  }
  return { bps, share };
}

/**
 * Evaluates a working order against one quote.
 *
 * Prices: buys at the ask, sells at the bid, moved by `slippage_bps` against the trader and rounded to
 * 6 dp. Limits: a buy is marketable when ask ≤ limit and never fills above the limit (slippage is capped
 * there); a sell when bid ≥ limit, never below it. A limit crossed by a gap fills at the better quote.
 * Stops: a buy stop triggers when last ≥ stop (or the session opens at/above it), a sell stop when
 * last ≤ stop (or opens at/below it); once triggered a stop fills as a market order, except that on the
 * opening tick of a gap through the stop it fills at the open price (± slippage) rather than at the stop.
 * A stop_limit triggers the same way and then works as a limit order; on a gap beyond its limit it stays
 * triggered and working. Triggering and filling may happen on the same tick.
 * Liquidity: one fill takes at most max_volume_share × tick volume, rounded down to the quantity step;
 * when that is zero there is no fill on this tick (the order keeps working; ioc/fok are canceled).
 * Stale or unusable quotes (side price ≤ 0) never trigger or fill: a resting order keeps working, an
 * ioc/fok order is canceled since "now" has no price.
 */
export function evaluateOrder(order: WorkingOrder, quote: Quote, config: MatchingConfig): MatchDecision {
  const { bps, share } = validateConfig(config);
  const quantity = d(order.quantity);
  const remaining = quantity.minus(d(order.filled_quantity));
  if (remaining.lte(0)) throw new MatchingInputError('order has no remaining quantity');
  const immediate = isImmediate(order.time_in_force);
  const noFill = (reason: MatchReason, trigger?: boolean): MatchDecision => {
    const base: MatchDecision = immediate
      ? { then: 'cancel', reasons: [reason, order.time_in_force === 'fok' ? 'fok_not_fillable' : 'ioc_nothing_fillable'] }
      : { then: 'working', reasons: [reason] };
    if (trigger) {
      base.trigger = true;
      base.reasons.unshift('triggered');
    }
    return base;
  };

  const bid = d(quote.bid);
  const ask = d(quote.ask);
  const last = d(quote.last);
  const open = quote.open === null || quote.open === undefined ? null : d(quote.open);
  if (quote.stale) return noFill('stale_quote');
  const sidePrice = order.side === 'buy' ? ask : bid;
  if (sidePrice.lte(0)) return noFill('invalid_quote');

  // Trigger (stop, stop_limit).
  let triggeredNow = false;
  let gapOpen: Decimal | null = null;
  if (order.order_type === 'stop' || order.order_type === 'stop_limit') {
    const stop = required(order.stop_price, 'stop_price', order.order_type);
    const beyond = (p: Decimal) => (order.side === 'buy' ? p.gte(stop) : p.lte(stop));
    if (!order.triggered) {
      const gapped = open !== null && beyond(open);
      if (!gapped && !(last.gt(0) && beyond(last))) return noFill('not_triggered');
      triggeredNow = true;
      if (gapped) gapOpen = open;
    } else if (open !== null && beyond(open)) {
      // Triggered earlier but unfilled (no liquidity) and the session now opens beyond the stop.
      gapOpen = open;
    }
  }

  // Price.
  const reasons: MatchReason[] = triggeredNow ? ['triggered'] : [];
  let price: Decimal;
  if (order.order_type === 'market' || order.order_type === 'stop') {
    if (order.order_type === 'stop' && gapOpen !== null) {
      price = withSlippage(order.side, gapOpen, bps);
      reasons.push('gap_through_stop');
    } else {
      price = withSlippage(order.side, sidePrice, bps);
    }
  } else {
    const limit = required(order.limit_price, 'limit_price', order.order_type);
    const marketable = order.side === 'buy' ? ask.lte(limit) : bid.gte(limit);
    if (!marketable) return noFill('not_marketable', triggeredNow);
    const slipped = withSlippage(order.side, sidePrice, bps);
    const capped = order.side === 'buy' ? Decimal.min(slipped, limit) : Decimal.max(slipped, limit);
    if (!capped.eq(slipped)) reasons.push('price_capped_at_limit');
    price = roundTo(capped, SCALE.price);
  }

  // Quantity.
  const quantityDp = config.allow_fractional || !remaining.isInteger() ? FRACTIONAL_DP : 0;
  const cap = liquidityCap(quote.volume, share, quantityDp);
  const fillable = cap === null ? remaining : Decimal.min(remaining, cap);
  const withTrigger = (dec: MatchDecision): MatchDecision => (triggeredNow ? { trigger: true, ...dec } : dec);

  if (order.time_in_force === 'fok' && fillable.lt(remaining)) {
    const why: MatchReason = fillable.gt(0) ? 'liquidity_capped' : 'no_liquidity';
    return withTrigger({ then: 'cancel', reasons: [...reasons, why, 'fok_not_fillable'] });
  }
  if (fillable.lte(0)) {
    return withTrigger({
      then: immediate ? 'cancel' : 'working',
      reasons: [...reasons, 'no_liquidity', ...(immediate ? (['ioc_nothing_fillable'] as const) : [])],
    });
  }
  const fill: Fill = { quantity: fillable, price };
  if (fillable.eq(remaining)) return withTrigger({ fill, then: 'filled', reasons });
  reasons.push('liquidity_capped');
  if (order.time_in_force === 'ioc') {
    return withTrigger({ fill, then: 'cancel_remaining', reasons: [...reasons, 'ioc_remainder_canceled'] });
  }
  return withTrigger({ fill, then: 'partially_filled', reasons });
}

/** The state-machine events a decision implies, in order. */
export function decisionEvents(then: MatchOutcome): OrderEvent[] {
  switch (then) {
    case 'working':
      return [];
    case 'filled':
      return ['fill'];
    case 'partially_filled':
      return ['partial_fill'];
    case 'cancel_remaining':
      return ['partial_fill', 'canceled'];
    case 'cancel':
      return ['canceled'];
  }
}

/** Day orders expire at the close of the session they belong to; ioc/fok never rest, gtc never expires here. */
export function shouldExpire(tif: TimeInForce, now: Date, sessionClose: Date | null): boolean {
  return tif === 'day' && sessionClose !== null && now.getTime() >= sessionClose.getTime();
}

// ---- Commission ---------------------------------------------------------------------------------

export interface PriorFills {
  filled_quantity: DecimalInput;
  /** Σ quantity × price of the order's earlier fills. */
  filled_notional: DecimalInput;
  /** Σ commission already charged on the order's earlier fills. */
  commission_charged: DecimalInput;
}

/**
 * Commission for one fill of an order that may fill in parts. The minimum is per order, not per fill:
 * the charge is the order-level commission after this fill minus what earlier fills paid, so an order
 * split by the liquidity cap pays exactly what it would have paid filling at once.
 */
export function commissionForFill(schedule: CommissionSchedule, fill: Fill, prior?: PriorFills): Decimal {
  const q = d(prior?.filled_quantity ?? 0).plus(fill.quantity);
  const notional = d(prior?.filled_notional ?? 0).plus(fill.quantity.mul(fill.price));
  const total = roundTo(rawCommission(schedule, q, notional), SCALE.money);
  return Decimal.max(total.minus(d(prior?.commission_charged ?? 0)), 0);
}

// ---- Reservation ---------------------------------------------------------------------------------

/**
 * Cash a buy reserves at submission: quantity × reference price + commission at that price.
 * Reference: the limit price when there is one (limit, stop_limit); otherwise the last price plus the
 * market-order collar (`collarBps`), and for a stop order no less than its stop plus the collar.
 * Rounded UP to the money scale: a reservation is a ceiling, never a ledger amount.
 */
export function reserveForBuy(
  quantity: DecimalInput,
  limitPrice: DecimalInput | null,
  lastPrice: DecimalInput,
  collarBps: DecimalInput,
  schedule: CommissionSchedule = NO_COMMISSION,
  stopPrice: DecimalInput | null = null,
): Decimal {
  let reference: Decimal;
  if (limitPrice !== null) {
    reference = d(limitPrice);
  } else {
    const base = stopPrice === null ? d(lastPrice) : Decimal.max(d(lastPrice), d(stopPrice));
    reference = base.mul(d(1).plus(d(collarBps).div(BPS)));
  }
  const q = d(quantity);
  const total = q.mul(reference).plus(rawCommission(schedule, q, q.mul(reference)));
  return total.toDecimalPlaces(SCALE.money, Decimal.ROUND_UP);
}
