import { ValidationFailedError } from '../common/errors/app-error';
import type { EntityManager } from 'typeorm';
import { RequestInProgressError } from './errors';
import { canonicalJson, Claim, IdempotencyService, requestHash } from './idempotency.service';

describe('idempotency fingerprints', () => {
  it('hashes the same body the same whatever the key order, and differently for any change', () => {
    const a = requestHash({ method: 'POST', route: '/api/orders', body: { symbol: 'AAPL', quantity: 1, nested: { b: 1, a: [1, 2] } } });
    const b = requestHash({ method: 'POST', route: '/api/orders', body: { nested: { a: [1, 2], b: 1 }, quantity: 1, symbol: 'AAPL' } });
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(requestHash({ method: 'POST', route: '/api/orders', body: { symbol: 'AAPL', quantity: 2 } })).not.toBe(
      requestHash({ method: 'POST', route: '/api/orders', body: { symbol: 'AAPL', quantity: 1 } }),
    );
    // Same body on another endpoint is another request.
    expect(requestHash({ method: 'POST', route: '/api/portfolios', body: {} })).not.toBe(requestHash({ method: 'POST', route: '/api/orders', body: {} }));
  });

  it('writes canonical JSON, leaving out undefined fields', () => {
    expect(canonicalJson({ b: 1, a: undefined, c: [null, 'x'] })).toBe('{"b":1,"c":[null,"x"]}');
    expect(canonicalJson('s')).toBe('"s"');
  });

  it('accepts 1–255 printable ASCII characters as a key', () => {
    expect(IdempotencyService.validateKey(undefined)).toBeUndefined();
    expect(IdempotencyService.validateKey('a-1_B:2')).toBe('a-1_B:2');
    for (const bad of ['', 'x'.repeat(256), 'has space', 'tab\t', 'é']) {
      expect(() => IdempotencyService.validateKey(bad)).toThrow(ValidationFailedError);
    }
  });
});

describe('idempotency claims', () => {
  it('completing a claim whose lease a retry took over is RequestInProgress (409, retry for the stored answer), not a 500', async () => {
    const lost = { query: async () => [] } as unknown as EntityManager;
    const err = await new Claim('id', 'token').complete(lost, 201, {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RequestInProgressError);
    expect((err as RequestInProgressError).status).toBe(409);
    const held = { query: async () => [{ id: 'id' }] } as unknown as EntityManager;
    const claim = new Claim('id', 'token');
    await claim.complete(held, 201, {});
    expect(claim.completed).toBe(true);
  });
});
