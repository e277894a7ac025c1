import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createDatabase, type TestDatabase } from '../support/database';
import { ensureBuild, serverEnv, startServer, type ServerProcess } from './support/server';

/*
 * A market provider that hangs or answers garbage, seen from outside: a real server (dist/) with
 * MARKET_DATA_PROVIDER=yahoo pointed by MARKET_YAHOO_BASE_URL at a fake Yahoo in this process, whose mode the
 * test switches. Everything is asserted over HTTP, as a user (quotes) or an operator (/metrics, /health/ready)
 * sees it. The numbers the run measures are printed at the end (docs/OPERATIONS: slow or broken market provider).
 */

const TIMEOUT_MS = 600;
const RETRIES = 1;
const THRESHOLD = 6;
const COOLDOWN_MS = 3000;
/** What "within the timeout" allows on top of it: the HTTP round trip and a loaded 2-core CI machine. */
const MARGIN_MS = 500;

type Mode = 'ok' | 'hang' | 'not-json' | 'wrong-shape' | 'unusable' | 'http-500';

/** Yahoo's hosts as the client reaches them through MARKET_YAHOO_BASE_URL: cookie page, crumb, v7 quotes. */
class FakeYahooServer {
  mode: Mode = 'ok';
  prices = new Map<string, number>([['AAPL', 150.25]]);
  /** v7 quote requests received (whatever the mode), and the ones still open (hanging). */
  quoteRequests = 0;
  open = 0;
  private server: Server | null = null;
  private readonly hung = new Set<ServerResponse>();

  async start(): Promise<string> {
    this.server = createServer((req, res) => this.handle(req, res));
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    return `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }

  async stop(): Promise<void> {
    for (const res of this.hung) res.destroy();
    this.server?.closeAllConnections();
    await new Promise((r) => this.server?.close(r));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://fake');
    if (url.pathname === '/v1/test/getcrumb') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('fakeCrumb');
    if (url.pathname !== '/v7/finance/quote') {
      // finance.yahoo.com/quote/AAPL or fc.yahoo.com: the page that sets the session cookie
      const cookie = 'A3=d=AQABBFake; Max-Age=31557600; Domain=.yahoo.com; Path=/; Secure; HttpOnly';
      return void res.writeHead(200, { 'content-type': 'text/html', 'set-cookie': cookie }).end('<html></html>');
    }
    this.quoteRequests++;
    this.open++;
    res.on('close', () => this.open--);
    const symbols = (url.searchParams.get('symbols') ?? '').split(',').filter(Boolean);
    const json = (body: unknown, status = 200) => void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    switch (this.mode) {
      case 'hang':
        this.hung.add(res);
        res.on('close', () => this.hung.delete(res));
        return;
      case 'http-500':
        return void res.writeHead(500, { 'content-type': 'text/plain' }).end('Internal Server Error');
      case 'not-json':
        return void res.writeHead(200, { 'content-type': 'application/json' }).end('<html><body>Will be right back…</body></html>');
      case 'wrong-shape':
        return json({ finance: { result: [{ price: 'lots' }] } });
      case 'unusable':
        return json({
          quoteResponse: {
            result: symbols.flatMap((symbol) => [
              { symbol, regularMarketPrice: 0, regularMarketTime: nowSeconds() },
              { symbol, regularMarketPrice: 'NaN', regularMarketTime: nowSeconds() },
              { symbol, regularMarketPrice: -3, regularMarketTime: nowSeconds() },
              { symbol, regularMarketPrice: 99, regularMarketTime: 95_617_584_000 }, // year 5000
            ]),
            error: null,
          },
        });
      default:
        return json({ quoteResponse: { result: symbols.filter((s) => this.prices.has(s)).map((s) => row(s, this.prices.get(s) as number)), error: null } });
    }
  }
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

function row(symbol: string, price: number) {
  return {
    symbol,
    quoteType: 'EQUITY',
    regularMarketPrice: price,
    regularMarketOpen: price - 1,
    regularMarketDayHigh: price + 1,
    regularMarketDayLow: price - 2,
    regularMarketPreviousClose: price - 0.5,
    regularMarketVolume: 1_000_000,
    regularMarketTime: nowSeconds(),
    bid: price - 0.01,
    ask: price + 0.01,
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Fault: the market provider hangs, answers garbage or fails', () => {
  const fake = new FakeYahooServer();
  let db: TestDatabase;
  let server: ServerProcess;
  let token: string;
  const measured: Record<string, number> = {};
  let openedAt = 0;

  const get = async (path: string, auth = true) => {
    const started = performance.now();
    const res = await fetch(`${server.url}${path}`, { headers: auth ? { authorization: `Bearer ${token}` } : {} });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, body: text.startsWith('{') ? JSON.parse(text) : null, ms: performance.now() - started };
  };
  const quote = (symbol: string) => get(`/api/market/quote/${symbol}`);

  /** The breaker state the app reports on /metrics. */
  const circuit = async (): Promise<string | undefined> => {
    const { text } = await get('/metrics', false);
    return /octopus_market_provider_circuit_state\{provider="yahoo",state="(\w+)"\} 1/.exec(text)?.[1];
  };

  /**
   * Waits until a call that went on after a stale answer has given up: no upstream request open for longer than
   * a retry's backoff (at most 300 ms for the first retry).
   */
  const settled = async () => {
    for (let quietMs = 0, i = 0; quietMs < 400 && i < 200; i++) {
      await sleep(50);
      quietMs = fake.open > 0 ? 0 : quietMs + 50;
    }
  };

  /** A 200 quote that must be the last good one, served stale, never a made-up price. */
  const expectStale = (res: Awaited<ReturnType<typeof quote>>, price: number) => {
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ symbol: 'AAPL', price, source: 'yahoo', stale: true });
    expect(Number.isFinite(res.body.price) && res.body.price > 0).toBe(true);
    expect(res.body.bid).toBeGreaterThan(0);
  };

  /** The documented 503: standard error body, provider named, Retry-After in whole seconds. */
  const expectUnavailable = (res: Awaited<ReturnType<typeof quote>>) => {
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ error: 'ServiceUnavailable', details: { provider: 'yahoo' } });
    expect(typeof res.body.message).toBe('string');
    expect(res.body.request_id).toEqual(expect.any(String));
    expect(res.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
  };

  beforeAll(async () => {
    ensureBuild();
    const baseUrl = await fake.start();
    db = await createDatabase('fault_provider');
    server = await startServer(
      serverEnv(db.url, {
        MARKET_DATA_PROVIDER: 'yahoo',
        MARKET_YAHOO_BASE_URL: baseUrl,
        MARKET_YAHOO_TIMEOUT_MS: String(TIMEOUT_MS),
        MARKET_YAHOO_RETRIES: String(RETRIES),
        MARKET_YAHOO_FAILURE_THRESHOLD: String(THRESHOLD),
        MARKET_YAHOO_COOLDOWN_MS: String(COOLDOWN_MS),
        MARKET_POLL_MS: '1000', // quotes are reused for 1 s
        MARKET_QUOTE_TTL_MS: '0', // every request reaches the provider
        MARKET_TICK_MS: '0',
        MARKET_IMPORT_SYNC_MS: '0',
      }),
    );
    const email = `fault-provider-${Date.now()}@example.com`;
    const password = 'correct horse battery';
    const post = (path: string) =>
      fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
    expect((await post('/api/auth/register')).status).toBe(201);
    token = ((await (await post('/api/auth/login')).json()) as { access_token: string }).access_token;
  });

  afterAll(async () => {
    server?.kill('SIGTERM');
    await server?.exited;
    await fake.stop();
    await db?.drop();
    console.log(`measured: ${JSON.stringify(measured)}`);
  });

  it('serves a fresh quote from the upstream; the circuit is closed', async () => {
    const res = await quote('AAPL');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ symbol: 'AAPL', price: 150.25, bid: 150.24, ask: 150.26, source: 'yahoo', stale: false });
    expect(await circuit()).toBe('closed');
  });

  it('upstream hangs: the last good price, stale, within the timeout (failed call 1)', async () => {
    await sleep(1100); // the quote is older than the poll period: due for a refresh
    fake.mode = 'hang';
    const res = await quote('AAPL');
    expectStale(res, 150.25);
    measured.staleWhileHangingMs = Math.round(res.ms);
    expect(res.ms).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
    await settled(); // the call retries in the background, then gives up
    expect(await circuit()).toBe('closed');
  });

  it('upstream hangs, symbol never seen: 503 with Retry-After once the call has given up (failed call 2)', async () => {
    const before = fake.quoteRequests;
    const res = await quote('MSFT');
    expectUnavailable(res);
    measured.unavailableWhileHangingMs = Math.round(res.ms);
    expect(res.ms).toBeLessThan((RETRIES + 1) * TIMEOUT_MS + 300 + MARGIN_MS); // attempts + the backoff cap of one retry
    expect(fake.quoteRequests - before).toBe(RETRIES + 1);
  });

  it.each([
    ['not-json', 3],
    ['wrong-shape', 4],
    ['http-500', 5],
  ] as const)('upstream answers %s: the last good price, stale, never a 5xx (failed call %i)', async (mode, call) => {
    fake.mode = mode;
    const res = await quote('AAPL');
    expectStale(res, 150.25);
    expect(res.ms).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
    await settled();
    expect(await circuit()).toBe(call < THRESHOLD ? 'closed' : 'open');
  });

  it(`upstream answers rows without a usable price, symbol never seen: 503, no zero or NaN price; the ${THRESHOLD}th failed call opens the circuit`, async () => {
    fake.mode = 'unusable';
    const res = await quote('MSFT');
    expectUnavailable(res);
    expect(res.text).not.toMatch(/"price"/);
    measured.upstreamRequestsUntilOpen = fake.quoteRequests - 1; // all but the first, good one
    measured.failedCallsUntilOpen = THRESHOLD;
    expect(await circuit()).toBe('open');
    openedAt = Date.now();
  });

  it('while open: nothing reaches the upstream; known quotes are stale at once, unknown ones 503; readiness stays up', async () => {
    fake.mode = 'ok'; // even a recovered upstream is left alone until the cooldown has passed
    const before = fake.quoteRequests;
    const stale = await quote('AAPL');
    expectStale(stale, 150.25);
    measured.staleWhileOpenMs = Math.round(stale.ms);
    expect(stale.ms).toBeLessThan(MARGIN_MS);
    const none = await quote('MSFT');
    expectUnavailable(none);
    expect(Number(none.headers.get('retry-after'))).toBeLessThanOrEqual(Math.ceil(COOLDOWN_MS / 1000));
    expect(fake.quoteRequests).toBe(before);
    // The provider is not the app's readiness: an instance without Yahoo still serves stale quotes, orders, portfolios.
    expect((await get('/health/ready', false)).status).toBe(200);
  });

  it('after the cooldown the circuit half-opens, the trial succeeds, it closes and quotes are fresh again', async () => {
    fake.prices.set('AAPL', 151.5);
    fake.prices.set('MSFT', 410.1);
    let state = await circuit();
    while (state === 'open') {
      await sleep(100);
      state = await circuit();
    }
    measured.halfOpenAfterMs = Date.now() - openedAt;
    expect(state).toBe('half_open');
    const before = fake.quoteRequests;
    const fresh = await quote('AAPL');
    expect(fresh.status).toBe(200);
    expect(fresh.body).toMatchObject({ symbol: 'AAPL', price: 151.5, stale: false });
    expect(fake.quoteRequests - before).toBe(1); // one trial call
    expect(await circuit()).toBe('closed');
    measured.closedAfterMs = Date.now() - openedAt;
    expect((await quote('MSFT')).body).toMatchObject({ symbol: 'MSFT', price: 410.1, stale: false });
  });

  it('the server logged no unhandled error along the way', () => {
    expect(server.output()).not.toMatch(/Unhandled|InternalError|"statusCode":500/);
  });
});
