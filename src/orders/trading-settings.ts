import { Inject, Injectable } from '@nestjs/common';
import { d, Decimal } from '../common/decimal';
import { ordersConfig, type OrdersConfig } from '../config/orders.config';
import { CommissionSchedule, MatchingConfig } from './domain/matching';

/** The trading section of the configuration in the domain's terms. */
@Injectable()
export class TradingSettings {
  readonly commission: CommissionSchedule;
  readonly slippageBps: Decimal;
  readonly collarBps: Decimal;
  readonly maxVolumeShare: Decimal;
  readonly fractional: 'none' | 'market' | 'all';

  constructor(@Inject(ordersConfig.KEY) config: OrdersConfig) {
    const t = config;
    this.commission = t.commission;
    this.slippageBps = d(t.slippageBps);
    this.collarBps = d(t.marketCollarBps);
    this.maxVolumeShare = d(t.maxVolumeShare);
    this.fractional = t.fractionalOrders;
  }

  /** Whole-share orders fill in whole shares; fractional orders fill to 8 dp. */
  matching(quantity: Decimal): MatchingConfig {
    return { slippage_bps: this.slippageBps, max_volume_share: this.maxVolumeShare, allow_fractional: !quantity.isInteger() };
  }
}
