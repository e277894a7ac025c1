import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isPublicAddress } from '../domain/address-policy';

export interface FetchOptions {
  timeoutMs: number;
  maxBytes: number;
  allowPrivate: boolean;
  maxRedirects: number;
  /** The address policy when private networks are not allowed (default: public addresses only). */
  addressAllowed?: (ip: string) => boolean;
  etag?: string | null;
  lastModified?: string | null;
}

export type FetchResult =
  | { status: 304; etag: string | null; lastModified: string | null }
  | { status: 200; body: string; etag: string | null; lastModified: string | null; finalUrl: string };

export class FeedFetchError extends Error {
  constructor(
    message: string,
    readonly httpStatus: number | null = null,
  ) {
    super(message);
  }
}

/**
 * The DNS lookup every connection of a feed fetch goes through: a host that resolves to a refused address is
 * refused at connect time, so a name re-pointed between a check and the connection (DNS rebinding) cannot slip by.
 */
type Allowed = (ip: string) => boolean;
const allowedBy = (o: FetchOptions): Allowed => (o.allowPrivate ? () => true : (o.addressAllowed ?? isPublicAddress));

function guardedLookup(allowed: Allowed): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const list = addresses as unknown as LookupAddress[];
      const bad = list.find((a) => !allowed(a.address));
      if (bad) return callback(Object.assign(new Error(`refused: ${hostname} resolves to a private, loopback or link-local address (${bad.address})`), { code: 'EADDRREFUSED' }), '', 0);
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
      callback(null, list[0].address, list[0].family);
    });
  };
}

function checkUrl(raw: string, allowed: Allowed): URL {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new FeedFetchError(`not a URL: ${raw}`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new FeedFetchError(`refused: ${u.protocol} URLs are not fetched`);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) && !allowed(host)) throw new FeedFetchError(`refused: ${host} is a private, loopback or link-local address`);
  return u;
}

function once(url: URL, o: FetchOptions): Promise<{ res: IncomingMessage; body: Buffer | null }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'user-agent': 'Octopus-FeedPoller/1', accept: 'application/rss+xml, application/atom+xml, application/xml, text/xml;q=0.9, */*;q=0.5' };
    if (o.etag) headers['if-none-match'] = o.etag;
    if (o.lastModified) headers['if-modified-since'] = o.lastModified;
    const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, { method: 'GET', headers, lookup: guardedLookup(allowedBy(o)), signal: AbortSignal.timeout(o.timeoutMs) }, (res) => {
      const status = res.statusCode ?? 0;
      if (status !== 200) {
        res.resume();
        return resolve({ res, body: null });
      }
      const declared = Number(res.headers['content-length'] ?? NaN);
      if (declared > o.maxBytes) {
        res.destroy();
        return reject(new FeedFetchError(`the feed is larger than ${o.maxBytes} bytes`));
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > o.maxBytes) {
          res.destroy();
          reject(new FeedFetchError(`the feed is larger than ${o.maxBytes} bytes`));
        } else chunks.push(c);
      });
      res.on('end', () => resolve({ res, body: Buffer.concat(chunks) }));
      res.on('error', (e) => reject(e));
    });
    req.on('error', (e: Error & { code?: string }) => {
      if (e.name === 'AbortError' || e.name === 'TimeoutError' || e.code === 'ABORT_ERR') reject(new FeedFetchError(`timed out after ${o.timeoutMs} ms`));
      else reject(new FeedFetchError(e.message));
    });
    req.end();
  });
}

/** GET of a feed: conditional, size-capped, with a deadline, following ≤ maxRedirects redirects, each re-checked. */
export async function fetchFeed(rawUrl: string, o: FetchOptions): Promise<FetchResult> {
  let url = checkUrl(rawUrl, allowedBy(o));
  for (let hop = 0; ; hop++) {
    const { res, body } = await once(url, o);
    const status = res.statusCode ?? 0;
    const etag = (res.headers.etag as string | undefined) ?? null;
    const lastModified = (res.headers['last-modified'] as string | undefined) ?? null;
    if (status === 304) return { status: 304, etag: etag ?? o.etag ?? null, lastModified: lastModified ?? o.lastModified ?? null };
    if (status === 200 && body) return { status: 200, body: body.toString('utf8'), etag, lastModified, finalUrl: url.toString() };
    if ([301, 302, 303, 307, 308].includes(status) && res.headers.location) {
      if (hop >= o.maxRedirects) throw new FeedFetchError(`more than ${o.maxRedirects} redirects`, status);
      url = checkUrl(new URL(res.headers.location, url).toString(), allowedBy(o));
      continue;
    }
    throw new FeedFetchError(`HTTP ${status}`, status);
  }
}
