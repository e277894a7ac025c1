import { setImmediate as tick } from 'node:timers/promises';
import { d } from '../common/decimal';
import type { MarketConfig } from '../config/market.config';
import { ManualClock } from './clock';
import type { Instrument } from './entities/instrument.entity';
import type { InstrumentsService } from './instruments.service';
import type { MarketDataProvider, ProviderQuote } from './providers/provider';
import type { QuoteSource } from './quote-source.service';
import { TrendingService } from './trending.service';

const SYMBOLS = ['AAA', 'BBB', 'CCC', 'DDD'];

function setup(warm = false) {
  const clock = new ManualClock('2025-06-10T15:00:00.000Z');
  const snapshots: string[] = [];
  const quote = (symbol: string, i: number): ProviderQuote => ({
    symbol,
    price: 100 + i,
    bid: 99,
    ask: 101,
    open: 100,
    high: 105,
    low: 95,
    volume: 1_000_000,
    previousClose: 100,
    timestamp: clock.now().getTime(),
    sessionDate: '2025-06-10',
    source: 'simulated',
    stale: false,
  });
  const quotes = {
    snapshot: async (symbol: string) => {
      snapshots.push(symbol);
      return quote(symbol, SYMBOLS.indexOf(symbol));
    },
  } as unknown as QuoteSource;
  const list = SYMBOLS.map((symbol) => ({ symbol, name: `${symbol} Inc`, avgVolume: d(2_000_000), annualVol: d('0.3') }) as unknown as Instrument);
  const instruments = { list: () => list } as unknown as InstrumentsService;
  const config = { quoteTtlMs: 1000, trendingWarm: warm } as MarketConfig;
  const service = new TrendingService(config, clock, { name: 'simulated' } as MarketDataProvider, instruments, quotes);
  return { service, clock, snapshots };
}

describe('TrendingService', () => {
  it('shares one computation between concurrent first requests and caches it for the quote TTL', async () => {
    const { service, clock, snapshots } = setup();
    const [a, b, c] = await Promise.all([service.trending(10), service.trending(2), service.trending(10)]);
    expect(service.computations).toBe(1);
    expect(snapshots).toHaveLength(SYMBOLS.length);
    expect(a.rows.map((r) => r.symbol)).toEqual(['DDD', 'CCC', 'BBB', 'AAA']);
    expect(b.rows).toEqual(a.rows.slice(0, 2));
    expect(c.rows).toEqual(a.rows);
    clock.advance(999);
    await service.trending(10);
    expect(service.computations).toBe(1);
    clock.advance(1);
    await service.trending(10);
    expect(service.computations).toBe(2);
    expect(snapshots).toHaveLength(2 * SYMBOLS.length);
  });

  it('yields to the event loop between symbols instead of holding it for the whole universe', async () => {
    const { service, snapshots } = setup();
    const seenWhileComputing: number[] = [];
    const done = service.trending(10);
    for (let i = 0; i < SYMBOLS.length; i++) {
      await tick();
      seenWhileComputing.push(snapshots.length);
    }
    await done;
    // Other callbacks ran while the computation was part-way through the list.
    expect(seenWhileComputing.some((n) => n > 0 && n < SYMBOLS.length)).toBe(true);
  });

  it('warms the list after boot without being awaited, so the first request does no work', async () => {
    const { service, snapshots } = setup(true);
    expect(service.onApplicationBootstrap()).toBeUndefined();
    await service.trending(10);
    expect(service.computations).toBe(1);
    expect(snapshots).toHaveLength(SYMBOLS.length);
  });

  it('does not warm when trendingWarm is off', () => {
    const { service } = setup(false);
    service.onApplicationBootstrap();
    expect(service.computations).toBe(0);
  });

  it('recomputes after invalidate()', async () => {
    const { service } = setup();
    await service.trending(10);
    service.invalidate();
    await service.trending(10);
    expect(service.computations).toBe(2);
  });
});
