import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/*
 * The process's Prometheus metrics (GET /metrics), prom-client on one registry. Modules record into these
 * directly (counters, histograms) or register a collector that reads their state at scrape time; several apps in
 * one process (the tests) share them, and a collector is removed when its owner stops.
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'octopus_' }); // CPU, memory, GC, handles, event-loop lag

export const httpRequestDuration = new Histogram({
  name: 'octopus_http_request_duration_seconds',
  help: 'HTTP request duration by method, route (the route pattern; "unmatched" for unknown paths) and status',
  labelNames: ['method', 'route', 'status'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

export const orderEvents = new Counter({
  name: 'octopus_order_events_total',
  help: 'Committed order events, each counted once across instances: new (placed), partial_fill, fill, canceled, rejected, expired',
  labelNames: ['event'],
  registers: [registry],
});

export const wsConnections = new Gauge({
  name: 'octopus_ws_connections',
  help: 'Open realtime connections by channel and transport',
  labelNames: ['channel', 'transport'],
  registers: [registry],
});

/** Sends counted per channel in plain numbers (a labelled `inc` per message costs ~120 ns), added up at scrape time. */
const pendingWsMessages = new Map<string, number>();

export const wsMessagesSent = new Counter({
  name: 'octopus_ws_messages_sent_total',
  help: 'Realtime messages handed to a transport, by channel',
  labelNames: ['channel'],
  registers: [registry],
  collect() {
    for (const [channel, n] of pendingWsMessages) if (n > 0) this.inc({ channel }, n);
    pendingWsMessages.clear();
  },
});

/** Counts `n` realtime messages handed to a transport on `channel` (see wsMessagesSent). */
export function countWsMessages(channel: string, n = 1): void {
  pendingWsMessages.set(channel, (pendingWsMessages.get(channel) ?? 0) + n);
}

export const mlJobs = new Gauge({
  name: 'octopus_ml_jobs',
  help: 'ML jobs (forecast evaluations, backtests) queued or running, all instances (from ml_jobs)',
  labelNames: ['status'],
  registers: [registry],
});

export const dbPool = new Gauge({
  name: 'octopus_db_pool_connections',
  help: 'Database pool connections of this process: total, idle, and requests waiting for one',
  labelNames: ['state'],
  registers: [registry],
});

export const marketProviderCircuit = new Gauge({
  name: 'octopus_market_provider_circuit_state',
  help: 'Circuit breaker in front of the upstream market data provider (yahoo) of this process: 1 for its current state (closed, open, half_open = the cooldown is over and the next call is the trial), 0 for the others',
  labelNames: ['provider', 'state'],
  registers: [registry],
});

const collectors = new Set<() => Promise<void> | void>();

/** Runs `collect` before each scrape (to set gauges from live state); returns the function that removes it. */
export function onScrape(collect: () => Promise<void> | void): () => void {
  collectors.add(collect);
  return () => collectors.delete(collect);
}

/** The text exposition, after every collector ran (a failing collector leaves its gauges as they were). */
export async function scrape(): Promise<string> {
  await Promise.all(
    [...collectors].map(async (c) => {
      try {
        await c();
      } catch {
        // stale gauges rather than no metrics at all
      }
    }),
  );
  return registry.metrics();
}
