import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './configuration';

describe('loadConfig', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'octopus-config-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('has the documented defaults and generates then reuses a JWT key in embedded mode', () => {
    const c = loadConfig({ DATA_DIR: dir });
    expect(c).toMatchObject({
      app: { port: 8000, redisUrl: null, logLevel: 'info', rateLimit: { enabled: true, perMinute: 100, burst: 20 } },
      database: { url: null, runMigrations: true },
      auth: { jwt: { accessTtl: 3600, secretSource: 'generated' } },
      ml: { jobAttempts: 3, jobLockMs: 30_000 },
      watchlists: { maxPerUser: 20, maxSymbols: 100 },
    });
    expect(readFileSync(join(dir, 'jwt-secret'), 'utf8').trim()).toBe(c.auth.jwt.secret);
    const again = loadConfig({ DATA_DIR: dir });
    expect(again.auth.jwt).toMatchObject({ secret: c.auth.jwt.secret, secretSource: 'persisted' });
  });

  it('requires JWT_SECRET with DATABASE_URL', () => {
    expect(() => loadConfig({ DATA_DIR: dir, DATABASE_URL: 'postgres://x@localhost/db' })).toThrow(
      /JWT_SECRET is required when DATABASE_URL is set/,
    );
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ RATE_LIMIT_ENABLED: 'maybe' }, 'RATE_LIMIT_ENABLED'],
    [{ RATE_LIMIT_PER_MINUTE: '0' }, 'RATE_LIMIT_PER_MINUTE'],
    [{ DATABASE_URL: 'mysql://x/y', JWT_SECRET: 'x'.repeat(40) }, 'DATABASE_URL'],
    [{ REDIS_URL: 'not a url' }, 'REDIS_URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET'],
    [{ JWT_ACCESS_TTL: '10' }, 'JWT_ACCESS_TTL'],
    [{ ADMIN_EMAILS: 'a@b.c, nope' }, 'ADMIN_EMAILS'],
    [{ ML_JOB_LOCK_MS: '500' }, 'ML_JOB_LOCK_MS'],
  ])('refuses %p naming %s in one line', (env, variable) => {
    let error: unknown;
    try {
      loadConfig({ DATA_DIR: dir, ...env });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as Error).message).toContain(variable);
    expect((error as Error).message).not.toContain('\n');
  });
});
