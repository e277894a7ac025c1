import { OctopusConnectionError, OctopusTimeoutError, retryAfterSeconds } from './errors';

export type FetchLike = (input: Request) => Promise<Response>;

export interface RetryOptions {
  /** Extra attempts after the first (default 3). */
  retries: number;
  /** First backoff in ms, doubled each attempt with full jitter (default 250). */
  baseDelayMs: number;
  /** Longest single wait, Retry-After included (default 30 s): a longer Retry-After is not waited for. */
  maxDelayMs: number;
}

/** What the transport asks of the auth layer before and after each attempt. */
export interface AuthProvider {
  /** Headers to set on a request (none for public auth routes). */
  headers(path: string): Promise<Record<string, string>>;
  /** Called on a 401: true when fresh credentials were obtained and the request should be sent again. */
  refreshAfter401(path: string): Promise<boolean>;
}

export interface TransportOptions {
  fetch: typeof globalThis.fetch;
  timeoutMs: number;
  retry: RetryOptions;
  auth: AuthProvider;
  sleep?: (ms: number) => Promise<void>;
}

const delay = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Only requests that cannot do anything twice are retried: reads, and writes that carry an Idempotency-Key
 * (the server answers a repeat with the first response).
 */
export function isIdempotent(method: string, headers: Headers): boolean {
  const m = method.toUpperCase();
  return m === 'GET' || m === 'HEAD' || m === 'OPTIONS' || headers.has('idempotency-key');
}

/**
 * The `fetch` handed to openapi-fetch: credentials, timeout, one refresh-and-resend on 401, and retries of
 * idempotent requests — after Retry-After on 429, with backoff on 503 and on network errors.
 */
export function createTransport(options: TransportOptions): FetchLike {
  const sleep = options.sleep ?? delay;
  const { retries, baseDelayMs, maxDelayMs } = options.retry;
  return async (request: Request) => {
    const url = new URL(request.url);
    const method = request.method;
    const body = method === 'GET' || method === 'HEAD' ? undefined : await request.arrayBuffer();
    const idempotent = isIdempotent(method, request.headers);
    let refreshed = false;
    for (let attempt = 0; ; attempt++) {
      const headers = new Headers(request.headers);
      for (const [k, v] of Object.entries(await options.auth.headers(url.pathname))) headers.set(k, v);
      let response: Response;
      const signal = AbortSignal.timeout(options.timeoutMs);
      try {
        response = await options.fetch(new Request(url, { method, headers, body: body && body.byteLength > 0 ? body : undefined, signal }));
      } catch (e) {
        if (signal.aborted) throw new OctopusTimeoutError(`${method} ${url.pathname}: no answer within ${options.timeoutMs} ms`, { cause: e });
        if (idempotent && attempt < retries) {
          await sleep(backoff(attempt, baseDelayMs, maxDelayMs));
          continue;
        }
        throw new OctopusConnectionError(`${method} ${url.pathname}: ${(e as Error).message}`, { cause: e });
      }
      if (response.status === 401 && !refreshed && (await options.auth.refreshAfter401(url.pathname))) {
        refreshed = true;
        await response.body?.cancel();
        attempt--;
        continue;
      }
      if (idempotent && attempt < retries && (response.status === 429 || response.status === 503)) {
        const after = retryAfterSeconds(response.headers);
        const wait = after != null ? after * 1000 : backoff(attempt, baseDelayMs, maxDelayMs);
        if (wait <= maxDelayMs) {
          await response.body?.cancel();
          await sleep(wait);
          continue;
        }
      }
      return response;
    }
  };
}

function backoff(attempt: number, base: number, max: number): number {
  return Math.min(max, Math.random() * base * 2 ** attempt);
}

