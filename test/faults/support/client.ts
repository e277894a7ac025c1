import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { DataSource } from 'typeorm';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/**
 * One HTTP request on a connection of its own (no keep-alive pool), so each outcome is unambiguous: an answer,
 * or a connection error (`code` ECONNREFUSED: never sent; ECONNRESET / socket hang up: cut mid-request).
 */
export function call(base: string, method: string, path: string, opts: { token?: string; body?: unknown; headers?: Record<string, string>; timeoutMs?: number } = {}): Promise<Reply> {
  const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${base}${path}`,
      {
        method,
        agent: false,
        headers: {
          ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(payload)) } : {}),
          ...(opts.token ? { Authorization: `Bearer ${opts.token}` } : {}),
          ...opts.headers,
        },
        timeout: opts.timeoutMs ?? 30_000,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => {
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : null;
          } catch {
            /* not JSON */
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error('request timed out'), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
    req.end(payload);
  });
}

export interface Trader {
  token: string;
  userId: string;
  portfolioId: string;
}

/** Registers a user, logs in (as its own client address) and opens a portfolio with `cash`. */
export async function newTrader(base: string, cash = 1_000_000): Promise<Trader> {
  const email = `fault-${randomUUID()}@example.com`;
  const password = 'correct horse battery staple';
  const reg = await call(base, 'POST', '/api/auth/register', { body: { email, password } });
  if (reg.status !== 201) throw new Error(`register: ${reg.status} ${JSON.stringify(reg.body)}`);
  const ip = `10.${(Math.random() * 250) | 0}.${(Math.random() * 250) | 0}.${(Math.random() * 250) | 0}`;
  const login = await call(base, 'POST', '/api/auth/login', { body: { email, password }, headers: { 'X-Forwarded-For': ip } });
  if (login.status !== 200) throw new Error(`login: ${login.status} ${JSON.stringify(login.body)}`);
  const token = login.body.access_token as string;
  const p = await call(base, 'POST', '/api/portfolios', { token, body: { name: 'fault test', initial_cash: cash } });
  if (p.status !== 201) throw new Error(`portfolio: ${p.status} ${JSON.stringify(p.body)}`);
  return { token, userId: reg.body.id, portfolioId: p.body.id };
}

/** A market buy of `qty` with an Idempotency-Key. */
export const placeOrder = (base: string, t: Trader, key: string, symbol = 'AAPL', qty = 1): Promise<Reply> =>
  call(base, 'POST', '/api/orders', {
    token: t.token,
    headers: { 'Idempotency-Key': key },
    body: { portfolio_id: t.portfolioId, symbol, side: 'buy', order_type: 'market', quantity: qty },
  });

/** A TypeORM DataSource for raw queries (and ledgerViolations) on the test's database. */
export async function openDb(url: string): Promise<DataSource> {
  const ds = new DataSource({ type: 'postgres', url, entities: [], synchronize: false });
  return ds.initialize();
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export const errorCode = (e: unknown): string => (e as { code?: string }).code ?? (e as Error).message;
