import type { Client } from 'openapi-fetch';
import { errorFromResponse } from './errors';
import type { components, paths } from './schema';
import type { AuthProvider } from './transport';

type Tokens = components['schemas']['TokenDto'];

/** Routes that authenticate by their body, never by a header, and whose 401 means "wrong credentials". */
const CREDENTIAL_ROUTES = new Set(['/api/auth/login', '/api/auth/register', '/api/auth/refresh']);

export interface Credentials {
  apiKey?: string;
  email?: string;
  password?: string;
  /** An access token (and optionally its refresh token) from an earlier login. */
  accessToken?: string;
  refreshToken?: string;
}

/**
 * Holds the client's credentials. An API key is sent as `X-API-Key`. With email/password the session is
 * opened lazily and its access token refreshed `refreshSkewMs` before expiry and after a 401 (one refresh at a
 * time; a refused refresh falls back to a fresh login with the password).
 */
export class Session implements AuthProvider {
  private accessToken: string | null;
  private refreshToken: string | null;
  private expiresAt = Number.POSITIVE_INFINITY;
  private pending: Promise<void> | null = null;
  /** Set by the client once its openapi-fetch instance exists (the session logs in through it). */
  api!: Client<paths>;

  constructor(
    private readonly credentials: Credentials,
    private readonly refreshSkewMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.accessToken = credentials.accessToken ?? null;
    this.refreshToken = credentials.refreshToken ?? null;
  }

  get usesApiKey(): boolean {
    return this.credentials.apiKey !== undefined && this.accessToken === null;
  }

  /** The bearer credential realtime connections send (`auth.token`): the API key or a fresh access token. */
  async token(): Promise<string | null> {
    if (this.usesApiKey) return this.credentials.apiKey!;
    await this.ensureFresh();
    return this.accessToken;
  }

  async headers(path: string): Promise<Record<string, string>> {
    if (CREDENTIAL_ROUTES.has(path)) return {};
    if (this.usesApiKey) return { 'X-API-Key': this.credentials.apiKey! };
    await this.ensureFresh();
    return this.accessToken ? { Authorization: `Bearer ${this.accessToken}` } : {};
  }

  async refreshAfter401(path: string): Promise<boolean> {
    if (CREDENTIAL_ROUTES.has(path) || this.usesApiKey) return false;
    if (!this.refreshToken && !this.hasPassword()) return false;
    await this.renew(true);
    return this.accessToken !== null;
  }

  /** Stores tokens from a login or refresh answered outside the session (client.auth.login). */
  adopt(tokens: Tokens): void {
    this.accessToken = tokens.access_token;
    this.refreshToken = tokens.refresh_token;
    this.expiresAt = this.now() + tokens.expires_in * 1000;
  }

  /** Forgets the tokens (after logout); an API key or password still authenticates later requests. */
  clear(): void {
    this.accessToken = null;
    this.refreshToken = null;
    this.expiresAt = Number.POSITIVE_INFINITY;
  }

  get currentRefreshToken(): string | null {
    return this.refreshToken;
  }

  /** Makes the access token look expired, so the next request refreshes it first. */
  expireAccessToken(): void {
    if (this.accessToken) this.expiresAt = this.now();
  }

  private hasPassword(): boolean {
    return this.credentials.email !== undefined && this.credentials.password !== undefined;
  }

  private async ensureFresh(): Promise<void> {
    const stale = this.accessToken === null ? this.hasPassword() : this.now() >= this.expiresAt - this.refreshSkewMs;
    if (stale && (this.refreshToken || this.hasPassword())) await this.renew(false);
  }

  private renew(force: boolean): Promise<void> {
    if (!this.pending) {
      this.pending = this.doRenew(force).finally(() => (this.pending = null));
    }
    return this.pending;
  }

  private async doRenew(_force: boolean): Promise<void> {
    if (this.refreshToken) {
      const { data, response } = await this.api.POST('/api/auth/refresh', { body: { refresh_token: this.refreshToken } });
      if (data && response.ok) return this.adopt(data);
      this.refreshToken = null;
      if (!this.hasPassword()) {
        this.accessToken = null;
        return;
      }
    }
    if (!this.hasPassword()) return;
    const { data, error, response } = await this.api.POST('/api/auth/login', {
      body: { email: this.credentials.email!, password: this.credentials.password! },
    });
    if (!data || !response.ok) throw errorFromResponse(response, error);
    this.adopt(data);
  }
}
