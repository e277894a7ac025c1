import { isMissingRoute } from './availability';

describe('isMissingRoute', () => {
  it('recognises the 404 of an endpoint this server does not have', () => {
    expect(isMissingRoute({ status: 404, message: 'Route POST /api/ml/predict not found' })).toBe(true);
  });

  it('does not mistake a missing resource or another error for a missing endpoint', () => {
    expect(isMissingRoute({ status: 404, message: 'Backtest 3f1c not found' })).toBe(false);
    expect(isMissingRoute({ status: 422, message: 'Route POST /api/ml/predict not found' })).toBe(false);
    expect(isMissingRoute(new Error('Failed to fetch'))).toBe(false);
    expect(isMissingRoute(null)).toBe(false);
  });
});
