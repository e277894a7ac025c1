import { connectionSummary } from './connection';

describe('connection indicator', () => {
  it('is live once every channel is connected', () => {
    expect(connectionSummary({})).toEqual({ ok: true, label: 'Connecting…' });
    expect(connectionSummary({ '/ws/market-data': 'connected', '/ws/trading': 'connected' })).toEqual({ ok: true, label: 'Live' });
  });

  it('names the channels that are reconnecting, and recovers', () => {
    const down = { '/ws/market-data': 'reconnecting', '/ws/trading': 'connected', '/ws/portfolio/3f1c': 'reconnecting', '/ws/portfolio/9a2b': 'reconnecting' } as const;
    expect(connectionSummary(down)).toEqual({ ok: false, label: 'Reconnecting… (market-data, portfolio)' });
    expect(connectionSummary({ ...down, '/ws/market-data': 'connected', '/ws/portfolio/3f1c': 'connected', '/ws/portfolio/9a2b': 'connected' }).ok).toBe(true);
  });
});
