import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const sdk = fileURLToPath(new URL('../packages/sdk/src/index.ts', import.meta.url));

// The SDK is compiled from its sources (packages/sdk/src): no separate build or install step in a fresh clone.
// Its two runtime dependencies resolve from web/node_modules (dedupe), pinned to the SDK's versions.
export default defineConfig({
  resolve: {
    alias: { '@octopus/trading-sdk': sdk },
    dedupe: ['openapi-fetch', 'socket.io-client'],
  },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    // No inline <script> or data: module preload polyfill: the page's CSP allows 'self' scripts only.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
  server: {
    proxy: {
      '/api': 'http://localhost:8000',
      '/socket.io': { target: 'http://localhost:8000', ws: true },
    },
  },
});
