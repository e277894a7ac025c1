import type { ErrorName } from '../../common/errors/error-codes';

/**
 * Plain-WebSocket close codes: 4000 + the HTTP status of the same refusal, so a client maps them the way it maps
 * REST errors. Socket.IO clients get the same error body in `connect_error` (`err.data`) or as an `error`
 * message before the server disconnects them.
 */
export const CLOSE_CODES = {
  /** Normal closure. */
  normal: 1000,
  /** The server is shutting down; reconnect (to another instance). */
  goingAway: 1001,
  /** A message over 64 KiB (set by the `ws` library). */
  messageTooBig: 1009,
  /** Too many invalid messages in a row. */
  badRequest: 4400,
  /** Missing, invalid, expired or revoked credentials; authentication timeout; logout. */
  unauthorized: 4401,
  /** Authenticated, but not allowed (e.g. re-authenticating as another user). */
  forbidden: 4403,
  /** The portfolio does not exist or is not yours (nothing else is revealed). */
  notFound: 4404,
  /** Slow consumer: more non-conflatable messages queued than the connection may hold. */
  backlogOverflow: 4413,
  /** Too many connections from this IP, or a client that keeps flooding after being warned. */
  tooMany: 4429,
  internalError: 4500,
  /** The channel's data source is not available on this server. */
  unavailable: 4503,
} as const;

export function closeCodeFor(error: ErrorName): number {
  switch (error) {
    case 'Unauthorized':
      return CLOSE_CODES.unauthorized;
    case 'Forbidden':
      return CLOSE_CODES.forbidden;
    case 'NotFound':
      return CLOSE_CODES.notFound;
    case 'RateLimitExceeded':
      return CLOSE_CODES.tooMany;
    case 'ServiceUnavailable':
      return CLOSE_CODES.unavailable;
    case 'InternalError':
      return CLOSE_CODES.internalError;
    default:
      return CLOSE_CODES.badRequest;
  }
}

/** WebSocket close reasons are limited to 123 bytes of UTF-8. */
export function closeReason(message: string): string {
  let out = message;
  while (Buffer.byteLength(out, 'utf8') > 123) out = out.slice(0, -2) + '…';
  return out;
}
