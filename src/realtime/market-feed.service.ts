import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { countWsMessages } from '../common/metrics/metrics';
import { Subscription } from 'rxjs';
import type { FieldError } from '../common/errors/app-error';
import { realtimeConfig, type RealtimeConfig } from '../config/realtime.config';
import type { MarketQuote } from '../market/market.contracts';
import { FanOut, RealtimeConnection } from './connection';
import { KeyedCounter } from './protocol/limits';
import { errorMessage, MessageId, overLimit, ServerMessage, SymbolRef, symbolsError, unknownSymbol } from './protocol/messages';
import { quoteMessage } from './protocol/quotes';
import { RealtimeContracts } from './realtime-contracts.service';
import { wsWriteBatch } from './transports/write-batch';

/** Watch owner key: realtime holds one reference per symbol, whatever the number of its clients. */
const WATCH_OWNER = 'realtime:market-data';
const INSTRUMENT_CACHE_MS = 60_000;

/**
 * /ws/market-data: symbol subscriptions, a snapshot quote on subscribe, then every tick. Ticks are sent to this
 * instance's own connections only — every instance computes (or fetches once) the same quotes — and through each
 * connection's outbound queue, which conflates quotes (latest per symbol) for consumers that fall behind.
 */
@Injectable()
export class MarketFeed implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('MarketFeed');
  private readonly subscribers = new Map<string, Set<RealtimeConnection>>();
  private readonly known = new Map<string, { ok: boolean; at: number }>();
  private readonly anonymousPerIp: KeyedCounter;
  private ticks: Subscription | null = null;
  /** Quotes delivered to clients (for the benchmark and logs). */
  delivered = 0;

  constructor(
    private readonly contracts: RealtimeContracts,
    @Inject(realtimeConfig.KEY) private readonly config: RealtimeConfig,
  ) {
    this.anonymousPerIp = new KeyedCounter(config.anonymousMaxSymbolsPerIp);
  }

  onApplicationBootstrap(): void {
    this.ticks = this.contracts.market.ticks$.subscribe({
      next: (q) => this.onTick(q),
      error: (e: Error) => this.logger.error({ err: e.message }, 'market tick stream failed'),
    });
  }

  onApplicationShutdown(): void {
    this.ticks?.unsubscribe();
    for (const symbol of this.subscribers.keys()) this.contracts.market.unwatch(symbol, WATCH_OWNER);
    this.subscribers.clear();
  }

  get symbolCount(): number {
    return this.subscribers.size;
  }

  private onTick(q: MarketQuote): void {
    const subs = this.subscribers.get(q.symbol);
    if (!subs || subs.size === 0) return;
    const ts = q.timestamp.getTime();
    const message = quoteMessage(q);
    let encoded: string | undefined;
    let fanOuts: Map<unknown, FanOut> | undefined;
    for (const c of subs) {
      if ((c.lastQuoteAt.get(q.symbol) ?? -Infinity) >= ts) continue;
      c.lastQuoteAt.set(q.symbol, ts);
      this.delivered++;
      const t = c.transport;
      if (t.createFanOut && c.queue.canSendNow()) {
        fanOuts ??= new Map();
        let f = fanOuts.get(t.fanOutKey);
        if (!f) fanOuts.set(t.fanOutKey, (f = t.createFanOut()));
        f.add(t);
        c.queue.countSent();
        countWsMessages(c.channel);
        continue;
      }
      if (t.kind === 'ws') encoded ??= JSON.stringify(message);
      c.queue.sendLatest(q.symbol, message, encoded);
    }
    if (fanOuts) for (const f of fanOuts.values()) f.send(message);
    wsWriteBatch.flushIfDue();
  }

  async subscribe(c: RealtimeConnection, refs: SymbolRef[], invalid: FieldError[], id: MessageId | undefined, send: (m: ServerMessage) => void): Promise<void> {
    const market = this.contracts.market;
    const errors: FieldError[] = [...invalid];
    const wanted = refs.filter((r) => !c.symbols.has(r.symbol));
    const known = await Promise.all(wanted.map((r) => this.isKnown(r.symbol)));
    if (c.closed) return;
    const added: string[] = [];
    const anonymous = c.identity === null;
    wanted.forEach((r, i) => {
      if (!known[i]) return errors.push(unknownSymbol(r));
      if (c.symbols.size >= this.config.maxSymbolsPerConnection) {
        return errors.push(overLimit(r, this.config.maxSymbolsPerConnection));
      }
      if (anonymous && !this.anonymousPerIp.tryAdd(c.ip)) {
        return errors.push(overLimit(r, this.config.anonymousMaxSymbolsPerIp, true));
      }
      if (anonymous) c.anonymousSymbols++;
      this.add(c, r.symbol);
      added.push(r.symbol);
    });
    errors.sort((a, b) => Number(a.field.split('.')[1]) - Number(b.field.split('.')[1]));
    if (errors.length) send(errorMessage(symbolsError(errors), id));
    send({ type: 'subscribed', symbols: [...c.symbols], ...(id === undefined ? {} : { id }) });
    if (!added.length) return;
    let quotes: Map<string, MarketQuote>;
    try {
      quotes = await market.getQuotes(added);
    } catch (e) {
      this.logger.warn({ err: (e as Error).message }, 'snapshot quotes unavailable');
      return;
    }
    for (const symbol of added) {
      const q = quotes.get(symbol);
      if (!q || c.closed || !c.symbols.has(symbol)) continue;
      const ts = q.timestamp.getTime();
      if ((c.lastQuoteAt.get(symbol) ?? -Infinity) >= ts) continue;
      c.lastQuoteAt.set(symbol, ts);
      c.queue.sendLatest(symbol, quoteMessage(q, true));
    }
  }

  unsubscribe(c: RealtimeConnection, refs: SymbolRef[], invalid: FieldError[], id: MessageId | undefined, send: (m: ServerMessage) => void): void {
    for (const r of refs) this.remove(c, r.symbol);
    if (invalid.length) send(errorMessage(symbolsError(invalid), id));
    send({ type: 'subscribed', symbols: [...c.symbols], ...(id === undefined ? {} : { id }) });
  }

  /** A connection that authenticated stops counting against its IP's anonymous budget. */
  becameAuthenticated(c: RealtimeConnection): void {
    if (c.anonymousSymbols) this.anonymousPerIp.remove(c.ip, c.anonymousSymbols);
    c.anonymousSymbols = 0;
  }

  removeAll(c: RealtimeConnection): void {
    for (const s of [...c.symbols]) this.remove(c, s);
  }

  private add(c: RealtimeConnection, symbol: string): void {
    c.symbols.add(symbol);
    let set = this.subscribers.get(symbol);
    if (!set) {
      set = new Set();
      this.subscribers.set(symbol, set);
      this.contracts.market.watch(symbol, WATCH_OWNER);
    }
    set.add(c);
  }

  private remove(c: RealtimeConnection, symbol: string): void {
    if (!c.symbols.delete(symbol)) return;
    c.lastQuoteAt.delete(symbol);
    c.queue.discard(symbol);
    if (c.anonymousSymbols > 0) {
      c.anonymousSymbols--;
      this.anonymousPerIp.remove(c.ip);
    }
    const set = this.subscribers.get(symbol);
    if (!set) return;
    set.delete(c);
    if (set.size === 0) {
      this.subscribers.delete(symbol);
      this.contracts.market.unwatch(symbol, WATCH_OWNER);
    }
  }

  private async isKnown(symbol: string): Promise<boolean> {
    const cached = this.known.get(symbol);
    const now = Date.now();
    if (cached && now - cached.at < INSTRUMENT_CACHE_MS) return cached.ok;
    const info = await this.contracts.market.findInstrument(symbol);
    const ok = !!info && info.active !== false;
    if (this.known.size > 20_000) this.known.clear();
    this.known.set(symbol, { ok, at: now });
    return ok;
  }
}
