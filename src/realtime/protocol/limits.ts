/**
 * A token bucket: `rate` tokens per second, holding at most `burst`. Time is passed in so tests need no clock.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly rate: number,
    private readonly burst: number,
    now: number,
  ) {
    this.tokens = burst;
    this.last = now;
  }

  take(now: number): boolean {
    const elapsed = Math.max(0, now - this.last) / 1000;
    this.last = now;
    this.tokens = Math.min(this.burst, this.tokens + elapsed * this.rate);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/**
 * What a connection does about messages over its rate: the first refusal in a second is answered with an error
 * message, further ones silently dropped; a client still sending at several times its rate is closed.
 */
export class FloodGuard {
  private readonly bucket: TokenBucket;
  private windowStart = 0;
  private refusedInWindow = 0;

  constructor(
    private readonly perSecond: number,
    now: number,
    /** Refusals within one second that get a client closed. */
    private readonly closeAfter = Math.max(50, perSecond * 5),
  ) {
    this.bucket = new TokenBucket(perSecond, perSecond, now);
  }

  /** `accept`: handle it; `warn`: refuse with an error message; `drop`: refuse silently; `close`: disconnect. */
  check(now: number): 'accept' | 'warn' | 'drop' | 'close' {
    if (this.bucket.take(now)) return 'accept';
    if (now - this.windowStart >= 1000) {
      this.windowStart = now;
      this.refusedInWindow = 0;
    }
    this.refusedInWindow++;
    if (this.refusedInWindow >= this.closeAfter) return 'close';
    return this.refusedInWindow === 1 ? 'warn' : 'drop';
  }
}

/** Counts per key (connections per IP, symbols per IP) with a ceiling. */
export class KeyedCounter {
  private readonly counts = new Map<string, number>();

  constructor(private readonly limit: number) {}

  get(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  /** Adds `n` if it keeps the key within the limit; returns whether it did. */
  tryAdd(key: string, n = 1): boolean {
    const next = this.get(key) + n;
    if (next > this.limit) return false;
    this.counts.set(key, next);
    return true;
  }

  /** How many of `n` more would still fit. */
  room(key: string): number {
    return Math.max(0, this.limit - this.get(key));
  }

  remove(key: string, n = 1): void {
    const next = this.get(key) - n;
    if (next <= 0) this.counts.delete(key);
    else this.counts.set(key, next);
  }

  get size(): number {
    return this.counts.size;
  }
}
