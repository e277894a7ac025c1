import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  // openapi-fetch and socket.io-client stay dependencies, not bundled.
  external: ['openapi-fetch', 'socket.io-client'],
});
