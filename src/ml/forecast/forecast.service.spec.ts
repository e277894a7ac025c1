import { FakeMarket } from '../../../test/support/fake-market';
import { AppError } from '../../common/errors/app-error';
import { ManualClock } from '../../market/clock';
import type { PredictRequestDto } from './dto/predict.dto';
import { ForecastService } from './forecast.service';

describe('ForecastService', () => {
  const clock = new ManualClock('2026-06-15T21:00:00Z');
  const market = new FakeMarket({ clock, history: {} });
  const service = new ForecastService(market, clock);
  afterAll(() => service.onModuleDestroy());
  const body = (over: Partial<PredictRequestDto>) => ({ symbol: 'AAPL', horizon: '7d', ...over }) as PredictRequestDto;

  async function rejection(p: Promise<unknown>): Promise<AppError> {
    try {
      await p;
    } catch (e) {
      if (e instanceof AppError) return e;
      throw e;
    }
    throw new Error('expected a rejection');
  }

  it('refuses a symbol listed weeks ago: InsufficientHistory with the minimum and what there is', async () => {
    const e = await rejection(service.predict(body({ symbol: 'NEWCO', model: 'prophet' })));
    expect(e.errorName).toBe('InsufficientHistory');
    expect(e.status).toBe(422);
    expect(e.details).toMatchObject({ model: 'prophet', required: 60, lookback: '5y' });
    expect((e.details as { available: number }).available).toBeLessThan(60);
  });

  it('a constant series gets a flat forecast from AutoETS, not a made-up move', async () => {
    const r = await service.predict(body({ symbol: 'FLAT', model: 'ets', interval: 'model' }));
    for (const p of r.predictions) expect(p.predicted_price).toBeCloseTo(50, 2);
  });

  it('the naive conformal interval at 0.8 is finite and brackets the point; the model interval widens with the step', async () => {
    const r = await service.predict(body({ model: 'naive', horizon: '1mo', interval: 'model' }));
    expect(r.predictions).toHaveLength(21);
    const w = (k: number) => r.predictions[k].upper_bound - r.predictions[k].lower_bound;
    expect(w(20)).toBeGreaterThan(w(0));
    const c = await service.predict(body({ model: 'naive', horizon: '1mo' }));
    expect(c.interval).toBe('conformal');
    for (const p of c.predictions) expect(p.lower_bound).toBeLessThan(p.upper_bound);
  });
});
