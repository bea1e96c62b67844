/**
 * The exact audit of the release gate (issue 20 item 4, "suppressed cells cannot be recomputed from
 * the margins"): the LP ranges are the true ranges — checked against brute-force enumeration of
 * every integer table consistent with what is published — and a hidden cell fails exactly when its
 * range collapses or is narrower than the protection interval.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auditSuppression, linearRanges } from '@canji/review';

describe('linearRanges: exact LP over x ≥ 0, A x = b', () => {
  it('gives the ranges of a small system, unbounded ones as Infinity', () => {
    const r = linearRanges({ variables: 3, equations: [{ terms: [[0, 1], [1, 1]], rhs: 7 }, { terms: [[1, 1], [2, 1]], rhs: 3 }] }, [[[0, 1]], [[1, 1]], [[2, 1]], [[0, 1], [2, 1]]]);
    expect(r).toEqual({ feasible: true, ranges: [{ min: 4, max: 7 }, { min: 0, max: 3 }, { min: 0, max: 3 }, { min: 4, max: 10 }] });
    expect(linearRanges({ variables: 2, equations: [{ terms: [[0, 1], [1, -1]], rhs: 0 }] }, [[[0, 1]]]).ranges).toEqual([{ min: 0, max: Infinity }]);
  });

  it('finds fractional optima exactly (2·x0 = 3) and reports infeasible systems', () => {
    expect(linearRanges({ variables: 1, equations: [{ terms: [[0, 2]], rhs: 3 }] }, [[[0, 1]]]).ranges).toEqual([{ min: 1.5, max: 1.5 }]);
    expect(linearRanges({ variables: 1, equations: [{ terms: [[0, 1]], rhs: -1 }] }, [[[0, 1]]]).feasible).toBe(false);
  });

  it('survives redundant and degenerate equations (the same relation twice, a zero right-hand side)', () => {
    const eq = { terms: [[0, 1], [1, 1]] as [number, number][], rhs: 4 };
    const r = linearRanges({ variables: 3, equations: [eq, eq, { terms: [[2, 1], [0, -1]], rhs: 0 }] }, [[[2, 1]]]);
    expect(r.ranges).toEqual([{ min: 0, max: 4 }]);
  });
});

/** A 2-level region table: a parent row (the sum of its children) and a total column; cells row-major. */
interface Table {
  rows: number; // children
  cols: number; // data columns
  values: number[]; // (rows + 1) × (cols + 1): row 0 is the parent, the last column the row total
  relations: { total: number; parts: number[] }[];
}

function table(children: number[][]): Table {
  const R = children.length;
  const Cn = children[0]!.length;
  const W = Cn + 1;
  const values = new Array<number>((R + 1) * W).fill(0);
  children.forEach((row, i) => row.forEach((v, j) => (values[(i + 1) * W + j] = v)));
  for (let i = 1; i <= R; i++) values[i * W + Cn] = children[i - 1]!.reduce((a, b) => a + b, 0);
  for (let j = 0; j <= Cn; j++) for (let i = 1; i <= R; i++) values[j] = values[j]! + values[i * W + j]!;
  const relations: Table['relations'] = [];
  for (let j = 0; j <= Cn; j++) relations.push({ total: j, parts: Array.from({ length: R }, (_, i) => (i + 1) * W + j) });
  for (let i = 0; i <= R; i++) relations.push({ total: i * W + Cn, parts: Array.from({ length: Cn }, (_, j) => i * W + j) });
  return { rows: R, cols: Cn, values, relations };
}

/** Every integer assignment of the hidden cells consistent with the published cells and relations: min and max per hidden cell. */
function bruteForce(t: Table, hidden: boolean[], grandTotal?: number): Map<number, [number, number]> {
  const cells = hidden.flatMap((h, i) => (h ? [i] : []));
  const grand = grandTotal ?? t.values[t.cols]!; // the parent's total (always published here)
  const x = t.values.slice();
  const out = new Map<number, [number, number]>(cells.map((c) => [c, [Infinity, -Infinity]]));
  const assigned = new Set<number>(hidden.flatMap((h, i) => (h ? [] : [i])));
  const consistent = () =>
    t.relations.every((r) => {
      const all = [r.total, ...r.parts].every((c) => assigned.has(c));
      const sum = r.parts.reduce((s, p) => s + (assigned.has(p) ? x[p]! : 0), 0);
      return all ? sum === x[r.total]! : !assigned.has(r.total) || sum <= x[r.total]!;
    });
  const dfs = (k: number) => {
    if (k === cells.length) {
      for (const c of cells) {
        const m = out.get(c)!;
        m[0] = Math.min(m[0], x[c]!);
        m[1] = Math.max(m[1], x[c]!);
      }
      return;
    }
    const c = cells[k]!;
    assigned.add(c);
    for (let v = 0; v <= grand; v++) {
      x[c] = v;
      if (consistent()) dfs(k + 1);
    }
    assigned.delete(c);
  };
  dfs(0);
  return out;
}

const tableArb = fc
  .record({ rows: fc.integer({ min: 2, max: 3 }), cols: fc.integer({ min: 2, max: 3 }) })
  .chain(({ rows, cols }) =>
    fc.record({
      children: fc.array(fc.array(fc.integer({ min: 0, max: 6 }), { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows }),
      hiddenPick: fc.uniqueArray(fc.integer({ min: 1, max: (rows + 1) * (cols + 1) - 1 }), { minLength: 1, maxLength: 4 }),
    }),
  );

describe('auditSuppression: exact ranges', () => {
  it('equal the ranges found by enumerating every consistent integer table (random small tables)', () => {
    fc.assert(
      fc.property(tableArb, fc.integer({ min: 1, max: 4 }), ({ children, hiddenPick }, protection) => {
        const t = table(children);
        const hidden = t.values.map((_, i) => hiddenPick.includes(i));
        const audit = auditSuppression({ measures: [t.values], relations: t.relations, hidden, quantities: [{ name: 'count', terms: [0] }], protection });
        const truth = bruteForce(t, hidden);
        const nonZero = [...truth.keys()].filter((c) => t.values[c]! > 0);
        expect(audit.ranges.map((r) => r.cell).sort()).toEqual(nonZero.sort());
        for (const r of audit.ranges) {
          expect([r.lower, r.upper], `cell ${r.cell}`).toEqual(truth.get(r.cell));
          expect(r.ok).toBe(r.upper - r.lower >= protection);
          if (r.lower === r.upper) expect(r.failure).toBe('collapsed');
        }
        expect(audit.ok).toBe(audit.ranges.every((r) => r.ok));
      }),
      { numRuns: 60, seed: 20 },
    );
  });

  it('equal enumeration on a three-level region table (county → townships → villages) × sex with totals', () => {
    // Rows: 0 county, 1–2 townships, 3–4 villages of township 1, 5–6 of township 2; columns: 男, 女, 合计.
    const tree: [number, number[]][] = [[0, [1, 2]], [1, [3, 4]], [2, [5, 6]]];
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 2, maxLength: 2 }), { minLength: 4, maxLength: 4 }),
        fc.uniqueArray(fc.integer({ min: 1, max: 20 }).filter((i) => i !== 2), { minLength: 2, maxLength: 5 }), // the grand total stays published
        (villages, hiddenPick) => {
          const W = 3;
          const values = new Array<number>(7 * W).fill(0);
          villages.forEach((v, i) => v.forEach((x, j) => (values[(3 + i) * W + j] = x)));
          for (const [p, ch] of [...tree].reverse()) for (let j = 0; j < 2; j++) values[p * W + j] = ch.reduce((s, c) => s + values[c * W + j]!, 0);
          for (let r = 0; r < 7; r++) values[r * W + 2] = values[r * W]! + values[r * W + 1]!;
          const relations = [
            ...tree.flatMap(([p, ch]) => [0, 1, 2].map((j) => ({ total: p * W + j, parts: ch.map((c) => c * W + j) }))),
            ...Array.from({ length: 7 }, (_, r) => ({ total: r * W + 2, parts: [r * W, r * W + 1] })),
          ];
          const t: Table = { rows: 6, cols: 2, values, relations };
          const hidden = values.map((_, i) => hiddenPick.includes(i));
          const audit = auditSuppression({ measures: [values], relations, hidden, quantities: [{ name: 'count', terms: [0] }], protection: 2 });
          const truth = bruteForce({ ...t, cols: 2 }, hidden, values[2]!);
          expect(audit.ranges.length).toBe([...truth.keys()].filter((c) => values[c]! > 0).length);
          for (const r of audit.ranges) expect([r.lower, r.upper], `cell ${r.cell}`).toEqual(truth.get(r.cell));
        },
      ),
      { numRuns: 40, seed: 21 },
    );
  });

  it('a single hidden cell in a row is recomputed from the margin: collapsed', () => {
    const t = table([[3, 9], [8, 7]]);
    const hidden = t.values.map((_, i) => i === 3); // child 1, column 0
    const a = auditSuppression({ measures: [t.values], relations: t.relations, hidden, quantities: [{ name: 'count', terms: [0] }], protection: 2 });
    expect(a.failures).toEqual([{ cell: 3, quantity: 'count', value: 3, lower: 3, upper: 3, ok: false, failure: 'collapsed' }]);
  });

  it('a 2 × 2 rectangle of hidden cells is protected, as wide as its smallest margin allows', () => {
    const t = table([[3, 9], [8, 7]]); // hide 3, 9, 8, 7: x ∈ [max(0, 12 − 16), min(12, 11)]
    const hidden = t.values.map((_, i) => [3, 4, 6, 7].includes(i));
    const a = auditSuppression({ measures: [t.values], relations: t.relations, hidden, quantities: [{ name: 'count', terms: [0] }], protection: 5 });
    expect(a.ok).toBe(true);
    expect(a.ranges.find((r) => r.cell === 3)).toEqual({ cell: 3, quantity: 'count', value: 3, lower: 0, upper: 11, ok: true });
  });

  it('links between tables are used: a count published by another table is public, and recomputes its neighbour', () => {
    // Two one-relation tables: 10 = a + b in each, a hidden in table 1, published in table 2 (same population).
    const measures = [[10, 4, 6, 10, 4, 6]];
    const relations = [{ total: 0, parts: [1, 2] }, { total: 3, parts: [4, 5] }];
    const hidden = [false, true, true, false, false, false];
    const base = { measures, relations, hidden, quantities: [{ name: 'count', terms: [0] }], protection: 2 };
    expect(auditSuppression(base).ok).toBe(true);
    const linked = auditSuppression({ ...base, links: [{ a: 1, aTerms: [0], b: 4, bTerms: [0] }] });
    // Cell 1 (4) is published by table 2: not checked; cell 2 = 10 − 4 is then recomputed.
    expect(linked.ranges.map((f) => f.cell)).toEqual([2]);
    expect(linked.failures.map((f) => [f.cell, f.lower, f.upper])).toEqual([[2, 6, 6]]);
  });

  it('sums of independent measures: a denominator = numerator + complement', () => {
    // Row: total 10 (n 6, c 4) = part1 (n 5, c 1) + part2 (n 1, c 3): both parts hidden.
    const a = auditSuppression({
      measures: [[6, 5, 1], [4, 1, 3]],
      relations: [{ total: 0, parts: [1, 2] }],
      hidden: [false, true, true],
      quantities: [{ name: 'numerator', terms: [0] }, { name: 'denominator', terms: [0, 1] }],
      protection: 3,
    });
    expect(a.ranges.filter((r) => r.quantity === 'denominator').map((r) => [r.cell, r.value, r.lower, r.upper])).toEqual([[1, 6, 0, 10], [2, 4, 0, 10]]);
  });
});
