import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { requestIdFor } from './request-id';

/**
 * Admission of HTTP requests around a shutdown. Until `drain()` every request passes and is counted; after it,
 * each new request is answered 503 ServiceUnavailable with `Connection: close` and `Retry-After: 1` (a load
 * balancer sends the retry to another instance), and the responses still in flight close their connections.
 * `idle()` resolves when the last in-flight request has been answered.
 */
export class ShutdownGate {
  private draining = false;
  private readonly inflight = new Set<ServerResponse>();
  private waiters: Array<() => void> = [];

  get isDraining(): boolean {
    return this.draining;
  }

  get inFlight(): number {
    return this.inflight.size;
  }

  readonly middleware = (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    if (this.draining) return refuse(req, res);
    this.inflight.add(res);
    res.once('close', () => {
      this.inflight.delete(res);
      if (this.inflight.size === 0) for (const w of this.waiters.splice(0)) w();
    });
    next();
  };

  drain(): void {
    this.draining = true;
    for (const res of this.inflight) if (!res.headersSent) res.shouldKeepAlive = false;
  }

  /** True once nothing is in flight; false when `timeoutMs` passed first. */
  idle(timeoutMs: number): Promise<boolean> {
    if (this.inflight.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== done);
        resolve(false);
      }, Math.max(0, timeoutMs));
      const done = (): void => {
        clearTimeout(timer);
        resolve(true);
      };
      this.waiters.push(done);
    });
  }
}

function refuse(req: IncomingMessage, res: ServerResponse): void {
  const body = JSON.stringify({
    error: 'ServiceUnavailable',
    message: 'The server is shutting down; retry the request (another instance will answer it)',
    details: { retry_after: 1 },
    timestamp: new Date().toISOString(),
    request_id: requestIdFor(req, res),
  });
  res.shouldKeepAlive = false;
  res.writeHead(503, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Retry-After': '1',
    Connection: 'close',
  });
  res.end(body);
}

export interface ShutdownSteps {
  gate: ShutdownGate;
  server: Server;
  graceMs: number;
  /** Right after the gate closes: e.g. tell WebSocket clients to reconnect elsewhere. */
  onDrain(): void;
  /** After the last in-flight request, within what is left of the grace period: e.g. publish the outbox. */
  beforeClose(remainingMs: number): Promise<void>;
  /** Module teardown (app.close()). */
  close(): Promise<void>;
  log(message: string, fields?: Record<string, unknown>): void;
  exit(code: number): void;
}

/**
 * The shutdown sequence for SIGTERM/SIGINT. The whole sequence is bounded by `graceMs`: when a step overruns,
 * the process exits with code 1 at the deadline (whatever is unpublished stays in the outbox for the next start).
 */
export async function shutDown(steps: ShutdownSteps, signal: string): Promise<void> {
  const started = Date.now();
  const deadline = started + steps.graceMs;
  const hard = setTimeout(() => {
    steps.log('shutdown grace period over; exiting', { grace_ms: steps.graceMs, in_flight: steps.gate.inFlight });
    steps.exit(1);
  }, steps.graceMs);
  hard.unref();
  steps.log('shutting down: refusing new requests, finishing in-flight ones', { signal, in_flight: steps.gate.inFlight, grace_ms: steps.graceMs });
  steps.gate.drain();
  steps.onDrain();
  // Keep a quarter of the grace period (at most 3 s) for teardown.
  const reserve = Math.min(3000, steps.graceMs / 4);
  const finished = await steps.gate.idle(deadline - reserve - Date.now());
  if (!finished) steps.log('in-flight requests still running at the drain deadline; closing anyway', { in_flight: steps.gate.inFlight });
  steps.server.close();
  steps.server.closeAllConnections();
  await steps.beforeClose(Math.max(0, deadline - Date.now() - reserve / 2)).catch((e: Error) => steps.log('before-close step failed', { err: e.message }));
  await steps.close();
  clearTimeout(hard);
  steps.log('shut down', { ms: Date.now() - started });
  steps.exit(0);
}
