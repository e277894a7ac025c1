export type CircuitState = 'closed' | 'open' | 'half_open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long the circuit stays open before one trial call is let through. */
  cooldownMs: number;
  now: () => number;
}

export class CircuitOpenError extends Error {
  constructor(readonly retryAtMs: number) {
    super('Upstream circuit is open');
    this.name = 'CircuitOpenError';
  }
}

/**
 * Closed: calls go through; `failureThreshold` consecutive failures open it. Open: calls fail fast with
 * CircuitOpenError until `cooldownMs` has passed. Half-open: exactly one trial call goes through; its
 * success closes the circuit, its failure opens it again for another cooldown.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt = 0;
  private trialInFlight = false;
  private current: CircuitState = 'closed';

  constructor(private readonly options: CircuitBreakerOptions) {}

  get state(): CircuitState {
    if (this.current === 'open' && this.options.now() >= this.openedAt + this.options.cooldownMs) return 'half_open';
    return this.current;
  }

  get consecutiveFailures(): number {
    return this.failures;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    const state = this.state;
    if (state === 'open' || (state === 'half_open' && this.trialInFlight)) {
      throw new CircuitOpenError(this.openedAt + this.options.cooldownMs);
    }
    const trial = state === 'half_open';
    if (trial) this.trialInFlight = true;
    try {
      const result = await fn();
      this.failures = 0;
      this.current = 'closed';
      return result;
    } catch (err) {
      this.failures++;
      if (trial || this.failures >= this.options.failureThreshold) {
        this.current = 'open';
        this.openedAt = this.options.now();
      }
      throw err;
    } finally {
      if (trial) this.trialInFlight = false;
    }
  }
}
