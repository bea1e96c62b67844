import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    treeshake: true,
    shims: true,
  },
  {
    // The binary and the worker thread it starts (ESM only).
    entry: ['src/bin.ts', 'src/check-worker.ts'],
    format: ['esm'],
    sourcemap: true,
    target: 'es2022',
    banner: {},
  },
]);
