import { allowedTimesInForce, apiFieldErrors, buildOrder, estimatedCost, type TicketInput } from './ticket';

const base: TicketInput = { portfolio_id: 'p1', symbol: 'aapl', side: 'buy', order_type: 'market', time_in_force: 'day', quantity: '10', price: '', stop_price: '' };

describe('order ticket', () => {
  it('builds a market order without price fields, symbol upper-cased', () => {
    expect(buildOrder(base)).toEqual({ errors: null, body: { portfolio_id: 'p1', symbol: 'AAPL', side: 'buy', order_type: 'market', time_in_force: 'day', quantity: 10 } });
  });

  it('sends only the prices an order type takes (the API refuses the others)', () => {
    const limit = buildOrder({ ...base, order_type: 'limit', price: '175.5', stop_price: '170' });
    expect(limit.body).toMatchObject({ price: 175.5 });
    expect(limit.body).not.toHaveProperty('stop_price');
    const stop = buildOrder({ ...base, order_type: 'stop', price: '175', stop_price: '170' });
    expect(stop.body).toMatchObject({ stop_price: 170 });
    expect(stop.body).not.toHaveProperty('price');
    expect(buildOrder({ ...base, order_type: 'stop_limit', price: '171', stop_price: '170', time_in_force: 'gtc' }).body).toMatchObject({ price: 171, stop_price: 170, time_in_force: 'gtc' });
  });

  it('names the field of every problem', () => {
    expect(buildOrder({ ...base, portfolio_id: '', symbol: '1ABC', quantity: '0' }).errors).toEqual({
      portfolio_id: expect.any(String),
      symbol: expect.any(String),
      quantity: expect.any(String),
    });
    expect(buildOrder({ ...base, quantity: '-1' }).errors).toHaveProperty('quantity');
    expect(buildOrder({ ...base, quantity: '1e3' }).errors).toHaveProperty('quantity');
    expect(buildOrder({ ...base, quantity: '0.123456789' }).errors).toEqual({ quantity: 'At most 8 decimals' });
    expect(buildOrder({ ...base, order_type: 'limit' }).errors).toHaveProperty('price');
    expect(buildOrder({ ...base, order_type: 'stop_limit', price: '10' }).errors).toEqual({ stop_price: expect.any(String) });
  });

  it('allows ioc and fok for market and limit orders only', () => {
    expect(allowedTimesInForce('market')).toEqual(['day', 'gtc', 'ioc', 'fok']);
    expect(allowedTimesInForce('stop')).toEqual(['day', 'gtc']);
    expect(buildOrder({ ...base, order_type: 'stop', stop_price: '1', time_in_force: 'fok' }).errors).toHaveProperty('time_in_force');
    expect(buildOrder({ ...base, time_in_force: 'ioc' }).errors).toBeNull();
  });

  it('estimates the cost at the limit, the stop, or the last price', () => {
    expect(estimatedCost({ ...base }, 100)).toBe(1000);
    expect(estimatedCost({ ...base, order_type: 'limit', price: '90' }, 100)).toBe(900);
    expect(estimatedCost({ ...base, order_type: 'stop', stop_price: '110' }, 100)).toBe(1100);
    expect(estimatedCost({ ...base }, null)).toBeNull();
    expect(estimatedCost({ ...base, quantity: '' }, 100)).toBeNull();
  });

  it("maps the API's validation body onto the fields it names", () => {
    expect(
      apiFieldErrors({
        message: 'price (the limit) is required for limit orders',
        details: { field: 'price', code: 'REQUIRED', errors: [{ field: 'price', code: 'REQUIRED', message: 'price (the limit) is required for limit orders' }, { field: 'quantity', code: 'INVALID', message: 'quantity must be positive' }] },
      }),
    ).toEqual({ price: 'price (the limit) is required for limit orders', quantity: 'quantity must be positive' });
    expect(apiFieldErrors({ message: 'Unknown symbol NOPE', details: { field: 'symbol', code: 'UNKNOWN_SYMBOL' } })).toEqual({ symbol: 'Unknown symbol NOPE' });
    expect(apiFieldErrors({ message: 'Insufficient funds', details: { required: 10, available: 1 } })).toEqual({ form: 'Insufficient funds' });
    expect(apiFieldErrors({ message: 'Bad', details: { field: 'not_a_ticket_field' } })).toEqual({ form: 'Bad' });
  });
});
