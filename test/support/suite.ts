import type { TestingModuleBuilder } from '@nestjs/testing';
import { registerAndLogin, startTestApp, type TestApp } from './app';

export interface SuiteOptions<T extends TestApp = TestApp> {
  /** Environment over baseTestEnv(). */
  env?: Record<string, string | undefined>;
  /** Replace providers, e.g. `withClock(clock)`. */
  customize?: (builder: TestingModuleBuilder) => TestingModuleBuilder;
  /** Another way to start the app (startTradingApp, startRealtimeApp, a Yahoo app…); env/customize are then ignored. */
  start?: () => Promise<T>;
  /** Register and log in a user (default true); without one, `token` and `userId` are ''. */
  user?: boolean;
  /** Also register and log in this e-mail (put it in ADMIN_EMAILS to make it an admin). */
  adminEmail?: string;
  /** Runs before the app closes, e.g. to delete rows the suite left or close clients. */
  beforeClose?: (t: T) => Promise<unknown>;
}

/** What a suite's tests use; filled in by the suite's beforeAll. */
export interface Suite<T extends TestApp = TestApp> {
  t: T;
  /** Access token of a fresh user ('' with `user: false`). */
  token: string;
  userId: string;
  /** Access token of `adminEmail`, '' without one. */
  adminToken: string;
  /** GET as the user (or as `bearer`). */
  get(url: string, bearer?: string): ReturnType<TestApp['http']['get']>;
}

/**
 * The e2e suites' shared set-up: starts the app once for the describe block it is called in, registers a user
 * (and an admin), and closes the app afterwards. Call at the top of a `describe`. With `start`, `suite.t` has the
 * type of the app it starts (e.g. TradingTestApp).
 */
export function useTestApp(options?: SuiteOptions & { start?: undefined }): Suite;
export function useTestApp<T extends TestApp>(options: SuiteOptions<T> & { start: () => Promise<T> }): Suite<T>;
export function useTestApp<T extends TestApp>(options: SuiteOptions<T> = {}): Suite<T> {
  const suite = {
    get: (url: string, bearer?: string) => suite.t.http.get(url).set('Authorization', `Bearer ${bearer ?? suite.token}`),
  } as Suite<T>;
  beforeAll(async () => {
    suite.t = await (options.start ? options.start() : (startTestApp(options.env, options.customize) as Promise<T>));
    if (options.user ?? true) {
      const user = await registerAndLogin(suite.t.http);
      suite.token = user.access;
      suite.userId = user.userId;
    } else {
      suite.token = '';
      suite.userId = '';
    }
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
