import { DataSource } from 'typeorm';
import { ManualClock } from '../../src/market/clock';
import { CLOCK, MarketDataService } from '../../src/market/market.contracts';
import { OrderEngine } from '../../src/orders/order-engine.service';
import { OrdersEventsService } from '../../src/outbox/orders-events.service';
import { OutboxRelay } from '../../src/outbox/outbox-relay.service';
import { startTestApp, TestApp } from './app';
import { FakeMarket } from './fake-market';

export interface TradingTestApp extends TestApp {
  market: FakeMarket;
  clock: ManualClock;
  engine: OrderEngine;
  relay: OutboxRelay;
  events: OrdersEventsService;
  db: DataSource;
  /** Waits until every tick pushed so far has been processed and its events relayed. */
  settle(): Promise<void>;
}

/** The real app with MarketDataService and CLOCK replaced by a FakeMarket and its ManualClock (Nest testing overrides). */
export async function startTradingApp(env: Record<string, string | undefined> = {}, start = '2024-01-15T15:00:00.000Z'): Promise<TradingTestApp> {
  const clock = new ManualClock(start);
  const market = new FakeMarket({ clock });
  market.openSession();
  const t = await startTestApp({ ORDER_SWEEP_INTERVAL_MS: '60000', OUTBOX_POLL_INTERVAL_MS: '60000', ...env }, (b) =>
    b.overrideProvider(MarketDataService).useValue(market).overrideProvider(CLOCK).useValue(clock),
  );
  const engine = t.app.get(OrderEngine);
  const relay = t.app.get(OutboxRelay);
  return {
    ...t,
    market,
    clock,
    engine,
    relay,
    events: t.app.get(OrdersEventsService),
    db: t.app.get(DataSource),
    settle: async () => {
      await engine.drain();
      await relay.flush();
    },
  };
}
