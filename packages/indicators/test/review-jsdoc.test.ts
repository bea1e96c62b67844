/**
 * Review: every public export of src/index.ts carries a JSDoc `@example`, and every example runs:
 * each ```ts block in the sources is transpiled and executed against the package, and each
 * `expression; //=> value` line whose value is a JS literal is asserted.
 */
import { readdirSync, readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as indicators from '@canji/indicators';

const srcDir = new URL('../src/', import.meta.url);
const files = readdirSync(srcDir).filter((f) => f.endsWith('.ts'));

function examples(): { file: string; code: string }[] {
  const out: { file: string; code: string }[] = [];
  for (const f of files) {
    const text = readFileSync(new URL(f, srcDir), 'utf8');
    for (const m of text.matchAll(/^\s*\* ```ts\n([\s\S]*?)^\s*\* ```/gm)) {
      out.push({ file: f, code: m[1]!.split('\n').map((l) => l.replace(/^\s*\* ?/, '')).join('\n') });
    }
  }
  return out;
}

function literal(text: string): { ok: true; value: unknown } | { ok: false } {
  const v = text.replace(/\s{2,}\(.*$/, '').trim();
  try {
    return { ok: true, value: new Function(`return (${v});`)() };
  } catch {
    return { ok: false };
  }
}

/** `expr; //=> literal` → an assertion; imports from '@canji/indicators' → the module object. */
function instrument(code: string): string {
  const lines = code.split('\n').map((line) => {
    const m = /^(\s*)(.+?);\s*\/\/=> (.+)$/.exec(line);
    if (!m || /^(const|let|import)\b/.test(m[2]!.trim())) return line;
    const lit = literal(m[3]!);
    return lit.ok ? `${m[1]}__check(${m[2]}, ${JSON.stringify(m[3]!.replace(/\s{2,}\(.*$/, '').trim())});` : line;
  });
  return lines.join('\n').replace(/import\s+(type\s+)?\{([^}]*)\}\s+from\s+'@canji\/indicators';/g, (_all, type: string | undefined, names: string) =>
    type ? '' : `const {${names.replace(/\btype\s+\w+\s*,?/g, '')}} = __mod;`,
  );
}

describe('review: JSDoc examples of @canji/indicators', () => {
  it('every public export has a JSDoc @example', () => {
    const program = ts.createProgram([new URL('index.ts', srcDir).pathname], { noEmit: true, allowJs: false });
    const checker = program.getTypeChecker();
    const sf = program.getSourceFile(new URL('index.ts', srcDir).pathname)!;
    const missing: string[] = [];
    for (const exp of checker.getExportsOfModule(checker.getSymbolAtLocation(sf)!)) {
      const s = exp.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exp) : exp;
      const decl = s.declarations?.[0];
      if (!decl) continue;
      const node = ts.isVariableDeclaration(decl) ? decl.parent.parent : decl;
      if (!ts.getJSDocTags(node).some((t) => t.tagName.text === 'example')) missing.push(exp.name);
    }
    expect(missing).toEqual([]);
  });

  it.each(examples().map((e, i) => [`${e.file} #${i}`, e.code] as const))('%s runs and shows what it says', async (_name, code) => {
    const js = ts.transpileModule(instrument(code), { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText;
    const check = (actual: unknown, expected: string) => {
      const lit = literal(expected);
      if (lit.ok) expect(actual).toEqual(lit.value);
    };
    const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<unknown>;
    await new AsyncFunction('__mod', '__check', 'console', js)(indicators, check, { log: () => {} });
  });
});
