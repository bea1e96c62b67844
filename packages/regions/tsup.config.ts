import { defineConfig } from 'tsup';
import { library } from '../../tsup.base';

// The village level is not bundled: src/villages-module.ts imports `../data/villages/NN.js`, a path
// that is the same from src/ and from dist/, and the generated files ship in `data/` (see
// package.json "files"). Bundlers consuming the package split each province into its own chunk.
export default defineConfig({
  ...library,
  external: [/\.\.\/data\/villages\//],
  esbuildOptions(o) {
    o.charset = 'utf8';
  },
});
