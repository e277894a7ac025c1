import type { ServerMessage } from './messages';
import { OutboundQueue, OutboundSink } from './outbound';

/** A transport whose network the test controls: `flush(n)` writes n queued messages out. */
class FakeSink implements OutboundSink {
  queued: ServerMessage[] = [];
  delivered: ServerMessage[] = [];
  write(m: ServerMessage): void {
    this.queued.push(m);
  }
  backlog(): number {
    return this.queued.length;
  }
  flush(n = Infinity): void {
    this.delivered.push(...this.queued.splice(0, n));
  }
}

const quote = (symbol: string, price: number): ServerMessage => ({
  type: 'quote',
  symbol,
  price,
  change: 0,
  change_percent: 0,
  volume: 0,
  bid: price,
  ask: price,
  timestamp: new Date(price).toISOString(),
  source: 'simulated',
  stale: false,
});

describe('OutboundQueue (conflation)', () => {
  it('sends everything at once while the consumer keeps up', () => {
    const sink = new FakeSink();
    const q = new OutboundQueue(sink, 4);
    for (let i = 1; i <= 3; i++) {
      q.sendLatest('AAPL', quote('AAPL', i));
      sink.flush();
    }
    expect(sink.delivered.map((m) => (m as { price: number }).price)).toEqual([1, 2, 3]);
    expect(q.stats).toEqual({ sent: 3, conflated: 0 });
  });

  it('holds only the latest version per key while the backlog is at the high-water mark, in first-held order', () => {
    const sink = new FakeSink();
    const q = new OutboundQueue(sink, 2);
    q.sendLatest('AAPL', quote('AAPL', 1));
    q.sendLatest('MSFT', quote('MSFT', 1));
    // backlog 2 = high water: from here on, held
    for (let i = 2; i <= 1000; i++) {
      q.sendLatest('AAPL', quote('AAPL', i));
      q.sendLatest('MSFT', quote('MSFT', i));
    }
    expect(sink.backlog()).toBe(2);
    expect(q.heldCount).toBe(2);
    expect(q.stats.conflated).toBe(2 * 998);
    sink.flush();
    q.drain();
    sink.flush();
    expect(sink.delivered.map((m) => `${(m as { symbol: string }).symbol}:${(m as { price: number }).price}`)).toEqual([
      'AAPL:1',
      'MSFT:1',
      'AAPL:1000',
      'MSFT:1000',
    ]);
  });

  it('keeps later versions behind held ones so a symbol never goes backwards', () => {
    const sink = new FakeSink();
    const q = new OutboundQueue(sink, 1);
    q.sendLatest('A', quote('A', 1));
    q.sendLatest('A', quote('A', 2)); // held
    sink.flush();
    q.sendLatest('A', quote('A', 3)); // backlog is 0 but something is held: replaces it, still in order
    q.drain();
    sink.flush();
    expect(sink.delivered.map((m) => (m as { price: number }).price)).toEqual([1, 3]);
  });

  it('drains only while there is room', () => {
    const sink = new FakeSink();
    const q = new OutboundQueue(sink, 2);
    q.sendLatest('X', quote('X', 0));
    q.sendLatest('Y', quote('Y', 0));
    for (const s of ['A', 'B', 'C', 'D']) q.sendLatest(s, quote(s, 1));
    sink.flush();
    q.drain();
    expect(sink.backlog()).toBe(2);
    expect(q.heldCount).toBe(2);
  });

  it('never drops reliable messages and reports a hopeless backlog', () => {
    const sink = new FakeSink();
    const q = new OutboundQueue(sink, 2, 5);
    const results = Array.from({ length: 7 }, () => q.send({ type: 'pong', timestamp: '' }));
    expect(sink.backlog()).toBe(7);
    expect(results).toEqual([true, true, true, true, true, false, false]);
  });

  it('forgets held messages of an unsubscribed key', () => {
    const sink = new FakeSink();
    const q = new OutboundQueue(sink, 1);
    q.sendLatest('A', quote('A', 1));
    q.sendLatest('B', quote('B', 1));
    q.discard('B');
    sink.flush();
    q.drain();
    expect(sink.queued).toEqual([]);
  });
});
