import { d } from '../../common/decimal';
import { InsufficientPositionError } from '../errors';
import {
  applyBuy,
  applySell,
  costBasis,
  dayChange,
  DayFlowMismatchError,
  EMPTY_POSITION,
  marketValue,
  percentOf,
  PositionState,
  totalValue,
  transferIn,
  transferOut,
  unrealizedPnl,
  unrealizedPnlPercent,
  weight,
} from './position-math';

const s = (p: PositionState) => ({
  quantity: p.quantity.toFixed(),
  avg_cost: p.avg_cost.toFixed(),
  realized_pnl: p.realized_pnl.toFixed(),
});

describe('average cost: buys', () => {
  it('buy 100 @ 10, buy 50 @ 13 → 150 @ 11', () => {
    const a = applyBuy(EMPTY_POSITION, 100, 10);
    expect(s(a)).toEqual({ quantity: '100', avg_cost: '10', realized_pnl: '0' });
    const b = applyBuy(a, 50, 13);
    // (1000 + 650) / 150 = 11
    expect(s(b)).toEqual({ quantity: '150', avg_cost: '11', realized_pnl: '0' });
  });

  it('commission goes into the cost basis', () => {
    // (100 × 10 + 1) / 100 = 10.01
    expect(applyBuy(EMPTY_POSITION, 100, 10, 1).avg_cost.toFixed()).toBe('10.01');
  });

  it('avg cost is rounded half-even to 6 dp', () => {
    // 3 @ 10, 4 @ 11 → 74 / 7 = 10.571428571… → 10.571429
    expect(applyBuy(applyBuy(EMPTY_POSITION, 3, 10), 4, 11).avg_cost.toFixed()).toBe('10.571429');
    // ties: 20.000001 / 2 = 10.0000005 → 10 (even), 20.000003 / 2 = 10.0000015 → 10.000002
    expect(applyBuy(applyBuy(EMPTY_POSITION, 1, '10.000001'), 1, 10).avg_cost.toFixed()).toBe('10');
    expect(applyBuy(applyBuy(EMPTY_POSITION, 1, '10.000003'), 1, 10).avg_cost.toFixed()).toBe('10.000002');
  });

  it('refuses non-positive quantities and negative prices', () => {
    expect(() => applyBuy(EMPTY_POSITION, 0, 10)).toThrow(RangeError);
    expect(() => applyBuy(EMPTY_POSITION, 1, -1)).toThrow(RangeError);
    expect(() => applyBuy(EMPTY_POSITION, 1, 1, -1)).toThrow(RangeError);
  });
});

describe('average cost: sells and realized P&L', () => {
  const held = applyBuy(applyBuy(EMPTY_POSITION, 100, 10), 50, 13); // 150 @ 11

  it('sell 60 @ 12 → realized 60, avg cost unchanged', () => {
    const r = applySell(held, 60, 12);
    expect(r.realized.toFixed()).toBe('60');
    expect(r.proceeds.toFixed()).toBe('720');
    expect(s(r.position)).toEqual({ quantity: '90', avg_cost: '11', realized_pnl: '60' });
  });

  it('a loss is negative and accumulates; closing resets avg cost but keeps realized P&L', () => {
    const a = applySell(held, 60, 12); // +60
    const b = applySell(a.position, 90, 10.5); // (10.5 − 11) × 90 = −45
    expect(b.realized.toFixed()).toBe('-45');
    expect(s(b.position)).toEqual({ quantity: '0', avg_cost: '0', realized_pnl: '15' });
  });

  it('sell commission reduces realized P&L and proceeds', () => {
    const r = applySell(held, 60, 12, '1.25');
    expect(r.realized.toFixed()).toBe('58.75');
    expect(r.proceeds.toFixed()).toBe('718.75');
  });

  it('round trip with commissions: realized = cash out − cash in', () => {
    const bought = applyBuy(EMPTY_POSITION, 10, 100, 1); // pays 1001, avg 100.1
    const sold = applySell(bought, 10, 110, 1); // receives 1099
    expect(sold.realized.toFixed()).toBe('98');
  });

  it('refuses selling more than is held', () => {
    expect(() => applySell(held, 151, 12)).toThrow(InsufficientPositionError);
    expect(() => applySell(held, 151, 12)).toThrow('insufficient position: required 151, available 150');
    expect(() => applySell(EMPTY_POSITION, '0.00000001', 12)).toThrow(
      expect.objectContaining({ code: 'InsufficientPosition' }),
    );
  });

  it('fractional quantities stay exact where float math drifts', () => {
    // float: 0.1 + 0.2 = 0.30000000000000004, and 0.3 − that ≠ 0, so the position would never close.
    const p = applyBuy(applyBuy(EMPTY_POSITION, '0.1', 100), '0.2', 100);
    expect(p.quantity.toFixed()).toBe('0.3');
    const r = applySell(p, '0.3', 110);
    expect(s(r.position)).toEqual({ quantity: '0', avg_cost: '0', realized_pnl: '3' });
  });

  it('fractional realized P&L by hand', () => {
    // 2.5 @ 100.10 + 0.7 @ 99.90 = 250.25 + 69.93 = 320.18 / 3.2 = 100.05625
    const p = applyBuy(applyBuy(EMPTY_POSITION, '2.5', '100.10'), '0.7', '99.90');
    expect(p.avg_cost.toFixed()).toBe('100.05625');
    // (101.335 − 100.05625) × 1.1 = 1.406625 → 1.4066 (float gives 1.406624999999987)
    const r = applySell(p, '1.1', '101.335');
    expect(r.realized.toFixed()).toBe('1.4066');
    expect(r.position.quantity.toFixed()).toBe('2.1');
    expect(r.position.avg_cost.toFixed()).toBe('100.05625');
  });

  it('money ties round half-even on the exact value (float gets this one wrong)', () => {
    // 0.35 × 1.005 = 0.35175 exactly → 0.3518 (tie, 7 is odd → 8); float: 0.35 * 1.005 → 0.3517
    expect(marketValue('0.35', '1.005').toFixed()).toBe('0.3518');
    expect(Number((0.35 * 1.005).toFixed(4))).toBe(0.3517);
    // 2.5 × 10.0001 = 25.00025 → 25.0002 (tie to even; half-up would say 25.0003)
    expect(marketValue('2.5', '10.0001').toFixed()).toBe('25.0002');
  });
});

describe('transfers', () => {
  it('transfer in merges with a weighted average, no realized P&L', () => {
    const p = applySell(applyBuy(EMPTY_POSITION, 100, 150), 20, 160).position; // 80 @ 150, realized 200
    const t = transferIn(p, 20, 175);
    // (80 × 150 + 20 × 175) / 100 = (12000 + 3500) / 100 = 155
    expect(s(t)).toEqual({ quantity: '100', avg_cost: '155', realized_pnl: '200' });
  });

  it('transfer in to an empty position sets the cost', () => {
    expect(s(transferIn(EMPTY_POSITION, 100, '175.00'))).toEqual({
      quantity: '100',
      avg_cost: '175',
      realized_pnl: '0',
    });
  });

  it('transfer out reduces quantity without P&L; all out resets avg cost', () => {
    const p = transferIn(EMPTY_POSITION, 100, 175);
    const part = transferOut(p, 40);
    expect(s(part.position)).toEqual({ quantity: '60', avg_cost: '175', realized_pnl: '0' });
    expect(part.cost_basis.toFixed()).toBe('7000');
    const all = transferOut(part.position, 60);
    expect(s(all.position)).toEqual({ quantity: '0', avg_cost: '0', realized_pnl: '0' });
    expect(() => transferOut(p, 101)).toThrow(InsufficientPositionError);
  });
});

describe('valuation', () => {
  // The seed's example: 100 AAPL @ 150, now 175.84, weight 11.72 of a 150,000 portfolio.
  it('market value, unrealized P&L and its percent', () => {
    expect(marketValue(100, '175.84').toFixed()).toBe('17584');
    expect(unrealizedPnl(100, 150, '175.84').toFixed()).toBe('2584');
    // 25.84 / 150 × 100 = 17.2266… → 17.23 once serialized
    expect(unrealizedPnlPercent(150, '175.84')?.toDecimalPlaces(2).toFixed()).toBe('17.23');
    expect(unrealizedPnl(100, 150, 140).toFixed()).toBe('-1000');
    expect(unrealizedPnlPercent(150, 140)?.toDecimalPlaces(4).toFixed()).toBe('-6.6667');
    expect(unrealizedPnlPercent(0, 140)).toBeNull();
    expect(costBasis(100, 150).toFixed()).toBe('15000');
  });

  it('weight is a percent of total value (cash included)', () => {
    const total = totalValue('132416', ['17584']);
    expect(total.toFixed()).toBe('150000');
    expect(weight('17584', total).toDecimalPlaces(2).toFixed()).toBe('11.72');
    expect(weight('100', 0).toFixed()).toBe('0');
  });

  it('percentOf is null for a zero base', () => {
    expect(percentOf(5, 0)).toBeNull();
    expect(percentOf(5, 200)?.toFixed()).toBe('2.5');
  });
});

describe('day change', () => {
  it('held overnight: against the previous close', () => {
    const r = dayChange({ quantity: 100, current_price: '175.84', previous_close: '173.50' });
    expect(r.day_change.toFixed()).toBe('234'); // 2.34 × 100
    expect(r.reference_value.toFixed()).toBe('17350');
    expect(r.day_change_percent?.toDecimalPlaces(2).toFixed()).toBe('1.35'); // 234 / 17350 = 1.3487%
  });

  it('bought today: counts from the fill price', () => {
    const r = dayChange({
      quantity: 150,
      current_price: 12,
      previous_close: 10,
      today: [{ side: 'buy', quantity: 50, price: 13 }],
    });
    // overnight 100: +200; today's 50: (12 − 13) × 50 = −50
    expect(r.day_change.toFixed()).toBe('150');
    expect(r.reference_value.toFixed()).toBe('1650');
  });

  it('sold today: the sale counts against the previous close; commissions count', () => {
    const r = dayChange({
      quantity: 40,
      current_price: 12,
      previous_close: 10,
      today: [{ side: 'sell', quantity: 60, price: '11.5', commission: 1 }],
    });
    // held 40: +80; sold 60 at 11.5 vs 10: +90, − 1 commission → 169
    expect(r.day_change.toFixed()).toBe('169');
  });

  it('fully sold today and transferred in today', () => {
    expect(
      dayChange({
        quantity: 0,
        current_price: 12,
        previous_close: 10,
        today: [{ side: 'sell', quantity: 10, price: 10.5 }],
      }).day_change.toFixed(),
    ).toBe('5');
    const t = dayChange({
      quantity: 100,
      current_price: '175.84',
      previous_close: null,
      today: [{ side: 'buy', quantity: 100, price: 175 }],
    });
    expect(t.day_change.toFixed()).toBe('84');
    expect(t.day_change_percent?.toDecimalPlaces(2).toFixed()).toBe('0.48');
  });

  it('no previous close and nothing traded today: no change', () => {
    const r = dayChange({ quantity: 10, current_price: 50, previous_close: null });
    expect(r.day_change.toFixed()).toBe('0');
  });

  it('refuses flows inconsistent with the quantity held', () => {
    expect(() =>
      dayChange({ quantity: 10, current_price: 1, previous_close: 1, today: [{ side: 'buy', quantity: 11, price: 1 }] }),
    ).toThrow(DayFlowMismatchError);
  });

  it('fractional: exact to the cent where floats would not be', () => {
    const r = dayChange({
      quantity: '0.3',
      current_price: '100.01',
      previous_close: '100',
      today: [
        { side: 'buy', quantity: '0.1', price: '100.005' },
        { side: 'buy', quantity: '0.2', price: '100.005' },
      ],
    });
    // 0.3 × (100.01 − 100.005) = 0.0015 → 0.0015
    expect(r.day_change.toFixed()).toBe('0.0015');
    expect(d(r.reference_value).toFixed()).toBe('30.0015');
  });
});
