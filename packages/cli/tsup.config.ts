import { defineConfig } from 'tsup';
import { library } from '../../tsup.base';

export default defineConfig([
  { ...library, shims: true },
  {
    // The binary and the worker threads it starts (ESM only).
    entry: ['src/bin.ts', 'src/check-worker.ts', 'src/collector-worker.ts'],
    format: ['esm'],
    sourcemap: true,
    target: 'es2022',
    banner: {},
    define: library.define,
  },
]);
