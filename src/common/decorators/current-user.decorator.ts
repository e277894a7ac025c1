import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { ApiKeyScope } from '../api-key-scope';
import type { UserRole } from '../user-role';

/** The authenticated principal attached to the request by the auth guard. */
export interface AuthUser {
  id: string;
  email: string;
  role: UserRole;
  /** How the caller authenticated. */
  via: 'jwt' | 'api_key';
  /** Refresh-token family of the session (JWT), or the API key id. */
  sessionId: string | null;
  /** An API key's scopes; absent for JWT sessions, which are not scoped. */
  scopes?: readonly ApiKeyScope[];
}

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  return ctx.switchToHttp().getRequest<{ user: AuthUser }>().user;
});
