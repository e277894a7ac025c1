import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ShutdownGate } from './graceful-shutdown';

class FakeRes extends EventEmitter {
  headersSent = false;
  shouldKeepAlive = true;
  status = 0;
  headers: Record<string, unknown> = {};
  body = '';
  setHeader(k: string, v: unknown): void {
    this.headers[k.toLowerCase()] = v;
  }
  writeHead(status: number, headers: Record<string, unknown>): void {
    this.status = status;
    for (const [k, v] of Object.entries(headers)) this.setHeader(k, v);
    this.headersSent = true;
  }
  end(body: string): void {
    this.body = body;
    this.emit('close');
  }
}

const req = (): IncomingMessage => ({ headers: {} }) as IncomingMessage;
const res = (): FakeRes & ServerResponse => new FakeRes() as FakeRes & ServerResponse;

describe('ShutdownGate', () => {
  it('passes requests and counts them until they close', async () => {
    const gate = new ShutdownGate();
    const r = res();
    const next = jest.fn();
    gate.middleware(req(), r, next);
    expect(next).toHaveBeenCalledTimes(1);
    expect(gate.inFlight).toBe(1);
    r.emit('close');
    expect(gate.inFlight).toBe(0);
    await expect(gate.idle(10)).resolves.toBe(true);
  });

  it('after drain answers new requests 503 with Connection: close and the error body, and ends keep-alive of those in flight', () => {
    const gate = new ShutdownGate();
    const inflight = res();
    gate.middleware(req(), inflight, jest.fn());
    gate.drain();
    expect(inflight.shouldKeepAlive).toBe(false);
    const late = res();
    const next = jest.fn();
    gate.middleware(req(), late, next);
    expect(next).not.toHaveBeenCalled();
    expect(late.status).toBe(503);
    expect(late.headers).toMatchObject({ connection: 'close', 'retry-after': '1' });
    expect(JSON.parse(late.body)).toMatchObject({ error: 'ServiceUnavailable', details: { retry_after: 1 }, request_id: expect.any(String) });
    expect(gate.inFlight).toBe(1);
  });

  it('idle() resolves true when the last request ends, false at its timeout', async () => {
    const gate = new ShutdownGate();
    const a = res();
    gate.middleware(req(), a, jest.fn());
    await expect(gate.idle(20)).resolves.toBe(false);
    const waiting = gate.idle(1000);
    a.emit('close');
    await expect(waiting).resolves.toBe(true);
  });
});
