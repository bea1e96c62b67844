/**
 * The import graph of the packages' sources, for the guard tests: which file imports which (relative
 * imports and `@canji/*` imports), whether an import survives compilation (a type-only import is
 * erased and cannot take part in a load-order cycle), and a cycle finder.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** The packages, earliest first: a package may import an earlier one, never a later one. */
export const PACKAGE_ORDER = ['id', 'regions', 'form', 'rules', 'indicators', 'deid', 'rounds', 'audits', 'review', 'services', 'synth', 'sql', 'cli'] as const;
export type PackageName = (typeof PACKAGE_ORDER)[number];

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const PACKAGES_DIR = join(ROOT, 'packages');

/** One import of a source file. */
export interface ImportEdge {
  /** Importing file, relative to the repository root with `/` separators. */
  readonly from: string;
  /** Imported file (same form), or `undefined` when the specifier resolves to no source file. */
  readonly to: string | undefined;
  readonly specifier: string;
  /** `false` for `import type`, `export type` and imports whose every specifier is `type`. */
  readonly runtime: boolean;
  /** 1-based line of the import in `from`. */
  readonly line: number;
}

const posix = (p: string) => p.split(sep).join('/');

/** Every `.ts` file under `packages/<pkg>/src` (declaration files left out), sorted. */
export function sourceFiles(root = PACKAGES_DIR): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(p);
    }
  };
  for (const pkg of readdirSync(root).sort()) {
    const src = join(root, pkg, 'src');
    if (existsSync(src)) walk(src);
  }
  return out;
}

/** The package a repository path (`packages/<pkg>/…`) belongs to. */
export function packageOf(file: string): string | undefined {
  const m = /^packages\/([^/]+)\//.exec(file);
  return m?.[1];
}

function resolveSpecifier(fromAbs: string, specifier: string): string | undefined {
  let base: string;
  if (specifier.startsWith('.')) base = resolve(dirname(fromAbs), specifier);
  else {
    const m = /^@canji\/([^/]+)(\/.*)?$/.exec(specifier);
    if (!m) return undefined;
    base = m[2] ? join(PACKAGES_DIR, m[1]!, 'src', m[2]) : join(PACKAGES_DIR, m[1]!, 'src', 'index.ts');
  }
  // A source imports `./x.js` for `./x.ts`; data files (`../data/…js`, `../package.json`) as they are.
  const candidates = [base.replace(/\.(m?js)$/, '.ts'), `${base}.ts`, join(base, 'index.ts'), base];
  for (const c of candidates) if (existsSync(c) && statSync(c).isFile()) return c;
  return undefined;
}

function isTypeOnlyImport(node: ts.ImportDeclaration): boolean {
  const clause = node.importClause;
  if (!clause) return false; // `import './side-effect.js'`
  if (clause.isTypeOnly) return true;
  if (clause.name) return false;
  const bindings = clause.namedBindings;
  if (!bindings || ts.isNamespaceImport(bindings)) return false;
  return bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly);
}

function isTypeOnlyExport(node: ts.ExportDeclaration): boolean {
  if (node.isTypeOnly) return true;
  const clause = node.exportClause;
  return clause !== undefined && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((e) => e.isTypeOnly);
}

/**
 * The imports of one file: `import … from`, `export … from`, `import x = require(…)` and dynamic
 * `import(…)` (a dynamic import counts as runtime; an `import('…').T` type query does not).
 * Only relative and `@canji/*` specifiers are kept.
 */
export function importsOf(fileAbs: string, text = readFileSync(fileAbs, 'utf8')): ImportEdge[] {
  const sf = ts.createSourceFile(fileAbs, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const from = posix(relative(ROOT, fileAbs));
  const out: ImportEdge[] = [];
  const add = (spec: ts.Expression, runtime: boolean) => {
    if (!ts.isStringLiteralLike(spec)) return;
    const specifier = spec.text;
    if (!specifier.startsWith('.') && !specifier.startsWith('@canji/')) return;
    const target = resolveSpecifier(fileAbs, specifier);
    const line = sf.getLineAndCharacterOfPosition(spec.getStart(sf)).line + 1;
    out.push({ from, to: target === undefined ? undefined : posix(relative(ROOT, target)), specifier, runtime, line });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node)) add(node.moduleSpecifier, !isTypeOnlyImport(node));
    else if (ts.isExportDeclaration(node) && node.moduleSpecifier) add(node.moduleSpecifier, !isTypeOnlyExport(node));
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) add(node.moduleReference.expression, !node.isTypeOnly);
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0]) add(node.arguments[0], true);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node.argument.literal as ts.Expression, false);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** Every import of every package source file. */
export function importGraph(files = sourceFiles()): ImportEdge[] {
  return files.flatMap((f) => importsOf(f));
}

/**
 * Elementary cycles enough to show every strongly connected component of `graph` that has a cycle:
 * one cycle per component (Tarjan's algorithm, then a shortest cycle through the component's first
 * node by breadth-first search), each as a node list whose last element is an edge back to the
 * first. A self-import is the one-node cycle `[a]`. Sorted for stable messages.
 *
 * @example
 * findCycles(new Map([['a', ['b']], ['b', ['a']], ['c', []]])) //=> [['a', 'b']]
 */
export function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const nodes = new Set<string>(graph.keys());
  for (const targets of graph.values()) for (const t of targets) nodes.add(t);
  const next = (n: string) => graph.get(n) ?? [];

  // Tarjan's strongly connected components, iterative (deep graphs must not overflow the stack).
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  for (const start of [...nodes].sort()) {
    if (index.has(start)) continue;
    const work: { node: string; i: number }[] = [{ node: start, i: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const targets = next(frame.node);
      if (frame.i < targets.length) {
        const t = targets[frame.i++]!;
        if (!index.has(t)) {
          index.set(t, counter);
          low.set(t, counter++);
          stack.push(t);
          onStack.add(t);
          work.push({ node: t, i: 0 });
        } else if (onStack.has(t)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(t)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1]!.node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const comp: string[] = [];
        let n: string;
        do {
          n = stack.pop()!;
          onStack.delete(n);
          comp.push(n);
        } while (n !== frame.node);
        components.push(comp);
      }
    }
  }

  const cycles: string[][] = [];
  for (const comp of components) {
    const members = new Set(comp);
    const first = [...comp].sort()[0]!;
    if (comp.length === 1) {
      if (next(first).includes(first)) cycles.push([first]);
      continue;
    }
    // Shortest path first → … → first inside the component.
    const prev = new Map<string, string>();
    const queue = [first];
    let found: string | undefined;
    for (let q = 0; q < queue.length && found === undefined; q++) {
      const n = queue[q]!;
      for (const t of [...next(n)].sort()) {
        if (!members.has(t)) continue;
        if (t === first) {
          found = n;
          break;
        }
        if (!prev.has(t)) {
          prev.set(t, n);
          queue.push(t);
        }
      }
    }
    const back: string[] = [];
    for (let n: string | undefined = found; n !== undefined && n !== first; n = prev.get(n)) back.push(n);
    cycles.push([first, ...back.reverse()]);
  }
  return cycles.sort((a, b) => a.join('\0').localeCompare(b.join('\0')));
}

/** A cycle as `a → b → c → a`. */
export function showCycle(cycle: readonly string[]): string {
  return [...cycle, cycle[0]].join(' → ');
}
