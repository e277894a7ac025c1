import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { IncomingHttpHeaders } from 'node:http';
import { isAdminOnly, missingScope } from '../common/api-key-scope';
import { IS_PUBLIC } from '../common/decorators/public.decorator';
import type { AuthUser } from '../common/decorators/current-user.decorator';
import { ROLES } from '../common/decorators/roles.decorator';
import { UnauthorizedError } from '../common/errors/app-error';
import type { UserRole } from '../common/user-role';
import { ApiKeysService } from './api-keys.service';
import { AuthService } from './auth.service';
import { MissingScopeError } from './errors';
import { bearerToken, tokenKind } from './token.util';
import { VerifiedTokenCache, verifiedTokenExpiry } from './verified-token-cache';

/**
 * The global guard: every route needs credentials unless marked @Public(). Accepts a JWT access token
 * (`Authorization: Bearer <jwt>`, verified by passport-jwt) or an API key (`X-API-Key: ok_…` or
 * `Authorization: Bearer ok_…`). Token kinds are told apart by their form. An API key must also hold the scope
 * of the request (by method, and `@Roles('admin')`: common/api-key-scope.ts); this is the only place that checks it,
 * so every route, present or future, is covered.
 *
 * A JWT that passport-jwt verified is remembered until its `exp` (VerifiedTokenCache): the next requests with the
 * same token skip passport and the signature check, not the session check (logout still applies within
 * AuthService's few seconds).
 */
/** What the guard reads and sets: the same on Express's request and Fastify's. */
type AuthRequest = { headers: IncomingHttpHeaders; method: string; user?: AuthUser };

@Injectable()
export class AuthenticationGuard extends AuthGuard('jwt') {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeysService,
    private readonly auth: AuthService,
  ) {
    super();
  }

  private readonly verified = new VerifiedTokenCache<AuthUser>(10_000);

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const req = context.switchToHttp().getRequest<AuthRequest>();
    const headerKey = req.headers['x-api-key'];
    const apiKey = Array.isArray(headerKey) ? headerKey[0] : headerKey;
    const bearer = bearerToken(req.headers.authorization);
    if (apiKey !== undefined) {
      req.user = await this.authenticateApiKey(apiKey, context, req.method);
      return true;
    }
    if (!bearer) throw new UnauthorizedError('Missing credentials: send Authorization: Bearer <token> or X-API-Key');
    switch (tokenKind(bearer)) {
      case 'api_key':
        req.user = await this.authenticateApiKey(bearer, context, req.method);
        return true;
      case 'refresh':
        throw new UnauthorizedError('A refresh token cannot access the API; exchange it at POST /api/auth/refresh');
      case 'jwt':
        return this.authenticateJwt(bearer, context, req);
      default:
        throw new UnauthorizedError('Unrecognised token');
    }
  }

  private async authenticateJwt(token: string, context: ExecutionContext, req: AuthRequest): Promise<boolean> {
    const now = Date.now();
    const known = this.verified.get(token, now);
    if (known) {
      if (known.sessionId && !(await this.auth.isSessionActive(known.sessionId))) throw new UnauthorizedError('Invalid or revoked access token');
      req.user = known;
      return true;
    }
    const ok = (await super.canActivate(context)) as boolean;
    const expiresAt = verifiedTokenExpiry(token);
    if (ok && req.user && expiresAt !== null) this.verified.set(token, Object.freeze({ ...req.user }), expiresAt, now);
    return ok;
  }

  private async authenticateApiKey(key: string, context: ExecutionContext, method: string): Promise<AuthUser> {
    const user = await this.apiKeys.authenticate(key);
    if (!user) throw new UnauthorizedError('Invalid or revoked API key');
    const roles = this.reflector.getAllAndOverride<UserRole[] | undefined>(ROLES, [context.getHandler(), context.getClass()]);
    const scopes = user.scopes ?? [];
    const missing = missingScope(scopes, method, isAdminOnly(roles));
    if (missing) throw new MissingScopeError(missing, scopes);
    return user;
  }

  override handleRequest<T>(err: unknown, user: T, info: unknown): T {
    // An error here is the session check failing (the database down), not the token: let the filter map it (503),
    // never a 401 that would make a client throw its tokens away. Bad tokens arrive as `info`.
    if (err) throw err;
    if (!user) {
      const reason = (info as { name?: string })?.name === 'TokenExpiredError' ? 'Access token expired' : 'Invalid or revoked access token';
      throw new UnauthorizedError(reason);
    }
    return user;
  }
}
