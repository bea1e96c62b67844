/**
 * The public exports of each package (`packages/<pkg>/src/index.ts`), read with the TypeScript
 * compiler, and the names a later package exports with another meaning than an earlier one.
 */
import { join } from 'node:path';
import ts from 'typescript';
import { PACKAGE_ORDER, PACKAGES_DIR, ROOT } from './graph.js';

/** A package's entry file. */
export interface PackageEntry {
  readonly name: string;
  readonly file: string;
}

/** A name exported by a later package that an earlier one exports with another declaration. */
export interface DuplicateExport {
  readonly name: string;
  /** The first (earliest) package exporting the name. */
  readonly earlier: string;
  readonly later: string;
  /** Where each declaration is, `file:line` relative to the repository root. */
  readonly earlierAt: string;
  readonly laterAt: string;
}

/** The entry files of the workspace packages, earliest first. */
export function packageEntries(): PackageEntry[] {
  return PACKAGE_ORDER.map((name) => ({ name, file: join(PACKAGES_DIR, name, 'src', 'index.ts') }));
}

/**
 * A program over the entry files that resolves only relative and `@canji/*` imports (third-party
 * modules and the standard library are not needed to tell which declaration a name stands for,
 * and leaving them out makes the program several times cheaper).
 */
export function createEntriesProgram(files: readonly string[], host?: ts.CompilerHost, options?: ts.CompilerOptions): ts.Program {
  const base =
    options ??
    ts.getParsedCommandLineOfConfigFile(join(ROOT, 'tsconfig.json'), {}, {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    })!.options;
  const opts: ts.CompilerOptions = { ...base, noEmit: true, noLib: true, types: [] };
  const h = host ?? ts.createCompilerHost(opts);
  h.resolveModuleNameLiterals = (literals, containingFile, _redirect, o) =>
    literals.map((l) => (l.text.startsWith('.') || l.text.startsWith('@canji/') ? ts.resolveModuleName(l.text, containingFile, o, h) : { resolvedModule: undefined }));
  return ts.createProgram({ rootNames: [...files], options: opts, host: h });
}

function where(symbol: ts.Symbol): string {
  const d = symbol.declarations?.[0];
  if (!d) return '?';
  const sf = d.getSourceFile();
  const line = sf.getLineAndCharacterOfPosition(d.getStart(sf)).line + 1;
  const file = sf.fileName.startsWith(ROOT) ? sf.fileName.slice(ROOT.length + 1) : sf.fileName;
  return `${file}:${line}`;
}

/** Same meaning: the same symbol once aliases are resolved, or symbols with the same declarations. */
function sameSymbol(a: ts.Symbol, b: ts.Symbol): boolean {
  if (a === b) return true;
  const da = a.declarations ?? [];
  const db = b.declarations ?? [];
  return da.length > 0 && da.length === db.length && da.every((d) => db.includes(d));
}

/** What {@link duplicateExports} found. */
export interface ExportsCheck {
  readonly duplicates: DuplicateExport[];
  /**
   * Exports whose declaration the program could not reach (`package: name`), e.g. a re-export from
   * a third-party module: the check cannot tell their meaning, so the guard test refuses them.
   */
  readonly unresolved: string[];
  /** Number of exports per entry. */
  readonly counts: Readonly<Record<string, number>>;
}

/**
 * Names a later entry exports that an earlier entry exports too, unless both stand for the same
 * declaration (a deliberate re-export: `export { x } from '@canji/id'`). Each later package is
 * compared with the first package that exported the name.
 */
export function duplicateExports(program: ts.Program, entries: readonly PackageEntry[]): ExportsCheck {
  const checker = program.getTypeChecker();
  const resolve = (s: ts.Symbol) => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s);
  const first = new Map<string, { pkg: string; symbol: ts.Symbol }>();
  const out: DuplicateExport[] = [];
  const unresolved: string[] = [];
  const counts: Record<string, number> = {};
  for (const entry of entries) {
    const sf = program.getSourceFile(entry.file);
    if (!sf) throw new Error(`entry file not in the program: ${entry.file}`);
    const moduleSymbol = checker.getSymbolAtLocation(sf);
    if (!moduleSymbol) throw new Error(`entry file is not a module: ${entry.file}`);
    const exports = checker.getExportsOfModule(moduleSymbol);
    counts[entry.name] = exports.length;
    for (const exported of exports) {
      const symbol = resolve(exported);
      if (!symbol.declarations?.length) unresolved.push(`${entry.name}: ${exported.name}`);
      const prev = first.get(exported.name);
      if (!prev) first.set(exported.name, { pkg: entry.name, symbol });
      else if (!sameSymbol(prev.symbol, symbol)) {
        out.push({ name: exported.name, earlier: prev.pkg, later: entry.name, earlierAt: where(prev.symbol), laterAt: where(symbol) });
      }
    }
  }
  return { duplicates: out, unresolved, counts };
}
