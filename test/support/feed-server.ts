import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

const fixture = (name: string) => readFileSync(join(__dirname, '../fixtures/news', name), 'utf8');

/**
 * A local HTTP server serving the fixture feeds: /rss (ETag + Last-Modified, 304 on a match), /atom, /500, /slow
 * (never answers), /slow-rss (/rss after 300 ms, no validators), /malformed, /big (over any small cap), /redirect?to=URL (302), /hops/N (N redirects to /rss).
 */
export async function startFeedServer(): Promise<{ server: Server; base: string; hits: Record<string, number>; close: () => Promise<void> }> {
  const hits: Record<string, number> = {};
  const rss = fixture('market-wire.rss.xml');
  const atom = fixture('board.atom.xml');
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    hits[url.pathname] = (hits[url.pathname] ?? 0) + 1;
    if (url.pathname === '/rss') {
      if (req.headers['if-none-match'] === '"v1"') {
        res.writeHead(304, { etag: '"v1"' });
        return res.end();
      }
      res.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"v1"', 'last-modified': 'Tue, 10 Jun 2025 14:00:00 GMT' });
      return res.end(rss);
    }
    if (url.pathname === '/slow-rss') {
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        res.end(rss);
      }, 300);
      return;
    }
    if (url.pathname === '/atom') {
      res.writeHead(200, { 'content-type': 'application/atom+xml' });
      return res.end(atom);
    }
    if (url.pathname === '/500') {
      res.writeHead(500);
      return res.end('boom');
    }
    if (url.pathname === '/slow') return; // never answers
    if (url.pathname === '/malformed') {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      return res.end('<rss><channel><item><title>broken</channel>');
    }
    if (url.pathname === '/big') {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      return res.end(`<rss><channel>${'<item><title>x</title></item>'.repeat(5000)}</channel></rss>`);
    }
    if (url.pathname === '/redirect') {
      res.writeHead(302, { location: url.searchParams.get('to') ?? '/rss' });
      return res.end();
    }
    const hops = /^\/hops\/(\d+)$/.exec(url.pathname);
    if (hops) {
      const n = Number(hops[1]);
      res.writeHead(302, { location: n > 1 ? `/hops/${n - 1}` : '/rss' });
      return res.end();
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    server,
    base,
    hits,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
