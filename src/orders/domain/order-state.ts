/**
 * The order state machine, in one place. Services never assign `order.status` directly: they call
 * `transition(order.status, event)` and persist what it returns, so an illegal change is impossible
 * whatever path (API cancel, tick evaluation, expiry job) tries it.
 */
import { AppError } from '../../common/errors/app-error';
import type { ErrorName } from '../../common/errors/error-codes';

export const ORDER_STATUSES = [
  'pending',
  'partially_filled',
  'filled',
  'canceled',
  'rejected',
  'expired',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const ORDER_EVENTS = ['new', 'partial_fill', 'fill', 'canceled', 'rejected', 'expired'] as const;
export type OrderEvent = (typeof ORDER_EVENTS)[number];

/** `null` is the state before the order exists: `new` accepts it, `rejected` records a refused one. */
export type OrderStateOrNone = OrderStatus | null;

export const OPEN_STATUSES: readonly OrderStatus[] = ['pending', 'partially_filled'];
export const TERMINAL_STATUSES: readonly OrderStatus[] = ['filled', 'canceled', 'rejected', 'expired'];

interface TransitionRule {
  from: OrderStateOrNone;
  event: OrderEvent;
  to: OrderStatus;
  note: string;
}

/** The whole machine. Everything below (checks, docs) is derived from this table. */
export const ORDER_TRANSITIONS: readonly TransitionRule[] = [
  { from: null, event: 'new', to: 'pending', note: 'accepted: cash or position reserved, working' },
  { from: null, event: 'rejected', to: 'rejected', note: 'refused at submission and recorded' },
  { from: 'pending', event: 'partial_fill', to: 'partially_filled', note: 'part of the quantity filled' },
  { from: 'pending', event: 'fill', to: 'filled', note: 'whole quantity filled' },
  { from: 'pending', event: 'canceled', to: 'canceled', note: 'user cancel, ioc/fok unfilled, portfolio deleted' },
  { from: 'pending', event: 'rejected', to: 'rejected', note: 'refused by the engine before any fill' },
  { from: 'pending', event: 'expired', to: 'expired', note: 'day order reached the session close' },
  { from: 'partially_filled', event: 'partial_fill', to: 'partially_filled', note: 'another part filled' },
  { from: 'partially_filled', event: 'fill', to: 'filled', note: 'the rest filled' },
  { from: 'partially_filled', event: 'canceled', to: 'canceled', note: 'rest canceled (ioc remainder, user); fills kept' },
  { from: 'partially_filled', event: 'expired', to: 'expired', note: 'rest expired at the close; fills kept' },
];

const key = (from: OrderStateOrNone, event: OrderEvent) => `${from ?? '∅'}|${event}`;
const TABLE = new Map<string, OrderStatus>(ORDER_TRANSITIONS.map((r) => [key(r.from, r.event), r.to]));

/**
 * A change the machine does not allow: 409 `Conflict` (the order's state moved on). `code` names the kind for
 * code that handles it; the error body's name is `errorName`.
 */
export class InvalidOrderTransitionError extends AppError {
  readonly code: string = 'InvalidOrderTransition';
  constructor(
    readonly from: OrderStateOrNone,
    readonly event: OrderEvent,
    message?: string,
    errorName: ErrorName = 'Conflict',
  ) {
    super(errorName, message ?? `order in state ${from ?? '(none)'} cannot take event ${event}`, { status: from });
    this.name = new.target.name;
  }
}

/** The one illegal transition a user can ask for: cancel of a filled/canceled/rejected/expired order (409). */
export class OrderNotCancelableError extends InvalidOrderTransitionError {
  override readonly code = 'OrderNotCancelable';
  constructor(from: OrderStateOrNone) {
    super(from, 'canceled', `order is ${from ?? 'not yet accepted'} and can no longer be canceled`, 'OrderNotCancelable');
  }
}

export function canTransition(from: OrderStateOrNone, event: OrderEvent): boolean {
  return TABLE.has(key(from, event));
}

/** The status after `event`, or a typed error (`OrderNotCancelableError` for a refused cancel). */
export function transition(from: OrderStateOrNone, event: OrderEvent): OrderStatus {
  const to = TABLE.get(key(from, event));
  if (to !== undefined) return to;
  if (event === 'canceled') throw new OrderNotCancelableError(from);
  throw new InvalidOrderTransitionError(from, event);
}

/** Applies events in order (e.g. an ioc partial fill: `partial_fill` then `canceled`). */
export function transitionAll(from: OrderStateOrNone, events: readonly OrderEvent[]): OrderStateOrNone {
  return events.reduce<OrderStateOrNone>((s, e) => transition(s, e), from);
}

/** Still working: can fill, be canceled or expire; holds a reservation. */
export function isOpen(status: OrderStatus): boolean {
  return OPEN_STATUSES.includes(status);
}

export function isTerminal(status: OrderStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

export function isCancelable(status: OrderStatus): boolean {
  return canTransition(status, 'canceled');
}

/** The event a fill produces: `fill` when it completes the order, otherwise `partial_fill`. */
export function fillEvent(completesOrder: boolean): OrderEvent {
  return completesOrder ? 'fill' : 'partial_fill';
}

function renderDoc(): string {
  const rows = ORDER_TRANSITIONS.map(
    (r) => `| ${r.from ?? '(none)'} | \`${r.event}\` | ${r.to} | ${r.note} |`,
  );
  return [
    '### Order lifecycle',
    '',
    'Statuses: `pending` (accepted, working), `partially_filled`, `filled`, `canceled`, `rejected`, `expired`.',
    `Open (cancelable, holding a reservation): ${OPEN_STATUSES.map((s) => `\`${s}\``).join(', ')}. ` +
      `Terminal: ${TERMINAL_STATUSES.map((s) => `\`${s}\``).join(', ')}.`,
    'Every status change is published as an order event named in the table.',
    '',
    '| From | Event | To | When |',
    '|------|-------|----|------|',
    ...rows,
    '',
    'Any other change is refused; canceling a terminal order answers 409 `OrderNotCancelable`.',
    'A stop or stop-limit order stays `pending` when its stop triggers; the trigger is not a status.',
  ].join('\n');
}

/** Markdown for the OpenAPI description of the orders endpoints; generated from the table above. */
export const ORDER_STATE_MACHINE_DOC: string = renderDoc();
