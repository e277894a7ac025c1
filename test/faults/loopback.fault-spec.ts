import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { WebSocket } from 'ws';
import { uniqueEmail, uniqueIp } from '../support/app';
import { createDatabase, type TestDatabase } from '../support/database';
import { ledgerViolations } from '../support/ledger';
import { Inbox, ioConnect, type IoClient, sleep, until, wsConnect, type WsClient } from '../support/ws';
import { checkNginxConfig, nginxBinary, type NginxProcess, type NginxTemplateValues, startNginx } from './support/nginx';
import { ensureBuild, type ServerProcess, serverEnv, startServer } from './support/server';

/**
 * The scale-out deployment without Docker: three server processes (dist/) on one fresh PostgreSQL database and the
 * local Redis, behind the system's nginx running the same template docker-compose.yml mounts
 * (deploy/nginx/octopus.conf.template). Proves that user events cross instances, that rate limits are counted once
 * for all instances and keyed on the real client, and that an instance SIGKILLed under load loses and doubles no
 * order while its WebSocket clients come back on the others. The figures are printed for docs/OPERATIONS.md.
 */
const REDIS_URL = (() => {
  // Rate-limit keys carry no prefix (octopus:rl:…), so this run counts in a Redis database no other test uses.
  const u = new URL(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
  u.pathname = '/11';
  return u.toString();
})();
const RUN = randomBytes(4).toString('hex');
/** Per-minute and per-10-second limits of the instances (per user, per client address when anonymous). */
const LIMITS = { perMinute: 1000, burst: 40 };
const CLIENTS = 24;
const ORDERS_PER_CLIENT = 8;
const WS_RECONNECT_DELAY_MS = 100;
const ROOT = join(__dirname, '..', '..');

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

interface CallOptions {
  body?: unknown;
  token?: string;
  headers?: Record<string, string>;
  /** Source address of the connection (any 127.x.y.z on Linux loopback): a client nginx sees as another address. */
  localAddress?: string;
  agent?: Agent;
  timeoutMs?: number;
}

/** One HTTP request (node:http, so the source address can be chosen); the body parsed when it is JSON. */
function call(base: string, method: string, path: string, o: CallOptions = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const payload = o.body === undefined ? undefined : JSON.stringify(o.body);
    const req = httpRequest(
      base + path,
      {
        method,
        agent: o.agent,
        localAddress: o.localAddress,
        timeout: o.timeoutMs ?? 15_000,
        headers: {
          ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) }),
          ...(o.token ? { authorization: `Bearer ${o.token}` } : {}),
          ...o.headers,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('error', reject);
        res.on('end', () => {
          let body: Record<string, unknown>;
          try {
            body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
          } catch {
            body = { text };
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer within ${o.timeoutMs ?? 15_000} ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}

async function must(p: Promise<Answer>, expected: number[], what: string): Promise<Answer> {
  const res = await p;
  if (!expected.includes(res.status)) throw new Error(`${what} → ${res.status}: ${JSON.stringify(res.body)}`);
  return res;
}

interface User {
  token: string;
  userId: string;
  portfolioId: string;
}

/** A user with a portfolio, made directly on an instance (anonymous calls under a fresh X-Forwarded-For each). */
async function newUser(base: string): Promise<User> {
  const email = uniqueEmail('lb');
  const password = 'correct horse battery';
  const reg = await must(call(base, 'POST', '/api/auth/register', { body: { email, password }, headers: { 'X-Forwarded-For': uniqueIp() } }), [201], 'register');
  const login = await must(call(base, 'POST', '/api/auth/login', { body: { email, password }, headers: { 'X-Forwarded-For': uniqueIp() } }), [200], 'login');
  const token = login.body.access_token as string;
  const portfolio = await must(call(base, 'POST', '/api/portfolios', { token, body: { name: 'Behind nginx', initial_cash: 1_000_000 } }), [201], 'portfolio');
  return { token, userId: reg.body.id as string, portfolioId: portfolio.body.id as string };
}

const marketBuy = (portfolioId: string) => ({ portfolio_id: portfolioId, symbol: 'SPY', side: 'buy', order_type: 'market', quantity: 1 });
const isOrderEvent = (orderId: string) => (m: Record<string, unknown>) => m.type === 'order' && (m.order as { id?: string } | undefined)?.id === orderId;

/** Access-log lines of the template's format: client, method, path, status and the upstream(s) that answered. */
function parseAccessLog(lines: string[]): { client: string; method: string; path: string; status: number; upstream: string }[] {
  const out = [];
  for (const line of lines) {
    const m = /^(\S+) \[[^\]]*\] "(\S+) (\S+)[^"]*" (\d{3}) \d+ upstream=(.*?) upstream_status=/.exec(line);
    // With a retry the field lists every upstream tried ("a, b"); the last one answered.
    if (m) out.push({ client: m[1], method: m[2], path: m[3], status: Number(m[4]), upstream: m[5].split(', ').pop()! });
  }
  return out;
}

/**
 * A plain-WebSocket client that reconnects (through nginx) whenever the connection drops, as a browser app would:
 * after WS_RECONNECT_DELAY_MS, until it is ready again (a ping answered). Messages of every connection go to one inbox.
 */
class ReconnectingWs {
  readonly inbox = new Inbox();
  drops = 0;
  /** Connection attempts that failed (refused or closed before ready) while reconnecting. */
  failedAttempts = 0;
  /** Milliseconds from each drop until the next connection answered a ping. */
  readonly reconnectMs: number[] = [];
  private ws: WebSocket | null = null;
  private stopped = false;

  constructor(
    private readonly url: string,
    private readonly headers: Record<string, string>,
  ) {}

  /** Connects, retrying until a connection is ready. */
  async open(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.connectOnce();
        return;
      } catch {
        this.failedAttempts++;
        await sleep(WS_RECONNECT_DELAY_MS);
      }
    }
  }

  close(): void {
    this.stopped = true;
    this.ws?.close();
  }

  private connectOnce(): Promise<void> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(this.url, { headers: this.headers });
      const readyId = `ready-${randomBytes(3).toString('hex')}`;
      let ready = false;
      this.ws = ws;
      ws.on('message', (data) => {
        const m = JSON.parse(data.toString()) as Record<string, unknown>;
        if (m.id === readyId) {
          ready = true;
          resolve();
        } else this.inbox.push(m);
      });
      ws.on('open', () => ws.send(JSON.stringify({ type: 'ping', id: readyId })));
      ws.on('error', (e) => {
        if (!ready) reject(e);
      });
      ws.on('close', (code) => {
        if (!ready) return reject(new Error(`closed with ${code} before it was ready`));
        if (this.stopped) return;
        this.drops++;
        const droppedAt = Date.now();
        void sleep(WS_RECONNECT_DELAY_MS)
          .then(() => this.open())
          .then(() => {
            if (!this.stopped) this.reconnectMs.push(Date.now() - droppedAt);
          });
      });
    });
  }
}

const median = (xs: number[]) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] : null);

describe('Three instances behind nginx (loopback, no Docker)', () => {
  jest.setTimeout(110_000);
  let db: TestDatabase | undefined;
  let servers: ServerProcess[] = [];
  let nginx: NginxProcess | undefined;
  let pg: Client | undefined;
  let redis: Redis | undefined;
  const closers: { close(): void }[] = [];
  const track = <T extends { close(): void }>(c: T): T => (closers.push(c), c);
  const wsBase = (s: ServerProcess) => s.url.replace('http://', 'ws://');
  const queuePrefix = `octopus-lb-${RUN}`;

  beforeAll(async () => {
    nginxBinary(); // fails here, with how to install it, when nginx is missing
    ensureBuild();
    db = await createDatabase('octopus_lb');
    const env = serverEnv(db.url, {
      REDIS_URL,
      // BullMQ keys of this run only: no other test's ML jobs reach these workers.
      ML_QUEUE_PREFIX: queuePrefix,
      RATE_LIMIT_ENABLED: 'true',
      RATE_LIMIT_PER_MINUTE: String(LIMITS.perMinute),
      RATE_LIMIT_BURST: String(LIMITS.burst),
      TRADING_HOURS: 'always',
      MARKET_TICK_MS: '500',
      OUTBOX_POLL_INTERVAL_MS: '100',
      ORDER_SWEEP_INTERVAL_MS: '500',
      WS_MAX_CONNECTIONS_PER_IP: '1000',
      DB_POOL_SIZE: '6',
    });
    // Kept one by one, so that afterAll kills those that started when another did not.
    const started = await Promise.allSettled([0, 1, 2].map(() => startServer(env)));
    servers = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    nginx = await startNginx(servers.map((s) => `127.0.0.1:${s.port}`));
    pg = new Client({ connectionString: db.url });
    await pg.connect();
    redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
  });

  afterAll(async () => {
    for (const c of closers) c.close();
    await nginx?.stop().catch(() => undefined);
    for (const s of servers) if (s.proc.exitCode === null && s.proc.signalCode === null) s.kill('SIGKILL');
    await Promise.all(servers.map((s) => s.exited));
    await pg?.end().catch(() => undefined);
    if (redis) {
      // This run's BullMQ keys; the rate-limit keys expire within their minute.
      const keys: string[] = [];
      for (let cursor = '0'; ; ) {
        const [next, batch] = await redis.scan(cursor, 'MATCH', `${queuePrefix}:*`, 'COUNT', 500);
        keys.push(...batch);
        if ((cursor = next) === '0') break;
      }
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
    }
    await db?.drop().catch(() => undefined);
  });

  it('docker-compose.yml fills every placeholder of the nginx template, and nginx accepts the result', () => {
    const compose = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
    const value = (name: keyof NginxTemplateValues) => {
      const m = new RegExp(`^\\s+${name}: "?(.*?)"?\\s*$`, 'm').exec(compose);
      if (!m) throw new Error(`docker-compose.yml sets no ${name} for nginx`);
      return m[1];
    };
    const upstreams = value('OCTOPUS_UPSTREAM_SERVERS');
    expect(upstreams.match(/server api\d:8000/g)).toEqual(['server api1:8000', 'server api2:8000', 'server api3:8000']);
    expect(compose).toContain('./deploy/nginx/octopus.conf.template:/etc/nginx/templates/default.conf.template');
    // api1..3 resolve only inside the compose network: here they are three local ports.
    checkNginxConfig({
      OCTOPUS_UPSTREAM_SERVERS: upstreams.replace(/api(\d):8000/g, (_, n: string) => `127.0.0.1:${18000 + Number(n)}`),
      NGINX_LISTEN: value('NGINX_LISTEN').replace(/^(\d+)$/, '127.0.0.1:$1'),
      NGINX_ACCESS_LOG: '/dev/null',
    });
  });

  it('delivers an order placed on one instance to /ws/portfolio on another, directly and through nginx (Socket.IO sticky)', async () => {
    const [a, b] = servers;
    const user = await newUser(a.url);
    const auth = { Authorization: `Bearer ${user.token}` };
    const onB: WsClient = track(await wsConnect(wsBase(b), `/ws/portfolio/${user.portfolioId}`, auth));
    const viaNginx: WsClient = track(await wsConnect(nginx!.wsUrl, `/ws/portfolio/${user.portfolioId}`, auth));
    // Socket.IO's default transports: long-polling first, then the upgrade — one session of several requests.
    const ios: IoClient[] = [];
    for (let i = 0; i < 3; i++) {
      const c = track(await ioConnect(nginx!.url, '/ws/trading', { token: user.token }, { transports: ['polling', 'websocket'] }));
      await until(() => c.socket.io.engine.transport.name === 'websocket', 5000, 'the Socket.IO upgrade through nginx');
      ios.push(c);
    }

    const placed = await must(call(a.url, 'POST', '/api/orders', { token: user.token, body: marketBuy(user.portfolioId) }), [201], 'order on A');
    const orderId = placed.body.id as string;
    await onB.inbox.next(isOrderEvent(orderId), 15_000);
    await viaNginx.inbox.next(isOrderEvent(orderId), 15_000);
    for (const c of ios) await c.inbox.next(isOrderEvent(orderId), 15_000);

    // Every Socket.IO request of this client address went to one instance (the hash), and no session was unknown.
    const socketIo = parseAccessLog(nginx!.accessLog()).filter((l) => l.path.startsWith('/socket.io/'));
    expect(socketIo.length).toBeGreaterThan(0);
    expect(new Set(socketIo.map((l) => l.upstream)).size).toBe(1);
    expect(socketIo.filter((l) => l.status >= 400)).toEqual([]);
    // Per-instance metrics stay off the balancer.
    expect((await call(nginx!.url, 'GET', '/metrics')).status).toBe(404);
    expect((await call(a.url, 'GET', '/metrics')).status).toBe(200);
    for (const c of [onB, viaNginx, ...ios]) c.close();
  });

  it('counts rate limits once across the instances, keyed on the client nginx saw (X-Forwarded-For not forgeable)', async () => {
    // A client nginx sees as a fresh address: 127.x.y.z (all of 127/8 is loopback), never 127.0.0.1.
    const bytes = randomBytes(3);
    const client = `127.${1 + (bytes[0] % 250)}.${bytes[1]}.${1 + (bytes[2] % 250)}`;
    const agent = new Agent({ keepAlive: false });
    const n = LIMITS.burst + 20;
    // Unknown paths are counted per address like any anonymous request; half of them claim another address.
    const answers = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        call(nginx!.url, 'GET', `/api/lb-probe-${RUN}/${i}`, { localAddress: client, agent, headers: i % 2 ? { 'X-Forwarded-For': `203.0.113.${i}` } : {} }),
      ),
    );
    agent.destroy();
    const passed = answers.filter((r) => r.status === 404).length;
    const limited = answers.filter((r) => r.status === 429).length;
    const served = parseAccessLog(nginx!.accessLog()).filter((l) => l.client === client);
    const byInstance = servers.map((s) => served.filter((l) => l.upstream === `127.0.0.1:${s.port}`).length);
    console.log(`rate limits through nginx: ${n} requests from ${client}, served by the instances ${byInstance.join(' / ')}: ${passed} passed, ${limited} got 429 (burst limit ${LIMITS.burst} per 10 s, ${3 * LIMITS.burst} if each instance counted alone)`);
    expect(byInstance.every((c) => c > 0)).toBe(true);
    expect(passed).toBe(LIMITS.burst);
    expect(limited).toBe(n - LIMITS.burst);
    expect(answers.every((r) => r.headers['x-ratelimit-limit'] === String(LIMITS.perMinute))).toBe(true);
    // The bucket is the address nginx saw, not nginx's own (127.0.0.1) nor a forged one (the storage's key form).
    const bucket = (ip: string) => `{octopus:rl:burst:ip:${ip}:burst}:hits`;
    expect(await redis!.exists(bucket(client))).toBe(1);
    expect(await redis!.exists(bucket('203.0.113.1'))).toBe(0);
  });

  it('loses and doubles no order when an instance is SIGKILLed under load; its WebSocket clients come back on the others', async () => {
    const users = await Promise.all(Array.from({ length: CLIENTS }, (_, i) => newUser(servers[i % 3].url)));
    // One plain-WebSocket portfolio stream per user through nginx (round robin: about a third on each instance).
    const watchers = users.map((u) => track(new ReconnectingWs(`${nginx!.wsUrl}/ws/portfolio/${u.portfolioId}`, { Authorization: `Bearer ${u.token}` })));
    for (const w of watchers) await w.open();
    // Socket.IO clients with their default transports and reconnection: all on the instance this address hashes to.
    const ioUsers = users.slice(0, 3);
    const ios = await Promise.all(
      ioUsers.map((u) => ioConnect(nginx!.url, '/ws/trading', { token: u.token }, { transports: ['polling', 'websocket'], reconnection: true })),
    );
    ios.forEach(track);
    const ioReconnects: number[] = [];
    for (const c of ios) {
      let droppedAt = 0;
      c.socket.on('disconnect', () => (droppedAt = Date.now()));
      c.socket.on('connect', () => {
        if (droppedAt) ioReconnects.push(Date.now() - droppedAt);
      });
    }
    await until(() => ios.every((c) => c.socket.io.engine?.transport.name === 'websocket'), 5000, 'Socket.IO upgrades');
    const sticky = parseAccessLog(nginx!.accessLog()).filter((l) => l.path.startsWith('/socket.io/')).pop()!.upstream;
    const victim = servers.find((s) => `127.0.0.1:${s.port}` === sticky)!;
    expect(victim).toBeDefined();

    // The load: every client places its orders one after another through nginx, each with its own key; any
    // error (cut connection, 502, a key still leased by the dead instance) is retried with the same key.
    const total = CLIENTS * ORDERS_PER_CLIENT;
    const acked = new Map<string, { id: string; replayed: boolean; attempts: number; user: User }>();
    const errors: Record<string, number> = {};
    const failures: string[] = [];
    let killedAt = 0;
    let lastRetryOkAt = 0;
    const started = Date.now();
    const place = async (u: User, key: string, body: unknown): Promise<void> => {
      const deadline = Date.now() + 60_000;
      for (let attempt = 1; ; attempt++) {
        let res: Answer | null = null;
        let kind: string;
        try {
          res = await call(nginx!.url, 'POST', '/api/orders', { token: u.token, body, headers: { 'Idempotency-Key': key } });
          kind = res.status >= 200 && res.status < 300 ? 'ok' : `${res.status}${res.body.error ? ` ${res.body.error as string}` : ''}`;
        } catch (err) {
          kind = `network: ${(err as Error).message.slice(0, 60)}`;
        }
        if (kind === 'ok') {
          acked.set(key, { id: res!.body.id as string, replayed: res!.headers['idempotent-replayed'] === 'true', attempts: attempt, user: u });
          if (attempt > 1) lastRetryOkAt = Date.now();
          if (!killedAt && acked.size >= Math.ceil(total * 0.3)) {
            victim.kill('SIGKILL');
            killedAt = Date.now();
          }
          return;
        }
        errors[kind] = (errors[kind] ?? 0) + 1;
        const retriable = !res || res.status >= 500 || res.body.error === 'RequestInProgress';
        if (!retriable || Date.now() > deadline) {
          failures.push(`${key}: ${kind} (attempt ${attempt})`);
          return;
        }
        // A lease of the dead instance holds its keys for up to 30 s: no hurry for those.
        await sleep(res?.body.error === 'RequestInProgress' ? 1000 : 100);
      }
    };
    await Promise.all(
      users.map(async (u, c) => {
        for (let k = 0; k < ORDERS_PER_CLIENT; k++) await place(u, `lb-${RUN}-${c}-${k}`, marketBuy(u.portfolioId));
      }),
    );
    const loadMs = Date.now() - started;
    expect(killedAt).toBeGreaterThan(0);
    const exit = await victim.exited;
    expect(exit.signal).toBe('SIGKILL');
    expect(failures).toEqual([]);

    // WebSocket clients of the dead instance dropped and came back through nginx; everyone gets updates again.
    const dropped = watchers.filter((w) => w.drops > 0);
    await until(() => dropped.every((w) => w.reconnectMs.length === w.drops), 15_000, 'plain WebSocket clients reconnected');
    await until(() => ios.every((c) => c.socket.connected), 15_000, 'Socket.IO clients reconnected');
    const after = await Promise.all(
      users.map(async (u, c) => {
        const key = `lb-${RUN}-${c}-after`;
        await place(u, key, marketBuy(u.portfolioId));
        return acked.get(key)?.id;
      }),
    );
    expect(failures).toEqual([]);
    await Promise.all(watchers.map((w, i) => w.inbox.next(isOrderEvent(after[i]!), 15_000)));
    await Promise.all(ios.map((c, i) => c.inbox.next(isOrderEvent(after[i]!), 15_000)));

    // The database: every acknowledged order once, nothing else; one completed key per order; the ledger holds.
    const portfolioIds = users.map((u) => u.portfolioId);
    await until(
      async () => (await pg!.query(`SELECT count(*)::int AS n FROM orders WHERE portfolio_id = ANY($1) AND status IN ('pending', 'partially_filled')`, [portfolioIds])).rows[0].n === 0,
      20_000,
      'every order filled or finished',
    );
    const { rows: orders } = await pg!.query<{ id: string }>(`SELECT id FROM orders WHERE portfolio_id = ANY($1)`, [portfolioIds]);
    const inDb = new Map<string, number>();
    for (const o of orders) inDb.set(o.id, (inDb.get(o.id) ?? 0) + 1);
    const ackedIds = [...acked.values()].map((a) => a.id);
    const lost = ackedIds.filter((id) => !inDb.has(id));
    const unacknowledged = orders.filter((o) => !ackedIds.includes(o.id));
    const { rows: keys } = await pg!.query<{ key: string; status: string; order_id: string | null }>(
      `SELECT key, status, response_body ->> 'id' AS order_id FROM idempotency_keys WHERE user_id = ANY($1) AND key LIKE $2`,
      [users.map((u) => u.userId), `lb-${RUN}-%`],
    );
    const violations = await ledgerViolations({ query: (sql: string, params?: unknown[]) => pg!.query(sql, params).then((r) => r.rows) } as unknown as DataSource, portfolioIds);

    const upstreamErrors = (what: string) => nginx!.errorLog().split('\n').filter((l) => l.includes(what)).length;
    const retried = [...acked.values()].filter((a) => a.attempts > 1);
    const reconnects = dropped.flatMap((w) => w.reconnectMs);
    console.log(
      [
        `SIGKILL of one of three instances behind nginx, ${CLIENTS} clients × ${ORDERS_PER_CLIENT} market orders with Idempotency-Keys:`,
        `  killed after ${killedAt - started} ms (${Math.ceil(total * 0.3)} of ${total} acknowledged); load took ${loadMs} ms` +
          (lastRetryOkAt ? `, last retried order acknowledged ${lastRetryOkAt - killedAt} ms after the kill` : ''),
        `  orders acknowledged ${acked.size - CLIENTS} + ${CLIENTS} after, found ${orders.length}, lost ${lost.length}, not acknowledged ${unacknowledged.length}, duplicated ${[...inDb.values()].filter((n) => n > 1).length}`,
        `  errors seen by clients: ${JSON.stringify(errors)}; orders that needed retries ${retried.length} (max attempts ${Math.max(1, ...retried.map((a) => a.attempts))}), answered by a replay ${retried.filter((a) => a.replayed).length}`,
        `  plain WebSocket clients: ${dropped.length} of ${watchers.length} were on the killed instance, reconnected in median ${median(reconnects)} ms, max ${Math.max(0, ...reconnects)} ms (retry every ${WS_RECONNECT_DELAY_MS} ms; ${dropped.reduce((n, w) => n + w.failedAttempts, 0)} failed attempts)`,
        `  nginx: ${upstreamErrors('while connecting to upstream')} connections to the dead instance refused (passed to the next), ${upstreamErrors('from upstream')} requests or WebSockets cut off while it died`,
        `  Socket.IO clients (sticky, default reconnection): ${ioReconnects.length} of ${ios.length} reconnected, in ${ioReconnects.join(', ')} ms`,
        `  ledger violations ${violations.length}`,
      ].join('\n'),
    );
    expect(acked.size).toBe(total + CLIENTS);
    expect(lost).toEqual([]);
    expect(unacknowledged).toEqual([]);
    expect([...inDb.values()].every((n) => n === 1)).toBe(true);
    expect(orders).toHaveLength(total + CLIENTS);
    expect(keys).toHaveLength(total + CLIENTS);
    for (const k of keys) {
      expect(k.status).toBe('completed');
      expect(k.order_id).toBe(acked.get(k.key)?.id);
    }
    expect(violations).toEqual([]);
    expect(dropped.length).toBeGreaterThan(0);
    expect(dropped.length).toBeLessThan(watchers.length);
    expect(ioReconnects).toHaveLength(ios.length);
  });
});
