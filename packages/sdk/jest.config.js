// SDK tests: the client against real server processes (dist/, built by ensureBuild) on the local PostgreSQL.
// Run from the repository root with its jest and @swc/jest (`npm test` in packages/sdk does that).
module.exports = {
  rootDir: '../..',
  roots: ['<rootDir>/packages/sdk/test'],
  testRegex: '.*\\.spec\\.ts$',
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  testEnvironment: 'node',
  setupFiles: ['<rootDir>/test/setup-env.js'],
  testTimeout: 120_000,
};
