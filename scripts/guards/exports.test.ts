/**
 * One name, one meaning: a later package must not export a name an earlier package exports with
 * another declaration (order: id → regions → form → rules → indicators → deid → synth → cli). A
 * re-export of the very same declaration is fine (`@canji/deid` re-exports `@canji/id`'s masks).
 */
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEntriesProgram, duplicateExports, packageEntries, type ExportsCheck } from './exports.js';

/**
 * Existing duplicates that other parts of issue 13 remove, each with the reason it is still here
 * (`name@later-package`). Delete an entry when its duplicate is gone: a stale entry fails the test.
 */
const ALLOWED: Readonly<Record<string, string>> = {
  'RegionLevel@rules': "rules still accepts the legacy 'city' spelling of prefecture (RegionLevel | 'city'); drop with the spelling",
  'REGION_LEVEL_NAMES@rules': "names the legacy 'city' level too (see RegionLevel@rules)",
  'FormVersion@indicators': "rules' FormVersion is any string, indicators' the three versions; form versions get one owner in form in issue 13's form-versions part",
};

const key = (d: { name: string; later: string }) => `${d.name}@${d.later}`;

describe('public exports: one meaning per name across packages', () => {
  let check: ExportsCheck;
  beforeAll(() => {
    const entries = packageEntries();
    check = duplicateExports(createEntriesProgram(entries.map((e) => e.file)), entries);
  });

  it('reads every package entry and resolves every export to a declaration in the repository', () => {
    for (const e of packageEntries()) expect(check.counts[e.name], e.name).toBeGreaterThan(0);
    expect(check.unresolved).toEqual([]);
  });

  it('no later package exports a name an earlier one exports with another declaration', () => {
    const offenders = check.duplicates.filter((d) => !(key(d) in ALLOWED));
    const message = offenders.map((d) => `${d.name}: ${d.earlier} (${d.earlierAt}) vs ${d.later} (${d.laterAt})`).join('\n');
    expect(offenders, `names exported with two meanings — re-export the earlier declaration, or rename:\n${message}`).toEqual([]);
  });

  it('the allow-list holds only duplicates that still exist', () => {
    const present = new Set(check.duplicates.map(key));
    expect(Object.keys(ALLOWED).filter((k) => !present.has(k)), 'remove these from ALLOWED: the duplicate is gone').toEqual([]);
  });
});

describe('duplicateExports (the finder itself)', () => {
  // A tiny in-memory workspace: b re-exports a's X (fine), redeclares T and f (offenders).
  const files: Record<string, string> = {
    '/v/a/index.ts': "export const X = 1;\nexport type T = string;\nexport function f(): void {}\nexport { Y } from './y';\n",
    '/v/a/y.ts': 'export const Y = 2;\n',
    '/v/b/index.ts': "export { X } from '../a/index';\nexport type T = string;\nexport const f = 2;\nexport const own = 3;\nexport { Y as Y } from '../a/y';\n",
  };
  const options: ts.CompilerOptions = { noEmit: true, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, target: ts.ScriptTarget.ES2022 };
  const host = ts.createCompilerHost(options);
  const read = (f: string) => files[f];
  host.getSourceFile = (f, lang) => (read(f) === undefined ? undefined : ts.createSourceFile(f, read(f)!, lang));
  host.fileExists = (f) => read(f) !== undefined;
  host.readFile = read;
  host.directoryExists = (d) => Object.keys(files).some((f) => f.startsWith(`${d.replace(/\/$/, '')}/`));
  host.realpath = (f) => f;

  it('flags redeclared names and lets re-exports of the same declaration pass', () => {
    const entries = [
      { name: 'a', file: '/v/a/index.ts' },
      { name: 'b', file: '/v/b/index.ts' },
    ];
    const r = duplicateExports(createEntriesProgram(['/v/a/index.ts', '/v/b/index.ts'], host, options), entries);
    expect(r.duplicates.map((d) => `${d.name}@${d.earlier}>${d.later}`).sort()).toEqual(['T@a>b', 'f@a>b']);
    expect(r.unresolved).toEqual([]);
    expect(r.counts).toEqual({ a: 4, b: 5 });
  });
});
