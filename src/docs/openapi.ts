import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { OperationObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { isAdminOnly, requiredScope } from '../common/api-key-scope';
import { OPENAPI_PUBLIC } from '../common/decorators/public.decorator';
import { OPENAPI_ROLES } from '../common/decorators/roles.decorator';
import { ERROR_NAMES, VALIDATION_CODES } from '../common/errors/error-codes';
import { requestPath } from '../common/http/http-platform';
import { ERROR_DESCRIPTIONS } from '../common/openapi/api-errors.decorator';
import type { UserRole } from '../common/user-role';
import { ERROR_EXAMPLES, ERROR_REF, withExamples } from './examples';
import { ALIASES, OPERATION_IDS, TAGS } from './operation-ids';

/** The API's version (semantic: bump minor for additions, major for breaking changes). */
export const API_VERSION = '0.1.0';

const DESCRIPTION = `
Octopus: paper trading, portfolios, market data, risk analytics and forecasting behind one REST and realtime API.

**Authentication.** \`Authorization: Bearer <access JWT>\` from POST /api/auth/login, or an API key from
POST /api/auth/api-keys as \`X-API-Key: ok_…\` (or \`Authorization: Bearer ok_…\`). An API key has scopes:
\`read\` (GET and the realtime channels), \`trade\` (every other write), \`admin\` (writes on admin-only routes);
each operation names the one it needs in \`x-api-key-scope\`, and a key without it is answered 403 \`Forbidden\`
with \`details.missing_scope\`. A key created without \`scopes\` has all its owner may give (full access).
Password sessions are not scoped.

**Errors.** Every error has the body \`{error, message, details, timestamp, request_id}\`. \`error\` is one of:
${Object.entries(ERROR_NAMES)
  .map(([name, status]) => `\`${name}\` (${status})`)
  .join(', ')}. Validation errors (422) carry \`details: {field, code, errors: [{field, code, message}]}\`, codes:
${Object.entries(VALIDATION_CODES)
  .map(([code, text]) => `\`${code}\`: ${text}`)
  .join('; ')}. Unknown body fields are refused (\`UNKNOWN_FIELD\`).

**Rate limits.** Per user (per IP when anonymous): 100 requests per minute and a burst of 20 per 10 seconds
(configurable). Every response carries \`X-RateLimit-Limit\` (the per-minute limit), \`X-RateLimit-Remaining\`
(what is left in the tighter window) and \`X-RateLimit-Reset\` (Unix epoch seconds when that window resets);
429 responses add \`Retry-After\` (seconds).

**Units.** Money is rounded to 2 decimals, prices to 4, quantities to 8 in JSON; arithmetic is decimal.
Fields ending in \`_percent\`, and position \`weight\`, are percents (1.24 = 1.24%); other ratios are fractions.
Timestamps are ISO 8601 UTC.

**Request ids.** Send \`X-Request-Id\` (1–128 of \`A-Za-z0-9._:-\`) or one is made; it is echoed in the header,
in error bodies and in every log line of the request.
`.trim();

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Octopus Trading Platform API')
    .setDescription(DESCRIPTION)
    .setVersion(API_VERSION)
    .setLicense('MIT', 'https://opensource.org/licenses/MIT')
    .addServer('http://localhost:8000', 'development')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Access token from /api/auth/login' })
    .addApiKey(
      { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'API key from /api/auth/api-keys, limited to its scopes (`x-api-key-scope` per operation)' },
      'api_key',
    )
    .addSecurityRequirements('bearer')
    .addSecurityRequirements('api_key');
  for (const tag of TAGS) config.addTag(tag.name, tag.description);
  // Nest's `Controller_method` ids are only a fallback: `withOperationIds` names every route it knows.
  const document = SwaggerModule.createDocument(app, config.build(), {
    operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}`,
  });
  return withExamples(withHealthErrors(withAccessRules(withOperationIds(withNullableRefs(document)))));
}

/**
 * Nest writes a nullable object property as `{allOf: [$ref], nullable: true}`. In OpenAPI 3.0 `nullable` only
 * widens a `type` beside it, never a referenced schema, so validators refuse null there (and the examples with
 * it). Such a property becomes `anyOf: [$ref, null]`, which keeps the named schema (`X | null` in generated
 * clients).
 */
const NULL_SCHEMA = { type: 'object', nullable: true, enum: [null] } as const;

function withNullableRefs(document: OpenAPIObject): OpenAPIObject {
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(visit);
    const o = node as Record<string, unknown>;
    const parts = o.allOf as { $ref?: string }[] | undefined;
    if (o.nullable === true && o.type === undefined && parts?.length === 1 && parts[0].$ref) {
      delete o.allOf;
      delete o.nullable;
      o.anyOf = [parts[0], { ...NULL_SCHEMA, enum: [null] }];
    }
    Object.values(o).forEach(visit);
  };
  visit(document.components?.schemas);
  return document;
}

/** operationIds from the one table (`operation-ids.ts`), keyed by `METHOD path`; aliases say what they alias. */
function withOperationIds(document: OpenAPIObject): OpenAPIObject {
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, op] of Object.entries(item) as [string, OperationObject & Record<string, unknown>][]) {
      if (!op || typeof op !== 'object' || !('responses' in op)) continue;
      const id = OPERATION_IDS[`${method.toUpperCase()} ${path}`];
      if (!id) continue;
      op.operationId = id;
      if (ALIASES[id]) op['x-alias-of'] = ALIASES[id];
    }
  }
  return document;
}

/**
 * The health probes' 503 is terminus' status body when a check fails, or the standard error body while the
 * instance drains (the shutdown gate answers before any route): both are documented, the status body as
 * `HealthStatus`.
 */
function withHealthErrors(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    for (const op of Object.values(item) as OperationObject[]) {
      const media = op?.responses?.['503'] && !('$ref' in op.responses['503']) ? op.responses['503'].content?.['application/json'] : undefined;
      if (!media?.schema || ('$ref' in media.schema && media.schema.$ref === ERROR_REF)) continue;
      document.components!.schemas!.HealthStatus = { ...media.schema, description: 'The probes\' status body (terminus)' };
      media.schema = { anyOf: [{ $ref: '#/components/schemas/HealthStatus' }, { $ref: ERROR_REF }] };
      media.examples = {
        checkFailed: {
          summary: 'PostgreSQL does not answer',
          value: {
            status: 'error',
            info: {},
            error: { database: { status: 'down', message: 'timeout of 3000ms exceeded' } },
            details: { database: { status: 'down', message: 'timeout of 3000ms exceeded' } },
          },
        },
        draining: {
          summary: 'The instance is shutting down',
          value: { ...ERROR_EXAMPLES[503], message: 'The server is shutting down; retry the request (another instance will answer it)', details: { retry_after: 1 } },
        },
      };
    }
  }
  return document;
}

const FORBIDDEN_RESPONSE = {
  description: ERROR_DESCRIPTIONS[403],
  content: { 'application/json': { schema: { $ref: ERROR_REF } } },
};

/**
 * Public operations need no credentials (`security: []`); every other one names the API key scope it needs
 * (`x-api-key-scope`, the authentication guard's own rule) and may answer 403.
 */
function withAccessRules(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    for (const [method, op] of Object.entries(item) as [string, OperationObject & Record<string, unknown>][]) {
      if (!op || typeof op !== 'object' || !('responses' in op)) continue;
      if (op[OPENAPI_PUBLIC]) {
        delete op[OPENAPI_PUBLIC];
        op.security = [];
        continue;
      }
      op['x-api-key-scope'] = requiredScope(method, isAdminOnly(op[OPENAPI_ROLES] as UserRole[] | undefined));
      op.responses['403'] ??= FORBIDDEN_RESPONSE;
    }
  }
  return document;
}

const REDOC_HTML = `<!DOCTYPE html>
<html><head><title>Octopus API — ReDoc</title><meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><redoc spec-url="/openapi.json"></redoc><script src="/redoc/redoc.standalone.js"></script></body></html>`;

function sendBody(req: IncomingMessage, res: ServerResponse, type: string, body: string | Buffer, cacheControl = 'no-cache'): void {
  res.statusCode = 200;
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Length', String(Buffer.byteLength(body)));
  res.setHeader('Cache-Control', cacheControl);
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** Swagger UI at /docs, ReDoc at /redoc (bundle served locally: no CDN), OpenAPI 3 JSON at /openapi.json. */
export function mountDocs(app: INestApplication): OpenAPIObject {
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'openapi.json',
    yamlDocumentUrl: 'openapi.yaml',
    customSiteTitle: 'Octopus API',
  });
  // Raw Node responses, written the same way under Express and Fastify.
  const redocBundle = readFileSync(require.resolve('redoc/bundles/redoc.standalone.js'));
  app.use((req: IncomingMessage, res: ServerResponse, next: () => void) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const path = requestPath(req);
    if (path === '/redoc' || path === '/redoc/') return sendBody(req, res, 'text/html; charset=utf-8', REDOC_HTML);
    if (path === '/redoc/redoc.standalone.js') return sendBody(req, res, 'text/javascript; charset=utf-8', redocBundle, 'public, max-age=86400');
    next();
  });
  return document;
}
