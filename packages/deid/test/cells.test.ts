import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { suppressSmallCells, type SuppressedTable } from '@canji/deid';

/** Exact rank over the rationals (fraction-free elimination with BigInt). */
function rank(matrix: bigint[][]): number {
  const m = matrix.map((r) => [...r]);
  let rk = 0;
  const cols = m[0]?.length ?? 0;
  for (let c = 0; c < cols && rk < m.length; c++) {
    const p = m.findIndex((r, i) => i >= rk && r[c] !== 0n);
    if (p < 0) continue;
    [m[rk], m[p]] = [m[p]!, m[rk]!];
    for (let i = 0; i < m.length; i++) {
      if (i === rk || m[i]![c] === 0n) continue;
      const a = m[rk]![c]!;
      const b = m[i]![c]!;
      m[i] = m[i]!.map((x, j) => x * a - m[rk]![j]! * b);
    }
    rk++;
  }
  return rk;
}

/**
 * Independent check: a suppressed cell is determined by the published cells and the relations iff
 * removing its column from the relation matrix (restricted to suppressed cells) lowers the rank.
 */
function determinedCells(t: SuppressedTable): string[] {
  const key = (c: { row: string; column: string }) => `${c.row}/${c.column}`;
  const hidden: string[] = [];
  t.rows.forEach((r, i) => t.columns.forEach((c, j) => t.values[i]![j] === null && hidden.push(`${r}/${c}`)));
  const idx = new Map(hidden.map((h, j) => [h, j]));
  const M = t.relations.map((rel) => {
    const row = hidden.map(() => 0n);
    const ti = idx.get(key(rel.total));
    if (ti !== undefined) row[ti]! += 1n;
    for (const p of rel.parts) {
      const pi = idx.get(key(p));
      if (pi !== undefined) row[pi]! -= 1n;
    }
    return row;
  });
  const full = rank(M);
  return hidden.filter((_, j) => rank(M.map((r) => r.filter((__, x) => x !== j))) < full);
}

function checkProtected(t: SuppressedTable, original: (r: string, c: string) => number, threshold: number) {
  const valueAt = new Map<string, number | null>();
  t.rows.forEach((r, i) => t.columns.forEach((c, j) => valueAt.set(`${r}/${c}`, t.values[i]![j]!)));
  // every small non-zero cell hidden; every published cell true
  t.rows.forEach((r, i) =>
    t.columns.forEach((c, j) => {
      const v = original(r, c);
      if (v > 0 && v < threshold) expect(t.values[i]![j]).toBeNull();
      if (t.values[i]![j] !== null) expect(t.values[i]![j]).toBe(v);
    }),
  );
  // each relation holding a suppressed cell holds at least two
  for (const rel of t.relations) {
    const cells = [rel.total, ...rel.parts];
    const n = cells.filter((c) => valueAt.get(`${c.row}/${c.column}`) === null).length;
    expect(n === 0 || n >= 2).toBe(true);
  }
  expect(t.audit).toEqual({ method: 'exact', derivable: [] });
  expect(determinedCells(t)).toEqual([]);
}

const tableArb = fc
  .record({ rows: fc.integer({ min: 1, max: 4 }), cols: fc.integer({ min: 1, max: 4 }) })
  .chain(({ rows, cols }) =>
    fc.record({
      rows: fc.constant(Array.from({ length: rows }, (_, i) => `县${i + 1}`)),
      columns: fc.constant(Array.from({ length: cols }, (_, j) => `类${j + 1}`)),
      values: fc.array(fc.array(fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 5, max: 60 })), { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows }),
    }),
  );

describe('suppressSmallCells', () => {
  it('protects 2-D tables with totals: no suppressed cell is derivable (exact check)', () => {
    fc.assert(
      fc.property(tableArb, fc.integer({ min: 2, max: 6 }), (table, threshold) => {
        const r = suppressSmallCells(table, { threshold });
        if (!r.ok) throw new Error(r.error.message);
        const sum = (f: (i: number, j: number) => boolean) => table.values.reduce((s, row, i) => s + row.reduce((a, v, j) => a + (f(i, j) ? v : 0), 0), 0);
        const original = (row: string, col: string) => {
          const i = table.rows.indexOf(row);
          const j = table.columns.indexOf(col);
          return sum((a, b) => (i < 0 || a === i) && (j < 0 || b === j));
        };
        checkProtected(r.value, original, threshold);
      }),
      { numRuns: 300 },
    );
  });

  it('protects hierarchy totals (a prefecture row is the sum of its county rows)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 3, maxLength: 3 }), { minLength: 4, maxLength: 4 }), (counties) => {
        const cityA = counties[0]!.map((v, j) => v + counties[1]![j]!);
        const cityB = counties[2]!.map((v, j) => v + counties[3]![j]!);
        const table = { rows: ['市A', 'A1', 'A2', '市B', 'B1', 'B2'], columns: ['视力', '听力', '肢体'], values: [cityA, counties[0]!, counties[1]!, cityB, counties[2]!, counties[3]!] };
        const r = suppressSmallCells(table, { threshold: 5, hierarchy: { 市A: ['A1', 'A2'], 市B: ['B1', 'B2'] } });
        if (!r.ok) throw new Error(r.error.message);
        const rowVals = (row: string) => (row === '合计' ? cityA.map((v, j) => v + cityB[j]!) : table.values[table.rows.indexOf(row)]!);
        const original = (row: string, col: string) => {
          const vals = rowVals(row);
          return col === '合计' ? vals.reduce((a, b) => a + b, 0) : vals[table.columns.indexOf(col)]!;
        };
        checkProtected(r.value, original, 5);
        // the grand total sums the cities, not the counties twice
        expect(r.value.relations.some((rel) => rel.total.row === '合计' && rel.parts.map((p) => p.row).join() === '市A,市B')).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('the two-per-relation rule alone can leave a cell derivable; the exact audit repairs it', () => {
    const table = { rows: ['r0', 'r1', 'r2', 'r3'], columns: ['c0', 'c1', 'c2', 'c3'], values: [[25, 1, 15, 1], [11, 22, 1, 27], [7, 32, 17, 29], [23, 20, 9, 22]] };
    const pairsOnly = suppressSmallCells(table, { threshold: 5, auditLimit: 0 });
    const exact = suppressSmallCells(table, { threshold: 5 });
    if (!pairsOnly.ok || !exact.ok) throw new Error('unexpected');
    expect(pairsOnly.value.audit.method).toBe('pairs-only');
    expect(determinedCells(pairsOnly.value).length).toBeGreaterThan(0);
    expect(determinedCells(exact.value)).toEqual([]);
    expect(exact.value.audit).toEqual({ method: 'exact', derivable: [] });
  });

  it('matches the documented example', () => {
    const r = suppressSmallCells({ rows: ['岳麓区', '天心区'], columns: ['视力', '听力', '肢体'], values: [[12, 3, 40], [9, 15, 33]] }, { threshold: 5 });
    expect(r.ok && r.value.values).toEqual([
      [null, null, 40, 55],
      [null, null, 33, 57],
      [21, 18, 73, 112],
    ]);
    expect(r.ok && [r.value.primary, r.value.secondary]).toEqual([1, 3]);
  });

  it('rejects bad input with stable codes', () => {
    const code = (r: ReturnType<typeof suppressSmallCells>) => (r.ok ? 'ok' : r.error.code);
    expect(code(suppressSmallCells({ rows: ['a'], columns: ['x'], values: [[1]] }, { threshold: 1 }))).toBe('DEID_THRESHOLD_INVALID');
    expect(code(suppressSmallCells({ rows: ['a'], columns: ['x', 'y'], values: [[1]] }, { threshold: 5 }))).toBe('DEID_TABLE_SHAPE');
    expect(code(suppressSmallCells({ rows: ['a'], columns: ['x'], values: [[-1]] }, { threshold: 5 }))).toBe('DEID_TABLE_SHAPE');
    expect(code(suppressSmallCells({ rows: ['p', 'c'], columns: ['x'], values: [[5], [4]] }, { threshold: 3, rowHierarchy: { p: ['c'] } }))).toBe('DEID_TABLE_NOT_ADDITIVE');
  });
});
