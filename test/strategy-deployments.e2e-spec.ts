import { DataSource } from 'typeorm';
import { ManualClock } from '../src/market/clock';
import { sessionsAfter } from '../src/market/market-time';
import { ManualMarketProvider } from '../src/market/providers/manual.provider';
import { StrategyRunner } from '../src/ml/strategies/strategy-runner.service';
import { UserNotifier } from '../src/realtime/user-notifier.contract';
import { registerAndLogin, startTestApp, type TestApp } from './support/app';
import { withClock } from './support/market';

/*
 * The live paper runner against the real app: manual daily bars and prices on the NYSE calendar, the manual clock
 * moved session by session (open: orders; after the close: decisions), the runner's pass called by the test
 * (STRATEGY_RUNNER_INTERVAL_MS is 0 under NODE_ENV=test). An SMA 3/5 crossover on NVDA crosses up and down again;
 * TSLA only falls (never entered). Mid-way the app is closed and a new one started on the same database, and a
 * second instance runs beside it: decisions and orders are neither lost nor doubled, and parity with the backtest holds.
 */

const ENV = { MARKET_DATA_PROVIDER: 'manual', COMMISSION_PER_SHARE: '0.005', COMMISSION_MINIMUM: '1', SLIPPAGE_BPS: '5', STRATEGY_MAX_DEPLOYMENTS_PER_USER: '2' };
const DEPLOYED_AT = '2025-06-13T21:00:00.000Z'; // Friday, after the close
const HISTORY = sessionsAfter('2025-04-01', 60).filter((x) => x <= '2025-06-13').slice(-30);
const LIVE = sessionsAfter('2025-06-13', 16); // from 06-16 (06-19 and 07-04 are holidays)
// Up-cross decided on LIVE[1] (buy at LIVE[2]), down-cross on LIVE[7] (sell at LIVE[8]), up again on LIVE[12].
const NVDA_LIVE = [92, 95, 99, 104, 110, 105, 98, 92, 88, 85, 84, 86, 90, 95, 100, 104];

interface Bar {
  date: string;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

function bars(closes: number[], dates: string[]): Bar[] {
  return dates.map((date, t) => {
    const close = closes[t];
    const open = t === 0 ? close : closes[t - 1] + 0.5;
    return { date, open, high: Math.max(open, close) + 1, low: Math.min(open, close) - 1, close, volume: 2_000_000 };
  });
}

const NVDA = bars([...HISTORY.map((_, t) => 100 - t * 0.35), ...NVDA_LIVE], [...HISTORY, ...LIVE]);
const TSLA = bars([...HISTORY, ...LIVE].map((_, t) => 300 - t * 1.5), [...HISTORY, ...LIVE]);
const BARS: Record<string, Bar[]> = { NVDA, TSLA };

const DOCUMENT = {
  name: 'SMA 3/5 live',
  universe: ['NVDA', 'TSLA'],
  indicators: [
    { name: 'fast', type: 'sma', period: 3 },
    { name: 'slow', type: 'sma', period: 5 },
  ],
  entry: 'fast > slow',
  exit: 'fast < slow',
  sizing: { type: 'fraction_of_equity', fraction: 0.5 },
};

interface Instance {
  t: TestApp;
  clock: ManualClock;
  manual: ManualMarketProvider;
  runner: StrategyRunner;
  notices: { event: string }[];
}

async function start(at: string, env: Record<string, string> = {}): Promise<Instance> {
  const clock = new ManualClock(at);
  const t = await startTestApp({ ...ENV, ...env }, withClock(clock));
  const manual = t.app.get(ManualMarketProvider);
  for (const [symbol, b] of Object.entries(BARS)) manual.setDailyBars(symbol, b);
  const notices: { event: string }[] = [];
  const notifier = t.app.get(UserNotifier);
  const original = notifier.notify.bind(notifier);
  jest.spyOn(notifier, 'notify').mockImplementation(async (userId, notice) => {
    notices.push(notice);
    return original(userId, notice);
  });
  return { t, clock, manual, runner: t.app.get(StrategyRunner), notices };
}

const barOf = (symbol: string, date: string) => BARS[symbol].find((b) => b.date === date)!;

/** Moves an instance to `date`'s open (prices = the bars' opens) or to after its close (prices = closes). */
function moveTo(i: Instance, date: string, moment: 'open' | 'close'): void {
  i.clock.set(moment === 'open' ? `${date}T13:31:00.000Z` : `${date}T20:30:00.000Z`);
  for (const symbol of Object.keys(BARS)) {
    const b = barOf(symbol, date);
    i.manual.setPrice(symbol, moment === 'open' ? b.open : b.close, { open: b.open });
  }
}

describe('strategy deployments: the live paper runner (e2e)', () => {
  jest.setTimeout(120_000);
  let a: Instance;
  let b: Instance | null = null;
  let c: Instance | null = null;
  let user: Awaited<ReturnType<typeof registerAndLogin>>;
  let strategyId: string;
  let portfolioId: string;
  let deploymentId: string;

  beforeAll(async () => {
    a = await start(DEPLOYED_AT);
    user = await registerAndLogin(a.t.http);
  });
  afterAll(async () => {
    for (const i of [c, b, a]) await i?.t.close().catch(() => undefined);
  });

  const as = () => ({ Authorization: `Bearer ${user.access}` });
  const api = (i: Instance) => ({
    get: (url: string) => i.t.http.get(url).set(as()),
    post: (url: string, body?: object) => i.t.http.post(url).set(as()).send(body ?? {}),
  });
  const decisions = async (i: Instance) => (await api(i).get(`/api/strategies/deployments/${deploymentId}/decisions?limit=500`).expect(200)).body.decisions as Record<string, unknown>[];
  const orders = async (i: Instance) => (await api(i).get(`/api/orders?portfolio_id=${portfolioId}&status=all&limit=500`).expect(200)).body.orders as Record<string, unknown>[];

  /** One session on one instance: the open pass (orders), then the pass after the close (decisions). */
  async function session(i: Instance, date: string, others: Instance[] = []) {
    for (const x of [i, ...others]) moveTo(x, date, 'open');
    await Promise.all([i, ...others].map((x) => x.runner.runOnce()));
    for (const x of [i, ...others]) moveTo(x, date, 'close');
    await Promise.all([i, ...others].map((x) => x.runner.runOnce()));
  }

  it('deploys only the owner’s strategy on the owner’s portfolio, within the limits', async () => {
    strategyId = (await api(a).post('/api/strategies', DOCUMENT).expect(201)).body.id;
    portfolioId = (await api(a).post('/api/portfolios', { name: 'Strategy paper', initial_cash: 100000 }).expect(201)).body.id;
    const other = await registerAndLogin(a.t.http);
    const theirs = (await a.t.http.post('/api/portfolios').set({ Authorization: `Bearer ${other.access}` }).send({ name: 'Theirs', initial_cash: 1000 }).expect(201)).body.id;
    await api(a).post(`/api/strategies/${strategyId}/deployments`, { portfolio_id: theirs, mode: 'paper' }).expect(404);
    await a.t.http.post(`/api/strategies/${strategyId}/deployments`).set({ Authorization: `Bearer ${other.access}` }).send({ portfolio_id: theirs, mode: 'paper' }).expect(404);
    await api(a).post(`/api/strategies/${strategyId}/deployments`, { portfolio_id: portfolioId, mode: 'live' }).expect(422);

    const res = await api(a).post(`/api/strategies/${strategyId}/deployments`, { portfolio_id: portfolioId, mode: 'paper' }).expect(201);
    deploymentId = res.body.id;
    expect(res.body).toMatchObject({
      strategy_id: strategyId,
      strategy_version: 1,
      portfolio_id: portfolioId,
      mode: 'paper',
      status: 'active',
      first_decision_session: '2025-06-13',
      first_session: '2025-06-16',
      initial_capital: 100000,
      last_decision_session: null,
    });
    // One running deployment per portfolio; STRATEGY_MAX_DEPLOYMENTS_PER_USER (2 here) per user.
    await api(a).post(`/api/strategies/${strategyId}/deployments`, { portfolio_id: portfolioId, mode: 'paper' }).expect(409);
    const p2 = (await api(a).post('/api/portfolios', { name: 'Second', initial_cash: 1000 }).expect(201)).body.id;
    const p3 = (await api(a).post('/api/portfolios', { name: 'Third', initial_cash: 1000 }).expect(201)).body.id;
    const second = (await api(a).post(`/api/strategies/${strategyId}/deployments`, { portfolio_id: p2, mode: 'paper' }).expect(201)).body.id;
    const refused = await api(a).post(`/api/strategies/${strategyId}/deployments`, { portfolio_id: p3, mode: 'paper' }).expect(422);
    expect(refused.body).toMatchObject({ error: 'ValidationError', details: { limit: 2 } });
    expect((await api(a).post(`/api/strategies/deployments/${second}/stop`).expect(200)).body.status).toBe('stopped');
    await api(a).post(`/api/strategies/deployments/${second}/resume`).expect(409);

    const list = (await api(a).get(`/api/strategies/${strategyId}/deployments?limit=1`).expect(200)).body;
    expect(list.deployments.map((x: { id: string }) => x.id)).toEqual([second]);
    expect(list.next_cursor).not.toBeNull();
    await a.t.http.get(`/api/strategies/deployments/${deploymentId}/status`).set({ Authorization: `Bearer ${other.access}` }).expect(404);
    await a.t.http.get(`/api/strategies/deployments/${deploymentId}/decisions`).set({ Authorization: `Bearer ${other.access}` }).expect(404);
  });

  it('decides on each close and orders at the next open, through the order engine', async () => {
    await a.runner.runOnce(); // Friday after the close: the first decision (flat: the fast average is below the slow)
    let log = await decisions(a);
    expect(log.map((x) => [x.session_date, x.symbol, x.action, x.status]).sort()).toEqual([
      ['2025-06-13', 'NVDA', 'none', 'hold'],
      ['2025-06-13', 'TSLA', 'none', 'hold'],
    ]);
    const first = log.find((x) => x.symbol === 'NVDA')!;
    expect(first).toMatchObject({ trade_session: '2025-06-16', target: 0, rules: { entry: false, exit: null } });
    expect((first.inputs as Record<string, number>).close).toBeCloseTo(barOf('NVDA', '2025-06-13').close, 6);
    expect((first.inputs as Record<string, number>).fast).toBeCloseTo(HISTORY.slice(-3).reduce((s, d) => s + barOf('NVDA', d).close, 0) / 3, 9);

    await session(a, LIVE[0]); // 06-16: still flat
    await session(a, LIVE[1]); // 06-17: fast crosses above slow on the close → buy at 06-18's open
    log = await decisions(a);
    const buy = log.find((x) => x.session_date === LIVE[1] && x.symbol === 'NVDA')!;
    expect(buy).toMatchObject({ action: 'buy', status: 'pending', trade_session: LIVE[2], rules: { entry: true }, order_id: null });
    expect(await orders(a)).toEqual([]);

    await session(a, LIVE[2]); // 06-18: the buy at the open, filled there
    const placed = (await decisions(a)).find((x) => x.id === buy.id)!;
    expect(placed).toMatchObject({ status: 'placed', position_quantity: 0 });
    const [order] = await orders(a);
    expect(order).toMatchObject({ id: placed.order_id, symbol: 'NVDA', side: 'buy', order_type: 'market', status: 'filled', quantity: placed.quantity });
    // Sized like the backtest: half the equity at the open, at the open plus 5 bp slippage, whole shares.
    const price = Math.round(barOf('NVDA', LIVE[2]).open * 1.0005 * 1e6) / 1e6;
    expect(order.avg_fill_price).toBeCloseTo(price, 3); // JSON prices have 4 dp
    expect(order.quantity).toBe(Math.floor(50000 / price));
    expect(a.notices.map((n) => n.event)).toEqual(expect.arrayContaining(['decision', 'order_placed']));
    await session(a, LIVE[3]);
  });

  it('survives a restart: the new instance takes the lease at once and nothing is lost or doubled', async () => {
    const before = await decisions(a);
    await a.t.close();
    b = await start(`${LIVE[3]}T20:30:00.000Z`);
    const dep = (await api(b).get(`/api/strategies/deployments/${deploymentId}/status`).expect(200)).body;
    expect(dep).toMatchObject({ last_decision_session: LIVE[3], running: false });
    await session(b, LIVE[4]);
    expect((await api(b).get(`/api/strategies/deployments/${deploymentId}/status`).expect(200)).body).toMatchObject({ last_decision_session: LIVE[4], running: true });
    const after = await decisions(b);
    expect(after.length).toBe(before.length + 2);
    expect(new Set(after.map((x) => `${x.session_date}|${x.symbol}`)).size).toBe(after.length);
  });

  it('two instances on one database: one runner holds the lease, the other decides nothing', async () => {
    c = await start(`${LIVE[4]}T20:30:00.000Z`);
    await session(b!, LIVE[5], [c]);
    await session(b!, LIVE[6], [c]);
    await session(b!, LIVE[7], [c]); // the fast average falls below the slow → sell at LIVE[8]'s open
    const [{ lease_owner }] = await b!.t.app.get(DataSource).query(`SELECT lease_owner FROM strategy_deployments WHERE id = $1`, [deploymentId]);
    expect(lease_owner).toBe(b!.runner.instanceId);
    expect(c.notices.filter((n) => n.event === 'decision')).toEqual([]);
    const sell = (await decisions(b!)).find((x) => x.session_date === LIVE[7] && x.symbol === 'NVDA')!;
    expect(sell).toMatchObject({ action: 'sell', status: 'pending', rules: { exit: true } });

    // The holder dies without handing its lease back (expired now); the other takes over at the open.
    await b!.t.app.get(DataSource).query(`UPDATE strategy_deployments SET lease_expires_at = now() - interval '1 second' WHERE id = $1`, [deploymentId]);
    moveTo(c, LIVE[8], 'open');
    await c.runner.runOnce();
    const placed = (await decisions(c)).find((x) => x.id === sell.id)!;
    expect(placed.status).toBe('placed');
    // A crash between placing the order and recording it: the retry replays the same order (Idempotency-Key).
    await c.t.app.get(DataSource).query(`UPDATE strategy_decisions SET status = 'placing', order_id = NULL WHERE id = $1`, [sell.id]);
    await c.runner.runOnce();
    const again = (await decisions(c)).find((x) => x.id === sell.id)!;
    expect(again).toMatchObject({ status: 'placed', order_id: placed.order_id });
    const all = await orders(c);
    expect(all.map((o) => [o.side, o.status])).toEqual([
      ['sell', 'filled'],
      ['buy', 'filled'],
    ]);
    expect(all[0].quantity).toBe(all[1].quantity);
    moveTo(c, LIVE[8], 'close');
    moveTo(b!, LIVE[8], 'close');
    await Promise.all([b!.runner.runOnce(), c.runner.runOnce()]);
    await session(c, LIVE[9], [b!]);
    const log = await decisions(c);
    expect(log.length).toBe(2 * 11);
    expect(new Set(log.map((x) => `${x.session_date}|${x.symbol}`)).size).toBe(log.length);
    expect(log.filter((x) => x.symbol === 'TSLA').every((x) => x.action === 'none')).toBe(true);
  });

  it('positions and trades match the backtest of the same document over the same days; parity has no differences', async () => {
    const i = c!;
    const bt = (
      await api(i).post('/api/ml/backtest', { strategy_id: strategyId, start_date: LIVE[0], end_date: LIVE[9], initial_capital: 100000 }).expect(200)
    ).body;
    const [trade] = bt.trades;
    expect(bt.trades).toHaveLength(1);
    expect(trade).toMatchObject({ symbol: 'NVDA', entry_date: LIVE[2], exit_date: LIVE[8] });
    const all = await orders(i);
    expect(all.find((o) => o.side === 'buy')!.quantity).toBe(trade.quantity);
    const portfolio = (await api(i).get(`/api/portfolios/${portfolioId}`).expect(200)).body;
    expect(portfolio.positions ?? []).toEqual([]);
    expect(portfolio.cash_balance).toBeCloseTo(bt.summary.final_equity, 2);

    // The decision log in cursor pages: newest first, every row once.
    const pages: Record<string, unknown>[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const res: { body: { decisions: Record<string, unknown>[]; next_cursor: string | null } } = await api(i).get(`/api/strategies/deployments/${deploymentId}/decisions?limit=5&cursor=${cursor}`).expect(200);
      pages.push(...res.body.decisions);
      cursor = res.body.next_cursor;
    }
    expect(pages).toEqual(await decisions(i));
    await api(i).get(`/api/strategies/deployments/${deploymentId}/decisions?cursor=bogus`).expect(422);

    const parity = (await api(i).get(`/api/strategies/deployments/${deploymentId}/parity`).expect(200)).body;
    expect(parity).toMatchObject({ first_session: LIVE[0], last_session: LIVE[9], backtest_fills: 2, live_fills: 2, matched: 2, in_parity: true, differences: [] });
  });

  it('pause: decisions are logged as paused and no order is placed; parity lists the difference with its reason; stop is final', async () => {
    const i = c!;
    const paused = (await api(i).post(`/api/strategies/deployments/${deploymentId}/pause`).expect(200)).body;
    expect(paused.status).toBe('paused');
    expect((await api(i).post(`/api/strategies/deployments/${deploymentId}/pause`).expect(200)).body.status).toBe('paused');
    for (const date of LIVE.slice(10, 13)) await session(i, date);
    const crossed = (await decisions(i)).find((x) => x.session_date === LIVE[12] && x.symbol === 'NVDA')!;
    expect(crossed).toMatchObject({ action: 'buy', status: 'pending', order_id: null, rules: { entry: true } });
    moveTo(i, LIVE[13], 'open'); // still paused at the open: no order
    await i.runner.runOnce();
    expect((await decisions(i)).find((x) => x.id === crossed.id)).toMatchObject({ status: 'paused', order_id: null, reason: 'The deployment was paused at the open' });
    expect((await api(i).post(`/api/strategies/deployments/${deploymentId}/resume`).expect(200)).body.status).toBe('active');
    moveTo(i, LIVE[13], 'close'); // the target is still held and the portfolio is flat → buy at the next open
    await i.runner.runOnce();
    await session(i, LIVE[14]); // bought a session late
    const buys = (await orders(i)).filter((o) => o.side === 'buy');
    expect(buys).toHaveLength(2);

    const parity = (await api(i).get(`/api/strategies/deployments/${deploymentId}/parity`).expect(200)).body;
    expect(parity).toMatchObject({ last_session: LIVE[14], backtest_fills: 3, live_fills: 3, matched: 2, in_parity: false });
    expect(parity.differences.map((x: { trade_session: string; side: string; reason: string }) => [x.trade_session, x.side, x.reason])).toEqual([
      [LIVE[13], 'buy', 'paused'],
      [LIVE[14], 'buy', 'not_in_backtest'],
    ]);

    const stopped = (await api(i).post(`/api/strategies/deployments/${deploymentId}/stop`).expect(200)).body;
    expect(stopped).toMatchObject({ status: 'stopped', running: false });
    expect(stopped.stopped_at).not.toBeNull();
    await api(i).post(`/api/strategies/deployments/${deploymentId}/resume`).expect(409);
    const count = (await decisions(i)).length;
    moveTo(i, LIVE[15], 'close');
    await i.runner.runOnce();
    expect((await decisions(i)).length).toBe(count);
  });
});

describe('strategy deployments: STRATEGY_MAX_ORDERS_PER_DAY (e2e)', () => {
  jest.setTimeout(60_000);
  let i: Instance;
  beforeAll(async () => {
    i = await start(DEPLOYED_AT, { STRATEGY_MAX_ORDERS_PER_DAY: '1' });
    BARS.AMD = NVDA; // crosses on the same sessions as NVDA
    i.manual.setDailyBars('AMD', NVDA);
  });
  afterAll(async () => {
    delete BARS.AMD;
    await i.t.close();
  });

  it('places the first order of a session and logs the one beyond the limit as refused, with the reason', async () => {
    const user = await registerAndLogin(i.t.http);
    const as = { Authorization: `Bearer ${user.access}` };
    const strategy = (await i.t.http.post('/api/strategies').set(as).send({ ...DOCUMENT, universe: ['NVDA', 'AMD'] }).expect(201)).body.id;
    const portfolio = (await i.t.http.post('/api/portfolios').set(as).send({ name: 'Limited', initial_cash: 100000 }).expect(201)).body.id;
    const dep = (await i.t.http.post(`/api/strategies/${strategy}/deployments`).set(as).send({ portfolio_id: portfolio, mode: 'paper' }).expect(201)).body.id;
    await i.runner.runOnce();
    for (const date of LIVE.slice(0, 3)) {
      for (const moment of ['open', 'close'] as const) {
        moveTo(i, date, moment);
        await i.runner.runOnce();
      }
    }
    const log = (await i.t.http.get(`/api/strategies/deployments/${dep}/decisions`).set(as).expect(200)).body.decisions as Record<string, unknown>[];
    const buys = log.filter((x) => x.session_date === LIVE[1]);
    expect(buys.map((x) => [x.symbol, x.action, x.status]).sort()).toEqual([
      ['AMD', 'buy', 'refused'],
      ['NVDA', 'buy', 'placed'],
    ]);
    expect(buys.find((x) => x.status === 'refused')!.reason).toContain('STRATEGY_MAX_ORDERS_PER_DAY (1)');
    const orders = (await i.t.http.get(`/api/orders?portfolio_id=${portfolio}&status=all`).set(as).expect(200)).body.orders;
    expect(orders.map((o: { symbol: string }) => o.symbol)).toEqual(['NVDA']);
    const parity = (await i.t.http.get(`/api/strategies/deployments/${dep}/parity`).set(as).expect(200)).body;
    expect(parity.differences).toEqual([expect.objectContaining({ trade_session: LIVE[2], symbol: 'AMD', side: 'buy', reason: 'refused', live_quantity: null })]);

    // Its portfolio deleted, the deployment stops at the next decision (and frees its slot).
    await i.t.http.delete(`/api/portfolios/${portfolio}`).set(as).expect(204);
    moveTo(i, LIVE[3], 'close');
    await i.runner.runOnce();
    expect((await i.t.http.get(`/api/strategies/deployments/${dep}/status`).set(as).expect(200)).body).toMatchObject({ status: 'stopped', running: false });
  });
});

describe('strategy deployments: the runner on its own timer (e2e)', () => {
  let i: Instance;
  beforeAll(async () => {
    i = await start(DEPLOYED_AT, { STRATEGY_RUNNER_INTERVAL_MS: '100' });
  });
  afterAll(() => i.t.close());

  it('decides without being called (STRATEGY_RUNNER_INTERVAL_MS) and holds the lease while it runs', async () => {
    const user = await registerAndLogin(i.t.http);
    const as = { Authorization: `Bearer ${user.access}` };
    const strategy = (await i.t.http.post('/api/strategies').set(as).send(DOCUMENT).expect(201)).body.id;
    const portfolio = (await i.t.http.post('/api/portfolios').set(as).send({ name: 'Timed', initial_cash: 10000 }).expect(201)).body.id;
    const dep = (await i.t.http.post(`/api/strategies/${strategy}/deployments`).set(as).send({ portfolio_id: portfolio, mode: 'paper' }).expect(201)).body.id;
    let body: { decisions: unknown[] } = { decisions: [] };
    for (let k = 0; k < 100 && body.decisions.length === 0; k++) {
      await new Promise((r) => setTimeout(r, 50));
      body = (await i.t.http.get(`/api/strategies/deployments/${dep}/decisions`).set(as).expect(200)).body;
    }
    expect(body.decisions).toHaveLength(2);
    expect((await i.t.http.get(`/api/strategies/deployments/${dep}/status`).set(as).expect(200)).body).toMatchObject({ running: true, last_decision_session: '2025-06-13' });
  });
});

