/**
 * The public surface says what a user needs: no name a package exports is marked `@internal`
 * (the published declarations leave `@internal` out — `stripInternal` in tsup.base.ts — so an
 * exported internal would be a name without a type), and the speed internals of the batch path
 * stay inside their packages.
 */
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEntriesProgram, packageEntries } from './exports.js';

interface Exported {
  pkg: string;
  name: string;
  internal: boolean;
}

/** The declaration carries an `@internal` tag (on itself or, for `export const`, its statement). */
function isInternal(d: ts.Declaration): boolean {
  return ts.getJSDocTags(d).some((t) => t.tagName.text === 'internal');
}

/** Every name each package entry exports, with whether its declaration is tagged `@internal`. */
function exportedNames(program: ts.Program): Exported[] {
  const checker = program.getTypeChecker();
  const out: Exported[] = [];
  for (const e of packageEntries()) {
    const sf = program.getSourceFile(e.file);
    const mod = sf && checker.getSymbolAtLocation(sf);
    if (!mod) throw new Error(`cannot read ${e.file}`);
    for (const s of checker.getExportsOfModule(mod)) {
      const target = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
      const internal = (target.declarations ?? []).some(isInternal);
      out.push({ pkg: e.name, name: s.name, internal });
    }
  }
  return out;
}

/** Internals of the batch path that earlier versions exported (issue 13): they must stay unexported. */
const SPEED_INTERNALS = ['RecordColumns', 'fixedShape', 'RecordSplitter', 'TRI_NO', 'TRI_YES', 'TRI_UNKNOWN', 'compileTriCondition', 'compileFastFormCheck'];

describe('public surface', () => {
  let names: Exported[];
  beforeAll(() => {
    names = exportedNames(createEntriesProgram(packageEntries().map((e) => e.file)));
  });

  it('exports nothing marked @internal', () => {
    expect(names.length).toBeGreaterThan(300);
    expect(names.filter((n) => n.internal).map((n) => `${n.name}@${n.pkg}`)).toEqual([]);
  });

  it('keeps the speed internals of the batch path inside their packages', () => {
    expect(names.filter((n) => SPEED_INTERNALS.includes(n.name)).map((n) => `${n.name}@${n.pkg}`)).toEqual([]);
  });

  it('can tell an internal export (the check itself can fail)', () => {
    const files = new Map([
      ['/v/a.ts', '/** @internal fast path */\nexport const hidden = 1;\n/** Public. */\nexport const shown = 2;\n'],
    ]);
    const host = ts.createCompilerHost({});
    host.getSourceFile = (f, v) => (files.has(f) ? ts.createSourceFile(f, files.get(f)!, v) : undefined);
    host.fileExists = (f) => files.has(f);
    host.readFile = (f) => files.get(f);
    const program = ts.createProgram({ rootNames: ['/v/a.ts'], options: { noLib: true, types: [] }, host });
    const checker = program.getTypeChecker();
    const mod = checker.getSymbolAtLocation(program.getSourceFile('/v/a.ts')!)!;
    const tagged = checker.getExportsOfModule(mod).filter((s) => (s.declarations ?? []).some(isInternal));
    expect(tagged.map((s) => s.name)).toEqual(['hidden']);
  });
});
