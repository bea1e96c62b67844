import { defineConfig } from 'tsup';

// The village level is not bundled: src/villages-module.ts imports `../data/villages/NN.js`, a path
// that is the same from src/ and from dist/, and the generated files ship in `data/` (see
// package.json "files"). Bundlers consuming the package split each province into its own chunk.
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  treeshake: true,
  external: [/\.\.\/data\/villages\//],
  esbuildOptions(o) {
    o.charset = 'utf8';
  },
});
