/**
 * Access tokens whose signature, issuer and claims were already verified, kept until they expire. A token is its own
 * key: only the exact bytes that passed verification hit, so a forged or altered token always goes to the verifier.
 * Bounded: the oldest entry goes first when full. Session revocation is not cached here (the guard still asks
 * AuthService, which caches that for a few seconds).
 */
export class VerifiedTokenCache<T> {
  private readonly entries = new Map<string, { value: T; expiresAt: number }>();

  constructor(private readonly maxEntries = 10_000) {}

  get size(): number {
    return this.entries.size;
  }

  get(token: string, now: number): T | undefined {
    const hit = this.entries.get(token);
    if (!hit) return undefined;
    if (hit.expiresAt <= now) {
      this.entries.delete(token);
      return undefined;
    }
    return hit.value;
  }

  set(token: string, value: T, expiresAt: number, now: number): void {
    if (!(expiresAt > now)) return;
    this.entries.delete(token);
    while (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    this.entries.set(token, { value, expiresAt });
  }
}

/** The `exp` claim (ms since epoch) of a JWT that has already been verified, or null. */
export function verifiedTokenExpiry(token: string): number | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const exp = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown }).exp;
    return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : null;
  } catch {
    return null;
  }
}
