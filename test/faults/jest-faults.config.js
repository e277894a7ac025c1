// Fault tests: real server processes (dist/, built by ensureBuild) on the local PostgreSQL and Redis, with the
// faults injected from outside — connections killed, Redis stopped, SIGTERM, a hanging upstream, nginx in front.
module.exports = {
  rootDir: '../..',
  roots: ['<rootDir>/test/faults'],
  testRegex: '.*\\.fault-spec\\.ts$',
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  testEnvironment: 'node',
  setupFiles: ['<rootDir>/test/setup-env.js'],
  testTimeout: 180_000,
};
