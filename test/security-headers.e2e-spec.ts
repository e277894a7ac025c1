import { useTestApp } from './support/suite';

/* Headers and limits (issue 17, item 4): helmet with a CSP the docs pages work under, CORS from config, body limit. */
describe('security headers (e2e)', () => {
  describe('defaults', () => {
    const s = useTestApp();

    it('sends nosniff, a strict CSP, frame protection and no X-Powered-By on API answers and errors', async () => {
      for (const res of [await s.t.http.get('/health'), await s.get('/api/auth/me'), await s.t.http.get('/api/nowhere')]) {
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['x-powered-by']).toBeUndefined();
        expect(res.headers['content-security-policy']).toContain("script-src 'self'");
        expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
        expect(res.headers['content-security-policy']).not.toContain('unsafe-eval');
        expect(res.headers['referrer-policy']).toBe('no-referrer');
      }
    });

    it('serves docs pages without inline scripts (so the CSP does not block them)', async () => {
      for (const url of ['/docs', '/redoc']) {
        const res = await s.t.http.get(url).redirects(2).expect(200);
        const scripts = [...String(res.text).matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
        expect(scripts.length).toBeGreaterThan(0);
        for (const [, attrs, body] of scripts) {
          expect(attrs).toMatch(/src=/);
          expect(body.trim()).toBe('');
        }
      }
    });

    it('answers no CORS headers unless CORS_ORIGINS is set', async () => {
      const res = await s.t.http.get('/health').set('Origin', 'https://evil.example');
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  describe('configured', () => {
    const s = useTestApp({ env: { CORS_ORIGINS: 'https://app.example.com', BODY_LIMIT_KB: '2' }, user: false });

    it('allows the configured origin only, preflight included', async () => {
      const ok = await s.t.http.options('/api/portfolios').set('Origin', 'https://app.example.com').set('Access-Control-Request-Method', 'POST');
      expect(ok.status).toBeLessThan(300);
      expect(ok.headers['access-control-allow-origin']).toBe('https://app.example.com');
      expect(ok.headers['access-control-allow-headers']).toContain('Idempotency-Key');
      const other = await s.t.http.get('/health').set('Origin', 'https://evil.example');
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('refuses a body over BODY_LIMIT_KB with 413 in the standard error body', async () => {
      const res = await s.t.http.post('/api/auth/login').send({ email: 'a@example.com', password: 'x'.repeat(3000) });
      expect(res.status).toBe(413);
      expect(res.body).toMatchObject({ error: 'PayloadTooLarge', message: 'Request body is larger than 2 KB' });
    });
  });
});
