import type { DataSource } from 'typeorm';
import { BarStore } from './bar-store';
import type { MarketDataProvider, ProviderDailyBar } from './providers/provider';

/** A DataSource that stores nothing and records the statements it was given. */
function fakeDb(): { db: DataSource; inserts: number } {
  const state = { inserts: 0 };
  const query = async (sql: string) => {
    if (sql.includes('INSERT INTO daily_bars')) state.inserts++;
    return [];
  };
  return {
    db: { query, manager: { query } } as unknown as DataSource,
    get inserts() {
      return state.inserts;
    },
  };
}

function provider(onBars: () => void): MarketDataProvider & { tag: string } {
  const p = {
    name: 'simulated',
    storageTag: 'simulated:s',
    tag: 'simulated:s',
    completeHistory: true,
    sharedCache: false,
    storageTagFor: () => p.tag,
    historyStart: () => '2025-06-02',
    async dailyBars(_s: string, from: string): Promise<ProviderDailyBar[]> {
      onBars();
      return [{ date: from, open: 1, high: 1, low: 1, close: 1, adjClose: 1, volume: 1 }];
    },
  };
  return p as unknown as MarketDataProvider & { tag: string };
}

describe('BarStore', () => {
  const asOf = new Date('2025-06-10T21:00:00Z');

  it('stores generated bars under the tag they were made with', async () => {
    const f = fakeDb();
    await new BarStore(f.db).daily(provider(() => undefined), 'AAPL', '2025-06-02', '2025-06-06', asOf);
    expect(f.inserts).toBe(1);
  });

  it('stores nothing under the old tag when an import changed the history while the bars were made, and answers from the new one', async () => {
    const f = fakeDb();
    const tags: string[] = [];
    const p = provider(() => {
      tags.push(p.tag);
      if (tags.length === 1) p.tag = 'simulated:s~0123456789abcdef';
    });
    await new BarStore(f.db).daily(p, 'AAPL', '2025-06-02', '2025-06-06', asOf);
    // First attempt made bars under the old tag and stored none; the retry made and stored them under the new one.
    expect(tags).toEqual(['simulated:s', 'simulated:s~0123456789abcdef']);
    expect(f.inserts).toBe(1);
  });
});
