import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { defineConfig } from 'tsup';
import { cjsWithoutDynamicImport, library } from '../../tsup.base';

const VILLAGES = new URL('./data/villages/', import.meta.url);

/**
 * The CJS twins of the village modules (`data/villages/NN.cjs`, not committed): the CJS build
 * requires them (Jest, `require`), the ESM build imports the `.js` files.
 */
function writeCjsVillages(): void {
  for (const f of readdirSync(VILLAGES).filter((n) => /^\d+\.js$/.test(n))) {
    const text = readFileSync(new URL(f, VILLAGES), 'utf8').replace(/^export default /m, 'module.exports = { default: ');
    writeFileSync(new URL(f.replace(/\.js$/, '.cjs'), VILLAGES), text.replace(/;\s*$/, ' };\n'));
  }
}

// The village level is not bundled: src/villages-module.ts imports `../data/villages/NN.js`, a path
// that is the same from src/ and from dist/, and the generated files ship in `data/` (see
// package.json "files"). Bundlers consuming the package split each province into its own chunk;
// the CJS build requires `NN.cjs` instead (see writeCjsVillages and onSuccess).
export default defineConfig({
  ...library,
  // The small entry `@canji/regions/counties` (province → county only) is its own file.
  entry: ['src/index.ts', 'src/counties.ts'],
  external: [/\.\.\/data\/villages\//],
  esbuildOptions(o, context) {
    o.charset = 'utf8';
    cjsWithoutDynamicImport(o, context);
  },
  onSuccess: async () => {
    writeCjsVillages();
    // The CJS build requires the `.cjs` twins (tsup's `external` keeps the path as written).
    const cjs = new URL('./dist/index.cjs', import.meta.url);
    writeFileSync(cjs, readFileSync(cjs, 'utf8').replace(/require\("\.\.\/data\/villages\/(\d+)\.js"\)/g, 'require("../data/villages/$1.cjs")'));
  },
});
