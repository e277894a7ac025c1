// Browser tests of the dashboard: playwright-core drives the system Chromium (/usr/bin/chromium, or CHROMIUM_PATH)
// against the real app on a PostgreSQL database made for the run (test/support). `npm run test:web` builds web/ first.
module.exports = {
  rootDir: '../..',
  roots: ['<rootDir>/web/test'],
  testRegex: '.*\\.browser-spec\\.ts$',
  moduleFileExtensions: ['ts', 'js', 'json'],
  modulePaths: ['<rootDir>/web/node_modules'],
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  testEnvironment: 'node',
  setupFiles: ['<rootDir>/test/setup-env.js'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 120_000,
};
