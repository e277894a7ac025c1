import { ManualClock } from '../src/market/clock';
import { DataSource } from 'typeorm';
import { CLOCK } from '../src/market/market.contracts';
import { MarketService } from '../src/market/market.service';
import { TickSchedulerService } from '../src/market/tick-scheduler.service';
import { OrderEngine } from '../src/orders/order-engine.service';
import { registerAndLogin, startTestApp, TestApp } from './support/app';
import { ledgerViolations } from './support/ledger';

/** Tuesday 2025-06-10, 22:00 in New York: hours after the close. */
const NIGHT = Date.parse('2025-06-11T02:00:00.000Z');
const MINUTE = 60_000;

/**
 * With TRADING_HOURS=always the simulated market trades around the clock: a resting limit order placed at night
 * fills at night when the between-session price reaches it, because night ticks carry off-hours volume.
 */
describe('Orders on the simulated market with TRADING_HOURS=always (e2e)', () => {
  const clock = new ManualClock(new Date(NIGHT).toISOString());
  let t: TestApp;
  let market: MarketService;
  let ticks: TickSchedulerService;
  let auth: { Authorization: string };

  beforeAll(async () => {
    t = await startTestApp({ TRADING_HOURS: 'always', ORDER_SWEEP_INTERVAL_MS: '60000', OUTBOX_POLL_INTERVAL_MS: '60000' }, (b) =>
      b.overrideProvider(CLOCK).useValue(clock),
    );
    market = t.app.get(MarketService);
    ticks = t.app.get(TickSchedulerService);
    auth = { Authorization: `Bearer ${(await registerAndLogin(t.http)).access}` };
  });
  afterAll(async () => {
    await t?.close();
  });

  it('fills a resting limit buy at night when the ask comes down to it', async () => {
    // Find, in the next 9 hours of night (before the 09:30 open), the deepest dip of the ask among a few symbols.
    const at = async (symbol: string, ms: number) => {
      clock.set(new Date(ms).toISOString());
      return (await market.getQuote(symbol)).ask.toNumber();
    };
    let best = { symbol: '', ask0: 0, minAsk: Infinity, minute: 0 };
    for (const symbol of ['TSLA', 'NVDA', 'AMD', 'SPY']) {
      const ask0 = await at(symbol, NIGHT);
      for (let m = 2; m <= 540; m++) {
        const ask = await at(symbol, NIGHT + m * MINUTE);
        if (ask0 - ask > best.ask0 - best.minAsk) best = { symbol, ask0, minAsk: ask, minute: m };
      }
    }
    expect(best.ask0 - best.minAsk).toBeGreaterThan(0.02);
    const limit = Math.floor(((best.ask0 + best.minAsk) / 2) * 100) / 100;
    expect(limit).toBeLessThan(best.ask0);
    expect(limit).toBeGreaterThanOrEqual(best.minAsk);

    clock.set(new Date(NIGHT).toISOString());
    const portfolio = (await t.http.post('/api/portfolios').set(auth).send({ name: 'Night', initial_cash: 10_000 }).expect(201)).body.id;
    const placed = await t.http
      .post('/api/orders')
      .set(auth)
      .send({ portfolio_id: portfolio, symbol: best.symbol, side: 'buy', order_type: 'limit', price: limit, quantity: 2, time_in_force: 'gtc' })
      .expect(201);
    expect(placed.body.status).toBe('pending');

    // A tick a minute before the dip starts the watch's volume count; the dip's tick carries a minute of night volume.
    clock.set(new Date(NIGHT + (best.minute - 1) * MINUTE).toISOString());
    ticks.tick([best.symbol]);
    clock.set(new Date(NIGHT + best.minute * MINUTE).toISOString());
    const [dip] = ticks.tick([best.symbol]);
    expect(dip.tick_volume.toNumber()).toBeGreaterThan(0);
    expect(dip.ask.toNumber()).toBe(best.minAsk);
    await t.app.get(OrderEngine).drain();

    const order = (await t.http.get(`/api/orders/${placed.body.id}`).set(auth).expect(200)).body;
    expect(order).toMatchObject({ status: 'filled', filled_quantity: 2 });
    expect(order.avg_fill_price).toBeLessThanOrEqual(limit);
    expect(await ledgerViolations(t.app.get(DataSource), [portfolio])).toEqual([]);
  });
});
