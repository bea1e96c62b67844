/**
 * The import graph of `packages/*\/src/**\/*.ts` (relative and `@canji/*` imports): no cycle, and no
 * package importing a later one (id → regions → form → rules → indicators → deid → synth → cli).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { findCycles, importGraph, importsOf, packageOf, PACKAGE_ORDER, PACKAGES_DIR, showCycle, type ImportEdge } from './graph.js';

/**
 * Existing cycles made only of type imports (erased by the compiler, so they cannot change the order
 * modules load in), as the sorted files of each strongly connected component, with why each is
 * left. A new one — or a change to one of these — fails; so does an entry whose cycle is gone.
 */
const ALLOWED_TYPE_CYCLES: Readonly<Record<string, string>> = {
  'packages/form/src/validate.ts packages/form/src/village.ts': 'village.ts returns validate.ts’s ValidationResult',
  'packages/indicators/src/checks.ts packages/indicators/src/compute.ts': "checks.ts reads compute.ts's IndicatorRow",
  'packages/rules/src/conditions.ts packages/rules/src/model.ts': "model.ts's rules hold conditions.ts's Condition, which reads model.ts's PersonRecord; rewritten by issue 13's condition-language part",
};

function graphOf(edges: readonly ImportEdge[], keep: (e: ImportEdge) => boolean): Map<string, string[]> {
  const g = new Map<string, string[]>();
  for (const e of edges) {
    if (e.to === undefined || !keep(e) || !e.to.endsWith('.ts')) continue;
    const list = g.get(e.from) ?? [];
    if (!list.includes(e.to)) list.push(e.to);
    g.set(e.from, list);
  }
  return g;
}

/** The strongly connected component each cycle lies in, as a key of {@link ALLOWED_TYPE_CYCLES}. */
function componentKey(cycle: readonly string[], g: ReadonlyMap<string, readonly string[]>): string {
  const reach = (from: string) => {
    const seen = new Set([from]);
    for (const n of seen) for (const t of g.get(n) ?? []) seen.add(t);
    return seen;
  };
  const forward = reach(cycle[0]!);
  return [...forward].filter((n) => reach(n).has(cycle[0]!)).sort().join(' ');
}

describe('import graph of the packages', () => {
  let edges: ImportEdge[];
  beforeAll(() => {
    edges = importGraph();
  });

  it('reads the imports of every source file', () => {
    expect(edges.length).toBeGreaterThan(300);
    for (const pkg of PACKAGE_ORDER) expect(edges.some((e) => packageOf(e.from) === pkg), pkg).toBe(true);
    // Every `@canji/*` and relative import of a source file resolves to a file.
    const unresolved = edges.filter((e) => e.to === undefined).map((e) => `${e.from}:${e.line} ${e.specifier}`);
    expect(unresolved).toEqual([]);
  });

  it('has no import cycle that survives compilation', () => {
    const cycles = findCycles(graphOf(edges, (e) => e.runtime));
    expect(cycles.map(showCycle), `import cycles:\n${cycles.map(showCycle).join('\n')}`).toEqual([]);
  });

  it('has no type-import cycle beyond the known ones (and each known one still exists)', () => {
    const g = graphOf(edges, () => true);
    const found = findCycles(g).map((c) => ({ cycle: showCycle(c), key: componentKey(c, g) }));
    const fresh = found.filter((f) => !(f.key in ALLOWED_TYPE_CYCLES));
    expect(fresh.map((f) => f.cycle), `type-import cycles (move the shared type to a module both import):\n${fresh.map((f) => `${f.cycle}\n  component: ${f.key}`).join('\n')}`).toEqual([]);
    const stale = Object.keys(ALLOWED_TYPE_CYCLES).filter((k) => !found.some((f) => f.key === k));
    expect(stale, 'remove these from ALLOWED_TYPE_CYCLES: the cycle is gone').toEqual([]);
  });

  it('no package imports a later package, itself by name, or another package by a relative path', () => {
    const bad: string[] = [];
    for (const e of edges) {
      const from = packageOf(e.from)!;
      const to = e.to === undefined ? undefined : packageOf(e.to);
      if (to === undefined) continue;
      const at = `${e.from}:${e.line} ${e.specifier}`;
      if (e.specifier.startsWith('.') && to !== from) bad.push(`${at} (relative import into @canji/${to})`);
      else if (e.specifier.startsWith('@canji/') && to === from) bad.push(`${at} (imports its own package by name)`);
      else if (PACKAGE_ORDER.indexOf(to as never) > PACKAGE_ORDER.indexOf(from as never)) bad.push(`${at} (@canji/${from} imports the later @canji/${to})`);
    }
    expect(bad, bad.join('\n')).toEqual([]);
  });

  it("declares every @canji package its sources import as a dependency (what a published package's code and types need)", () => {
    const missing: string[] = [];
    for (const pkg of PACKAGE_ORDER) {
      const manifest = JSON.parse(readFileSync(join(PACKAGES_DIR, pkg, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; peerDependencies?: Record<string, string> };
      const declared = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]);
      const used = new Set(edges.filter((e) => packageOf(e.from) === pkg && e.specifier.startsWith('@canji/')).map((e) => e.specifier.split('/').slice(0, 2).join('/')));
      for (const u of used) if (!declared.has(u)) missing.push(`@canji/${pkg} imports ${u} but does not list it in dependencies`);
    }
    expect(missing, missing.join('\n')).toEqual([]);
  });
});

describe('the cycle finder itself', () => {
  const g = (edges: Record<string, string[]>) => new Map(Object.entries(edges));

  it('finds nothing in a graph without cycles', () => {
    expect(findCycles(g({ a: ['b', 'c'], b: ['c'], c: [] }))).toEqual([]);
  });

  it('finds a two-node cycle, a self-import and a longer cycle, each once', () => {
    const cycles = findCycles(g({ a: ['b'], b: ['a'], s: ['s'], p: ['q'], q: ['r'], r: ['p', 'x'], x: [] }));
    expect(cycles.map(showCycle)).toEqual(['a → b → a', 'p → q → r → p', 's → s']);
  });

  it('reports one shortest cycle per tangle of cycles', () => {
    // a → b → c → a and a → c → a share nodes: one component, shown by its shortest cycle.
    expect(findCycles(g({ a: ['b', 'c'], b: ['c'], c: ['a'] })).map(showCycle)).toEqual(['a → c → a']);
  });

  it('handles a long chain without overflowing the stack', () => {
    const n = 20_000;
    const edges: Record<string, string[]> = {};
    for (let i = 0; i < n; i++) edges[`n${i}`] = [`n${i + 1}`];
    expect(findCycles(g(edges))).toEqual([]);
    edges[`n${n}`] = ['n0'];
    expect(findCycles(g(edges))[0]).toHaveLength(n + 1);
  });
});

describe('import reader', () => {
  const file = join(PACKAGES_DIR, 'rules', 'src', 'probe.ts');
  const read = (text: string) => importsOf(file, text).map((e) => `${e.specifier} ${e.runtime ? 'runtime' : 'type'}`);

  it('tells imports that survive compilation from type-only ones', () => {
    const text = [
      "import { compileCondition } from './conditions.js';",
      "import type { Rule } from './model.js';",
      "import { type Issue, type Severity } from './model.js';",
      "import { type Issue as I, checkRecord } from './compile.js';",
      "export { recordFacts } from './facts.js';",
      "export type { RecordFacts } from './model.js';",
      "import * as id from '@canji/id';",
      "import './side-effect.js';",
      "const lazy = () => import('@canji/form');",
      "type Lazy = import('@canji/regions').RegionLevel;",
      "import { z } from 'zod';",
    ].join('\n');
    expect(read(text)).toEqual([
      './conditions.js runtime',
      './model.js type',
      './model.js type',
      './compile.js runtime',
      './facts.js runtime',
      './model.js type',
      '@canji/id runtime',
      './side-effect.js runtime',
      '@canji/form runtime',
      '@canji/regions type',
    ]);
  });

  it('resolves relative and @canji imports to source files', () => {
    const edges = importsOf(file, "import { a } from './conditions.js';\nimport { b } from '@canji/id';\nimport { c } from './missing.js';");
    expect(edges.map((e) => e.to)).toEqual(['packages/rules/src/conditions.ts', 'packages/id/src/index.ts', undefined]);
    expect(edges.map((e) => e.line)).toEqual([1, 2, 3]);
  });
});
