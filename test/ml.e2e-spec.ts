import { DataSource } from 'typeorm';
import { ManualClock } from '../src/market/clock';
import { MarketImportService } from '../src/market/import/market-import.service';
import { sessionsAfter } from '../src/market/market-time';
import { withClock } from './support/market';
import { useTestApp } from './support/suite';

/*
 * POST /api/ml/predict against the real app: simulated history (deterministic per MARKET_SEED) at a fixed clock,
 * and CSV-imported history for AWK (the 13 months before the clock), removed afterwards. Too little history is in
 * the service's unit spec (a symbol listed weeks ago).
 */

const FRIDAY_AFTER_CLOSE = '2025-06-13T21:00:00.000Z';
const NEXT_SESSIONS = sessionsAfter('2025-06-13', 7);

interface Prediction {
  date: string;
  predicted_price: number;
  lower_bound: number;
  upper_bound: number;
  confidence: number;
}

/** A smooth, deterministic price path as a Yahoo-format CSV over the NYSE sessions after `after` up to `last`. */
function csv(after: string, last: string, base: number): string {
  const days = sessionsAfter(after, 600).filter((d) => d <= last);
  const rows = days.map((d, t) => {
    const c = base * Math.exp(0.0006 * t + 0.03 * Math.sin(t / 9) + 0.004 * Math.sin(t * 1.7));
    return `${d},${c.toFixed(2)},${(c * 1.01).toFixed(2)},${(c * 0.99).toFixed(2)},${c.toFixed(2)},${c.toFixed(2)},1000000`;
  });
  return ['Date,Open,High,Low,Close,Adj Close,Volume', ...rows].join('\n') + '\n';
}

describe('ML forecasting (e2e)', () => {
  const s = useTestApp({
    customize: withClock(new ManualClock(FRIDAY_AFTER_CLOSE)),
    beforeClose: (t) => t.app.get(DataSource).query(`DELETE FROM daily_bars WHERE symbol = 'AWK' AND source = 'csv'`),
  });
  const predict = (body: object, bearer?: string) => s.t.http.post('/api/ml/predict').set('Authorization', `Bearer ${bearer ?? s.token}`).send(body);

  beforeAll(async () => {
    const imports = s.t.app.get(MarketImportService);
    await imports.importAll(
      [{ name: 'AWK.csv', content: csv('2024-05-01', '2025-06-13', 140) }],
      { userId: null, label: 'ml-e2e' },
    );
  });

  function checkRows(rows: Prediction[], confidence: number) {
    expect(rows.map((r) => r.date)).toEqual(NEXT_SESSIONS);
    for (const r of rows) {
      expect(r.confidence).toBe(confidence);
      expect(r.lower_bound).toBeLessThan(r.predicted_price);
      expect(r.upper_bound).toBeGreaterThan(r.predicted_price);
      expect(Number.isFinite(r.predicted_price)).toBe(true);
    }
  }

  it("answers the seed's example body with the seed's shape: seven dated sessions from the next one", async () => {
    const res = await predict({ symbol: 'AAPL', horizon: '7d', model: 'prophet' }).expect(200);
    expect(res.body).toMatchObject({
      symbol: 'AAPL',
      model: 'prophet',
      horizon: '7d',
      interval: 'conformal',
      trained_to: '2025-06-13',
      data_source: 'simulated',
      evaluation_status: 'complete',
    });
    checkRows(res.body.predictions, 0.8);
    expect(Object.keys(res.body.predictions[0]).sort()).toEqual(['confidence', 'date', 'lower_bound', 'predicted_price', 'upper_bound']);
    expect(res.body.trained_from >= '2020-06-13').toBe(true);
    expect(res.body.evaluation.origins).toBe(8);
    expect(res.body.evaluation.horizon).toBe(7);
    expect(res.body.evaluation.coverage.map((c: { level: number }) => c.level)).toEqual([0.8, 0.95]);
    expect(res.body.evaluation.mase).toBeGreaterThan(0);
    // The first predicted close is within a few percent of the last one (daily moves of a large cap).
    expect(Math.abs(res.body.predictions[0].predicted_price / res.body.last_close - 1)).toBeLessThan(0.05);
  });

  it.each(['naive', 'ets'])('predicts with %s, with the model interval on request, deterministically', async (model) => {
    const body = { symbol: 'msft', horizon: '7d', model, interval: 'model', confidence: 0.9, lookback: '2y' };
    const a = await predict(body).expect(200);
    expect(a.body).toMatchObject({ symbol: 'MSFT', model, interval: 'model', data_source: 'simulated' });
    checkRows(a.body.predictions, 0.9);
    const b = await predict(body).expect(200);
    expect(b.body).toEqual(a.body);
  });

  it('widens the interval with the horizon (2w = 10 sessions)', async () => {
    const res = await predict({ symbol: 'SPY', horizon: '2w', model: 'naive' }).expect(200);
    const rows = res.body.predictions as Prediction[];
    expect(rows).toHaveLength(10);
    const width = (r: Prediction) => r.upper_bound - r.lower_bound;
    expect(width(rows[9])).toBeGreaterThan(width(rows[0]));
  });

  it.each(['prophet', 'ets', 'naive'])('forecasts a CSV-imported symbol with %s', async (model) => {
    const res = await predict({ symbol: 'AWK', horizon: '7d', model, lookback: '1y' }).expect(200);
    expect(res.body.data_source).toBe('csv');
    expect(res.body.trained_from).toBe('2024-06-13');
    expect(res.body.last_close).toBe(Number(csv('2024-05-01', '2025-06-13', 140).trim().split('\n').at(-1)?.split(',')[4]));
    checkRows(res.body.predictions, 0.8);
  });

  it('answers 422 for a bad horizon, an unknown model or confidence out of range, and 404 for an unknown symbol', async () => {
    const horizon = await predict({ symbol: 'AAPL', horizon: '7y' }).expect(422);
    expect(horizon.body.error).toBe('ValidationError');
    expect(horizon.body.message).toContain('Nd');
    const model = await predict({ symbol: 'AAPL', horizon: '7d', model: 'arima' }).expect(422);
    expect(model.body.message).toContain('prophet, ets, naive');
    const confidence = await predict({ symbol: 'AAPL', horizon: '7d', confidence: 1 }).expect(422);
    expect(confidence.body.details.field).toBe('confidence');
    await predict({ symbol: 'AAPL', horizon: '300d' }).expect(422);
    const conformal = await predict({ symbol: 'AAPL', horizon: '7d', model: 'prophet', confidence: 0.95 }).expect(422);
    expect(conformal.body.details.field).toBe('confidence');
    expect(conformal.body.message).toContain('at most 0.889');
    const naive95 = await predict({ symbol: 'AAPL', horizon: '7d', model: 'naive', confidence: 0.95 }).expect(200);
    expect(naive95.body.evaluation.origins).toBe(60);
    await predict({ symbol: 'AAPL' }).expect(422);
    await predict({ symbol: 'ZZZZ', horizon: '7d' }).expect(404);
    await s.t.http.post('/api/ml/predict').send({ symbol: 'AAPL', horizon: '7d' }).expect(401);
  });
});
