/**
 * Review tests of suppressSmallCells: an attacker's view, computed independently of the package.
 * For small tables every non-negative integer table consistent with the published cells and the
 * additive relations is enumerated (depth-first search with propagation); a suppressed cell is
 * protected when it takes at least two values over those tables. This is stricter than a rank check:
 * it also uses non-negativity and integrality, which is what an attacker has.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { suppressSmallCells, type SuppressedTable } from '@canji/deid';

type Cell = { row: string; column: string };
const key = (c: Cell) => `${c.row}\u0001${c.column}`;

/** Per hidden cell, the distinct values it takes over all consistent tables (capped at 2 = "not unique"); undefined if the search gave up. */
export function attackerValues(t: SuppressedTable, bound: number, budget = 400_000): Map<string, Set<number>> | undefined {
  const known = new Map<string, number>();
  const hidden: string[] = [];
  t.rows.forEach((r, i) =>
    t.columns.forEach((c, j) => {
      const v = t.values[i]![j]!;
      if (v === null) hidden.push(key({ row: r, column: c }));
      else known.set(key({ row: r, column: c }), v);
    }),
  );
  const idx = new Map(hidden.map((h, k) => [h, k]));
  // Each relation as: sum(coef * x) = constant over the hidden cells (coef +1 total, -1 parts).
  const rels: { vars: number[]; coef: number[]; rhs: number }[] = [];
  for (const rel of t.relations) {
    const vars: number[] = [];
    const coef: number[] = [];
    let rhs = 0; // total - parts = 0  →  Σ coef x = -(known part)
    const add = (c: Cell, s: number) => {
      const k = key(c);
      const h = idx.get(k);
      if (h !== undefined) {
        vars.push(h);
        coef.push(s);
      } else rhs -= s * known.get(k)!;
    };
    add(rel.total, 1);
    for (const p of rel.parts) add(p, -1);
    if (vars.length) rels.push({ vars, coef, rhs });
  }
  const n = hidden.length;
  const seen = hidden.map(() => new Set<number>());
  const val = new Array<number>(n).fill(-1);
  const relsOf = hidden.map((_, k) => rels.filter((r) => r.vars.includes(k)));
  let nodes = 0;
  let gaveUp = false;
  const allDone = () => seen.every((s) => s.size >= 2);
  // Feasibility of one relation under the partial assignment, with bounds [0, bound] on the unassigned.
  const feasible = (r: (typeof rels)[number]): boolean => {
    let s = 0;
    let lo = 0;
    let hi = 0;
    for (let q = 0; q < r.vars.length; q++) {
      const v = val[r.vars[q]!]!;
      const c = r.coef[q]!;
      if (v >= 0) s += c * v;
      else if (c > 0) hi += c * bound;
      else lo += c * bound;
    }
    return s + lo <= r.rhs && r.rhs <= s + hi;
  };
  const dfs = (): void => {
    if (gaveUp || allDone()) return;
    if (++nodes > budget) {
      gaveUp = true;
      return;
    }
    // propagate: a relation with one unassigned variable forces it
    const forced: number[] = [];
    let progress = true;
    let ok = true;
    while (progress && ok) {
      progress = false;
      for (const r of rels) {
        let free = -1;
        let count = 0;
        let s = 0;
        for (let q = 0; q < r.vars.length; q++) {
          const v = val[r.vars[q]!]!;
          if (v < 0) {
            free = q;
            count++;
          } else s += r.coef[q]! * v;
        }
        if (count === 0) {
          if (s !== r.rhs) ok = false;
        } else if (count === 1) {
          const x = (r.rhs - s) / r.coef[free]!;
          if (!Number.isInteger(x) || x < 0 || x > bound) ok = false;
          else {
            val[r.vars[free]!] = x;
            forced.push(r.vars[free]!);
            progress = true;
          }
        }
        if (!ok) break;
      }
    }
    if (ok && rels.every(feasible)) {
      // choose an unassigned variable in the most constrained relation
      let pick = -1;
      let best = Infinity;
      for (let k = 0; k < n; k++) {
        if (val[k]! >= 0) continue;
        const m = Math.min(...relsOf[k]!.map((r) => r.vars.filter((v) => val[v]! < 0).length), Infinity);
        if (m < best) {
          best = m;
          pick = k;
        }
      }
      if (pick < 0) {
        for (let k = 0; k < n; k++) if (seen[k]!.size < 2) seen[k]!.add(val[k]!);
      } else {
        for (let x = 0; x <= bound && !gaveUp && !allDone(); x++) {
          val[pick] = x;
          if (relsOf[pick]!.every(feasible)) dfs();
        }
        val[pick] = -1;
      }
    }
    for (const f of forced) val[f] = -1;
  };
  dfs();
  if (gaveUp) return undefined;
  return new Map(hidden.map((h, k) => [h, seen[k]!]));
}

const smallTable = fc
  .record({ rows: fc.integer({ min: 1, max: 4 }), cols: fc.integer({ min: 1, max: 4 }) })
  .chain(({ rows, cols }) =>
    fc.record({
      rows: fc.constant(Array.from({ length: rows }, (_, i) => `r${i}`)),
      columns: fc.constant(Array.from({ length: cols }, (_, j) => `c${j}`)),
      values: fc.array(fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 5, max: 12 })), { minLength: cols, maxLength: cols }), {
        minLength: rows,
        maxLength: rows,
      }),
    }),
  );

const uniqueCells = (t: SuppressedTable, bound: number, budget = 50_000) => {
  const vals = attackerValues(t, bound, budget);
  return vals && [...vals].filter(([, s]) => s.size < 2).map(([k]) => k.replace('\u0001', '/'));
};
const at = (t: SuppressedTable, row: string, column: string) => t.values[t.rows.indexOf(row)]![t.columns.indexOf(column)];

describe('review: suppressSmallCells against an attacker who enumerates integer tables', () => {
  it('no suppressed cell of a small 2-D table with totals has a unique non-negative integer value', () => {
    let conclusive = 0;
    fc.assert(
      fc.property(smallTable, fc.integer({ min: 2, max: 5 }), (table, threshold) => {
        const r = suppressSmallCells(table, { threshold });
        if (!r.ok) throw new Error(r.error.message);
        // The attacker knows no upper bound of a hidden grand total: search well above it.
        const total = table.values.flat().reduce((a, b) => a + b, 0);
        const unique = uniqueCells(r.value, 2 * total + 5);
        if (unique === undefined) return; // search too large: inconclusive
        conclusive++;
        expect(unique).toEqual([]);
      }),
      { numRuns: 200, seed: 20261128 },
    );
    expect(conclusive).toBeGreaterThan(150);
  });

  it('a single small cell in a row never stands alone: its row, column and the totals each hide a second cell', () => {
    const r = suppressSmallCells({ rows: ['a', 'b', 'c'], columns: ['x', 'y', 'z'], values: [[20, 2, 30], [15, 25, 35], [40, 45, 50]] }, { threshold: 5 });
    if (!r.ok) throw new Error(r.error.message);
    const t = r.value;
    expect(at(t, 'a', 'y')).toBeNull();
    expect(t.rows.map((row) => t.columns.filter((c) => at(t, row, c) === null).length).filter((n) => n === 1)).toEqual([]);
    expect(t.columns.map((c) => t.rows.filter((row) => at(t, row, c) === null).length).filter((n) => n === 1)).toEqual([]);
    expect(uniqueCells(t, 1000)).toEqual([]);
  });

  it('hierarchy: a county hidden under a published city row forces a second county (else city − other county = the cell)', () => {
    const table = { rows: ['长沙市', '岳麓区', '天心区', '株洲市', '荷塘区', '芦淞区'], columns: ['视力', '肢体'], values: [[23, 60], [3, 30], [20, 30], [30, 40], [12, 18], [18, 22]] };
    const r = suppressSmallCells(table, { threshold: 5, hierarchy: { 长沙市: ['岳麓区', '天心区'], 株洲市: ['荷塘区', '芦淞区'] } });
    if (!r.ok) throw new Error(r.error.message);
    const t = r.value;
    expect(at(t, '岳麓区', '视力')).toBeNull();
    // 长沙市 视力 = 岳麓区 + 天心区: either the city cell or 天心区 must be hidden too
    expect(at(t, '长沙市', '视力') === null || at(t, '天心区', '视力') === null).toBe(true);
    // the grand total sums the two cities, never the counties a second time
    const grand = t.relations.filter((rel) => rel.total.row === '合计' && rel.total.column === '视力');
    expect(grand.map((rel) => rel.parts.map((p) => p.row))).toEqual([['长沙市', '株洲市']]);
    expect(uniqueCells(t, 500)).toEqual([]);
  });

  it('suppressZeros: hidden zeros cannot be pinned through non-negativity (regression)', () => {
    // Found by the enumeration above. Rows r1 and r3 are all zero; with zeros suppressed the rank
    // check alone said "not derivable", but column c0 reads 13 = 5 + r1 + 8 + r3, i.e. r1 + r3 = 0
    // with both ≥ 0: each is exactly 0. One more cell of the column must be hidden.
    const table = { rows: ['r0', 'r1', 'r2', 'r3'], columns: ['c0'], values: [[5], [0], [8], [0]] };
    const r = suppressSmallCells(table, { threshold: 3, suppressZeros: true });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.values.map((row) => row[0])).toContain(null);
    expect(r.value.values.filter((row) => row[0] === null).length).toBeGreaterThanOrEqual(3);
    expect(r.value.audit.derivable).toEqual([]);
    expect(uniqueCells(r.value, 40, 1_000_000)).toEqual([]);
    // And a larger one: a published 5 bounds a hidden column total from below, which forced the
    // other hidden total to 0 and, row by row, the primary 3 in r1/c1 to exactly 3.
    const wide = { rows: ['r0', 'r1', 'r2'], columns: ['c0', 'c1', 'c2', 'c3', 'c4'], values: [[0, 4, 0, 6, 8], [0, 3, 5, 7, 2], [0, 17, 0, 5, 5]] };
    const w = suppressSmallCells(wide, { threshold: 4, suppressZeros: true });
    if (!w.ok) throw new Error(w.error.message);
    expect(w.value.audit.derivable).toEqual([]);
    expect(at(w.value, 'r1', 'c1')).toBeNull();
    // the c2 total (5) that gave the lower bound is no longer published with the c0 total hidden
    expect(at(w.value, '合计', 'c0') === null && at(w.value, '合计', 'c2') !== null && at(w.value, 'r1', 'c2') !== null).toBe(false);
  });

  // Known limit, left for the lead (see the README's Limits): with suppressZeros a combination of
  // relations can still pin cells through non-negativity. Row r2 gives r2/c0 + r2/c2 = 1 and the
  // total row gives (c0 total) + (c2 total) = 9; together they read r0/c0 + r1/c0 + r1/c2 = 0: three
  // hidden zeros, each exactly 0. Interval propagation over single relations does not see it; an LP
  // audit would. This test pins today's behaviour so that a fix shows up here.
  it('known limit — suppressZeros: a combination of relations plus non-negativity can still pin hidden zeros (needs an LP audit)', () => {
    const table = { rows: ['r0', 'r1', 'r2'], columns: ['c0', 'c1', 'c2'], values: [[0, 0, 8], [0, 3, 0], [1, 17, 0]] };
    const r = suppressSmallCells(table, { threshold: 5, suppressZeros: true });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.audit.derivable).toEqual([]); // the package's audit does not see it
    expect(uniqueCells(r.value, 80, 2_000_000)).toEqual(['r0/c0', 'r1/c0', 'r1/c2']);
    // with zeros published (the default) the same table is safe
    const dflt = suppressSmallCells(table, { threshold: 5 });
    if (!dflt.ok) throw new Error(dflt.error.message);
    expect(uniqueCells(dflt.value, 80, 2_000_000)).toEqual([]);
  });
});
