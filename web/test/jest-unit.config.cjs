// Unit tests of the dashboard's own logic (formatting, order-ticket rules, socket status): pure TypeScript, no DOM.
module.exports = {
  rootDir: '../..',
  roots: ['<rootDir>/web/src'],
  testRegex: '.*\\.spec\\.ts$',
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  testEnvironment: 'node',
  setupFiles: ['<rootDir>/test/setup-env.js'],
};
