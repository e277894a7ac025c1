import { join } from 'node:path';
import type { TestingModuleBuilder } from '@nestjs/testing';
import type { ManualClock } from '../../src/market/clock';
import { CLOCK } from '../../src/market/market.contracts';

export const FIXTURES = join(__dirname, '..', 'fixtures', 'market');
/** Tuesday 2025-06-10, 11:30 in New York: the market is open. */
export const OPEN = '2025-06-10T15:30:00.000Z';
/** Saturday 2025-06-14, 08:00 in New York. */
export const SATURDAY = '2025-06-14T12:00:00.000Z';

export const withClock = (clock: ManualClock) => (b: TestingModuleBuilder) => b.overrideProvider(CLOCK).useValue(clock);

/** A bar of GET /api/market/historical/{symbol}. */
export type Bar = { date: string; open: number; high: number; low: number; close: number; volume: number; adj_close?: number; source?: string };

export function expectOhlc(bars: Bar[]): void {
  for (const b of bars) {
    expect(b.low).toBeLessThanOrEqual(Math.min(b.open, b.close));
    expect(b.high).toBeGreaterThanOrEqual(Math.max(b.open, b.close));
    expect(b.volume).toBeGreaterThanOrEqual(0);
  }
}
