import { d } from '../../common/decimal';
import { valuePortfolio } from './valuation';

const quotes = new Map([
  ['AAPL', { price: '110', previous_close: '100' }],
  ['MSFT', { price: '210', previous_close: '200' }],
  ['X', { price: '60', previous_close: '50' }],
  ['T', { price: '110', previous_close: '100' }],
]);

describe('valuePortfolio (the one valuation for REST and realtime)', () => {
  it('counts shares bought today from their price, held shares from the close and positions closed today', () => {
    const v = valuePortfolio(
      '10000',
      [
        { symbol: 'AAPL', quantity: '10', avg_cost: '105', today: [{ side: 'buy', quantity: '10', price: '105' }] },
        { symbol: 'MSFT', quantity: '5', avg_cost: '150' },
        { symbol: 'X', quantity: '0', avg_cost: '0', today: [{ side: 'sell', quantity: '4', price: '55' }] },
        { symbol: 'NOQ', quantity: '2', avg_cost: '10.5' },
      ],
      quotes,
    );
    // AAPL 1100 − 1050 = 50; MSFT 5 × (210 − 200) = 50; X sold 4 at 55 against a close of 50 = 20; NOQ at cost.
    expect(v.day_change.toFixed()).toBe('120');
    // 10000 + 1100 + 1050 + 21
    expect(v.total_value.toFixed()).toBe('12171');
    expect(v.positions_value.toFixed()).toBe('2171');
    // 120 / (12171 − 120) × 100
    expect(v.day_change_percent!.toFixed(10)).toBe(d(120).div(12051).mul(100).toFixed(10));
    expect(v.positions.map((p) => p.position.symbol)).toEqual(['AAPL', 'MSFT', 'NOQ']);
    expect(v.positions[0]).toMatchObject({ day_change: d(50) });
    expect(v.positions[0].day_change_percent!.toFixed(6)).toBe(d(50).div(1050).mul(100).toFixed(6));
    expect(v.positions[2].unrealized_pnl.toFixed()).toBe('0');
    expect(v.mismatched).toEqual([]);
  });

  it('counts a transfer out at the previous close, not at its own price', () => {
    const v = valuePortfolio('0', [{ symbol: 'T', quantity: '6', avg_cost: '90', today: [{ side: 'sell', quantity: '4', price: '90', at_previous_close: true }] }], quotes);
    // 6 × 110 − (10 × 100 − 4 × 100)
    expect(v.day_change.toFixed()).toBe('60');
  });

  it('is null on a zero base and names the positions whose flows do not reconcile', () => {
    expect(valuePortfolio('0', [], new Map())).toMatchObject({ day_change_percent: null, mismatched: [] });
    const v = valuePortfolio('0', [{ symbol: 'AAPL', quantity: '1', avg_cost: '1', today: [{ side: 'buy', quantity: '2', price: '1' }] }], quotes);
    expect(v.mismatched).toEqual(['AAPL']);
    expect(v.day_change.toFixed()).toBe('0');
  });

  it('lets unexpected errors surface', () => {
    expect(() => valuePortfolio('0', [{ symbol: 'AAPL', quantity: '1', avg_cost: '1', today: [{ side: 'buy', quantity: 'x', price: '1' }] }], quotes)).toThrow();
  });
});
