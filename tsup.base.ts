import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Options } from 'tsup';

/**
 * `__CANJI_<NAME>_VERSION__` → the `version` of `packages/<name>/package.json`, for every package
 * (e.g. `__CANJI_RULES_VERSION__`, `__CANJI_CLI_VERSION__`). A package's `version.ts` (or wherever it
 * exposes its version) reads its own constant and, when the constant is not defined (running from
 * sources under tsx or vitest), falls back to reading its package.json.
 */
export function versionDefines(): Record<string, string> {
  const packagesDir = fileURLToPath(new URL('./packages/', import.meta.url));
  const define: Record<string, string> = {};
  for (const dir of readdirSync(packagesDir)) {
    const file = `${packagesDir}${dir}/package.json`;
    if (!existsSync(file)) continue;
    const { version } = JSON.parse(readFileSync(file, 'utf8')) as { version?: string };
    if (typeof version === 'string') define[`__CANJI_${dir.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_VERSION__`] = JSON.stringify(version);
  }
  return define;
}

/**
 * The build every @canji package shares: `src/index.ts` to ESM + CJS with declarations (without
 * `@internal` declarations) and
 * source maps, for Node 20 and current browsers, with the package versions injected (see
 * {@link versionDefines}). Each package's `tsup.config.ts` uses it (and adds what it alone needs).
 */
export const library: Options = {
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  // Declarations tagged `@internal` (speed internals, members other packages of canji use) are
  // left out of the published types; scripts/guards/public-surface.test.ts checks that no
  // exported name is one of them.
  dts: { compilerOptions: { stripInternal: true } },
  sourcemap: true,
  clean: true,
  target: 'es2022',
  treeshake: true,
  define: versionDefines(),
  esbuildOptions: cjsWithoutDynamicImport,
};

/**
 * In the CJS build every `import()` left after bundling (a Node built-in, an optional dependency
 * such as DuckDB, a data file) becomes `Promise.resolve().then(() => require(…))`: Jest and other
 * CJS runners refuse a dynamic `import()` without `--experimental-vm-modules`.
 */
export function cjsWithoutDynamicImport(o: { supported?: Record<string, boolean> }, context: { format: string }): void {
  if (context.format === 'cjs') o.supported = { ...o.supported, 'dynamic-import': false };
}
