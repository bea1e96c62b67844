/**
 * Guard: the published sources and the docs cite only what is in the repository. The project's
 * research notes (kept beside the repository, not in it) are not to be named; cite the ids of
 * docs/sources.md (`S5`, `P12`, `D7`) or docs/guides instead.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** The research notes outside the repository, by file name (with or without `.md` / `.json`), and paths into them. */
const FORBIDDEN: readonly [RegExp, string][] = [
  [/registration-form(?:\.md)?/, 'registration-form.md'],
  [/policy-rules(?:\.md)?/, 'policy-rules.md'],
  [/mission-context(?:\.md)?/, 'mission-context.md'],
  [/region-code-history(?:\.json)?/, 'region-code-history.json'],
  [/shared\/reference/, 'shared/reference'],
  [/\.\.\/shared\b/, '../shared'],
];

function filesUnder(dir: string, keep: (path: string) => boolean): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p, keep));
    else if (keep(p)) out.push(p);
  }
  return out;
}

/** Every line of the given files that names a note, as `path:line: match`. */
export function externalCitations(files: readonly string[]): string[] {
  const hits: string[] = [];
  for (const file of files) {
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        for (const [re, name] of FORBIDDEN) if (re.test(line)) hits.push(`${relative(root, file)}:${i + 1}: ${name}`);
      });
  }
  return hits;
}

const packages = readdirSync(join(root, 'packages')).map((p) => join(root, 'packages', p));

describe('no citation of a file outside the repository', () => {
  it('in packages/*/src', () => {
    const files = packages.flatMap((p) => filesUnder(join(p, 'src'), (f) => /\.(ts|mts|cts|js|mjs|json)$/.test(f)));
    expect(files.length).toBeGreaterThan(50);
    expect(externalCitations(files)).toEqual([]);
  });

  it('in the packages’ README files and docs/', () => {
    const readmes = [join(root, 'README.md'), ...packages.map((p) => join(p, 'README.md'))].filter((f) => statSync(f, { throwIfNoEntry: false }));
    const files = [...readmes, ...filesUnder(join(root, 'docs'), (f) => f.endsWith('.md'))];
    expect(externalCitations(files)).toEqual([]);
  });

  it('finds a citation when there is one', () => {
    const probe = join(root, 'scripts/guards/no-external-citations.test.ts');
    // this file names every note in FORBIDDEN, so the guard must report it
    expect(externalCitations([probe]).length).toBeGreaterThanOrEqual(FORBIDDEN.length);
  });
});
