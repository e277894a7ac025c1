import { registerAs } from '@nestjs/config';
import { ConfigError, dec, type Env, int, str } from './env';

/**
 * The order engine and the ledger around it (the outbox relay and the NAV recorder run on its timers). Decimal
 * settings stay strings so money math never passes through a float.
 */
export interface OrdersConfig {
  /** Per order: `per_share` × shares or `bps` of notional, at least `minimum`; `none` like Alpaca. */
  commission:
    | { kind: 'none' }
    | { kind: 'per_share'; per_share: string; minimum: string }
    | { kind: 'bps'; bps: string; minimum: string };
  /** Adverse slippage on every fill, basis points. */
  slippageBps: string;
  /** A market (or stop) buy reserves last price × (1 + collar) + commission. */
  marketCollarBps: string;
  /** Largest share of one tick's volume a single fill may take, in (0, 1]. */
  maxVolumeShare: string;
  /** Which orders may have fractional quantities (≤ 6 dp): none, market orders only, or all. */
  fractionalOrders: 'none' | 'market' | 'all';
  /** How often the engine expires day orders, re-evaluates, syncs watched symbols and records closes. */
  sweepIntervalMs: number;
  /** How often the outbox relay polls for events left unpublished (e.g. by a crashed instance). */
  outboxPollMs: number;
}

const FRACTIONAL_POLICIES = ['none', 'market', 'all'] as const;

export function loadOrdersConfig(env: Env): OrdersConfig {
  const perShare = dec(env, 'COMMISSION_PER_SHARE', '0', 0, 100);
  const bps = dec(env, 'COMMISSION_BPS', '0', 0, 1000);
  const minimum = dec(env, 'COMMISSION_MINIMUM', '0', 0, 10000);
  if (Number(perShare) > 0 && Number(bps) > 0) throw new ConfigError('COMMISSION_BPS', 'cannot be combined with COMMISSION_PER_SHARE');
  const fractional = (str(env, 'FRACTIONAL_ORDERS') ?? 'market').toLowerCase();
  if (!(FRACTIONAL_POLICIES as readonly string[]).includes(fractional)) {
    throw new ConfigError('FRACTIONAL_ORDERS', `must be one of ${FRACTIONAL_POLICIES.join(', ')}, got "${fractional}"`);
  }
  return {
    commission:
      Number(perShare) > 0
        ? { kind: 'per_share', per_share: perShare, minimum }
        : Number(bps) > 0
          ? { kind: 'bps', bps, minimum }
          : { kind: 'none' },
    slippageBps: dec(env, 'SLIPPAGE_BPS', '0', 0, 1000),
    marketCollarBps: dec(env, 'MARKET_ORDER_COLLAR_BPS', '250', 0, 5000),
    maxVolumeShare: dec(env, 'MAX_VOLUME_SHARE', '0.1', 0, 1, true),
    fractionalOrders: fractional as OrdersConfig['fractionalOrders'],
    sweepIntervalMs: int(env, 'ORDER_SWEEP_INTERVAL_MS', 1000, 50, 60_000),
    outboxPollMs: int(env, 'OUTBOX_POLL_INTERVAL_MS', 500, 20, 60_000),
  };
}

export const ordersConfig = registerAs('orders', () => loadOrdersConfig(process.env));
