/**
 * The exact audit of a suppression pattern: for every hidden cell, the feasible range of each
 * count it hides given everything a reader has — every published cell, every additive relation
 * (row and column totals, region roll-ups), counts that other tables publish (links), and
 * non-negativity — computed by exact linear programming ({@link linearRanges}).
 */
import { linearRanges, type LinearEquation } from './lp.js';

/**
 * Cells of a table to audit: independent non-negative count measures per cell (e.g. numerator,
 * complement = denominator − numerator, missing), the additive relations among the cells (each
 * holds for every measure), which cells are hidden, and the quantities a reader must not recover.
 *
 * @example
 * const input: AuditInput = {
 *   measures: [[10, 3, 7, 12, 2, 10]],                       // a 2 × 2 table with its margins
 *   relations: [{ total: 0, parts: [1, 2] }, { total: 3, parts: [4, 5] }],
 *   hidden: [false, true, true, false, true, true],
 *   quantities: [{ name: 'count', terms: [0] }],
 *   protection: 3,
 * };
 */
export interface AuditInput {
  /** `measures[k][cell]`: non-negative integer counts; every relation holds for every measure. */
  readonly measures: readonly (readonly number[])[];
  /** `total = Σ parts` by cell index. */
  readonly relations: readonly { readonly total: number; readonly parts: readonly number[] }[];
  readonly hidden: readonly boolean[];
  /** What is checked per hidden cell: a named sum of measures (`{ name: 'denominator', terms: [0, 1] }`). */
  readonly quantities: readonly { readonly name: string; readonly terms: readonly number[] }[];
  /**
   * Equalities a reader knows between cells of different tables: Σ measures `aTerms` of cell `a`
   * = Σ measures `bTerms` of cell `b` (two indicators with the same denominator population). A
   * hidden count equal to a count that another table publishes is public: it constrains the others
   * but is not itself checked.
   */
  readonly links?: readonly { readonly a: number; readonly aTerms: readonly number[]; readonly b: number; readonly bTerms: readonly number[] }[];
  /**
   * The protection interval: a hidden non-zero count passes only when its feasible range
   * `[lower, upper]` has `upper − lower ≥ protection` (integer ≥ 1).
   */
  readonly protection: number;
}

/**
 * One checked count of a hidden cell: its true value (kept for the caller, never published), the
 * feasible integer range a reader can derive, and why it fails if it does.
 *
 * @example
 * const r: CellRange = { cell: 1, quantity: 'count', value: 3, lower: 0, upper: 10, ok: true };
 */
export interface CellRange {
  readonly cell: number;
  readonly quantity: string;
  readonly value: number;
  readonly lower: number;
  /** `Infinity` when nothing a reader has bounds it. */
  readonly upper: number;
  readonly ok: boolean;
  /** `collapsed`: the range is the single true value (recomputable); `narrow`: narrower than the protection interval. */
  readonly failure?: 'collapsed' | 'narrow';
}

/**
 * Result of {@link auditSuppression}.
 *
 * @example
 * auditSuppression(input).ok //=> true
 */
export interface SuppressionAudit {
  readonly method: 'exact-lp';
  readonly protection: number;
  /** Every hidden non-zero count checked, with its range. */
  readonly ranges: readonly CellRange[];
  readonly failures: readonly CellRange[];
  readonly ok: boolean;
}

/**
 * Audits a suppression pattern exactly. The variables are the hidden cells' measures (≥ 0); the
 * equations are the relations (published cells move to the right-hand side) and the links; each
 * connected group of variables is solved on its own, and a quantity over several groups sums their
 * ranges (they are independent). LP bounds are rounded inwards to integers (`⌈min⌉`, `⌊max⌋`); the
 * true integer range can only be narrower when the constraint matrix is not totally unimodular,
 * which the property tests check against enumeration on the table shapes we publish. Zero counts
 * are not protected (a zero is published as a zero; the gate suppresses non-zero small counts).
 *
 * @example
 * const a = auditSuppression({
 *   measures: [[10, 3, 7, 12, 2, 10, 22, 5, 17]],
 *   relations: [{ total: 0, parts: [1, 2] }, { total: 3, parts: [4, 5] }, { total: 6, parts: [0, 3] }, { total: 7, parts: [1, 4] }, { total: 8, parts: [2, 5] }],
 *   hidden: [false, true, true, false, true, true, false, false, false],
 *   quantities: [{ name: 'count', terms: [0] }],
 *   protection: 2,
 * });
 * a.ranges[0] //=> { cell: 1, quantity: 'count', value: 3, lower: 0, upper: 5, ok: true }
 */
export function auditSuppression(input: AuditInput): SuppressionAudit {
  const { measures, hidden } = input;
  const varOf = new Map<string, number>();
  const key = (cell: number, k: number) => `${cell}:${k}`;
  let nVars = 0;
  hidden.forEach((h, cell) => {
    if (h) for (let k = 0; k < measures.length; k++) varOf.set(key(cell, k), nVars++);
  });
  const equations: LinearEquation[] = [];
  const addEquation = (sides: readonly { cell: number; k: number; coef: number }[]) => {
    const terms: [number, number][] = [];
    let rhs = 0;
    for (const s of sides) {
      const v = hidden[s.cell] ? varOf.get(key(s.cell, s.k)) : undefined;
      if (v === undefined) rhs -= s.coef * measures[s.k]![s.cell]!;
      else terms.push([v, s.coef]);
    }
    if (terms.length) equations.push({ terms, rhs });
  };
  for (const r of input.relations) {
    for (let k = 0; k < measures.length; k++) addEquation([{ cell: r.total, k, coef: 1 }, ...r.parts.map((p) => ({ cell: p, k, coef: -1 }))]);
  }
  for (const l of input.links ?? []) addEquation([...l.aTerms.map((k) => ({ cell: l.a, k, coef: 1 })), ...l.bTerms.map((k) => ({ cell: l.b, k, coef: -1 }))]);

  // Connected groups of variables (union–find over the equations).
  const parent = Array.from({ length: nVars }, (_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  for (const e of equations) for (let t = 1; t < e.terms.length; t++) parent[find(e.terms[t]![0])] = find(e.terms[0]![0]);
  const groups = new Map<number, { vars: number[]; local: Map<number, number>; equations: LinearEquation[]; objectives: (readonly (readonly [number, number])[])[] }>();
  const groupOf = (v: number) => {
    const root = find(v);
    let g = groups.get(root);
    if (!g) groups.set(root, (g = { vars: [], local: new Map(), equations: [], objectives: [] }));
    return g;
  };
  for (let v = 0; v < nVars; v++) {
    const g = groupOf(v);
    g.local.set(v, g.vars.length);
    g.vars.push(v);
  }
  for (const e of equations) {
    const g = groupOf(e.terms[0]![0]);
    g.equations.push({ terms: e.terms.map(([v, c]) => [g.local.get(v)!, c] as const), rhs: e.rhs });
  }

  // Hidden counts another table publishes are public (not checked).
  const termsKey = (cell: number, terms: readonly number[]) => `${cell}:${[...terms].sort().join(',')}`;
  const publicElsewhere = new Set<string>();
  for (const l of input.links ?? []) {
    if (hidden[l.a] && !hidden[l.b]) publicElsewhere.add(termsKey(l.a, l.aTerms));
    if (hidden[l.b] && !hidden[l.a]) publicElsewhere.add(termsKey(l.b, l.bTerms));
  }

  // Objectives: each hidden non-zero quantity, split by group.
  interface Pending { cell: number; quantity: string; value: number; parts: { group: ReturnType<typeof groupOf>; index: number }[] }
  const pending: Pending[] = [];
  hidden.forEach((h, cell) => {
    if (!h) return;
    for (const qty of input.quantities) {
      const value = qty.terms.reduce((s, k) => s + measures[k]![cell]!, 0);
      if (value === 0 || publicElsewhere.has(termsKey(cell, qty.terms))) continue;
      const byGroup = new Map<ReturnType<typeof groupOf>, [number, number][]>();
      for (const k of qty.terms) {
        const v = varOf.get(key(cell, k))!;
        const g = groupOf(v);
        let list = byGroup.get(g);
        if (!list) byGroup.set(g, (list = []));
        list.push([g.local.get(v)!, 1]);
      }
      pending.push({ cell, quantity: qty.name, value, parts: [...byGroup].map(([group, obj]) => ({ group, index: group.objectives.push(obj) - 1 })) });
    }
  });
  const solved = new Map<ReturnType<typeof groupOf>, { min: number; max: number }[]>();
  for (const g of groups.values()) {
    if (!g.objectives.length) continue;
    const r = linearRanges({ variables: g.vars.length, equations: g.equations }, g.objectives);
    // The true values solve the system, so it is always feasible; an infeasible one means the input lied.
    if (!r.feasible) throw new Error('release audit: the relations do not hold for the true counts');
    solved.set(g, [...r.ranges]);
  }
  const EPS = 1e-9;
  const ranges: CellRange[] = pending.map((p) => {
    let min = 0;
    let max = 0;
    for (const part of p.parts) {
      const r = solved.get(part.group)![part.index]!;
      min += r.min;
      max += r.max;
    }
    const lower = Math.max(0, Math.ceil(min - EPS));
    const upper = max === Infinity ? Infinity : Math.floor(max + EPS);
    const failure = lower === upper ? 'collapsed' : upper - lower < input.protection ? 'narrow' : undefined;
    return { cell: p.cell, quantity: p.quantity, value: p.value, lower, upper, ok: !failure, ...(failure ? { failure } : {}) };
  });
  const failures = ranges.filter((r) => !r.ok);
  return { method: 'exact-lp', protection: input.protection, ranges, failures, ok: failures.length === 0 };
}
