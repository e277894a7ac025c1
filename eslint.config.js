// @ts-check
const eslint = require('@eslint/js');
const tseslint = require('typescript-eslint');

const NO_TEST = { group: ['**/test', '**/test/**'], message: 'src never imports test code (test doubles live in test/support).' };
const NO_FRAMEWORK = {
  group: ['@nestjs/*', 'typeorm', 'typeorm/*', 'pg', 'ioredis', 'socket.io', 'express'],
  message: 'Pure domain code imports no framework, database or transport.',
};

module.exports = tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**', 'packages/**/dist/**'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly', console: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
      eqeqeq: ['error', 'smart'],
    },
  },
  // Dependency rules (docs/ARCHITECTURE.md, "Dependency rules"). A later block replaces the rule for its files,
  // so each block repeats the rules before it.
  {
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.spec.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_TEST] }] },
  },
  {
    files: ['src/**/domain/**/*.ts', 'src/market/simulator/**/*.ts', 'src/realtime/protocol/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_TEST, NO_FRAMEWORK] }] },
  },
  {
    files: ['src/quant/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            NO_TEST,
            NO_FRAMEWORK,
            { group: ['../*', '!../common', '!../common/*'], message: 'src/quant is the neutral core: it imports only src/common.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/risk/**/*.ts'],
    ignores: ['src/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            NO_TEST,
            {
              group: ['**/market/*', '!**/market/market.contracts', '**/portfolios/*', '!**/portfolios/portfolio-holdings.contract', '**/orders/*', '**/realtime/*', '!**/*.module'],
              message: "Other modules only through their contracts (market.contracts, portfolio-holdings.contract) or their Nest module.",
            },
          ],
        },
      ],
    },
  },
);
