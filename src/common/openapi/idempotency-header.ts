/** The `Idempotency-Key` request header as every mutating endpoint that honours it documents it. */
export const IDEMPOTENCY_HEADER_DOC = {
  name: 'Idempotency-Key',
  required: false,
  description:
    'Optional, 1–255 printable characters, kept 24 h per user. A retry with the same key and body returns the first ' +
    'response (header `Idempotent-Replayed: true`); the same key with a different body → 409 `IdempotencyKeyReuse`; ' +
    'while the first request is still running → 409 `RequestInProgress` with `Retry-After` (seconds left on its lease, ' +
    'at most 30; a request that failed with a 5xx frees its key at once, or as soon as the database answers again).',
};
