import { CircuitBreaker, CircuitOpenError } from './circuit-breaker';
import { backoffDelay, withRetry } from './retry';

describe('CircuitBreaker', () => {
  let now = 0;
  const make = () => new CircuitBreaker({ failureThreshold: 3, cooldownMs: 30_000, now: () => now });
  const ok = () => Promise.resolve('ok');
  const boom = () => Promise.reject(new Error('boom'));

  beforeEach(() => {
    now = 1_000_000;
  });

  it('opens after the threshold of consecutive failures and fails fast while open', async () => {
    const cb = make();
    for (let i = 0; i < 3; i++) await expect(cb.run(boom)).rejects.toThrow('boom');
    expect(cb.state).toBe('open');
    const fn = jest.fn(ok);
    await expect(cb.run(fn)).rejects.toBeInstanceOf(CircuitOpenError);
    expect(fn).not.toHaveBeenCalled();
  });

  it('resets the failure count on success', async () => {
    const cb = make();
    await expect(cb.run(boom)).rejects.toThrow();
    await expect(cb.run(boom)).rejects.toThrow();
    await cb.run(ok);
    await expect(cb.run(boom)).rejects.toThrow();
    expect(cb.state).toBe('closed');
    expect(cb.consecutiveFailures).toBe(1);
  });

  it('lets one trial through after the cooldown; success closes it', async () => {
    const cb = make();
    for (let i = 0; i < 3; i++) await expect(cb.run(boom)).rejects.toThrow();
    now += 30_000;
    expect(cb.state).toBe('half_open');
    let release!: (v: string) => void;
    const trial = cb.run(() => new Promise<string>((r) => (release = r)));
    await expect(cb.run(ok)).rejects.toBeInstanceOf(CircuitOpenError); // only one trial at a time
    release('done');
    await expect(trial).resolves.toBe('done');
    expect(cb.state).toBe('closed');
  });

  it('re-opens for a full cooldown when the trial fails', async () => {
    const cb = make();
    for (let i = 0; i < 3; i++) await expect(cb.run(boom)).rejects.toThrow();
    now += 30_000;
    await expect(cb.run(boom)).rejects.toThrow('boom');
    expect(cb.state).toBe('open');
    now += 29_999;
    await expect(cb.run(ok)).rejects.toBeInstanceOf(CircuitOpenError);
    now += 1;
    await expect(cb.run(ok)).resolves.toBe('ok');
  });
});

describe('withRetry', () => {
  const options = { retries: 2, baseDelayMs: 100, maxDelayMs: 1000, random: () => 1 };

  it('retries retryable errors with exponential backoff, then gives up', async () => {
    const delays: number[] = [];
    const fn = jest.fn(() => Promise.reject(new Error('timeout')));
    await expect(
      withRetry(fn, { ...options, retryable: () => true, sleep: async (ms) => void delays.push(ms) }),
    ).rejects.toThrow('timeout');
    expect(fn).toHaveBeenCalledTimes(3);
    expect(delays).toEqual([100, 200]);
  });

  it('does not retry errors that are not retryable', async () => {
    const fn = jest.fn(() => Promise.reject(new Error('not found')));
    await expect(withRetry(fn, { ...options, retryable: () => false, sleep: async () => {} })).rejects.toThrow();
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('returns the first success', async () => {
    let n = 0;
    const result = await withRetry(async () => (++n < 2 ? Promise.reject(new Error('x')) : 'ok'), {
      ...options,
      retryable: () => true,
      sleep: async () => {},
    });
    expect(result).toBe('ok');
    expect(n).toBe(2);
  });

  it('caps the backoff and jitters it', () => {
    expect(backoffDelay(10, options, () => 1)).toBe(1000);
    expect(backoffDelay(3, options, () => 0.5)).toBe(200);
    expect(backoffDelay(1, options, () => 0)).toBe(0);
  });
});
