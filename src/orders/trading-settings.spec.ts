import { ConfigError } from '../config/env';
import { loadOrdersConfig } from '../config/orders.config';

describe('trading configuration', () => {
  it('defaults to no commission, no slippage, a 2.5 % collar, a 10 % volume share and fractional market orders', () => {
    expect(loadOrdersConfig({})).toEqual({
      commission: { kind: 'none' },
      slippageBps: '0',
      marketCollarBps: '250',
      maxVolumeShare: '0.1',
      fractionalOrders: 'market',
      sweepIntervalMs: 1000,
      outboxPollMs: 500,
    });
  });

  it('reads per-share or bps commission with a minimum', () => {
    expect(loadOrdersConfig({ COMMISSION_PER_SHARE: '0.005', COMMISSION_MINIMUM: '1' }).commission).toEqual({ kind: 'per_share', per_share: '0.005', minimum: '1' });
    expect(loadOrdersConfig({ COMMISSION_BPS: '2.5' }).commission).toEqual({ kind: 'bps', bps: '2.5', minimum: '0' });
  });

  it.each([
    [{ COMMISSION_PER_SHARE: '0.01', COMMISSION_BPS: '1' }, 'COMMISSION_BPS'],
    [{ SLIPPAGE_BPS: '-1' }, 'SLIPPAGE_BPS'],
    [{ SLIPPAGE_BPS: '1001' }, 'SLIPPAGE_BPS'],
    [{ MAX_VOLUME_SHARE: '0' }, 'MAX_VOLUME_SHARE'],
    [{ MAX_VOLUME_SHARE: '1.5' }, 'MAX_VOLUME_SHARE'],
    [{ MARKET_ORDER_COLLAR_BPS: 'lots' }, 'MARKET_ORDER_COLLAR_BPS'],
    [{ FRACTIONAL_ORDERS: 'some' }, 'FRACTIONAL_ORDERS'],
    [{ ORDER_SWEEP_INTERVAL_MS: '1' }, 'ORDER_SWEEP_INTERVAL_MS'],
  ])('refuses %p naming %s', (env, name) => {
    expect(() => loadOrdersConfig(env)).toThrow(ConfigError);
    expect(() => loadOrdersConfig(env)).toThrow(new RegExp(name));
  });
});
