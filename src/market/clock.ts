import type { Clock } from './market.contracts';

export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }
}

/**
 * A clock tests set and move by hand: `b.overrideProvider(CLOCK).useValue(new ManualClock('2025-06-10T15:00:00Z'))`.
 */
export class ManualClock implements Clock {
  private ms: number;

  constructor(start: Date | string | number = '2025-06-10T15:00:00.000Z') {
    this.ms = new Date(start).getTime();
    if (Number.isNaN(this.ms)) throw new RangeError(`Invalid clock time: ${String(start)}`);
  }

  now(): Date {
    return new Date(this.ms);
  }

  set(at: Date | string | number): void {
    const ms = new Date(at).getTime();
    if (Number.isNaN(ms)) throw new RangeError(`Invalid clock time: ${String(at)}`);
    this.ms = ms;
  }

  advance(ms: number): Date {
    this.ms += ms;
    return this.now();
  }
}
