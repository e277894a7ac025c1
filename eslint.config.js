// @ts-check
const eslint = require('@eslint/js');
const tseslint = require('typescript-eslint');

const NO_TEST = { group: ['**/test', '**/test/**'], message: 'src never imports test code (test doubles live in test/support).' };
const NO_FRAMEWORK = {
  group: ['@nestjs/*', 'typeorm', 'typeorm/*', 'pg', 'ioredis', 'socket.io', 'express'],
  message: 'Pure domain code imports no framework, database or transport.',
};

/** Feature modules: each reaches another only through its public surface (see boundary). */
const MODULES = ['auth', 'health', 'idempotency', 'market', 'ml', 'orders', 'outbox', 'portfolios', 'realtime', 'risk', 'watchlists'];
/** Pure folders inside modules (every `domain/` folder is pure too). */
const PURE = ['src/market/simulator', 'src/realtime/protocol'];
/**
 * A module's public surface: its Nest module, contract files (`*.contract.ts`, `*.contracts.ts`), exported
 * services, entities (types for relations and the entity list) and typed errors (`errors.ts`).
 */
const PUBLIC = String.raw`(?:[^/]+\.(?:module|contracts?|service)|entities(?:/.*)?|errors)$`;
/** Analytics modules (risk, ml) and watchlists see the others through contract files and Nest modules only. */
const CONTRACT_ONLY = ['risk', 'ml', 'watchlists'];
const CONTRACTS = String.raw`[^/]+\.(?:module|contracts?)$`;
const boundary = (name) => {
  const strict = CONTRACT_ONLY.includes(name);
  return {
    regex: String.raw`^(?:\.\./)+(?:${MODULES.filter((m) => m !== name).join('|')})/(?!${strict ? CONTRACTS : PUBLIC})`,
    message: strict
      ? 'This module (analytics, watchlists) reaches other modules only through their *.contract(s) files and Nest modules.'
      : 'Another module only through its public surface: *.module, *.contract(s), *.service, entities/, errors.',
  };
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
  // so each block carries every pattern that applies to its files.
  {
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.spec.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_TEST] }] },
  },
  ...MODULES.flatMap((name) => [
    {
      files: [`src/${name}/**/*.ts`],
      ignores: ['src/**/*.spec.ts'],
      rules: { 'no-restricted-imports': ['error', { patterns: [NO_TEST, boundary(name)] }] },
    },
    {
      files: PURE.filter((dir) => dir.startsWith(`src/${name}/`)).map((dir) => `${dir}/**/*.ts`),
      ignores: ['src/**/*.spec.ts'],
      rules: { 'no-restricted-imports': ['error', { patterns: [NO_TEST, NO_FRAMEWORK, boundary(name)] }] },
    },
  ]).filter((block) => block.files.length > 0),
  {
    files: ['src/**/domain/**/*.ts'],
    ignores: ['src/**/*.spec.ts'],
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
);
