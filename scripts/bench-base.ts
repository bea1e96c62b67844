/**
 * The "before" build for benchmarks that compare two versions in one run (see
 * scripts/bench-baseline.mjs): `CANJI_BENCH_BASE`, or `.bench-baseline/current` when it exists.
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname, '..');

/** The baseline checkout, its commit and subject, or `undefined` when none is built. */
export function benchBaseline(): { dir: string; label: string } | undefined {
  const env = process.env.CANJI_BENCH_BASE;
  const dir = env ? resolve(env) : existsSync(resolve(root, '.bench-baseline/current')) ? realpathSync(resolve(root, '.bench-baseline/current')) : undefined;
  if (!dir || !existsSync(resolve(dir, 'packages/cli/dist/index.js'))) return undefined;
  const txt = resolve(root, '.bench-baseline/current.txt');
  const label = !env && existsSync(txt) ? readFileSync(txt, 'utf8').trim().slice(0, 12) : dir;
  return { dir, label };
}

/** The URL of a package's built entry (`dist/index.js`) in `dir` (a checkout) — this one when `dir` is omitted. */
export function distEntry(pkg: string, dir = root): string {
  return pathToFileURL(resolve(dir, 'packages', pkg, 'dist/index.js')).href;
}
