import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ApiKeysService } from '../auth/api-keys.service';
import { AccessTokenClaims, AuthService } from '../auth/auth.service';
import { tokenKind } from '../auth/auth.contracts';
import { MissingScopeError } from '../auth/errors';
import { REALTIME_SCOPE } from '../common/api-key-scope';
import type { UserRole } from '../common/user-role';
import { AppError, UnauthorizedError } from '../common/errors/app-error';

/** Who is on the other end of a connection. */
export interface Identity {
  userId: string;
  email: string;
  role: UserRole;
  via: 'jwt' | 'api_key';
  /** Refresh-token family (JWT) or API key id. */
  sessionId: string | null;
  /** When the access token expires (ms since epoch); null for API keys. */
  expiresAt: number | null;
  /** Kept in memory only to re-check revocation (ApiKeysService looks keys up by their hash). */
  apiKey?: string;
}

/**
 * The same credentials as the REST API: JWT access tokens (signature, issuer, expiry, and the session not logged
 * out) and API keys (not revoked, with the `read` scope: no client message writes). Refresh tokens are refused.
 */
@Injectable()
export class RealtimeAuthService {
  constructor(
    private readonly jwt: JwtService,
    private readonly auth: AuthService,
    private readonly apiKeys: ApiKeysService,
  ) {}

  /** The identity of a token, or an Unauthorized AppError whose message says why. */
  async authenticate(token: string): Promise<Identity> {
    switch (tokenKind(token)) {
      case 'api_key': {
        const user = await this.apiKeys.authenticate(token);
        if (!user) throw new UnauthorizedError('Invalid or revoked API key');
        const scopes = user.scopes ?? [];
        if (!scopes.includes(REALTIME_SCOPE)) throw new MissingScopeError(REALTIME_SCOPE, scopes);
        return { userId: user.id, email: user.email, role: user.role, via: 'api_key', sessionId: user.sessionId, expiresAt: null, apiKey: token };
      }
      case 'refresh':
        throw new UnauthorizedError('A refresh token cannot open a connection; exchange it at POST /api/auth/refresh');
      case 'jwt':
        return this.verifyJwt(token);
      default:
        throw new UnauthorizedError('Unrecognised token');
    }
  }

  private async verifyJwt(token: string): Promise<Identity> {
    let claims: AccessTokenClaims & { exp?: number };
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims & { exp?: number }>(token);
    } catch (e) {
      throw new UnauthorizedError((e as Error)?.name === 'TokenExpiredError' ? 'Access token expired' : 'Invalid access token');
    }
    if (claims.typ !== 'access' || !claims.sub) throw new UnauthorizedError('Invalid access token');
    if (claims.sid && !(await this.auth.isSessionActive(claims.sid))) throw new UnauthorizedError('Session revoked (logged out)');
    return {
      userId: claims.sub,
      email: claims.email,
      role: claims.role,
      via: 'jwt',
      sessionId: claims.sid ?? null,
      expiresAt: typeof claims.exp === 'number' ? claims.exp * 1000 : null,
    };
  }

  /**
   * Re-checks an identity of an open connection: null while it is still good, else the reason to close it.
   * Session checks are cached 5 s per instance by AuthService (immediate on the instance that logged out).
   */
  async revalidate(identity: Identity, now = Date.now()): Promise<string | null> {
    if (identity.expiresAt !== null && identity.expiresAt <= now) return 'Access token expired';
    try {
      if (identity.via === 'jwt') {
        if (identity.sessionId && !(await this.auth.isSessionActive(identity.sessionId))) return 'Session revoked (logged out)';
        return null;
      }
      if (!identity.apiKey) return null;
      return (await this.apiKeys.authenticate(identity.apiKey)) ? null : 'API key revoked';
    } catch (e) {
      // The database being briefly unreachable is not a reason to drop every connection: try again next round.
      if (e instanceof AppError) return e.message;
      return null;
    }
  }
}
