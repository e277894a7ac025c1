import { createHash, randomBytes } from 'node:crypto';

/** Prefixes tell token kinds apart at a glance: JWTs have three dot-separated parts instead. */
export const REFRESH_TOKEN_PREFIX = 'ort_';
export const API_KEY_PREFIX = 'ok_';

export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');
export const newOpaqueToken = (prefix: string): string => prefix + randomBytes(32).toString('base64url');

export type TokenKind = 'jwt' | 'refresh' | 'api_key' | 'unknown';

export function tokenKind(token: string): TokenKind {
  if (token.startsWith(REFRESH_TOKEN_PREFIX)) return 'refresh';
  if (token.startsWith(API_KEY_PREFIX)) return 'api_key';
  if (token.split('.').length === 3) return 'jwt';
  return 'unknown';
}

export function bearerToken(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(value);
  return m ? m[1] : null;
}
