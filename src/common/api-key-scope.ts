import type { UserRole } from './user-role';

/**
 * What an API key may do. Every operation needs exactly one scope: `read` for GET and HEAD (and the realtime
 * channels, which only read), `admin` for writes on admin-only routes, `trade` for every other write. Password
 * sessions (JWT) are not scoped. Pure: the authentication guard, the realtime handshake and the OpenAPI document
 * all decide with these functions.
 */
export const API_KEY_SCOPES = ['read', 'trade', 'admin'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The scope a request with this HTTP method needs; `adminOnly` when the route is restricted to admins. */
export function requiredScope(method: string, adminOnly: boolean): ApiKeyScope {
  if (SAFE_METHODS.has(method.toUpperCase())) return 'read';
  return adminOnly ? 'admin' : 'trade';
}

/** True when a route's roles (from `@Roles`) admit admins only. */
export const isAdminOnly = (roles: readonly UserRole[] | undefined): boolean => !!roles?.length && !roles.includes('user');

/** The scope realtime connections need: every client message (subscribe, unsubscribe, auth, ping, resume) reads. */
export const REALTIME_SCOPE: ApiKeyScope = 'read';

/** Every scope a user of this role may give a key: a key created without `scopes` gets all of them. */
export const grantableScopes = (role: UserRole): ApiKeyScope[] => (role === 'admin' ? ['read', 'trade', 'admin'] : ['read', 'trade']);

/** Deduplicated, in vocabulary order (how keys store and show them). */
export const normalizeScopes = (scopes: readonly ApiKeyScope[]): ApiKeyScope[] => API_KEY_SCOPES.filter((s) => scopes.includes(s));

/** The decision: the scope a key with `granted` lacks for this request, or null when it may go on. */
export function missingScope(granted: readonly ApiKeyScope[], method: string, adminOnly: boolean): ApiKeyScope | null {
  const required = requiredScope(method, adminOnly);
  return granted.includes(required) ? null : required;
}

/** The requested scopes outside `ceiling` (what the creator may give), in vocabulary order. */
export const scopesBeyond = (requested: readonly ApiKeyScope[], ceiling: readonly ApiKeyScope[]): ApiKeyScope[] =>
  normalizeScopes(requested.filter((s) => !ceiling.includes(s)));
