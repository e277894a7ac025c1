import type { OpenAPIObject } from '@nestjs/swagger';
import type {
  MediaTypeObject,
  OperationObject,
  ReferenceObject,
  SchemaObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

/** The one error schema's name: every 4xx/5xx response references `#/components/schemas/Error`. */
export const ERROR_SCHEMA = 'Error';
export const ERROR_REF = `#/components/schemas/${ERROR_SCHEMA}`;

const AT = '2024-01-15T10:00:00.000Z';
const REQUEST_ID = 'req_abc123';
const errorBody = (error: string, message: string, details: Record<string, unknown> | null = null) => ({
  error,
  message,
  details,
  timestamp: AT,
  request_id: REQUEST_ID,
});

/** One realistic error body per status, as the exception filter writes it. */
export const ERROR_EXAMPLES: Record<number, ReturnType<typeof errorBody>> = {
  400: errorBody('MalformedJson', 'The request body is not valid JSON'),
  401: errorBody('Unauthorized', 'Missing credentials: send Authorization: Bearer <token> or X-API-Key'),
  403: errorBody('Forbidden', 'This API key lacks the trade scope', { missing_scope: 'trade', scopes: ['read'] }),
  404: errorBody('NotFound', 'Portfolio not found'),
  409: errorBody('Conflict', 'The request conflicts with the current state'),
  413: errorBody('PayloadTooLarge', 'The request body is larger than the limit'),
  422: errorBody('ValidationError', 'Invalid symbol format', {
    field: 'symbol',
    code: 'INVALID_FORMAT',
    errors: [{ field: 'symbol', code: 'INVALID_FORMAT', message: 'symbol must match ^[A-Z][A-Z0-9.\\-]{0,9}$' }],
  }),
  429: errorBody('RateLimitExceeded', 'Rate limit exceeded; retry in 12 s', { retry_after: 12 }),
  500: errorBody('InternalError', 'Internal server error'),
  503: errorBody('ServiceUnavailable', 'Market data is unavailable; retry later', { retry_after: 30 }),
};

/** Where an operation's error is more specific than its status' generic example (by operationId and status). */
const OPERATION_ERROR_EXAMPLES: Record<string, Record<number, ReturnType<typeof errorBody>>> = {
  register: { 409: errorBody('EmailTaken', 'An account with this email already exists') },
  login: {
    401: errorBody('Unauthorized', 'Invalid email or password'),
    429: errorBody('TooManyLoginAttempts', 'Too many failed logins; retry in 30 s', { retry_after: 30 }),
  },
  refreshToken: { 401: errorBody('Unauthorized', 'Invalid, expired or reused refresh token') },
  createOrder: {
    409: errorBody('IdempotencyKeyReuse', 'This Idempotency-Key was used with a different request'),
    422: errorBody('InsufficientFunds', 'Buying power 12500.00 is less than the 17584.00 this order needs'),
  },
  cancelOrder: { 409: errorBody('OrderNotCancelable', 'Order is filled and cannot be canceled') },
  deletePosition: { 409: errorBody('PositionReserved', 'Open sell orders reserve part of this position') },
  createWatchlist: {
    409: errorBody('Conflict', 'You already have a watchlist named "Tech"', { field: 'name' }),
    422: errorBody('UnknownSymbol', 'Unknown symbol: ZZZZ', {
      field: 'symbols[1]',
      code: 'UNKNOWN_SYMBOL',
      errors: [{ field: 'symbols[1]', code: 'UNKNOWN_SYMBOL', message: 'ZZZZ is not a known instrument' }],
    }),
  },
  replaceWatchlist: { 409: errorBody('Conflict', 'You already have a watchlist named "Tech"', { field: 'name' }) },
  addWatchlistSymbol: {
    404: errorBody('NotFound', 'Watchlist not found'),
    422: errorBody('UnknownSymbol', 'Unknown symbol: ZZZZ', {
      field: 'symbol',
      code: 'UNKNOWN_SYMBOL',
      errors: [{ field: 'symbol', code: 'UNKNOWN_SYMBOL', message: 'ZZZZ is not a known instrument' }],
    }),
  },
  getWatchlist: { 404: errorBody('NotFound', 'Watchlist not found') },
  deleteWatchlist: { 404: errorBody('NotFound', 'Watchlist not found') },
  removeWatchlistSymbol: { 404: errorBody('NotFound', 'Watchlist not found') },
  createPortfolio: { 409: errorBody('IdempotencyKeyReuse', 'This Idempotency-Key was used with a different request') },
};

/** A portfolio id used across examples, so an order's example belongs to the portfolio's. */
export const EXAMPLE_PORTFOLIO_ID = 'd290f1ee-6c54-4b01-90e6-d701748f0851';

/**
 * Request examples that the DTOs' property examples cannot compose (fields that exclude each other): the seed
 * API reference's own request bodies, by operationId.
 */
const REQUEST_EXAMPLES: Record<string, unknown> = {
  createOrder: { portfolio_id: EXAMPLE_PORTFOLIO_ID, symbol: 'AAPL', side: 'buy', order_type: 'limit', quantity: 100, price: 175.0 },
  calculateVar: {
    positions: [
      { symbol: 'AAPL', value: 17584 },
      { symbol: 'GOOGL', value: 25000 },
    ],
    confidence_level: 0.99,
    time_horizon: 10,
  },
  runStressTest: { portfolio_id: EXAMPLE_PORTFOLIO_ID, scenarios: ['2008_financial_crisis', 'covid_crash', 'custom'] },
  predictPrice: { symbol: 'AAPL', horizon: '7d', model: 'prophet' },
  runBacktest: { strategy: 'momentum', symbol: 'AAPL', start_date: '2023-01-01', end_date: '2024-01-01', initial_capital: 100000 },
};

type Schema = SchemaObject | ReferenceObject;
type Mode = 'request' | 'response';

/**
 * An example built from the schema's own examples: `example`, else `default`, else the first `enum` value; objects
 * from their properties (a request: required ones and those with an example; a response: all), arrays of one item,
 * a nullable scalar without an example is null. What cannot be built is reported in `missing` (then no example).
 */
export function exampleFromSchema(doc: OpenAPIObject, schema: Schema | undefined, mode: Mode, at = '', depth = 0): { value?: unknown; missing: string[] } {
  if (!schema) return { missing: [at || '(no schema)'] };
  if ('$ref' in schema) {
    if (depth > 8) return { value: {}, missing: [] };
    const name = schema.$ref.split('/').pop() as string;
    return exampleFromSchema(doc, doc.components?.schemas?.[name], mode, at || name, depth + 1);
  }
  if (schema.example !== undefined) return { value: schema.example, missing: [] };
  if (schema.default !== undefined) return { value: schema.default, missing: [] };
  if (schema.enum?.length) return { value: schema.enum[0], missing: [] };
  const composed = schema.allOf ?? schema.oneOf ?? schema.anyOf;
  if (composed?.length) {
    const parts = (schema.allOf ?? [composed[0]]).map((part) => exampleFromSchema(doc, part, mode, at, depth + 1));
    const missing = parts.flatMap((p) => p.missing);
    const values = parts.map((p) => p.value);
    const merged = values.every((v) => v && typeof v === 'object' && !Array.isArray(v)) ? Object.assign({}, ...values) : values[0];
    return { value: merged, missing };
  }
  if (schema.type === 'array') {
    const item = exampleFromSchema(doc, schema.items, mode, `${at}[]`, depth + 1);
    return { value: item.value === undefined ? undefined : [item.value], missing: item.missing };
  }
  if (schema.type === 'object' && !schema.properties && schema.additionalProperties === undefined) {
    return schema.nullable ? { value: null, missing: [] } : { missing: [`${at} (object without properties)`] };
  }
  if (schema.type === 'object' || schema.properties) {
    const out: Record<string, unknown> = {};
    const missing: string[] = [];
    const required = new Set(schema.required ?? []);
    for (const [name, prop] of Object.entries(schema.properties ?? {})) {
      const own = '$ref' in prop ? undefined : prop.example;
      if (mode === 'request' && !required.has(name) && own === undefined) continue;
      const r = exampleFromSchema(doc, prop, mode, `${at}.${name}`, depth + 1);
      missing.push(...r.missing);
      if (r.value !== undefined) out[name] = r.value;
    }
    return { value: out, missing };
  }
  if (schema.nullable) return { value: null, missing: [] };
  return { missing: [at] };
}

function setExample(doc: OpenAPIObject, media: MediaTypeObject, mode: Mode): void {
  if (media.example !== undefined || media.examples) return;
  const { value, missing } = exampleFromSchema(doc, media.schema, mode);
  if (missing.length === 0 && value !== undefined) media.example = value;
}

/**
 * Every request and response body gets an example: error responses the generic one of their status (or the
 * operation's own), the rest one built from the DTOs' property examples unless the operation declares its own.
 */
export function withExamples(doc: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(doc.paths)) {
    for (const op of Object.values(item) as OperationObject[]) {
      if (!op || typeof op !== 'object' || !('responses' in op)) continue;
      const body = op.requestBody && !('$ref' in op.requestBody) ? op.requestBody : undefined;
      for (const media of Object.values(body?.content ?? {})) {
        const own = REQUEST_EXAMPLES[op.operationId ?? ''];
        if (own !== undefined && media.example === undefined && !media.examples) media.example = own;
        else setExample(doc, media, 'request');
      }
      for (const [status, response] of Object.entries(op.responses)) {
        if (!response || '$ref' in response) continue;
        for (const media of Object.values(response.content ?? {})) {
          const code = Number(status);
          const errorExample = OPERATION_ERROR_EXAMPLES[op.operationId ?? '']?.[code] ?? ERROR_EXAMPLES[code];
          if (code >= 400 && errorExample && media.example === undefined && !media.examples) media.example = errorExample;
          else setExample(doc, media, 'response');
        }
      }
    }
  }
  return doc;
}
