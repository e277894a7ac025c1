import SwaggerParser from '@apidevtools/swagger-parser';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OPERATION_IDS } from '../src/docs/operation-ids';
import { TestApp } from './support/app';
import { useTestApp } from './support/suite';

type Schema = { $ref?: string; anyOf?: Schema[]; example?: unknown; required?: string[] };
type Media = { schema?: Schema; example?: unknown; examples?: Record<string, unknown> };
type Operation = {
  operationId?: string;
  tags?: string[];
  requestBody?: { content?: Record<string, Media> };
  responses: Record<string, { content?: Record<string, Media> }>;
  'x-alias-of'?: unknown;
};
type Doc = { tags?: { name: string; description?: string }[]; paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };

const CAMEL_CASE = /^[a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)*$/;
const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);

function operations(doc: Doc): { key: string; op: Operation }[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => HTTP_METHODS.has(method))
      .map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op })),
  );
}

/** A schema-level example counts too (a `$ref` is followed). */
function schemaOf(doc: Doc, schema: Schema | undefined): Schema | undefined {
  return schema?.$ref ? doc.components.schemas[schema.$ref.split('/').pop() as string] : schema;
}

describe('API docs (e2e)', () => {
  const suite = useTestApp({ user: false });
  let t: TestApp;
  beforeAll(() => {
    ({ t } = suite);
  });

  it('serves a valid OpenAPI 3 document with both security schemes and error responses', async () => {
    const res = await t.http.get('/openapi.json').expect(200);
    const doc = res.body;
    expect(doc.openapi).toMatch(/^3\./);
    await expect(SwaggerParser.validate(structuredClone(doc))).resolves.toBeDefined();
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['api_key', 'bearer']);
    const login = doc.paths['/api/auth/login'].post;
    expect(Object.keys(login.responses).sort()).toEqual(['200', '401', '422', '429']);
    expect(login.responses['401'].content['application/json'].schema.$ref).toBe('#/components/schemas/Error');
    expect(doc.components.schemas.TokenDto.required).toEqual(
      expect.arrayContaining(['access_token', 'token_type', 'expires_in', 'refresh_token']),
    );
  });

  it('names every operation with a unique camelCase operationId, all from the one table', async () => {
    const doc = (await t.http.get('/openapi.json').expect(200)).body as Doc;
    const problems: string[] = [];
    const seen = new Map<string, string>();
    for (const { key, op } of operations(doc)) {
      const id = op.operationId;
      if (typeof id !== 'string' || !CAMEL_CASE.test(id)) problems.push(`${key}: operationId ${JSON.stringify(id)} is missing or not camelCase (add it to src/docs/operation-ids.ts)`);
      else if (seen.has(id)) problems.push(`${key}: operationId ${id} already names ${seen.get(id)}`);
      else seen.set(id, key);
      if (op['x-alias-of'] !== undefined && !Object.values(OPERATION_IDS).includes(op['x-alias-of'] as string)) problems.push(`${key}: x-alias-of names no operation`);
    }
    const documented = new Set(operations(doc).map((o) => o.key));
    for (const key of Object.keys(OPERATION_IDS)) if (!documented.has(key)) problems.push(`${key}: in operation-ids.ts but not in the document`);
    expect(problems).toEqual([]);
    // The names the SDKs call.
    expect([...seen.keys()]).toEqual(
      expect.arrayContaining(['getQuote', 'getHistorical', 'searchInstruments', 'createPortfolio', 'listPortfolios', 'getPortfolio', 'createOrder', 'cancelOrder', 'createApiKey', 'login', 'refreshToken']),
    );
  });

  it('tags every operation with one declared, described module tag', async () => {
    const doc = (await t.http.get('/openapi.json').expect(200)).body as Doc;
    const declared = new Map((doc.tags ?? []).map((tag) => [tag.name, tag.description]));
    expect([...declared.keys()].sort()).toEqual(['alerts', 'auth', 'health', 'market', 'ml', 'orders', 'portfolios', 'risk', 'strategies', 'watchlists']);
    for (const description of declared.values()) expect(description).toEqual(expect.stringMatching(/\w{3,}/));
    const problems = operations(doc)
      .filter(({ op }) => op.tags?.length !== 1 || !declared.has(op.tags[0]))
      .map(({ key, op }) => `${key}: tags ${JSON.stringify(op.tags)}`);
    expect(problems).toEqual([]);
  });

  it('gives every request body and every response body an example', async () => {
    const doc = (await t.http.get('/openapi.json').expect(200)).body as Doc;
    const missing: string[] = [];
    const hasExample = (media: Media) => media.example !== undefined || Object.keys(media.examples ?? {}).length > 0 || schemaOf(doc, media.schema)?.example !== undefined;
    for (const { key, op } of operations(doc)) {
      for (const [type, media] of Object.entries(op.requestBody?.content ?? {})) if (!hasExample(media)) missing.push(`${key} request ${type}`);
      for (const [status, response] of Object.entries(op.responses)) {
        for (const [type, media] of Object.entries(response.content ?? {})) if (!hasExample(media)) missing.push(`${key} ${status} ${type}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('documents every 4xx/5xx response with the one Error schema', async () => {
    const doc = (await t.http.get('/openapi.json').expect(200)).body as Doc;
    expect(doc.components.schemas.Error.required).toEqual(expect.arrayContaining(['error', 'message', 'details', 'timestamp', 'request_id']));
    expect(Object.keys(doc.components.schemas).filter((name) => /^Error(Body)?(Dto)?$/.test(name))).toEqual(['Error']);
    const wrong: string[] = [];
    let errors = 0;
    for (const { key, op } of operations(doc)) {
      for (const [status, response] of Object.entries(op.responses)) {
        if (Number(status) < 400) continue;
        errors++;
        const schema = response.content?.['application/json']?.schema;
        // The health probes' 503 is either terminus' status body or (while draining) the error body: anyOf both.
        const refs = schema?.$ref ? [schema.$ref] : (schema?.anyOf ?? []).map((s) => s.$ref);
        if (!refs.includes('#/components/schemas/Error')) wrong.push(`${key} ${status}: ${JSON.stringify(schema)}`);
        if (!schema?.$ref && !(key.startsWith('GET /health') && status === '503')) wrong.push(`${key} ${status}: not the Error schema alone`);
      }
    }
    expect(wrong).toEqual([]);
    expect(errors).toBeGreaterThan(150);
  });

  it('matches the committed docs/openapi.json (after an API change run `npm run openapi` and review the diff)', async () => {
    const served = (await t.http.get('/openapi.json').expect(200)).body;
    const committed = JSON.parse(readFileSync(join(__dirname, '..', 'docs', 'openapi.json'), 'utf8'));
    expect(served).toEqual(committed);
  });

  it('renders Swagger UI at /docs and ReDoc at /redoc with a locally served bundle', async () => {
    const ui = await t.http.get('/docs').expect(200);
    expect(ui.text).toContain('swagger-ui');
    const redoc = await t.http.get('/redoc').expect(200);
    expect(redoc.text).toContain('<redoc spec-url="/openapi.json">');
    const bundle = await t.http.get('/redoc/redoc.standalone.js').expect(200);
    expect(bundle.text.length).toBeGreaterThan(100_000);
  });
});
