import { d, Decimal } from '../../common/decimal';
import {
  commission,
  commissionForFill,
  decisionEvents,
  evaluateOrder,
  liquidityCap,
  MatchDecision,
  MatchingConfig,
  MatchingInputError,
  NO_COMMISSION,
  Quote,
  reserveForBuy,
  shouldExpire,
  withSlippage,
  WorkingOrder,
} from './matching';
import { transitionAll } from './order-state';

const order = (o: Partial<WorkingOrder>): WorkingOrder => ({
  side: 'buy',
  order_type: 'market',
  quantity: '100',
  filled_quantity: '0',
  time_in_force: 'day',
  triggered: false,
  ...o,
});
const quote = (q: Partial<Quote>): Quote => ({
  bid: '99.98',
  ask: '100.02',
  last: '100',
  volume: '1000000',
  stale: false,
  ...q,
});
const noLimits: MatchingConfig = { slippage_bps: 0, max_volume_share: null, allow_fractional: false };

/** Decimals as fixed strings so expectations read like the hand calculation. */
function plain(dec: MatchDecision) {
  return {
    ...dec,
    fill: dec.fill && { quantity: dec.fill.quantity.toFixed(), price: dec.fill.price.toFixed() },
  };
}
const run = (o: Partial<WorkingOrder>, q: Partial<Quote> = {}, c: Partial<MatchingConfig> = {}) =>
  plain(evaluateOrder(order(o), quote(q), { ...noLimits, ...c }));

describe('evaluateOrder: market', () => {
  it('buy fills at the ask', () => {
    expect(run({ side: 'buy' })).toEqual({ fill: { quantity: '100', price: '100.02' }, then: 'filled', reasons: [] });
  });

  it('sell fills at the bid', () => {
    expect(run({ side: 'sell' }).fill).toEqual({ quantity: '100', price: '99.98' });
  });

  it('slippage is adverse: buys pay more, sells receive less (10 bps)', () => {
    // 100.02 × 1.001 = 100.12002; 99.98 × 0.999 = 99.88002
    expect(run({ side: 'buy' }, {}, { slippage_bps: 10 }).fill?.price).toBe('100.12002');
    expect(run({ side: 'sell' }, {}, { slippage_bps: 10 }).fill?.price).toBe('99.88002');
  });

  it('slipped prices are rounded half-even to 6 dp', () => {
    // 33.333333 × 1.0005 = 33.34999966665 → 33.35
    expect(withSlippage('buy', '33.333333', 5).toFixed()).toBe('33.35');
    // 10.0000025 is not a stored price but shows the tie rule: 10.0000025 → 10.000002 (even)
    expect(withSlippage('buy', '10.0000025', 0).toFixed()).toBe('10.000002');
  });
});

describe('evaluateOrder: limit', () => {
  it('buy limit works while ask > limit, fills at the ask once ask ≤ limit', () => {
    expect(run({ order_type: 'limit', limit_price: '100' }, { ask: '100.02' })).toEqual({
      then: 'working',
      reasons: ['not_marketable'],
    });
    expect(run({ order_type: 'limit', limit_price: '100' }, { ask: '100' }).fill?.price).toBe('100');
    expect(run({ order_type: 'limit', limit_price: '100' }, { ask: '99.5' }).fill?.price).toBe('99.5');
  });

  it('sell limit works while bid < limit, fills at the bid once bid ≥ limit', () => {
    expect(run({ side: 'sell', order_type: 'limit', limit_price: '100' }, { bid: '99.9' }).then).toBe('working');
    expect(run({ side: 'sell', order_type: 'limit', limit_price: '100' }, { bid: '100.5' }).fill?.price).toBe(
      '100.5',
    );
  });

  it('slippage never pushes a buy above its limit or a sell below it', () => {
    // buy: 99.95 × 1.001 = 100.04995 > 100 → 100
    const buy = run({ order_type: 'limit', limit_price: '100' }, { ask: '99.95' }, { slippage_bps: 10 });
    expect(buy.fill?.price).toBe('100');
    expect(buy.reasons).toContain('price_capped_at_limit');
    // sell: 100.05 × 0.999 = 99.94995 < 100 → 100
    const sell = run({ side: 'sell', order_type: 'limit', limit_price: '100' }, { bid: '100.05' }, { slippage_bps: 10 });
    expect(sell.fill?.price).toBe('100');
    // within the limit, slippage applies: 99.5 × 1.001 = 99.5995
    expect(run({ order_type: 'limit', limit_price: '100' }, { ask: '99.5' }, { slippage_bps: 10 }).fill?.price).toBe(
      '99.5995',
    );
  });

  it('a gap through the limit fills at the better quote, not at the limit', () => {
    const buy = run({ order_type: 'limit', limit_price: '100' }, { open: '95', bid: '94.98', ask: '95.02', last: '95' });
    expect(buy.fill).toEqual({ quantity: '100', price: '95.02' });
    const sell = run(
      { side: 'sell', order_type: 'limit', limit_price: '100' },
      { open: '106', bid: '105.98', ask: '106.02', last: '106' },
    );
    expect(sell.fill).toEqual({ quantity: '100', price: '105.98' });
  });
});

describe('evaluateOrder: stop', () => {
  it('buy stop triggers when last ≥ stop, then fills as market at the ask', () => {
    expect(run({ order_type: 'stop', stop_price: '105' }, { last: '104.99', ask: '105' })).toEqual({
      then: 'working',
      reasons: ['not_triggered'],
    });
    expect(run({ order_type: 'stop', stop_price: '105' }, { last: '105', bid: '104.98', ask: '105.03' })).toEqual({
      trigger: true,
      fill: { quantity: '100', price: '105.03' },
      then: 'filled',
      reasons: ['triggered'],
    });
  });

  it('sell stop triggers when last ≤ stop, then fills at the bid', () => {
    expect(run({ side: 'sell', order_type: 'stop', stop_price: '95' }, { last: '95.01' }).then).toBe('working');
    const r = run({ side: 'sell', order_type: 'stop', stop_price: '95' }, { last: '95', bid: '94.97', ask: '95.03' });
    expect(r.trigger).toBe(true);
    expect(r.fill).toEqual({ quantity: '100', price: '94.97' });
  });

  it('buy stop: a gap up through the stop fills at the open, not at the stop', () => {
    const r = run({ order_type: 'stop', stop_price: '105' }, { open: '110', last: '110', bid: '109.95', ask: '110.05' });
    expect(r).toEqual({
      trigger: true,
      fill: { quantity: '100', price: '110' },
      then: 'filled',
      reasons: ['triggered', 'gap_through_stop'],
    });
    // with 10 bps slippage on the open: 110 × 1.001 = 110.11
    expect(
      run({ order_type: 'stop', stop_price: '105' }, { open: '110', last: '110', ask: '110.05' }, { slippage_bps: 10 })
        .fill?.price,
    ).toBe('110.11');
  });

  it('sell stop: a gap down through the stop fills at the open', () => {
    const r = run({ side: 'sell', order_type: 'stop', stop_price: '95' }, { open: '90', last: '90', bid: '89.9', ask: '90.1' });
    expect(r.fill).toEqual({ quantity: '100', price: '90' });
    expect(r.reasons).toEqual(['triggered', 'gap_through_stop']);
  });

  it('an open that is not beyond the stop is no gap: fills at the ask', () => {
    const r = run({ order_type: 'stop', stop_price: '105' }, { open: '103', last: '105.5', ask: '105.52' });
    expect(r.fill?.price).toBe('105.52');
    expect(r.reasons).toEqual(['triggered']);
  });

  it('a triggered stop keeps working as market even if the price comes back', () => {
    const r = run({ order_type: 'stop', stop_price: '105', triggered: true }, { last: '100', ask: '100.02' });
    expect(r).toEqual({ fill: { quantity: '100', price: '100.02' }, then: 'filled', reasons: [] });
  });
});

describe('evaluateOrder: stop_limit', () => {
  const buySL = { order_type: 'stop_limit' as const, stop_price: '105', limit_price: '106' };
  const sellSL = { side: 'sell' as const, order_type: 'stop_limit' as const, stop_price: '95', limit_price: '94' };

  it('buy: not triggered below the stop; triggers and fills as a limit', () => {
    expect(run(buySL, { last: '104', ask: '104.02' })).toEqual({ then: 'working', reasons: ['not_triggered'] });
    expect(run(buySL, { last: '105.2', ask: '105.3' })).toEqual({
      trigger: true,
      fill: { quantity: '100', price: '105.3' },
      then: 'filled',
      reasons: ['triggered'],
    });
  });

  it('buy: a gap beyond the limit triggers but does not fill; later fills within the limit', () => {
    expect(run(buySL, { open: '108', last: '108', ask: '108.05' })).toEqual({
      trigger: true,
      then: 'working',
      reasons: ['triggered', 'not_marketable'],
    });
    expect(run({ ...buySL, triggered: true }, { last: '105.9', ask: '105.95' })).toEqual({
      fill: { quantity: '100', price: '105.95' },
      then: 'filled',
      reasons: [],
    });
  });

  it('buy: a gap between stop and limit fills at the ask (limit rules, not the open)', () => {
    const r = run(buySL, { open: '105.5', last: '105.5', ask: '105.52' });
    expect(r.fill?.price).toBe('105.52');
    expect(r.reasons).toEqual(['triggered']);
  });

  it('buy: a triggered stop_limit whose price leaves the limit keeps working', () => {
    expect(run({ ...buySL, triggered: true }, { last: '107', ask: '107.01' })).toEqual({
      then: 'working',
      reasons: ['not_marketable'],
    });
  });

  it('sell: triggers at last ≤ stop and fills at the bid, never below the limit', () => {
    expect(run(sellSL, { last: '95.5', bid: '95.4' }).then).toBe('working');
    expect(run(sellSL, { last: '95', bid: '94.5', ask: '94.6' }).fill).toEqual({ quantity: '100', price: '94.5' });
    // 94.05 × 0.999 = 93.95595 < 94 → 94
    expect(run(sellSL, { last: '95', bid: '94.05' }, { slippage_bps: 10 }).fill?.price).toBe('94');
  });

  it('sell: a gap down beyond the limit triggers and waits', () => {
    expect(run(sellSL, { open: '92', last: '92', bid: '91.95', ask: '92.05' })).toEqual({
      trigger: true,
      then: 'working',
      reasons: ['triggered', 'not_marketable'],
    });
  });
});

describe('evaluateOrder: stale and unusable quotes', () => {
  it('never fills or triggers on a stale quote', () => {
    expect(run({}, { stale: true })).toEqual({ then: 'working', reasons: ['stale_quote'] });
    expect(run({ order_type: 'stop', stop_price: '100' }, { stale: true, last: '120', open: '120' })).toEqual({
      then: 'working',
      reasons: ['stale_quote'],
    });
    expect(run({ side: 'sell', order_type: 'limit', limit_price: '1' }, { stale: true })).toEqual({
      then: 'working',
      reasons: ['stale_quote'],
    });
  });

  it('ioc/fok on a stale quote are canceled: there is no price now', () => {
    expect(run({ time_in_force: 'ioc' }, { stale: true })).toEqual({
      then: 'cancel',
      reasons: ['stale_quote', 'ioc_nothing_fillable'],
    });
    expect(run({ time_in_force: 'fok' }, { stale: true })).toEqual({
      then: 'cancel',
      reasons: ['stale_quote', 'fok_not_fillable'],
    });
  });

  it('no price on the side the order takes → no fill', () => {
    expect(run({ side: 'buy' }, { ask: '0' })).toEqual({ then: 'working', reasons: ['invalid_quote'] });
    expect(run({ side: 'sell' }, { bid: '0' })).toEqual({ then: 'working', reasons: ['invalid_quote'] });
  });
});

describe('evaluateOrder: liquidity', () => {
  const share = { max_volume_share: '0.10' };

  it('a large order fills in parts across ticks, each ≤ 10% of tick volume', () => {
    const first = run({ quantity: '1000' }, { volume: '5000' }, share);
    expect(first).toEqual({
      fill: { quantity: '500', price: '100.02' },
      then: 'partially_filled',
      reasons: ['liquidity_capped'],
    });
    const second = run({ quantity: '1000', filled_quantity: '500' }, { volume: '3000' }, share);
    expect(second.fill?.quantity).toBe('300');
    expect(second.then).toBe('partially_filled');
    const third = run({ quantity: '1000', filled_quantity: '800' }, { volume: '8000' }, share);
    expect(third).toEqual({ fill: { quantity: '200', price: '100.02' }, then: 'filled', reasons: [] });
  });

  it('the share defaults to 10% when not configured', () => {
    const r = evaluateOrder(order({ quantity: '1000' }), quote({ volume: '5000' }), {
      slippage_bps: 0,
      allow_fractional: false,
    });
    expect(r.fill?.quantity.toFixed()).toBe('500');
  });

  it('rounds the cap down to whole shares, or to 8 dp when fractional', () => {
    expect(run({ quantity: '1000' }, { volume: '1234' }, share).fill?.quantity).toBe('123');
    expect(run({ quantity: '1000' }, { volume: '1234' }, { ...share, allow_fractional: true }).fill?.quantity).toBe(
      '123.4',
    );
    expect(liquidityCap('0.123456789', '0.1', 8)?.toFixed()).toBe('0.01234567');
  });

  it('a cap that rounds to zero means no fill this tick; the order keeps working', () => {
    expect(run({ quantity: '10' }, { volume: '5' }, share)).toEqual({ then: 'working', reasons: ['no_liquidity'] });
    expect(run({ quantity: '10' }, { volume: '0' }, share)).toEqual({ then: 'working', reasons: ['no_liquidity'] });
    expect(run({ quantity: '10' }, { volume: '5' }, { ...share, allow_fractional: true }).fill?.quantity).toBe('0.5');
  });

  it('a fractional remainder fills in 8-dp steps even when fractional trading is off', () => {
    const r = run({ quantity: '0.75' }, { volume: '5' }, share);
    expect(r.fill?.quantity).toBe('0.5');
    expect(r.then).toBe('partially_filled');
  });

  it('a stop triggered on a tick without liquidity stays triggered and working', () => {
    expect(run({ order_type: 'stop', stop_price: '100' }, { last: '100', volume: '3' }, share)).toEqual({
      trigger: true,
      then: 'working',
      reasons: ['triggered', 'no_liquidity'],
    });
  });

  it('null disables the cap', () => {
    expect(run({ quantity: '1000000' }, { volume: '1' }, { max_volume_share: null }).then).toBe('filled');
  });
});

describe('evaluateOrder: ioc and fok', () => {
  const share = { max_volume_share: '0.10' };

  it('ioc fills what it can now and cancels the rest', () => {
    const r = run({ quantity: '1000', time_in_force: 'ioc' }, { volume: '5000' }, share);
    expect(r).toEqual({
      fill: { quantity: '500', price: '100.02' },
      then: 'cancel_remaining',
      reasons: ['liquidity_capped', 'ioc_remainder_canceled'],
    });
    expect(transitionAll('pending', decisionEvents(r.then))).toBe('canceled');
  });

  it('ioc fills entirely when it can', () => {
    expect(run({ quantity: '400', time_in_force: 'ioc' }, { volume: '5000' }, share).then).toBe('filled');
  });

  it('ioc with nothing fillable is canceled', () => {
    expect(run({ order_type: 'limit', limit_price: '99', time_in_force: 'ioc' })).toEqual({
      then: 'cancel',
      reasons: ['not_marketable', 'ioc_nothing_fillable'],
    });
    expect(run({ quantity: '10', time_in_force: 'ioc' }, { volume: '5' }, share)).toEqual({
      then: 'cancel',
      reasons: ['no_liquidity', 'ioc_nothing_fillable'],
    });
  });

  it('fok fills entirely now or is canceled without any fill', () => {
    expect(run({ quantity: '1000', time_in_force: 'fok' }, { volume: '5000' }, share)).toEqual({
      then: 'cancel',
      reasons: ['liquidity_capped', 'fok_not_fillable'],
    });
    expect(run({ quantity: '500', time_in_force: 'fok' }, { volume: '5000' }, share)).toEqual({
      fill: { quantity: '500', price: '100.02' },
      then: 'filled',
      reasons: [],
    });
    expect(run({ side: 'sell', order_type: 'limit', limit_price: '101', time_in_force: 'fok' })).toEqual({
      then: 'cancel',
      reasons: ['not_marketable', 'fok_not_fillable'],
    });
  });

  it('an untriggered ioc stop is canceled', () => {
    expect(run({ order_type: 'stop', stop_price: '110', time_in_force: 'ioc' }).then).toBe('cancel');
  });
});

describe('evaluateOrder: input errors', () => {
  it('refuses orders missing their prices, complete orders and bad config', () => {
    expect(() => run({ order_type: 'limit' })).toThrow(MatchingInputError);
    expect(() => run({ order_type: 'stop' })).toThrow(MatchingInputError);
    expect(() => run({ order_type: 'stop_limit', stop_price: '100', triggered: true })).toThrow(MatchingInputError);
    expect(() => run({ quantity: '10', filled_quantity: '10' })).toThrow(MatchingInputError);
    expect(() => run({}, {}, { slippage_bps: -1 })).toThrow(MatchingInputError);
    expect(() => run({}, {}, { slippage_bps: 10000 })).toThrow(MatchingInputError);
    expect(() => run({}, {}, { max_volume_share: 0 })).toThrow(MatchingInputError);
    expect(() => run({}, {}, { max_volume_share: '1.5' })).toThrow(MatchingInputError);
  });
});

describe('decisionEvents', () => {
  it('maps each outcome to state-machine events', () => {
    expect(decisionEvents('working')).toEqual([]);
    expect(decisionEvents('filled')).toEqual(['fill']);
    expect(decisionEvents('partially_filled')).toEqual(['partial_fill']);
    expect(decisionEvents('cancel_remaining')).toEqual(['partial_fill', 'canceled']);
    expect(decisionEvents('cancel')).toEqual(['canceled']);
  });
});

describe('shouldExpire', () => {
  const close = new Date('2024-01-15T21:00:00.000Z');
  it('day orders expire at the session close', () => {
    expect(shouldExpire('day', new Date('2024-01-15T20:59:59.999Z'), close)).toBe(false);
    expect(shouldExpire('day', close, close)).toBe(true);
    expect(shouldExpire('day', new Date('2024-01-15T21:00:01.000Z'), close)).toBe(true);
  });
  it('gtc, ioc and fok do not expire; no close (24/7) means no expiry', () => {
    const later = new Date('2024-02-01T00:00:00.000Z');
    expect(shouldExpire('gtc', later, close)).toBe(false);
    expect(shouldExpire('ioc', later, close)).toBe(false);
    expect(shouldExpire('fok', later, close)).toBe(false);
    expect(shouldExpire('day', later, null)).toBe(false);
  });
});

describe('commission', () => {
  const perShare = { kind: 'per_share' as const, per_share: '0.005', minimum: '1' };
  const bps = { kind: 'bps' as const, bps: '10' };

  it('defaults to zero', () => {
    expect(commission(NO_COMMISSION, 100, '175.84').toFixed()).toBe('0');
  });

  it('per share with a minimum', () => {
    expect(commission(perShare, 100, 50).toFixed()).toBe('1'); // 0.5 < 1
    expect(commission(perShare, 1000, 50).toFixed()).toBe('5');
    expect(commission(perShare, '333.33333333', 50).toFixed()).toBe('1.6667'); // 1.66666666665
  });

  it('bps of notional', () => {
    // 100 × 175.84 = 17584 × 0.001 = 17.584
    expect(commission(bps, 100, '175.84').toFixed()).toBe('17.584');
    expect(commission({ ...bps, minimum: '20' }, 100, '175.84').toFixed()).toBe('20');
  });

  it('partial fills pay the per-order minimum once and sum to the single-fill commission', () => {
    const fills = [
      { quantity: d(100), price: d(50) },
      { quantity: d(300), price: d(50) },
      { quantity: d(600), price: d(50) },
    ];
    let filled = d(0);
    let notional = d(0);
    let charged = d(0);
    const charges: string[] = [];
    for (const f of fills) {
      const c = commissionForFill(perShare, f, {
        filled_quantity: filled,
        filled_notional: notional,
        commission_charged: charged,
      });
      charges.push(c.toFixed());
      filled = filled.plus(f.quantity);
      notional = notional.plus(f.quantity.mul(f.price));
      charged = charged.plus(c);
    }
    expect(charges).toEqual(['1', '1', '3']);
    expect(charged.toFixed()).toBe(commission(perShare, 1000, 50).toFixed());
    expect(commissionForFill(perShare, { quantity: d(10), price: d(1) }).toFixed()).toBe('1');
  });
});

describe('reserveForBuy', () => {
  it('limit orders reserve at the limit', () => {
    expect(reserveForBuy(100, '175', '170', 50).toFixed()).toBe('17500');
  });

  it('market orders reserve at last plus the collar', () => {
    // 100 × 170 × 1.005 = 17085
    expect(reserveForBuy(100, null, '170', 50).toFixed()).toBe('17085');
  });

  it('stop orders reserve at no less than the stop plus the collar', () => {
    // 10 × max(100, 105) × 1.01 = 1060.5
    expect(reserveForBuy(10, null, '100', 100, NO_COMMISSION, '105').toFixed()).toBe('1060.5');
    expect(reserveForBuy(10, null, '110', 100, NO_COMMISSION, '105').toFixed()).toBe('1111');
  });

  it('includes the commission at the reference price', () => {
    expect(reserveForBuy(100, '175', '170', 50, { kind: 'per_share', per_share: '0.005', minimum: '1' }).toFixed()).toBe(
      '17501',
    );
    expect(reserveForBuy(100, '175', '170', 50, { kind: 'bps', bps: 10 }).toFixed()).toBe('17517.5');
  });

  it('rounds up to the money scale (a ceiling)', () => {
    // 3 × 33.333333 = 99.999999 → 100.0000; 0.5 × 10.00001 = 5.000005 → 5.0001
    expect(reserveForBuy(3, '33.333333', '1', 0).toFixed()).toBe('100');
    expect(reserveForBuy('0.5', null, '10.00001', 0).toFixed()).toBe('5.0001');
  });

  it('returns the project decimal type', () => {
    expect(reserveForBuy(1, '1', '1', 0)).toBeInstanceOf(Decimal);
  });
});
