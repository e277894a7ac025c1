import { Inject, Injectable } from '@nestjs/common';
import { marketConfig, type MarketConfig } from '../config/market.config';
import { InstrumentsService } from './instruments.service';
import { CLOCK, type Clock } from './market.contracts';
import { MARKET_DATA_PROVIDER, type MarketDataProvider, type ProviderQuote } from './providers/provider';
import { QuoteSource } from './quote-source.service';
import { rankTrending, relativeVolume } from './ranking';
import { expectedVolumeShare, sessionFor } from './simulator';

export interface TrendingRow {
  symbol: string;
  name: string;
  price: number;
  change_percent: number;
  volume: number;
  relative_volume: number;
}

const SQRT_252 = Math.sqrt(252);

/** The trending list: every instrument ranked by move and relative volume, computed at most once per quote TTL. */
@Injectable()
export class TrendingService {
  private cached: { at: number; rows: TrendingRow[] } | null = null;

  constructor(
    @Inject(marketConfig.KEY) private readonly config: MarketConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(MARKET_DATA_PROVIDER) private readonly provider: MarketDataProvider,
    private readonly instruments: InstrumentsService,
    private readonly quotes: QuoteSource,
  ) {}

  async trending(limit: number): Promise<{ rows: TrendingRow[]; asOf: Date }> {
    const now = this.clock.now();
    const ms = now.getTime();
    const ttl = Math.max(this.config.quoteTtlMs, 1);
    if (!this.cached || ms < this.cached.at || ms - this.cached.at >= ttl) {
      this.cached = { at: ms, rows: await this.compute(now) };
    }
    return { rows: this.cached.rows.slice(0, limit), asOf: now };
  }

  /** A price changed outside the clock (manual quote, import): the next request recomputes. */
  invalidate(): void {
    this.cached = null;
  }

  private async compute(now: Date): Promise<TrendingRow[]> {
    const list = this.instruments.list();
    await this.provider.prefetch?.(list.map((i) => i.symbol));
    const inputs: Array<TrendingRow & { changePercent: number; relativeVolume: number; dailyVol: number }> = [];
    for (const i of list) {
      let q: ProviderQuote;
      try {
        q = await this.quotes.snapshot(i.symbol);
      } catch {
        continue;
      }
      if (!(q.previousClose > 0)) continue;
      const changePercent = ((q.price - q.previousClose) / q.previousClose) * 100;
      const session = sessionFor(q.sessionDate);
      const elapsed = session
        ? (Math.min(now.getTime(), session.closeUtc.getTime()) - session.openUtc.getTime()) /
          (session.closeUtc.getTime() - session.openUtc.getTime())
        : 1;
      const rv = relativeVolume(q.volume, i.avgVolume ? i.avgVolume.toNumber() : 0, expectedVolumeShare(elapsed));
      inputs.push({
        symbol: i.symbol,
        name: i.name,
        price: q.price,
        change_percent: changePercent,
        volume: q.volume,
        relative_volume: rv,
        changePercent,
        relativeVolume: rv,
        dailyVol: i.annualVol ? i.annualVol.toNumber() / SQRT_252 : 0.01,
      });
    }
    return rankTrending(inputs, 50).map(({ symbol, name, price, change_percent, volume, relative_volume }) => ({
      symbol,
      name,
      price,
      change_percent,
      volume,
      relative_volume,
    }));
  }
}
