import { d } from '../../common/decimal';
import type { MarketQuote } from '../../market/market.contracts';
import { quoteMessage } from './quotes';
import { valuationMessage } from './valuation';

const q = (symbol: string, price: string, prev: string, at = '2024-01-15T16:30:00.123Z'): MarketQuote => ({
  symbol,
  price: d(price),
  bid: d(price).minus('0.01'),
  ask: d(price).plus('0.01'),
  open: d(prev),
  high: d(price),
  low: d(prev),
  previous_close: d(prev),
  volume: d('89234567'),
  tick_volume: d(10),
  timestamp: new Date(at),
  source: 'simulated',
  stale: false,
});

describe('quoteMessage', () => {
  it("has the seed's fields plus bid/ask, change_percent, source and stale", () => {
    expect(quoteMessage(q('AAPL', '175.84', '173.69'))).toEqual({
      type: 'quote',
      symbol: 'AAPL',
      price: 175.84,
      change: 2.15,
      change_percent: 1.24,
      volume: 89234567,
      bid: 175.83,
      ask: 175.85,
      timestamp: '2024-01-15T16:30:00.123Z',
      source: 'simulated',
      stale: false,
    });
    expect(quoteMessage(q('AAPL', '1', '1'), true).snapshot).toBe(true);
  });
});

describe('valuationMessage', () => {
  it('values positions at quotes, in the seed fields, exactly', () => {
    const m = valuationMessage(
      {
        portfolio_id: 'p',
        user_id: 'u',
        currency: 'USD',
        cash_balance: d('25000'),
        version: '1',
        positions: [
          { symbol: 'AAPL', quantity: d(100), avg_cost: d(150) },
          { symbol: 'OLD', quantity: d(0), avg_cost: d(1) },
          { symbol: 'NOQ', quantity: d(2), avg_cost: d('10.5') },
        ],
      },
      new Map([['AAPL', q('AAPL', '175.84', '173.69')]]),
      new Date('2024-01-15T16:31:00Z'),
    );
    // 25000 + 17584 + 21 (no quote: at cost)
    expect(m).toMatchObject({ id: 'p', total_value: 42605, cash_balance: 25000, day_change: 215, positions_count: 2 });
    expect(m.day_change_percent).toBe(0.51); // 215 / (42605 - 215)
    expect(m.positions[0]).toEqual({
      symbol: 'AAPL',
      quantity: 100,
      avg_cost: 150,
      current_price: 175.84,
      market_value: 17584,
      unrealized_pnl: 2584,
      unrealized_pnl_percent: 17.23,
      weight: 41.27,
    });
    expect(m.positions[1]).toMatchObject({ symbol: 'NOQ', current_price: 10.5, unrealized_pnl: 0 });
    expect(m.timestamp).toBe('2024-01-15T16:30:00.123Z');
  });

  it('handles an empty portfolio', () => {
    const m = valuationMessage({ portfolio_id: 'p', user_id: 'u', currency: 'USD', cash_balance: d(0), version: '1', positions: [] }, new Map(), new Date(0));
    // Nothing to measure today's change against: null, as REST says.
    expect(m).toMatchObject({ total_value: 0, day_change: 0, day_change_percent: null, positions: [] });
  });
});
