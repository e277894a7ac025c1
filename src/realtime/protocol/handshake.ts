import type { IncomingHttpHeaders } from 'node:http';

/** First value of a header or query parameter that may repeat. */
const first = (v: string | string[] | undefined | null): string | undefined => (Array.isArray(v) ? v[0] : (v ?? undefined));

/**
 * The credential a client presented when connecting, from (in this order) Socket.IO's `auth.token`, an
 * `Authorization: Bearer` header, an `X-API-Key` header, or a `token` query parameter. Browsers cannot set
 * headers on a WebSocket, and query strings end up in logs: they can send `{"type":"auth","token":…}` first.
 * Returns `undefined` when none was given and `''` when one was given empty (refused as invalid).
 */
export function handshakeToken(input: {
  auth?: Record<string, unknown> | null;
  headers: IncomingHttpHeaders;
  query?: Record<string, string | string[] | undefined> | URLSearchParams;
}): string | undefined {
  const fromAuth = input.auth?.token;
  if (typeof fromAuth === 'string') return stripBearer(fromAuth);
  const authorization = first(input.headers.authorization);
  if (authorization !== undefined) return stripBearer(authorization);
  const apiKey = first(input.headers['x-api-key']);
  if (apiKey !== undefined) return apiKey.trim();
  const q = input.query;
  const fromQuery = q instanceof URLSearchParams ? q.get('token') : first(q?.token);
  if (fromQuery !== undefined && fromQuery !== null) return fromQuery.trim();
  return undefined;
}

function stripBearer(v: string): string {
  const m = /^Bearer\s+(.*)$/i.exec(v.trim());
  return (m ? m[1] : v).trim();
}

/**
 * The client's address: the first X-Forwarded-For hop when the app trusts its proxy (TRUST_PROXY), else the peer.
 */
export function clientIp(headers: IncomingHttpHeaders, remoteAddress: string | undefined, trustProxy: boolean): string {
  if (trustProxy) {
    const xff = first(headers['x-forwarded-for']);
    const hop = xff?.split(',')[0]?.trim();
    if (hop) return hop;
  }
  return (remoteAddress ?? 'unknown').replace(/^::ffff:/, '');
}
