import type { INestApplication } from '@nestjs/common';
import { Test, TestingModuleBuilder } from '@nestjs/testing';
import request from 'supertest';
import { AppModule } from '../../src/app.module';
import { configureApp, createAppHttpAdapter } from '../../src/app.setup';

export const TEST_JWT_SECRET = 'e2e-test-secret-that-is-at-least-32-characters-long';

/** Defaults for every test app: the run's database, no rate limits, fast password hashing, quiet logs. */
export function baseTestEnv(): Record<string, string | undefined> {
  return {
    DATABASE_URL: process.env.E2E_DATABASE_URL,
    REDIS_URL: undefined,
    JWT_SECRET: TEST_JWT_SECRET,
    RATE_LIMIT_ENABLED: 'false',
    LOG_LEVEL: 'silent',
    ARGON2_MEMORY_KIB: '1024',
    ARGON2_TIME_COST: '1',
    ADMIN_EMAILS: undefined,
    DATA_DIR: undefined,
    // Lets tests pose as distinct clients through X-Forwarded-For (login lock-outs are per IP too).
    TRUST_PROXY: 'true',
  };
}

export interface TestApp {
  app: INestApplication;
  http: ReturnType<typeof request>;
  close(): Promise<void>;
}

/**
 * Builds the real app (same modules, pipes, filter, guards and docs as main.ts) with the given environment.
 * Configuration is read from process.env when the app is created, so the environment is set around it.
 */
export async function startTestApp(
  overrides: Record<string, string | undefined> = {},
  /** Replace providers, e.g. `(b) => b.overrideProvider(CLOCK).useValue(clock)`. */
  customize: (builder: TestingModuleBuilder) => TestingModuleBuilder = (b) => b,
): Promise<TestApp> {
  const env = { ...baseTestEnv(), ...overrides };
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(env)) {
    saved[k] = process.env[k];
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  try {
    const moduleRef = await customize(Test.createTestingModule({ imports: [AppModule.forRoot()] })).compile();
    const app = moduleRef.createNestApplication(createAppHttpAdapter(), { bodyParser: false, logger: false });
    configureApp(app);
    await app.init();
    // Listen once on an ephemeral port: supertest otherwise binds the server anew per request, which with the
    // Socket.IO adapter attached resets connections under many concurrent requests (ECONNRESET).
    await app.listen(0, '127.0.0.1');
    const http = request(app.getHttpServer());
    return { app, http, close: () => app.close() };
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

let counter = 0;
export const uniqueEmail = (tag = 'user') => `${tag}.${Date.now()}.${counter++}@example.com`;
/** A fresh client address (a header value only: documentation range 198.18.0.0/15, no traffic is sent). */
export const uniqueIp = () => `198.18.${(counter >> 8) & 255}.${counter++ & 255}`;

export async function registerAndLogin(
  http: TestApp['http'],
  email = uniqueEmail(),
  password = 'correct horse battery',
): Promise<{ email: string; password: string; access: string; refresh: string; userId: string }> {
  const reg = await http.post('/api/auth/register').send({ email, password }).expect(201);
  const login = await http.post('/api/auth/login').set('X-Forwarded-For', uniqueIp()).send({ email, password }).expect(200);
  return { email, password, access: login.body.access_token, refresh: login.body.refresh_token, userId: reg.body.id };
}
