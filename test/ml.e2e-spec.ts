import { DataSource } from 'typeorm';
import { ManualClock } from '../src/market/clock';
import { MarketImportService } from '../src/market/import/market-import.service';
import { sessionsAfter } from '../src/market/market-time';
import { withClock } from './support/market';
import { registerAndLogin } from './support/app';
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
    expect(rows.map((r) => r.date)).toEqual(NEXT_SESSIONS.slice(0, rows.length));
    for (const r of rows) {
      expect(r.confidence).toBe(confidence);
      expect(r.lower_bound).toBeLessThan(r.predicted_price);
      expect(r.upper_bound).toBeGreaterThan(r.predicted_price);
      expect(Number.isFinite(r.predicted_price)).toBe(true);
    }
  }

  const get = (url: string, bearer?: string) => s.t.http.get(url).set('Authorization', `Bearer ${bearer ?? s.token}`);

  async function pollJob(id: string, bearer?: string) {
    const seen: Array<{ status: string; progress: number }> = [];
    for (let i = 0; i < 1500; i++) {
      const res = await get(`/api/ml/jobs/${id}`, bearer).expect(200);
      seen.push({ status: res.body.status, progress: res.body.progress });
      if (res.body.status === 'completed' || res.body.status === 'failed') return { job: res.body, seen };
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`job ${id} did not finish`);
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
      evaluation_job: null,
      fit: { yearly_seasonality: true },
    });
    checkRows(res.body.predictions, 0.8);
    expect(Object.keys(res.body.predictions[0]).sort()).toEqual(['confidence', 'date', 'lower_bound', 'predicted_price', 'upper_bound']);
    expect(res.body.trained_from >= '2020-06-13').toBe(true);
    expect(res.body.evaluation.origins).toBe(20);
    expect(res.body.evaluation.horizon).toBe(7);
    expect(res.body.evaluation.coverage.map((c: { level: number }) => c.level)).toEqual([0.8, 0.95]);
    for (const c of res.body.evaluation.coverage) {
      expect(c.model).toBeGreaterThanOrEqual(0);
      expect(c.conformal).toBeGreaterThanOrEqual(0);
    }
    expect(res.body.evaluation.mase).toBeGreaterThan(0);
    expect(res.body.evaluation.relative_mase).toBeGreaterThan(0);
    // The first predicted close is within a few percent of the last one (daily moves of a large cap).
    expect(Math.abs(res.body.predictions[0].predicted_price / res.body.last_close - 1)).toBeLessThan(0.05);
  }, 120_000);

  it.each(['naive', 'ets', 'arima'])('predicts with %s (conformal and model intervals), deterministically', async (model) => {
    const body = { symbol: 'msft', horizon: '7d', model, confidence: 0.9, lookback: '2y' };
    const a = await predict(body).expect(200);
    expect(a.body).toMatchObject({ symbol: 'MSFT', model, interval: 'conformal', data_source: 'simulated', evaluation_status: 'complete' });
    checkRows(a.body.predictions, 0.9);
    expect(a.body.evaluation.coverage.map((c: { level: number }) => c.level)).toEqual([0.8, 0.95, 0.9]);
    const b = await predict(body).expect(200);
    expect(b.body).toEqual(a.body);
    const own = await predict({ ...body, interval: 'model' }).expect(200);
    expect(own.body.interval).toBe('model');
    checkRows(own.body.predictions, 0.9);
    expect(own.body.predictions.map((p: Prediction) => p.predicted_price)).toEqual(a.body.predictions.map((p: Prediction) => p.predicted_price));
    if (model === 'arima') {
      expect(a.body.fit.order).toHaveLength(3);
      expect(a.body.fit.order[1]).toBe(1);
      expect(Number.isFinite(a.body.fit.aic)).toBe(true);
    }
  }, 120_000);

  it('averages naive and the models that beat it in the ensemble, with conformal intervals only', async () => {
    const res = await predict({ symbol: 'MSFT', horizon: '7d', model: 'ensemble', lookback: '2y' }).expect(200);
    expect(res.body).toMatchObject({ model: 'ensemble', interval: 'conformal', evaluation_status: 'complete' });
    expect(res.body.fit.members).toContain('naive');
    checkRows(res.body.predictions, 0.8);
    expect(res.body.evaluation.coverage[0].model).toBeNull();
    const table = await get('/api/ml/evaluate/MSFT?models=prophet,arima,ets,naive,ensemble&lookback=2y&horizon=7').expect(200);
    const byModel = Object.fromEntries(table.body.models.map((m: { model: string }) => [m.model, m]));
    const beat = ['prophet', 'arima', 'ets'].filter((m) => byModel[m].mase <= byModel.naive.mase);
    expect(res.body.fit.members).toEqual(['prophet', 'arima', 'ets', 'naive'].filter((m) => m === 'naive' || beat.includes(m)));
    expect(byModel.ensemble.members).toEqual(res.body.fit.members);
    expect(byModel.ensemble.mase).toBeCloseTo(res.body.evaluation.mase, 4);
    await predict({ symbol: 'MSFT', horizon: '7d', model: 'ensemble', interval: 'model' }).expect(422);
  }, 180_000);

  it('answers a model interval at once while the evaluation runs as a job, whose progress and result its owner sees', async () => {
    const res = await predict({ symbol: 'NVDA', horizon: '5d', model: 'ets', interval: 'model' }).expect(200);
    expect(res.body).toMatchObject({ evaluation: null, evaluation_status: 'pending' });
    checkRows(res.body.predictions, 0.8);
    expect(res.body.predictions).toHaveLength(5);
    const id = res.body.evaluation_job as string;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const other = await registerAndLogin(s.t.http);
    await get(`/api/ml/jobs/${id}`, other.access).expect(404);
    const { job, seen } = await pollJob(id);
    expect(job).toMatchObject({ id, kind: 'evaluation', status: 'completed', progress: 1, error: null, params: { symbol: 'NVDA', lookback: '5y' } });
    expect(seen.every((x) => x.progress >= 0 && x.progress <= 1)).toBe(true);
    const row = job.result.models.find((m: { model: string }) => m.model === 'ets');
    expect(row).toMatchObject({ origins: 20, horizon: 5 });
    const again = await predict({ symbol: 'NVDA', horizon: '5d', model: 'ets', interval: 'model' }).expect(200);
    expect(again.body).toMatchObject({ evaluation_status: 'complete', evaluation_job: null });
    expect(again.body.evaluation.mase).toBe(row.mase);
  }, 120_000);

  it('evaluates on request: 202 with the job, then 200 with the table (naive against itself is 1)', async () => {
    const first = await get('/api/ml/evaluate/awk?models=ets,naive&lookback=1y').expect(202);
    expect(first.headers.location).toBe(`/api/ml/jobs/${first.body.id}`);
    expect(['queued', 'running', 'completed']).toContain(first.body.status);
    const { job } = await pollJob(first.body.id);
    expect(job.status).toBe('completed');
    const table = await get('/api/ml/evaluate/AWK?models=ets,naive&lookback=1y').expect(200);
    expect(table.body).toMatchObject({ symbol: 'AWK', lookback: '1y', trained_to: '2025-06-13', horizon: 21 });
    expect(table.body.models.map((m: { model: string }) => m.model)).toEqual(['ets', 'naive']);
    expect(table.body.models[1].relative_mase).toBe(1);
    expect(job.result).toEqual(table.body);
    const h5 = await get('/api/ml/evaluate/AWK?models=naive&lookback=1y&horizon=5').expect(200);
    expect(h5.body.models[0].horizon).toBe(5);
    expect(h5.body.models[0].mase).toBeLessThan(table.body.models[1].mase);
    await get('/api/ml/evaluate/AWK?models=bogus').expect(422);
    await get('/api/ml/evaluate/AWK?horizon=30').expect(422);
    await get('/api/ml/evaluate/ZZZZ').expect(404);
  }, 120_000);

  it('lists the models with parameters, minimum history and fit times', async () => {
    const res = await get('/api/ml/models').expect(200);
    expect(res.body.models.map((m: { name: string }) => m.name)).toEqual(['prophet', 'arima', 'ets', 'naive', 'ensemble']);
    expect(res.body).toMatchObject({ evaluation_origins: 20, evaluation_horizon: 21 });
    for (const m of res.body.models) {
      expect(m.min_history_sessions).toBeGreaterThanOrEqual(60);
      expect(m.typical_fit_ms).toBeGreaterThan(0);
      expect(Object.keys(m.parameters).length).toBeGreaterThan(0);
    }
    // Evaluations ran in this suite, so this deployment has measured fit times.
    expect(res.body.models.find((m: { name: string }) => m.name === 'ets').observed_fit_ms).toBeGreaterThan(0);
  });

  it('widens the interval with the horizon (2w = 10 sessions)', async () => {
    const res = await predict({ symbol: 'SPY', horizon: '2w', model: 'naive' }).expect(200);
    const rows = res.body.predictions as Prediction[];
    expect(rows).toHaveLength(10);
    const width = (r: Prediction) => r.upper_bound - r.lower_bound;
    expect(width(rows[9])).toBeGreaterThan(width(rows[0]));
  });

  it.each(['prophet', 'arima', 'ets', 'naive', 'ensemble'])('forecasts a CSV-imported symbol with %s', async (model) => {
    const res = await predict({ symbol: 'AWK', horizon: '7d', model, lookback: '1y' }).expect(200);
    expect(res.body.data_source).toBe('csv');
    expect(res.body.trained_from).toBe('2024-06-13');
    expect(res.body.last_close).toBe(Number(csv('2024-05-01', '2025-06-13', 140).trim().split('\n').at(-1)?.split(',')[4]));
    expect(res.body.evaluation_status).toBe('complete');
    checkRows(res.body.predictions, 0.8);
  }, 120_000);

  it('answers 422 for a bad horizon, an unknown model or confidence out of range, and 404 for an unknown symbol', async () => {
    const horizon = await predict({ symbol: 'AAPL', horizon: '7y' }).expect(422);
    expect(horizon.body.error).toBe('ValidationError');
    expect(horizon.body.message).toContain('Nd');
    const model = await predict({ symbol: 'AAPL', horizon: '7d', model: 'lstm' }).expect(422);
    expect(model.body.message).toContain('prophet, arima, ets, naive, ensemble');
    const confidence = await predict({ symbol: 'AAPL', horizon: '7d', confidence: 1 }).expect(422);
    expect(confidence.body.details.field).toBe('confidence');
    await predict({ symbol: 'AAPL', horizon: '300d' }).expect(422);
    const conformal = await predict({ symbol: 'AAPL', horizon: '7d', model: 'prophet', confidence: 0.96 }).expect(422);
    expect(conformal.body.details.field).toBe('confidence');
    expect(conformal.body.message).toContain('at most 0.952');
    const own96 = await predict({ symbol: 'AAPL', horizon: '7d', model: 'naive', confidence: 0.96, interval: 'model' }).expect(200);
    expect(own96.body.predictions[0].confidence).toBe(0.96);
    await predict({ symbol: 'AAPL' }).expect(422);
    await predict({ symbol: 'ZZZZ', horizon: '7d' }).expect(404);
    await s.t.http.post('/api/ml/predict').send({ symbol: 'AAPL', horizon: '7d' }).expect(401);
  });
});

describe('ML forecasting on a short history (e2e, the simulation 40 and 80 sessions after its first day)', () => {
  // The simulated market starts on 2005-01-03: on 2005-03-02 a symbol has 40 closes, on 2005-04-28 80.
  const clock = new ManualClock('2005-03-02T22:00:00.000Z');
  const s = useTestApp({ customize: withClock(clock) });
  const predict = (body: object) => s.t.http.post('/api/ml/predict').set('Authorization', `Bearer ${s.token}`).send(body);

  it('refuses too little history with the minimum and what there is (422 InsufficientHistory)', async () => {
    const short = await predict({ symbol: 'AAPL', horizon: '7d', model: 'naive' }).expect(422);
    expect(short.body).toMatchObject({ error: 'InsufficientHistory', details: { required: 60, lookback: '5y' } });
    const available = short.body.details.available as number;
    expect(available).toBeGreaterThan(30);
    expect(available).toBeLessThan(60);
  });

  it('fits but does not evaluate 80 closes: a model interval without evaluation, a conformal one refused', async () => {
    clock.set('2005-04-28T22:00:00.000Z');
    const fitOnly = await predict({ symbol: 'AAPL', horizon: '7d', model: 'ets', interval: 'model' }).expect(200);
    expect(fitOnly.body).toMatchObject({ evaluation: null, evaluation_status: 'unavailable', evaluation_job: null });
    const conformal = await predict({ symbol: 'AAPL', horizon: '7d', model: 'ets' }).expect(422);
    expect(conformal.body).toMatchObject({ error: 'InsufficientHistory', details: { required: 101 } });
    expect(conformal.body.details.available).toBeLessThan(101);
    await s.t.http.get('/api/ml/evaluate/AAPL').set('Authorization', `Bearer ${s.token}`).expect(422);
  });
});
