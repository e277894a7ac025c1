import SwaggerParser from '@apidevtools/swagger-parser';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TestApp } from './support/app';
import { useTestApp } from './support/suite';

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
    expect(login.responses['401'].content['application/json'].schema.$ref).toBe('#/components/schemas/ErrorBodyDto');
    expect(doc.components.schemas.TokenDto.required).toEqual(
      expect.arrayContaining(['access_token', 'token_type', 'expires_in', 'refresh_token']),
    );
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
