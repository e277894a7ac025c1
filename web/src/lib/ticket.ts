/**
 * The order ticket's own rules, mirroring the API's (orders.service.ts): which fields an order type takes and
 * which times in force it allows. The API stays the judge: its 422 details are shown next to the same fields.
 * Pure: no DOM, no SDK.
 */

export const ORDER_TYPES = ['market', 'limit', 'stop', 'stop_limit'] as const;
export const TIMES_IN_FORCE = ['day', 'gtc', 'ioc', 'fok'] as const;
export type OrderType = (typeof ORDER_TYPES)[number];
export type TimeInForce = (typeof TIMES_IN_FORCE)[number];
export type Side = 'buy' | 'sell';

export interface TicketInput {
  portfolio_id: string;
  symbol: string;
  side: Side;
  order_type: OrderType;
  time_in_force: TimeInForce;
  quantity: string;
  price: string;
  stop_price: string;
}

export interface OrderBody {
  portfolio_id: string;
  symbol: string;
  side: Side;
  order_type: OrderType;
  time_in_force: TimeInForce;
  quantity: number;
  price?: number;
  stop_price?: number;
}

export type FieldErrors = Partial<Record<keyof TicketInput | 'form', string>>;

const SYMBOL = /^[A-Z][A-Z0-9.\-]{0,9}$/;

export const needsLimit = (t: OrderType): boolean => t === 'limit' || t === 'stop_limit';
export const needsStop = (t: OrderType): boolean => t === 'stop' || t === 'stop_limit';
/** ioc and fok apply to orders that can fill at once: market and limit. */
export const allowedTimesInForce = (t: OrderType): TimeInForce[] => (t === 'market' || t === 'limit' ? [...TIMES_IN_FORCE] : ['day', 'gtc']);

function positive(raw: string): number | null {
  const s = raw.trim();
  if (!/^\d+(\.\d+)?$/.test(s)) return null;
  const n = Number(s);
  return n > 0 && Number.isFinite(n) ? n : null;
}

/** Validates the ticket; returns the request body, or the problems by field. */
export function buildOrder(input: TicketInput): { body: OrderBody; errors: null } | { body: null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const symbol = input.symbol.trim().toUpperCase();
  if (!input.portfolio_id) errors.portfolio_id = 'Choose a portfolio';
  if (!SYMBOL.test(symbol)) errors.symbol = 'Enter a symbol such as AAPL';
  const quantity = positive(input.quantity);
  if (quantity === null) errors.quantity = 'Enter a quantity greater than 0';
  else if ((input.quantity.split('.')[1] ?? '').length > 8) errors.quantity = 'At most 8 decimals';
  let price: number | undefined;
  if (needsLimit(input.order_type)) {
    price = positive(input.price) ?? undefined;
    if (price === undefined) errors.price = 'A limit price greater than 0 is required';
  }
  let stop: number | undefined;
  if (needsStop(input.order_type)) {
    stop = positive(input.stop_price) ?? undefined;
    if (stop === undefined) errors.stop_price = 'A stop price greater than 0 is required';
  }
  if (!allowedTimesInForce(input.order_type).includes(input.time_in_force)) {
    errors.time_in_force = `${input.time_in_force.toUpperCase()} applies to market and limit orders only`;
  }
  if (Object.keys(errors).length) return { body: null, errors };
  const body: OrderBody = { portfolio_id: input.portfolio_id, symbol, side: input.side, order_type: input.order_type, time_in_force: input.time_in_force, quantity: quantity! };
  if (price !== undefined) body.price = price;
  if (stop !== undefined) body.stop_price = stop;
  return { body, errors: null };
}

/** The estimated cost of a buy at `reference` (the limit, else the last price), for the buying-power check. */
export function estimatedCost(input: Pick<TicketInput, 'order_type' | 'quantity' | 'price' | 'stop_price'>, last: number | null): number | null {
  const q = positive(input.quantity);
  if (q === null) return null;
  const ref = needsLimit(input.order_type) ? positive(input.price) : input.order_type === 'stop' ? positive(input.stop_price) : last;
  return ref === null ? null : q * ref;
}

/**
 * The API's validation body mapped onto the ticket's fields: every `details.errors[]` entry under its field, the
 * first problem at `details.field`, anything else (InsufficientFunds…) at the form.
 */
export function apiFieldErrors(err: { message: string; details?: unknown }): FieldErrors {
  const out: FieldErrors = {};
  const details = (err.details ?? {}) as { field?: unknown; errors?: Array<{ field?: unknown; message?: unknown }> };
  const known = (f: unknown): f is keyof TicketInput => typeof f === 'string' && ['portfolio_id', 'symbol', 'side', 'order_type', 'time_in_force', 'quantity', 'price', 'stop_price'].includes(f);
  for (const e of Array.isArray(details.errors) ? details.errors : []) {
    if (known(e.field) && !out[e.field]) out[e.field] = String(e.message ?? err.message);
  }
  if (known(details.field) && !out[details.field]) out[details.field] = err.message;
  if (!Object.keys(out).length) out.form = err.message;
  return out;
}
