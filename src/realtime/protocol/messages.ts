import { randomBytes } from 'node:crypto';
import type { FieldError } from '../../common/errors/app-error';
import type { ErrorName } from '../../common/errors/error-codes';
import { ChannelKind, CLIENT_TYPES_BY_CHANNEL } from './channels';

/**
 * The realtime protocol: every message, both ways and on both transports, is one JSON object with a `type`.
 * Pure functions only (no Nest, no sockets), so the same code validates Socket.IO and plain-WebSocket input.
 */

/** Symbols per API conventions: case-insensitive on input, upper-case after. */
export const SYMBOL_PATTERN = /^[A-Z][A-Z0-9.-]{0,9}$/;
/** Largest client message accepted, in bytes (both transports refuse bigger frames). */
export const MAX_MESSAGE_BYTES = 64 * 1024;
/** Most symbols one subscribe/unsubscribe message may name. */
export const MAX_SYMBOLS_PER_MESSAGE = 500;

// ---- client → server ----

export type ClientMessage =
  | { type: 'subscribe'; symbols: SymbolRef[]; invalid: FieldError[]; id?: MessageId }
  | { type: 'unsubscribe'; symbols: SymbolRef[]; invalid: FieldError[]; id?: MessageId }
  | { type: 'auth'; token: string; id?: MessageId }
  | { type: 'ping'; id?: MessageId }
  | { type: 'resume'; since: number; id?: MessageId };

/** A normalized symbol and its index in the client's list (errors name `symbols.<index>`). */
export interface SymbolRef {
  symbol: string;
  index: number;
}

/** An optional client-chosen id, echoed in the direct answer (subscribed, pong, error). */
export type MessageId = string | number;

export interface ProtocolError {
  error: ErrorName;
  message: string;
  details: Record<string, unknown> | null;
}

export type ParseResult = { ok: true; message: ClientMessage } | { ok: false; error: ProtocolError; id?: MessageId };

const KNOWN_TYPES = ['subscribe', 'unsubscribe', 'auth', 'ping', 'resume'];

const validation = (errors: FieldError[], message?: string, error: ErrorName = 'ValidationError'): ProtocolError => ({
  error,
  message: message ?? errors[0].message,
  details: { field: errors[0].field, code: errors[0].code, errors },
});

/**
 * Parses and validates one client message for a channel. `raw` is the text of a frame (plain WebSocket, or a
 * Socket.IO client that sends strings) or an already-decoded value (Socket.IO objects).
 */
export function parseClientMessage(raw: unknown, channel: ChannelKind): ParseResult {
  let value = raw;
  if (typeof raw === 'string' || Buffer.isBuffer(raw)) {
    const text = raw.toString();
    if (Buffer.byteLength(text) > MAX_MESSAGE_BYTES) {
      return { ok: false, error: { error: 'PayloadTooLarge', message: `Messages are limited to ${MAX_MESSAGE_BYTES} bytes`, details: null } };
    }
    try {
      value = JSON.parse(text);
    } catch {
      return { ok: false, error: { error: 'MalformedJson', message: 'Message is not valid JSON', details: null } };
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, error: validation([{ field: '', code: 'INVALID_TYPE', message: 'A message must be a JSON object with a "type"' }]) };
  }
  const obj = value as Record<string, unknown>;
  const idResult = parseId(obj.id);
  const fail = (errors: FieldError[], message?: string): ParseResult => ({
    ok: false,
    error: validation(errors, message),
    ...(idResult.ok && idResult.id !== undefined ? { id: idResult.id } : {}),
  });
  if (!idResult.ok) return fail([idResult.error]);
  const id = idResult.id;
  const type = obj.type;
  if (type === undefined || type === null || type === '') return fail([{ field: 'type', code: 'REQUIRED', message: 'type is required' }]);
  if (typeof type !== 'string') return fail([{ field: 'type', code: 'INVALID_TYPE', message: 'type must be a string' }]);
  const allowed = CLIENT_TYPES_BY_CHANNEL[channel];
  if (!allowed.includes(type)) {
    const message = KNOWN_TYPES.includes(type)
      ? `type "${type}" is not supported on this channel (${allowed.join(', ')})`
      : `type must be one of ${allowed.join(', ')}`;
    return fail([{ field: 'type', code: 'INVALID_VALUE', message }]);
  }
  const fields: Record<string, string[]> = {
    subscribe: ['symbols'],
    unsubscribe: ['symbols'],
    auth: ['token'],
    ping: [],
    resume: ['since'],
  };
  const unknown = Object.keys(obj).filter((k) => k !== 'type' && k !== 'id' && !fields[type].includes(k));
  if (unknown.length) {
    return fail(unknown.map((k) => ({ field: k, code: 'UNKNOWN_FIELD', message: `${k} is not an allowed field` })));
  }
  const withId = <T extends object>(m: T): T => (id === undefined ? m : { ...m, id });
  switch (type) {
    case 'subscribe':
    case 'unsubscribe': {
      const parsed = parseSymbols(obj.symbols);
      if (!parsed.ok) return fail([parsed.error]);
      return { ok: true, message: withId({ type, symbols: parsed.symbols, invalid: parsed.invalid }) };
    }
    case 'auth': {
      const token = obj.token;
      if (token === undefined || token === null || token === '') return fail([{ field: 'token', code: 'REQUIRED', message: 'token is required' }]);
      if (typeof token !== 'string') return fail([{ field: 'token', code: 'INVALID_TYPE', message: 'token must be a string' }]);
      if (token.length > 4096) return fail([{ field: 'token', code: 'OUT_OF_RANGE', message: 'token is too long' }]);
      return { ok: true, message: withId({ type, token }) };
    }
    case 'resume': {
      const since = obj.since;
      if (since === undefined || since === null) return fail([{ field: 'since', code: 'REQUIRED', message: 'since is required' }]);
      if (typeof since !== 'number' || !Number.isInteger(since)) {
        return fail([{ field: 'since', code: 'INVALID_TYPE', message: 'since must be an integer (the last seq you received)' }]);
      }
      if (since < 0) return fail([{ field: 'since', code: 'OUT_OF_RANGE', message: 'since must be at least 0' }]);
      return { ok: true, message: withId({ type, since }) };
    }
    default:
      return { ok: true, message: withId({ type: 'ping' as const }) };
  }
}

function parseId(id: unknown): { ok: true; id?: MessageId } | { ok: false; error: FieldError } {
  if (id === undefined) return { ok: true };
  if ((typeof id === 'string' && id.length <= 64) || (typeof id === 'number' && Number.isSafeInteger(id))) return { ok: true, id };
  return { ok: false, error: { field: 'id', code: 'INVALID_FORMAT', message: 'id must be a string of at most 64 characters or an integer' } };
}

/**
 * Normalizes a symbol list: upper-cased, de-duplicated, in the client's order. Malformed entries are reported
 * (per index) rather than failing the whole message, so the rest can still be (un)subscribed.
 */
export function parseSymbols(
  raw: unknown,
): { ok: true; symbols: SymbolRef[]; invalid: FieldError[] } | { ok: false; error: FieldError } {
  if (raw === undefined || raw === null) return { ok: false, error: { field: 'symbols', code: 'REQUIRED', message: 'symbols is required' } };
  if (!Array.isArray(raw)) {
    return { ok: false, error: { field: 'symbols', code: 'INVALID_TYPE', message: 'symbols must be an array of strings' } };
  }
  if (raw.length === 0) return { ok: false, error: { field: 'symbols', code: 'OUT_OF_RANGE', message: 'symbols must not be empty' } };
  if (raw.length > MAX_SYMBOLS_PER_MESSAGE) {
    return {
      ok: false,
      error: { field: 'symbols', code: 'OUT_OF_RANGE', message: `symbols must contain at most ${MAX_SYMBOLS_PER_MESSAGE} entries` },
    };
  }
  const symbols: SymbolRef[] = [];
  const seen = new Set<string>();
  const invalid: FieldError[] = [];
  raw.forEach((s, i) => {
    const upper = typeof s === 'string' ? s.trim().toUpperCase() : null;
    if (upper === null || !SYMBOL_PATTERN.test(upper)) {
      invalid.push({
        field: `symbols.${i}`,
        code: typeof s === 'string' ? 'INVALID_FORMAT' : 'INVALID_TYPE',
        message: `symbols.${i} must match ${SYMBOL_PATTERN.source} (case-insensitive)`,
      });
      return;
    }
    if (!seen.has(upper)) {
      seen.add(upper);
      symbols.push({ symbol: upper, index: i });
    }
  });
  return { ok: true, symbols, invalid };
}

// ---- server → client ----

export interface QuoteMessage {
  type: 'quote';
  symbol: string;
  price: number | null;
  change: number | null;
  change_percent: number | null;
  volume: number | null;
  bid: number | null;
  ask: number | null;
  timestamp: string;
  /** Where the price came from, as in the REST quote: simulated, yahoo, manual. */
  source: string;
  /** True when the provider's upstream failed and this is the last known quote (never used to fill orders). */
  stale: boolean;
  /** True on the quote sent when a subscription starts. */
  snapshot?: true;
}

export interface ErrorMessage extends ProtocolError {
  type: 'error';
  timestamp: string;
  request_id: string;
  id?: MessageId;
}

export type ServerMessage =
  | QuoteMessage
  | ErrorMessage
  | { type: 'subscribed'; symbols: string[]; id?: MessageId }
  | { type: 'pong'; timestamp: string; id?: MessageId }
  | { type: 'authenticated'; user_id: string; expires_at: string | null; id?: MessageId }
  | { type: 'portfolio'; [k: string]: unknown }
  | { type: 'order'; seq: number; [k: string]: unknown }
  | { type: 'resync'; since: number; message: string }
  | { type: 'alert'; [k: string]: unknown }
  | { type: 'notification'; [k: string]: unknown };

export const newRequestId = (): string => `req_${randomBytes(9).toString('base64url')}`;

/** The seed's error body plus `type: "error"` (and the client's message id when there was one). */
export function errorMessage(err: ProtocolError, id?: MessageId, requestId = newRequestId()): ErrorMessage {
  return {
    type: 'error',
    error: err.error,
    message: err.message,
    details: err.details,
    timestamp: new Date().toISOString(),
    request_id: requestId,
    ...(id === undefined ? {} : { id }),
  };
}

/** One error for every symbol of a (un)subscribe that was refused: malformed, unknown or over the limit. */
export function symbolsError(errors: FieldError[]): ProtocolError {
  const codes = new Set(errors.map((e) => e.code));
  let message: string;
  if (codes.size === 1 && codes.has('INVALID_FORMAT')) message = 'Invalid symbol format';
  else if (codes.size === 1 && codes.has('UNKNOWN_SYMBOL')) message = errors.length === 1 ? errors[0].message : `${errors.length} symbols are not known instruments`;
  else if (codes.size === 1 && codes.has('OUT_OF_RANGE')) message = errors[0].message;
  else message = `${errors.length} symbols were refused`;
  return validation(errors, message, codes.size === 1 && codes.has('UNKNOWN_SYMBOL') ? 'UnknownSymbol' : 'ValidationError');
}

export const unknownSymbol = (ref: SymbolRef): FieldError => ({
  field: `symbols.${ref.index}`,
  code: 'UNKNOWN_SYMBOL',
  message: `${ref.symbol} is not a known instrument`,
});

export const overLimit = (ref: SymbolRef, limit: number, perIp = false): FieldError => ({
  field: `symbols.${ref.index}`,
  code: 'OUT_OF_RANGE',
  message: perIp
    ? `${ref.symbol} not subscribed: anonymous clients of one IP may subscribe to at most ${limit} symbols`
    : `${ref.symbol} not subscribed: a connection may subscribe to at most ${limit} symbols`,
});
