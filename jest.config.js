// Unit tests: pure logic and service specs with in-memory fakes, beside the code (*.spec.ts under src/); HTTP and WebSocket behaviour is covered by the e2e suite (test/).
module.exports = {
  rootDir: '.',
  roots: ['<rootDir>/src'],
  testRegex: '.*\\.spec\\.ts$',
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  testEnvironment: 'node',
  setupFiles: ['<rootDir>/test/setup-env.js'],
};
