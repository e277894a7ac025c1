import { Logger } from '@nestjs/common';
import YahooFinance from 'yahoo-finance2';

/** The HTTP function the Yahoo client uses: global fetch in production, recorded responses in tests. */
export const YAHOO_FETCH = Symbol('YAHOO_FETCH');
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** A failure worth retrying: timeout, network error, 429 or 5xx. */
export class UpstreamError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = 'UpstreamError';
  }
}

export interface YahooQuoteRow {
  symbol: string;
  quoteType?: string;
  regularMarketPrice?: number;
  regularMarketOpen?: number;
  regularMarketDayHigh?: number;
  regularMarketDayLow?: number;
  regularMarketPreviousClose?: number;
  regularMarketVolume?: number;
  /** Seconds since the epoch (validation is off, so the library does not turn it into a Date). */
  regularMarketTime?: number | string | Date;
  bid?: number;
  ask?: number;
  averageDailyVolume3Month?: number;
}

export interface YahooChartQuote {
  date: Date;
  open: number | null;
  high: number | null;
  low: number | null;
  close: number | null;
  volume: number | null;
  adjclose?: number | null;
}

const quiet = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
  dir: () => undefined,
};

const urlOf = (input: string | URL | Request): string => (typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);

/** The request sent to `baseUrl` instead of Yahoo's host: same path (after the base's own path) and query. */
export function rebase(input: string | URL | Request, baseUrl: string): string | Request {
  const from = new URL(urlOf(input));
  const base = new URL(baseUrl);
  const to = new URL(`${base.pathname.replace(/\/$/, '')}${from.pathname}${from.search}`, base).href;
  return input instanceof Request ? new Request(to, input) : to;
}

/**
 * yahoo-finance2 3.x (the line that runs on Node 20) with our fetch underneath: it handles Yahoo's cookie
 * and crumb handshake and the URL/response formats; we add the timeout, and turn 429/5xx and network
 * failures into UpstreamError (retryable) before the library sees them. Result validation is off on
 * purpose: Yahoo's schema drifts often and a missing optional field must not take quotes down; the
 * provider checks the few fields it uses. With `baseUrl` (MARKET_YAHOO_BASE_URL) every request goes there
 * instead of to Yahoo's hosts (a proxy, or a fake upstream in fault tests); the library still sees Yahoo's
 * URLs, so its cookie jar works unchanged.
 */
export class YahooClient {
  private readonly yf: InstanceType<typeof YahooFinance>;
  private readonly logger = new Logger('YahooClient');

  constructor(
    fetchImpl: FetchLike,
    private readonly timeoutMs: number,
    private readonly baseUrl: string | null = null,
  ) {
    this.yf = new YahooFinance({
      suppressNotices: ['yahooSurvey'],
      validation: { logErrors: false, logOptionsErrors: false },
      logger: quiet,
    });
    // yahoo-finance2 3.4 takes its fetch from `_env` (there is no constructor option for it).
    this.yf._env.fetch = this.withTimeout(fetchImpl) as typeof fetch;
  }

  private withTimeout(fetchImpl: FetchLike): FetchLike {
    return async (input, init) => {
      let res: Response;
      try {
        const target = this.baseUrl === null ? input : rebase(input, this.baseUrl);
        res = await fetchImpl(target, { ...init, signal: AbortSignal.timeout(this.timeoutMs) });
      } catch (err) {
        const name = (err as { name?: string }).name;
        const reason = name === 'TimeoutError' || name === 'AbortError' ? `timed out after ${this.timeoutMs} ms` : String((err as Error).message ?? err);
        throw new UpstreamError(`Yahoo request failed: ${reason}`, null);
      }
      if (res.status === 429 || res.status >= 500) {
        await res.body?.cancel().catch(() => undefined);
        throw new UpstreamError(`Yahoo answered HTTP ${res.status}`, res.status);
      }
      return res;
    };
  }

  async quote(yahooSymbols: readonly string[]): Promise<YahooQuoteRow[]> {
    const rows = (await this.yf.quote([...yahooSymbols], { return: 'array' }, { validateResult: false })) as unknown;
    if (!Array.isArray(rows)) {
      this.logger.warn('unexpected quote response shape');
      throw new UpstreamError('Unexpected Yahoo quote response', null);
    }
    return rows as YahooQuoteRow[];
  }

  async chart(yahooSymbol: string, period1: Date, period2: Date, interval: '1m' | '5m' | '15m' | '60m' | '1d'): Promise<YahooChartQuote[]> {
    const res = (await this.yf.chart(
      yahooSymbol,
      { period1, period2, interval, events: '', includePrePost: false, return: 'array' },
      { validateResult: false },
    )) as unknown as { quotes?: YahooChartQuote[] };
    return res.quotes ?? [];
  }
}
