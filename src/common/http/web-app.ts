import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, extname, join, resolve } from 'node:path';
import { requestPath } from './http-platform';
import { requestIdFor } from './request-id';

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
export function isClientRoute(req: IncomingMessage): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if (!String(req.headers.accept ?? '').includes('text/html')) return false;
  const path = requestPath(req);
  const first = path.split('/')[1] ?? '';
  if (SERVER_PREFIXES.has(first)) return false;
  return !/\.[a-z0-9]+$/i.test(path);
}

/** Sends the page's index.html (never cached: it names the hashed assets of the current build). */
export function sendIndex(bundle: string, req: IncomingMessage, res: ServerResponse): void {
  sendFile(req, res, join(bundle, 'index.html'), {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': WEB_CONTENT_SECURITY_POLICY,
    'Cache-Control': 'no-cache',
  });
}

const ASSET_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * The build's hashed files under /assets/, on Node's own request and response (the same middleware on Express and
 * Fastify): the pre-compressed copy (`<asset>.gz`, made by scripts/build-web.js) of a script or stylesheet to a
 * browser that accepts gzip, else the file itself; cached for a year (names change with their content). Anything
 * else under /assets/ falls through to the 404 route.
 */
export function webAssets(bundle: string): (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void {
  const dir = join(bundle, 'assets');
  return (req, res, next) => {
    const path = requestPath(req);
    if (!path.startsWith('/assets/') || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
    const name = path.slice('/assets/'.length);
    const type = ASSET_TYPES[extname(name).toLowerCase()];
    // Built names are plain ([A-Za-z0-9._-]): nothing percent-encoded, no sub-directories, no way out of dir.
    if (!type || !/^[A-Za-z0-9._-]+$/.test(name) || name.startsWith('.')) return next();
    const file = join(dir, name);
    const gz = `${file}.gz`;
    const compressible = type.startsWith('text/');
    if (compressible && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? '')) && isFile(gz)) {
      return sendFile(req, res, gz, { 'Content-Type': type, 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding', 'Cache-Control': IMMUTABLE });
    }
    if (!isFile(file)) return next();
    sendFile(req, res, file, { 'Content-Type': type, ...(compressible ? { Vary: 'Accept-Encoding' } : {}), 'Cache-Control': IMMUTABLE });
  };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function sendFile(req: IncomingMessage, res: ServerResponse, file: string, headers: Record<string, string>): void {
  let size: number;
  let mtime: Date;
  try {
    ({ size, mtime } = statSync(file));
  } catch {
    res.statusCode = 404;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.end(JSON.stringify({ error: 'NotFound', message: 'The file is gone', details: null, timestamp: new Date().toISOString(), request_id: requestIdFor(req, res) }));
    return;
  }
  res.statusCode = 200;
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.setHeader('Content-Length', String(size));
  res.setHeader('Last-Modified', mtime.toUTCString());
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}
