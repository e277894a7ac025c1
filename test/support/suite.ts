import type { TestingModuleBuilder } from '@nestjs/testing';
import { registerAndLogin, startTestApp, type TestApp } from './app';

export interface SuiteOptions {
  /** Environment over baseTestEnv(). */
  env?: Record<string, string | undefined>;
  /** Replace providers, e.g. `withClock(clock)`. */
  customize?: (builder: TestingModuleBuilder) => TestingModuleBuilder;
  /** Another way to start the app (startTradingApp, a Yahoo app…); env/customize are then ignored. */
  start?: () => Promise<TestApp>;
  /** Also register and log in this e-mail (put it in ADMIN_EMAILS to make it an admin). */
  adminEmail?: string;
  /** Runs before the app closes, e.g. to delete rows the suite left. */
  beforeClose?: (t: TestApp) => Promise<unknown>;
}

/** What a suite's tests use; filled in by the suite's beforeAll. */
export interface Suite {
  t: TestApp;
  /** Access token of a fresh user. */
  token: string;
  userId: string;
  /** Access token of `adminEmail`, '' without one. */
  adminToken: string;
  /** GET as the user (or as `bearer`). */
  get(url: string, bearer?: string): ReturnType<TestApp['http']['get']>;
}

/**
 * The e2e suites' shared set-up: starts the app once for the describe block it is called in, registers a user
 * (and an admin), and closes the app afterwards. Call at the top of a `describe`.
 */
export function useTestApp(options: SuiteOptions = {}): Suite {
  const suite = {
    get: (url: string, bearer?: string) => suite.t.http.get(url).set('Authorization', `Bearer ${bearer ?? suite.token}`),
  } as Suite;
  beforeAll(async () => {
    suite.t = await (options.start ? options.start() : startTestApp(options.env, options.customize));
    const user = await registerAndLogin(suite.t.http);
    suite.token = user.access;
    suite.userId = user.userId;
    suite.adminToken = options.adminEmail ? (await registerAndLogin(suite.t.http, options.adminEmail)).access : '';
  });
  afterAll(async () => {
    if (!suite.t) return;
    try {
      await options.beforeClose?.(suite.t);
    } finally {
      await suite.t.close();
    }
  });
  return suite;
}
