import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config/configuration';

describe('market configuration', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'octopus-market-config-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const load = (env: Record<string, string>) => loadConfig({ DATA_DIR: dir, ...env }).market;

  it('has the documented defaults, with timers off under NODE_ENV=test', () => {
    expect(load({ NODE_ENV: 'production' })).toEqual({
      provider: 'simulated',
      seed: 'octopus',
      tickMs: 1000,
      tradingHours: 'nyse',
      pollMs: 15_000,
      quoteTtlMs: 1000,
      importSyncMs: 5000,
      trendingWarm: true,
      yahoo: { baseUrl: null, timeoutMs: 5000, retries: 2, failureThreshold: 5, cooldownMs: 30_000 },
    });
    expect(load({ NODE_ENV: 'test' })).toMatchObject({ tickMs: 0, pollMs: 0, importSyncMs: 0, trendingWarm: false });
    expect(load({ NODE_ENV: 'test', MARKET_TICK_MS: '250' }).tickMs).toBe(250);
  });

  it('reads every variable, case-insensitively for the enums', () => {
    expect(
      load({
        MARKET_DATA_PROVIDER: 'Yahoo',
        MARKET_SEED: 'seed-2.b_1',
        MARKET_TICK_MS: '0',
        TRADING_HOURS: 'ALWAYS',
        MARKET_POLL_MS: '60000',
        MARKET_QUOTE_TTL_MS: '0',
        MARKET_IMPORT_SYNC_MS: '2000',
        MARKET_TRENDING_WARM: 'true',
        MARKET_YAHOO_BASE_URL: 'http://127.0.0.1:9999',
        MARKET_YAHOO_TIMEOUT_MS: '800',
        MARKET_YAHOO_RETRIES: '0',
        MARKET_YAHOO_FAILURE_THRESHOLD: '2',
        MARKET_YAHOO_COOLDOWN_MS: '1000',
      }),
    ).toEqual({
      provider: 'yahoo',
      seed: 'seed-2.b_1',
      tickMs: 0,
      tradingHours: 'always',
      pollMs: 60_000,
      quoteTtlMs: 0,
      importSyncMs: 2000,
      trendingWarm: true,
      yahoo: { baseUrl: 'http://127.0.0.1:9999', timeoutMs: 800, retries: 0, failureThreshold: 2, cooldownMs: 1000 },
    });
  });

  it.each([
    [{ MARKET_DATA_PROVIDER: 'bloomberg' }, /MARKET_DATA_PROVIDER must be one of simulated, yahoo, manual/],
    [{ MARKET_SEED: 'no spaces' }, /MARKET_SEED/],
    [{ MARKET_TICK_MS: '10' }, /MARKET_TICK_MS must be 0 \(off\) or at least 50/],
    [{ MARKET_TICK_MS: 'fast' }, /MARKET_TICK_MS must be an integer/],
    [{ TRADING_HOURS: '24/7' }, /TRADING_HOURS must be one of nyse, always/],
    [{ MARKET_POLL_MS: '500' }, /MARKET_POLL_MS must be 0 \(off\) or at least 1000/],
    [{ MARKET_QUOTE_TTL_MS: '-1' }, /MARKET_QUOTE_TTL_MS/],
    [{ MARKET_IMPORT_SYNC_MS: '100' }, /MARKET_IMPORT_SYNC_MS must be 0 \(off\) or at least 500/],
    [{ MARKET_YAHOO_BASE_URL: 'ftp://mirror' }, /MARKET_YAHOO_BASE_URL must use http: or https:/],
    [{ MARKET_YAHOO_BASE_URL: 'not a url' }, /MARKET_YAHOO_BASE_URL is not a valid URL/],
    [{ MARKET_YAHOO_TIMEOUT_MS: '50' }, /MARKET_YAHOO_TIMEOUT_MS must be between 100 and 60000/],
    [{ MARKET_YAHOO_RETRIES: '9' }, /MARKET_YAHOO_RETRIES/],
    [{ MARKET_YAHOO_FAILURE_THRESHOLD: '0' }, /MARKET_YAHOO_FAILURE_THRESHOLD/],
    [{ MARKET_YAHOO_COOLDOWN_MS: '10' }, /MARKET_YAHOO_COOLDOWN_MS/],
  ])('refuses %j in one line naming the variable', (env, message) => {
    expect(() => load(env as Record<string, string>)).toThrow(message);
  });
});
