import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { NextFunction, Request, Response } from 'express';

/** First path segments the dashboard never answers: the API, its docs, probes and the realtime transports. */
const SERVER_PREFIXES = new Set(['api', 'docs', 'redoc', 'openapi.json', 'asyncapi.yaml', 'health', 'metrics', 'ws', 'socket.io', 'assets']);

/**
 * The dashboard's page: stricter than the docs' policy (no inline styles either; the bundle sets styles through
 * the CSSOM, which style-src does not restrict). The realtime sockets are same-origin (connect-src 'self').
 */
export const WEB_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The built dashboard (web/dist, made by `npm run build`): the configured directory (WEB_DIST_DIR), else web/dist of
 * the checkout this file runs from (src/ under ts-jest, dist/src/ once compiled). Null when it has not been built:
 * the app then runs without it.
 */
export function findWebBundle(configured: string | null): string | null {
  if (configured) return existsSync(join(configured, 'index.html')) ? resolve(configured) : null;
  for (let dir = __dirname; dirname(dir) !== dir; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'web', 'package.json'))) {
      const bundle = join(dir, 'web', 'dist');
      return existsSync(join(bundle, 'index.html')) ? bundle : null;
    }
  }
  return null;
}

/**
 * A client route of the single-page app: a GET from a browser (Accept names text/html) for a path outside the
 * server's own prefixes and without a file extension. API clients, probes and unknown /api/* routes still get 404.
 */
export function isClientRoute(req: Pick<Request, 'method' | 'path' | 'headers'>): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if (!String(req.headers.accept ?? '').includes('text/html')) return false;
  const first = req.path.split('/')[1] ?? '';
  if (SERVER_PREFIXES.has(first)) return false;
  return !/\.[a-z0-9]+$/i.test(req.path);
}

/** Sends the page's index.html (never cached: it names the hashed assets of the current build). */
export function sendIndex(bundle: string, res: Response): void {
  res.setHeader('Content-Security-Policy', WEB_CONTENT_SECURITY_POLICY);
  res.setHeader('Cache-Control', 'no-cache');
  res.sendFile(join(bundle, 'index.html'));
}


/**
 * Sends the build's pre-compressed copy (`<asset>.gz`, made by scripts/build-web.js) of a script or stylesheet under
 * /assets to a browser that accepts gzip; anything else falls through to the static files.
 */
export function gzippedAssets(bundle: string): (req: Request, res: Response, next: NextFunction) => void {
  const dir = join(bundle, 'assets');
  return (req, res, next) => {
    const name = req.path.replace(/^\/(assets\/)?/, ''); // mounted at /assets/: Express strips the prefix
    const type = name.endsWith('.js') ? 'text/javascript; charset=utf-8' : name.endsWith('.css') ? 'text/css; charset=utf-8' : null;
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !type || name.includes('/') || !/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) return next();
    const file = join(dir, `${name}.gz`);
    if (!existsSync(file)) return next();
    res.setHeader('Content-Type', type);
    res.setHeader('Content-Encoding', 'gzip');
    res.setHeader('Vary', 'Accept-Encoding');
    res.sendFile(file, { immutable: true, maxAge: '365d' });
  };
}
