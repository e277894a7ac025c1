import {
  canTransition,
  fillEvent,
  InvalidOrderTransitionError,
  isCancelable,
  isOpen,
  isTerminal,
  ORDER_EVENTS,
  ORDER_STATE_MACHINE_DOC,
  ORDER_STATUSES,
  ORDER_TRANSITIONS,
  OrderEvent,
  OrderNotCancelableError,
  OrderStateOrNone,
  transition,
  transitionAll,
} from './order-state';

describe('order state machine', () => {
  const legal: Array<[OrderStateOrNone, OrderEvent, string]> = [
    [null, 'new', 'pending'],
    [null, 'rejected', 'rejected'],
    ['pending', 'partial_fill', 'partially_filled'],
    ['pending', 'fill', 'filled'],
    ['pending', 'canceled', 'canceled'],
    ['pending', 'rejected', 'rejected'],
    ['pending', 'expired', 'expired'],
    ['partially_filled', 'partial_fill', 'partially_filled'],
    ['partially_filled', 'fill', 'filled'],
    ['partially_filled', 'canceled', 'canceled'],
    ['partially_filled', 'expired', 'expired'],
  ];

  it.each(legal)('%s --%s--> %s', (from, event, to) => {
    expect(transition(from, event)).toBe(to);
    expect(canTransition(from, event)).toBe(true);
  });

  it('allows nothing else: every other (state, event) pair throws', () => {
    const legalKeys = new Set(legal.map(([f, e]) => `${f}|${e}`));
    const states: OrderStateOrNone[] = [null, ...ORDER_STATUSES];
    let illegal = 0;
    for (const from of states) {
      for (const event of ORDER_EVENTS) {
        if (legalKeys.has(`${from}|${event}`)) continue;
        illegal++;
        expect(canTransition(from, event)).toBe(false);
        expect(() => transition(from, event)).toThrow(InvalidOrderTransitionError);
      }
    }
    expect(illegal).toBe(7 * 6 - legal.length);
    expect(ORDER_TRANSITIONS).toHaveLength(legal.length);
  });

  it.each(['filled', 'canceled', 'rejected', 'expired'] as const)(
    'cancel of a %s order → OrderNotCancelableError carrying code and states',
    (from) => {
      let err: unknown;
      try {
        transition(from, 'canceled');
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(OrderNotCancelableError);
      expect(err).toBeInstanceOf(InvalidOrderTransitionError);
      const e = err as OrderNotCancelableError;
      expect(e.code).toBe('OrderNotCancelable');
      expect(e.from).toBe(from);
      expect(e.event).toBe('canceled');
      expect(e.name).toBe('OrderNotCancelableError');
      expect(e.message).toContain(from);
    },
  );

  it('other illegal events carry the generic code', () => {
    expect(() => transition('filled', 'fill')).toThrow(
      expect.objectContaining({ code: 'InvalidOrderTransition', from: 'filled', event: 'fill' }),
    );
    expect(() => transition('pending', 'new')).toThrow(InvalidOrderTransitionError);
    expect(() => transition('partially_filled', 'rejected')).toThrow(InvalidOrderTransitionError);
    expect(() => transition(null, 'fill')).toThrow(InvalidOrderTransitionError);
  });

  it('open / cancelable / terminal', () => {
    expect(ORDER_STATUSES.filter(isOpen)).toEqual(['pending', 'partially_filled']);
    expect(ORDER_STATUSES.filter(isCancelable)).toEqual(['pending', 'partially_filled']);
    expect(ORDER_STATUSES.filter(isTerminal)).toEqual(['filled', 'canceled', 'rejected', 'expired']);
  });

  it('applies an event sequence (ioc partial fill then cancel of the rest)', () => {
    expect(transitionAll('pending', ['partial_fill', 'canceled'])).toBe('canceled');
    expect(transitionAll(null, ['new', 'partial_fill', 'partial_fill', 'fill'])).toBe('filled');
    expect(() => transitionAll(null, ['new', 'fill', 'canceled'])).toThrow(OrderNotCancelableError);
  });

  it('fillEvent', () => {
    expect(fillEvent(true)).toBe('fill');
    expect(fillEvent(false)).toBe('partial_fill');
  });

  it('documents every transition in the OpenAPI markdown', () => {
    for (const r of ORDER_TRANSITIONS) {
      expect(ORDER_STATE_MACHINE_DOC).toContain(`| ${r.from ?? '(none)'} | \`${r.event}\` | ${r.to} |`);
    }
    expect(ORDER_STATE_MACHINE_DOC).toContain('OrderNotCancelable');
  });
});
