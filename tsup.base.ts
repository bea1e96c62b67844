import type { Options } from 'tsup';

/**
 * The build every @canji package shares: `src/index.ts` to ESM + CJS with declarations and
 * source maps, for Node 20 and current browsers. Each package's `tsup.config.ts` uses it (and adds
 * what it alone needs).
 */
export const library: Options = {
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  treeshake: true,
};
