import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { marketProviderCircuit, onScrape } from '../common/metrics/metrics';
import { MARKET_DATA_PROVIDER, type MarketDataProvider } from './providers/provider';

const STATES = ['closed', 'open', 'half_open'] as const;

/** Exposes the upstream provider's circuit state on /metrics (providers without a breaker export nothing). */
@Injectable()
export class ProviderMetrics implements OnModuleDestroy {
  private readonly stop: () => void;

  constructor(@Inject(MARKET_DATA_PROVIDER) provider: MarketDataProvider) {
    this.stop = onScrape(() => {
      const state = provider.circuitState?.();
      if (state === undefined) return;
      for (const s of STATES) marketProviderCircuit.set({ provider: provider.name, state: s }, s === state ? 1 : 0);
    });
  }

  onModuleDestroy(): void {
    this.stop();
  }
}
