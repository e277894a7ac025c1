/**
 * The processes of the realtime benchmark (see realtime.bench.ts), one role per process:
 *   server-app  — the Octopus app (Socket.IO + plain WS channels) with a steady synthetic tick source
 *   server-bare — a bare `ws` server doing the same fan-out with nothing else (the baseline)
 *   clients     — N clients of one transport, each subscribed to every symbol, measuring tick-to-client latency
 * Each talks to the orchestrator over IPC.
 */
import type { AddressInfo } from 'node:net';
import { io, Socket } from 'socket.io-client';
import { WebSocket, WebSocketServer } from 'ws';

export const SYMBOLS = Array.from({ length: Number(process.env.BENCH_SYMBOLS ?? 20) }, (_, i) => `BENCH${String(i + 1).padStart(2, '0')}`);
const RATE = Number(process.env.BENCH_TICKS_PER_SECOND ?? 2);

const send = (m: unknown) => process.send?.(m);

/** Every symbol ticks RATE times a second, all together (like the simulator's tick); timestamp = emission time. */
/** Tick rounds emitted so far (the orchestrator computes the expected deliveries from it). */
let rounds = 0;
/** Time the server spent inside each round's synchronous fan-out (ms), since the last reset. */
let roundMs: number[] = [];

function startTicks(emit: (symbol: string, i: number) => void): NodeJS.Timeout {
  return setInterval(() => {
    rounds++;
    const t0 = performance.now();
    for (const s of SYMBOLS) emit(s, rounds);
    roundMs.push(performance.now() - t0);
  }, 1000 / RATE);
}

const fanOutMs = () => {
  const sorted = [...roundMs].sort((a, b) => a - b);
  return { fanOutP50: sorted[Math.floor(sorted.length / 2)] ?? null, fanOutMax: sorted.at(-1) ?? null };
};

function cpuMeter() {
  let mark = process.cpuUsage();
  let at = Date.now();
  return {
    reset() {
      mark = process.cpuUsage();
      at = Date.now();
    },
    /** Share of one core used since reset. */
    read(): number {
      const u = process.cpuUsage(mark);
      return (u.user + u.system) / 1000 / (Date.now() - at);
    },
  };
}

function onCommands(handlers: Record<string, () => unknown>): void {
  process.on('message', (m: { cmd: string }) => {
    const h = handlers[m.cmd];
    if (h) send({ cmd: m.cmd, result: h() });
  });
}

// ---- server-app ----

async function serverApp(): Promise<void> {
  // Loaded here only: the other roles need none of the app. (require: import() stays ESM under module node16.)
  const { Test } = require('@nestjs/testing') as typeof import('@nestjs/testing');
  const { AppModule } = require('../src/app.module') as typeof import('../src/app.module');
  const { configureApp, createAppHttpAdapter } = require('../src/app.setup') as typeof import('../src/app.setup');
  const { MarketDataService } = require('../src/market/market.contracts') as typeof import('../src/market/market.contracts');
  const { MarketFeed } = require('../src/realtime/market-feed.service') as typeof import('../src/realtime/market-feed.service');

  const { FakeMarket } = require('../test/support/fake-market') as typeof import('../test/support/fake-market');
  const { SystemClock } = require('../src/market/clock') as typeof import('../src/market/clock');
  const market = new FakeMarket({
    clock: new SystemClock(),
    instruments: SYMBOLS.map((symbol) => ({ symbol, exchange: 'BENCH' })),
    quotes: Object.fromEntries(SYMBOLS.map((s) => [s, 100])),
    onlyWatchedTicks: true,
    hours: 'always',
    source: 'simulated',
  });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot()] })
    .overrideProvider(MarketDataService)
    .useValue(market)
    .compile();
  const app = moduleRef.createNestApplication(createAppHttpAdapter(), { bodyParser: false, logger: false });
  configureApp(app);
  await app.listen(0, '127.0.0.1');
  startTicks((s, i) => market.tick(s, { price: 100 + (i % 100) / 100, tick_volume: 1 }));
  const cpu = cpuMeter();
  const feed = app.get(MarketFeed);
  let since = 0;
  onCommands({
    reset: () => {
      cpu.reset();
      since = rounds;
      roundMs = [];
    },
    cpu: () => ({ cpu: cpu.read(), rounds: rounds - since, delivered: feed.delivered, ...fanOutMs() }),
  });
  send({ cmd: 'ready', port: (app.getHttpServer().address() as AddressInfo).port });
}

// ---- server-bare ----

function serverBare(): void {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
  const subs = new Map<string, Set<WebSocket>>(SYMBOLS.map((s) => [s, new Set()]));
  wss.on('connection', (ws) => {
    ws.on('message', (data) => {
      const m = JSON.parse(data.toString()) as { type: string; symbols: string[] };
      if (m.type !== 'subscribe') return;
      for (const s of m.symbols) subs.get(s)?.add(ws);
      ws.send(JSON.stringify({ type: 'subscribed', symbols: m.symbols }));
    });
    ws.on('close', () => {
      for (const set of subs.values()) set.delete(ws);
    });
  });
  startTicks((symbol, i) => {
    const set = subs.get(symbol)!;
    if (!set.size) return;
    const price = 100 + (i % 100) / 100;
    const json = JSON.stringify({ type: 'quote', symbol, price, change: price - 100, change_percent: price - 100, volume: i, bid: price, ask: price, timestamp: new Date().toISOString() });
    for (const ws of set) ws.send(json);
  });
  const cpu = cpuMeter();
  let since = 0;
  onCommands({
    reset: () => {
      cpu.reset();
      since = rounds;
      roundMs = [];
    },
    cpu: () => ({ cpu: cpu.read(), rounds: rounds - since, delivered: null, ...fanOutMs() }),
  });
  wss.on('listening', () => send({ cmd: 'ready', port: (wss.address() as AddressInfo).port }));
}

// ---- clients ----

async function clients(kind: 'ws' | 'socket.io', url: string, count: number): Promise<void> {
  const buckets = new Uint32Array(60_001); // latency in ms, capped at 60 s
  let messages = 0;
  let disconnects = 0;
  const record = (raw: string | Record<string, unknown>) => {
    const m = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { type: string; timestamp?: string; snapshot?: boolean };
    if (m.type !== 'quote' || m.snapshot) return;
    messages++;
    buckets[Math.min(60_000, Math.max(0, Date.now() - Date.parse(m.timestamp!)))]++;
  };
  const subscribe = { type: 'subscribe', symbols: SYMBOLS };
  const sockets: (WebSocket | Socket)[] = [];
  const open = (): Promise<void> =>
    new Promise((resolve, reject) => {
      if (kind === 'ws') {
        const ws = new WebSocket(`${url.replace('http', 'ws')}/ws/market-data`, { perMessageDeflate: false });
        ws.on('open', () => {
          ws.send(JSON.stringify(subscribe));
          resolve();
        });
        ws.on('message', (data) => record(data.toString()));
        ws.on('close', () => disconnects++);
        ws.on('error', reject);
        sockets.push(ws);
      } else {
        const s = io(`${url}/ws/market-data`, { transports: ['websocket'], forceNew: true, reconnection: false });
        s.on('connect', () => {
          s.emit('message', subscribe);
          resolve();
        });
        s.on('message', (m: Record<string, unknown>) => record(m));
        s.on('disconnect', () => disconnects++);
        s.on('connect_error', reject);
        sockets.push(s);
      }
    });
  for (let i = 0; i < count; i += 50) await Promise.all(Array.from({ length: Math.min(50, count - i) }, open));
  const cpu = cpuMeter();
  onCommands({
    reset: () => {
      buckets.fill(0);
      messages = 0;
      cpu.reset();
    },
    report: () => {
      const pct = (p: number) => {
        const target = Math.ceil(messages * p);
        let seen = 0;
        for (let ms = 0; ms < buckets.length; ms++) {
          seen += buckets[ms];
          if (seen >= target && target > 0) return ms;
        }
        return null;
      };
      let max = 0;
      for (let ms = 0; ms < buckets.length; ms++) if (buckets[ms]) max = ms;
      return { messages, p50: pct(0.5), p99: pct(0.99), max, disconnects, cpu: cpu.read() };
    },
  });
  send({ cmd: 'ready', connected: sockets.length });
}

const [role, ...args] = process.argv.slice(2);
if (role === 'server-app') void serverApp();
else if (role === 'server-bare') serverBare();
else if (role === 'clients') void clients(args[0] as 'ws' | 'socket.io', args[1], Number(args[2]));
