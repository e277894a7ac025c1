import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { ManualClock } from '../src/market/clock';
import { MarketImportService } from '../src/market/import/market-import.service';
import { sessionsAfter } from '../src/market/market-time';
import { registerAndLogin } from './support/app';
import { withClock } from './support/market';
import { useTestApp } from './support/suite';
import { wsConnect } from './support/ws';

/*
 * POST /api/ml/backtest against the real app: simulated history (from 2005, deterministic per MARKET_SEED) at a
 * fixed clock, and a CSV-imported history with adjusted closes for AWK, removed afterwards. Runs larger than
 * 2,000 symbol-sessions go to the job runner here, so one app exercises both paths.
 */

const FRIDAY_AFTER_CLOSE = '2025-06-13T21:00:00.000Z';
const SEED = { strategy: 'momentum', symbol: 'AAPL', start_date: '2023-01-01', end_date: '2024-01-01', initial_capital: 100000 };
const SESSIONS_2023 = sessionsAfter('2022-12-31', 260).filter((d) => d <= '2024-01-01');

/** Sessions after `after` up to `last` as a Yahoo CSV whose adjusted close is half the close (a 2:1 adjustment). */
function csv(after: string, last: string): string {
  const days = sessionsAfter(after, 400).filter((d) => d <= last);
  const rows = days.map((d, t) => {
    const c = 80 * Math.exp(0.001 * t + 0.05 * Math.sin(t / 11));
    const o = c * (1 + 0.004 * Math.sin(t * 1.3));
    return `${d},${o.toFixed(2)},${(Math.max(o, c) * 1.01).toFixed(2)},${(Math.min(o, c) * 0.99).toFixed(2)},${c.toFixed(2)},${(c / 2).toFixed(4)},1000000`;
  });
  return ['Date,Open,High,Low,Close,Adj Close,Volume', ...rows].join('\n') + '\n';
}

describe('ML backtesting (e2e)', () => {
  const s = useTestApp({
    env: { ML_BACKTEST_SYNC_MAX_BARS: '2000' },
    customize: withClock(new ManualClock(FRIDAY_AFTER_CLOSE)),
    beforeClose: (t) => t.app.get(DataSource).query(`DELETE FROM daily_bars WHERE symbol = 'AWK' AND source = 'csv'`),
  });
  const post = (body: object, bearer?: string) => s.t.http.post('/api/ml/backtest').set('Authorization', `Bearer ${bearer ?? s.token}`).send(body);
  const del = (url: string, bearer?: string) => s.t.http.delete(url).set('Authorization', `Bearer ${bearer ?? s.token}`);

  beforeAll(async () => {
    await s.t.app.get(MarketImportService).importAll([{ name: 'AWK.csv', content: csv('2024-05-01', '2025-06-13') }], { userId: null, label: 'backtest-e2e' });
  });

  async function waitDone(id: string) {
    for (let i = 0; i < 600; i++) {
      const res = await s.get(`/api/ml/backtest/${id}`).expect(200);
      if (res.body.status === 'completed' || res.body.status === 'failed') return res.body;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`backtest ${id} did not finish`);
  }

  it("answers the seed's example with a report: summary, a point per 2023 session, trades, stored and listed", async () => {
    const res = await post(SEED).expect(200);
    const b = res.body;
    expect(b).toMatchObject({
      status: 'completed',
      progress: 1,
      job_id: null,
      strategy: 'momentum',
      symbols: ['AAPL'],
      start_date: '2023-01-01',
      end_date: '2024-01-01',
      initial_capital: 100000,
      parameters: { lookback: 126 },
      benchmark: 'SPY',
      fractional: false,
      allow_short: false,
      data_source: 'simulated',
      data_sources: { AAPL: 'simulated', SPY: 'simulated' },
      first_session: '2023-01-03',
      last_session: '2023-12-29',
      error: null,
    });
    expect(Object.keys(b.summary).sort()).toEqual(
      [
        'alpha', 'benchmark_return', 'beta', 'cagr', 'calmar', 'closed_trades', 'exposure', 'fees_paid', 'final_equity', 'max_drawdown',
        'orders_count', 'orders_sized_down', 'orders_skipped', 'profit_factor', 'sharpe_ratio', 'slippage_paid', 'sortino_ratio',
        'total_return', 'trades_count', 'turnover', 'volatility', 'win_rate',
      ].sort(),
    );
    expect(b.equity_curve.map((p: { date: string }) => p.date)).toEqual(SESSIONS_2023);
    const last = b.equity_curve.at(-1);
    expect(b.summary.final_equity).toBe(last.equity);
    expect(b.summary.total_return).toBeCloseTo(last.equity / 100000 - 1, 6);
    expect(b.summary.benchmark_return).toBeCloseTo(last.benchmark_equity / 100000 - 1, 6);
    for (const p of b.equity_curve) {
      expect(p.cash).toBeGreaterThanOrEqual(0);
      expect(p.drawdown).toBeLessThanOrEqual(0);
    }
    // Trades enter and exit at sessions' opens, on sessions of the period.
    for (const t of b.trades) {
      expect(SESSIONS_2023).toContain(t.entry_date);
      if (t.exit_date) expect(t.exit_date > t.entry_date).toBe(true);
      expect(t.side).toBe('long');
      expect(Number.isInteger(t.quantity)).toBe(true);
    }
    expect(b.summary.trades_count).toBe(b.trades.length);

    const again = await s.get(`/api/ml/backtest/${b.id}`).expect(200);
    expect(again.body).toEqual(b);
    await s.get(`/api/ml/backtests/${b.id}`).expect(200);
    const list = await s.get('/api/ml/backtests?limit=10').expect(200);
    expect(list.body.backtests[0]).toMatchObject({ id: b.id, status: 'completed', strategy: 'momentum', summary: b.summary });
    expect(list.body.backtests[0].equity_curve).toBeUndefined();
    // The same run again gives the same report (deterministic history and engine).
    const second = await post(SEED).expect(200);
    expect(second.body.summary).toEqual(b.summary);
    expect(second.body.trades).toEqual(b.trades);
  });

  it('is owner-only: another user gets 404 for reads and deletes, and an empty list', async () => {
    const mine = await post({ ...SEED, strategy: 'buy_and_hold' }).expect(200);
    const other = await registerAndLogin(s.t.http);
    await s.get(`/api/ml/backtest/${mine.body.id}`, other.access).expect(404);
    await del(`/api/ml/backtest/${mine.body.id}`, other.access).expect(404);
    expect((await s.get('/api/ml/backtests', other.access).expect(200)).body).toEqual({ backtests: [], next_cursor: null });
    await del(`/api/ml/backtest/${mine.body.id}`).expect(204);
    await s.get(`/api/ml/backtest/${mine.body.id}`).expect(404);
    await del(`/api/ml/backtest/${mine.body.id}`).expect(404);
    await s.get('/api/ml/backtest/not-a-uuid').expect(404);
  });

  it('pages the list with a cursor, newest first', async () => {
    const u = await registerAndLogin(s.t.http);
    const ids: string[] = [];
    for (const strategy of ['buy_and_hold', 'sma_crossover', 'bollinger']) ids.push((await post({ ...SEED, strategy }, u.access).expect(200)).body.id);
    const p1 = await s.get('/api/ml/backtests?limit=2', u.access).expect(200);
    expect(p1.body.backtests.map((x: { id: string }) => x.id)).toEqual([ids[2], ids[1]]);
    const p2 = await s.get(`/api/ml/backtests?limit=2&cursor=${p1.body.next_cursor}`, u.access).expect(200);
    expect(p2.body).toEqual({ backtests: [expect.objectContaining({ id: ids[0] })], next_cursor: null });
  });

  it('buy_and_hold pays the costs asked for: fees and slippage lower the result by what the report says they cost', async () => {
    const plain = await post({ ...SEED, strategy: 'buy_and_hold', commission: {}, slippage_bps: 0 }).expect(200);
    const costly = await post({ ...SEED, strategy: 'buy_and_hold', commission: { bps: 10, minimum: 1 }, slippage_bps: 20 }).expect(200);
    expect(costly.body.commission).toEqual({ kind: 'bps', bps: 10, minimum: 1 });
    expect(costly.body.summary.fees_paid).toBeGreaterThan(0);
    expect(costly.body.summary.slippage_paid).toBeGreaterThan(0);
    expect(costly.body.summary.final_equity).toBeLessThan(plain.body.summary.final_equity);
    const [p, c] = [plain.body.trades[0], costly.body.trades[0]];
    expect(p.entry_date).toBe('2023-01-03');
    // Bought at the first open: the slipped price is 20 bps above the plain one.
    expect(c.entry_price).toBeCloseTo(p.entry_price * 1.002, 3);
    // Equity = cash + q × last close; cash = capital − q × price − fee.
    const lastClose = (plain.body.summary.final_equity - plain.body.equity_curve.at(-1).cash) / p.quantity;
    expect(costly.body.summary.final_equity).toBeCloseTo(100000 - c.quantity * c.entry_price - c.fees + c.quantity * lastClose, 1);
  });

  it('trades split-adjusted prices from imported history with adjusted closes, and says the data came from the CSV', async () => {
    const res = await post({ strategy: 'buy_and_hold', symbol: 'AWK', start_date: '2024-06-03', end_date: '2025-06-13', initial_capital: 10000, benchmark: null, commission: {}, slippage_bps: 0 }).expect(200);
    expect(res.body).toMatchObject({ data_source: 'csv', benchmark: null, first_session: '2024-06-03', last_session: '2025-06-13' });
    expect(res.body.summary).toMatchObject({ benchmark_return: null, alpha: null, beta: null });
    const bars = await s.get('/api/market/historical/AWK?period=2y&interval=1d').expect(200);
    const first = bars.body.data.find((x: { date: string }) => x.date === '2024-06-03');
    // Opens are scaled by adj_close / close (≈ 1/2).
    expect(first.adj_close / first.close).toBeCloseTo(0.5, 3);
    expect(res.body.trades[0].entry_price).toBeCloseTo((first.open * first.adj_close) / first.close, 3);
  });

  it('refuses what it cannot run, in the seed error body', async () => {
    const unknown = await post({ ...SEED, strategy: 'astrology' }).expect(422);
    expect(unknown.body).toMatchObject({ error: 'ValidationError', details: { field: 'strategy' } });
    expect(unknown.body.message).toContain('momentum, sma_crossover, mean_reversion, bollinger, buy_and_hold');

    const param = await post({ ...SEED, parameters: { lookback: 1 } }).expect(422);
    expect(param.body).toMatchObject({ error: 'ValidationError', details: { field: 'parameters.lookback', code: 'OUT_OF_RANGE', minimum: 2, maximum: 1260 } });
    const extra = await post({ ...SEED, parameters: { fast: 5 } }).expect(422);
    expect(extra.body.details).toMatchObject({ field: 'parameters.fast', code: 'UNKNOWN_FIELD' });
    const combo = await post({ ...SEED, strategy: 'sma_crossover', parameters: { fast: 50, slow: 20 } }).expect(422);
    expect(combo.body.details).toMatchObject({ field: 'parameters.fast', code: 'INVALID_COMBINATION' });

    const order = await post({ ...SEED, start_date: '2024-01-01', end_date: '2023-01-01' }).expect(422);
    expect(order.body.details).toMatchObject({ field: 'start_date', available: { symbol: 'AAPL', first_date: '2005-01-03', last_date: '2025-06-13' } });
    const future = await post({ ...SEED, end_date: '2025-07-01' }).expect(422);
    expect(future.body.details).toMatchObject({ field: 'end_date', available: { last_date: '2025-06-13' } });
    const early = await post({ ...SEED, strategy: 'buy_and_hold', start_date: '2000-01-01', end_date: '2005-06-01' }).expect(422);
    expect(early.body.details).toMatchObject({ field: 'start_date', available: { first_date: '2005-01-03' } });

    const warm = await post({ ...SEED, strategy: 'sma_crossover', parameters: { fast: 20, slow: 200 }, start_date: '2005-03-01', end_date: '2006-01-01' }).expect(422);
    expect(warm.body).toMatchObject({ error: 'InsufficientHistory', details: { symbol: 'AAPL', sessions_needed: 200, first_date: '2005-01-03' } });
    expect(warm.body.details.sessions_available).toBeLessThan(200);
    expect(warm.body.details.earliest_start_date > '2005-03-01').toBe(true);

    await post({ ...SEED, symbol: 'ZZZZ' }).expect(422).expect((r) => expect(r.body).toMatchObject({ error: 'UnknownSymbol', details: { field: 'symbol' } }));
    await post({ ...SEED, benchmark: 'ZZZZ' }).expect(422).expect((r) => expect(r.body.details.field).toBe('benchmark'));
    await post({ ...SEED, symbols: ['AAPL'] }).expect(422).expect((r) => expect(r.body.details).toMatchObject({ field: 'symbols', code: 'INVALID_COMBINATION' }));
    await post({ strategy: 'momentum', start_date: '2023-01-01', end_date: '2024-01-01' }).expect(422);
    await post({ ...SEED, start_date: '2023-02-30' }).expect(422);
    await post({ ...SEED, initial_capital: 0 }).expect(422);
    await post({ ...SEED, commission: { bps: 5, per_share: 0.01 } }).expect(422).expect((r) => expect(r.body.details.field).toBe('commission.bps'));
    await post({ ...SEED, slippage_bps: -1 }).expect(422);
    await post({ ...SEED, symbol: undefined, symbols: Array.from({ length: 101 }, (_, i) => `S${i}`) }).expect(422);
    await post({ ...SEED, unexpected: 1 }).expect(422);
  });

  it('lists the strategies with their parameter schemas, defaults and the fill model', async () => {
    const res = await s.get('/api/ml/strategies').expect(200);
    expect(res.body.strategies.map((x: { name: string }) => x.name)).toEqual(['momentum', 'sma_crossover', 'mean_reversion', 'bollinger', 'buy_and_hold']);
    const sma = res.body.strategies.find((x: { name: string }) => x.name === 'sma_crossover');
    expect(sma.parameters).toEqual([
      expect.objectContaining({ name: 'fast', type: 'integer', default: 20, minimum: 1 }),
      expect.objectContaining({ name: 'slow', type: 'integer', default: 50 }),
    ]);
    const momentum = res.body.strategies.find((x: { name: string }) => x.name === 'momentum');
    expect(momentum.parameters_multi.map((p: { name: string }) => p.name)).toEqual(['top_n', 'formation', 'skip']);
    expect(res.body.fill_model).toContain('t+1');
  });

  it('runs a large universe as a job: 202, progress and completion on /ws/notifications, the report at GET', async () => {
    const { port } = s.t.app.getHttpServer().address() as AddressInfo;
    const notes = await wsConnect(`ws://127.0.0.1:${port}`, '/ws/notifications', { Authorization: `Bearer ${s.token}` });
    try {
      const symbols = ['AAPL', 'MSFT', 'NVDA', 'AMZN', 'GOOGL', 'META', 'JPM', 'XOM', 'JNJ', 'PG'];
      const res = await post({ strategy: 'momentum', symbols, start_date: '2022-01-01', end_date: '2024-12-31', parameters: { top_n: 3 } }).expect(202);
      expect(res.headers.location).toBe(`/api/ml/backtest/${res.body.id}`);
      expect(res.body).toMatchObject({ status: 'queued', summary: null, equity_curve: null, trades: null, symbols });
      expect(res.body.job_id).toEqual(expect.any(String));
      const done = await waitDone(res.body.id);
      expect(done).toMatchObject({ status: 'completed', progress: 1, first_session: '2022-01-03', last_session: '2024-12-31' });
      const note = await notes.inbox.next((m) => m.event === 'backtest_completed' && m.backtest_id === res.body.id, 10_000);
      expect(note).toMatchObject({ type: 'notification', kind: 'backtest', status: 'completed', job_id: res.body.job_id });
      // Ranked momentum: at most top_n positions at once, entries only at the first session of a month (or the start).
      const firstOfMonth = new Set(done.equity_curve.map((p: { date: string }) => p.date).filter((d: string, i: number, all: string[]) => i === 0 || d.slice(0, 7) !== all[i - 1].slice(0, 7)));
      for (const t of done.trades) {
        expect(firstOfMonth.has(t.entry_date)).toBe(true);
        if (t.exit_date) expect(firstOfMonth.has(t.exit_date)).toBe(true);
      }
      for (const day of done.equity_curve.map((p: { date: string }) => p.date)) {
        const open = done.trades.filter((t: { entry_date: string; exit_date: string | null }) => t.entry_date <= day && (t.exit_date === null || t.exit_date > day));
        expect(open.length).toBeLessThanOrEqual(3);
      }
      const job = await s.get(`/api/ml/jobs/${res.body.job_id}`).expect(200);
      expect(job.body).toMatchObject({ status: 'completed', kind: 'backtest' });
    } finally {
      notes.close();
    }
  });

  it('fails a queued run that cannot warm up with the 422 body on the backtest and a notification', async () => {
    const { port } = s.t.app.getHttpServer().address() as AddressInfo;
    const notes = await wsConnect(`ws://127.0.0.1:${port}`, '/ws/notifications', { Authorization: `Bearer ${s.token}` });
    try {
      const symbols = ['AAPL', 'MSFT', 'NVDA', 'AMZN', 'GOOGL', 'META', 'JPM', 'XOM', 'JNJ', 'PG'];
      const res = await post({ strategy: 'sma_crossover', symbols, start_date: '2005-02-01', end_date: '2006-12-31', parameters: { slow: 200, fast: 20 } }).expect(202);
      const done = await waitDone(res.body.id);
      expect(done).toMatchObject({ status: 'failed', summary: null, error: { error: 'InsufficientHistory', details: { sessions_needed: 200 } } });
      const note = await notes.inbox.next((m) => m.backtest_id === res.body.id, 10_000);
      expect(note).toMatchObject({ type: 'notification', kind: 'backtest', event: 'backtest_failed', error: 'InsufficientHistory' });
      const job = await s.get(`/api/ml/jobs/${res.body.job_id}`).expect(200);
      expect(job.body).toMatchObject({ status: 'failed', error: { error: 'InsufficientHistory' } });
    } finally {
      notes.close();
    }
  });
});
