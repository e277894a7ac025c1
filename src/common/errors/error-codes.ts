/**
 * The one list of `error` names in error bodies, with their HTTP status. Documented in the OpenAPI spec
 * (components.schemas.Error) and in docs/ARCHITECTURE.md; add new names here, nowhere else.
 */
export const ERROR_NAMES = {
  BadRequest: 400,
  MalformedJson: 400,
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  MethodNotAllowed: 405,
  Conflict: 409,
  EmailTaken: 409,
  IdempotencyKeyReuse: 409,
  RequestInProgress: 409,
  OrderNotCancelable: 409,
  DuplicateClientOrderId: 409,
  PositionReserved: 409,
  PayloadTooLarge: 413,
  UnsupportedMediaType: 415,
  ValidationError: 422,
  UnknownSymbol: 422,
  InsufficientFunds: 422,
  InsufficientPosition: 422,
  InsufficientHistory: 422,
  ModelFitFailed: 422,
  RateLimitExceeded: 429,
  TooManyLoginAttempts: 429,
  InternalError: 500,
  ServiceUnavailable: 503,
} as const;

export type ErrorName = keyof typeof ERROR_NAMES;

/** Codes used in validation `details` (per field). */
export const VALIDATION_CODES = {
  REQUIRED: 'A required field is missing or empty',
  INVALID_FORMAT: 'The value does not have the expected format (pattern, email, uuid, date, symbol)',
  INVALID_TYPE: 'The value has the wrong JSON type (e.g. a string where a number is expected)',
  INVALID_VALUE: 'The value is not one of the allowed values',
  OUT_OF_RANGE: 'The value or its length is outside the allowed range',
  UNKNOWN_FIELD: 'The field is not part of the request schema',
  UNKNOWN_SYMBOL: 'The symbol is well-formed but not a known instrument',
  INVALID_COMBINATION: 'The field conflicts with another field of the request',
  INVALID_EXPRESSION: 'A rule expression does not parse or has a type error (details carry the character position)',
  UNKNOWN_NAME: 'A rule expression names something outside its whitelist (details carry the character position)',
} as const;

export type ValidationCode = keyof typeof VALIDATION_CODES;
