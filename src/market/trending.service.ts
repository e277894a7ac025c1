import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
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

/**
 * The trending list: every instrument ranked by move and relative volume, computed at most once per quote TTL.
 *
 * The first quote of a simulated symbol generates its daily history since the epoch (~20 years), so the first
 * computation touches every instrument's history at once: seconds of CPU. It therefore (1) yields to the event
 * loop after every symbol, so other requests and ticks keep flowing, (2) is shared by concurrent callers (one
 * computation in flight, never one per request), and (3) runs once after boot when `trendingWarm` is on,
 * without delaying startup, so the first user request finds it done.
 */
@Injectable()
export class TrendingService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Trending');
  private cached: { at: number; rows: TrendingRow[] } | null = null;
  private inflight: { at: number; rows: Promise<TrendingRow[]> } | null = null;
  /** How many full computations ran (one per TTL window at most; read by tests). */
  computations = 0;

  constructor(
    @Inject(marketConfig.KEY) private readonly config: MarketConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(MARKET_DATA_PROVIDER) private readonly provider: MarketDataProvider,
    private readonly instruments: InstrumentsService,
    private readonly quotes: QuoteSource,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.trendingWarm) return;
    const started = Date.now();
    this.trending(1).then(
      () => this.logger.log(`trending list warmed in ${Date.now() - started} ms`),
      (err: unknown) => this.logger.warn({ err: (err as Error).message }, 'trending warm-up failed; the first request computes it'),
    );
  }

  async trending(limit: number): Promise<{ rows: TrendingRow[]; asOf: Date }> {
    const now = this.clock.now();
    const ms = now.getTime();
    const rows = this.fresh(this.cached, ms) ? this.cached.rows : await this.computeShared(now);
    return { rows: rows.slice(0, limit), asOf: now };
  }

  /** A price changed outside the clock (manual quote, import): the next request recomputes. */
  invalidate(): void {
    this.cached = null;
    this.inflight = null;
  }

  private fresh<T extends { at: number }>(entry: T | null, ms: number): entry is T {
    const ttl = Math.max(this.config.quoteTtlMs, 1);
    return entry !== null && ms >= entry.at && ms - entry.at < ttl;
  }

  private async computeShared(now: Date): Promise<TrendingRow[]> {
    const ms = now.getTime();
    if (!this.fresh(this.inflight, ms)) {
      const entry = { at: ms, rows: this.compute(now) };
      this.inflight = entry;
      entry.rows.then(
        (rows) => {
          if (this.inflight === entry) {
            this.cached = { at: ms, rows };
            this.inflight = null;
          }
        },
        () => {
          if (this.inflight === entry) this.inflight = null;
        },
      );
    }
    return this.inflight!.rows;
  }

  private async compute(now: Date): Promise<TrendingRow[]> {
    this.computations += 1;
    const list = this.instruments.list();
    await this.provider.prefetch?.(list.map((i) => i.symbol));
    const inputs: Array<TrendingRow & { changePercent: number; relativeVolume: number; dailyVol: number }> = [];
    for (const i of list) {
      await yieldToEventLoop();
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
