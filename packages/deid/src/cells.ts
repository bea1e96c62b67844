import { deidFail, type DeidResult } from './errors.js';

/**
 * A table of counts as published (e.g. persons by county × disability category). Rows may include
 * aggregate rows (a prefecture row that is the sum of its county rows), declared in
 * `rowHierarchy`; the same for columns. The table's own margins (a total row and a total column)
 * are computed and published unless `totals: false`.
 *
 * @example
 * const table: CountTable = { rows: ['岳麓区', '天心区'], columns: ['男', '女'], values: [[12, 3], [9, 15]] };
 */
export interface CountTable {
  readonly rows: readonly string[];
  readonly columns: readonly string[];
  /** `values[row][column]`, non-negative counts. */
  readonly values: readonly (readonly number[])[];
}

/**
 * Options of {@link suppressSmallCells}.
 *
 * @example
 * suppressSmallCells(table, { threshold: 5, rowHierarchy: { 长沙市: ['岳麓区', '天心区'] } });
 */
export interface SuppressSmallCellsOptions {
  /** Cells with 0 < value < threshold are suppressed (primary suppression). Integer ≥ 2, e.g. 5 or 10. */
  readonly threshold: number;
  /** Aggregate rows: parent row key → its child row keys (the parent's values are the children's sums). */
  readonly rowHierarchy?: Readonly<Record<string, readonly string[]>>;
  /** Same as `rowHierarchy` (the name used in the issue and by region roll-ups); `rowHierarchy` wins when both are given. */
  readonly hierarchy?: Readonly<Record<string, readonly string[]>>;
  /** Aggregate columns: parent column key → child column keys. */
  readonly columnHierarchy?: Readonly<Record<string, readonly string[]>>;
  /** Publish a total row and a total column (default true). */
  readonly totals?: boolean;
  /** Key of the total row and column (default `'合计'`). */
  readonly totalKey?: string;
  /** Treat zero cells as small too (default false: a zero is published and never chosen as a complement unless nothing else is left). */
  readonly suppressZeros?: boolean;
  /** Run the exact linear-algebra audit when at most this many cells are suppressed (default 400). */
  readonly auditLimit?: number;
}

/**
 * Why a cell is hidden.
 *
 * @example
 * r.ok && r.value.status[0] //=> ['published', 'primary', 'published']
 */
export type CellStatus = 'published' | 'primary' | 'secondary';

/**
 * Result of {@link suppressSmallCells}.
 *
 * @example
 * const r = suppressSmallCells(table, { threshold: 5 });
 * r.ok && r.value.values.at(-1) //=> the published total row, null where hidden
 */
export interface SuppressedTable {
  /** Row keys, with the total row last when totals are published. */
  readonly rows: readonly string[];
  readonly columns: readonly string[];
  /** Published values; `null` where suppressed. */
  readonly values: readonly (readonly (number | null)[])[];
  readonly status: readonly (readonly CellStatus[])[];
  readonly primary: number;
  readonly secondary: number;
  /**
   * `exact`: every suppressed cell was checked not to be uniquely determined by the published cells
   * and the table's additive relations (`derivable` lists any that were, after the repair loop —
   * always empty unless the table is degenerate). `pairs-only`: too many suppressed cells for the
   * exact check; only the "two per relation" rule was enforced.
   */
  readonly audit: { readonly method: 'exact' | 'pairs-only'; readonly derivable: readonly { readonly row: string; readonly column: string }[] };
  /** The additive relations (total = sum of parts) the table was protected against, as cell coordinates. */
  readonly relations: readonly { readonly total: { readonly row: string; readonly column: string }; readonly parts: readonly { readonly row: string; readonly column: string }[] }[];
}

interface Grid {
  rows: string[];
  cols: string[];
  vals: number[]; // row-major
  isTotal: boolean[];
  eqs: { total: number; parts: number[] }[];
}

function buildGrid(table: CountTable, o: SuppressSmallCellsOptions): DeidResult<Grid> {
  const totals = o.totals ?? true;
  const totalKey = o.totalKey ?? '合计';
  const R = table.rows.length;
  const C = table.columns.length;
  if (table.values.length !== R || table.values.some((row) => row.length !== C)) {
    return deidFail('DEID_TABLE_SHAPE', `表格应为${R}行×${C}列`);
  }
  for (const row of table.values) for (const v of row) if (!(Number.isInteger(v) && v >= 0)) return deidFail('DEID_TABLE_SHAPE', '单元格应为非负整数计数');
  if (new Set(table.rows).size !== R || new Set(table.columns).size !== C) return deidFail('DEID_TABLE_SHAPE', '行名或列名重复');
  if (totals && (table.rows.includes(totalKey) || table.columns.includes(totalKey))) return deidFail('DEID_TABLE_SHAPE', `行名或列名与合计名“${totalKey}”重复`);

  const groups = (keys: readonly string[], h: Readonly<Record<string, readonly string[]>> | undefined): DeidResult<{ parent: number; children: number[] }[]> => {
    const idx = new Map(keys.map((k, i) => [k, i]));
    const out: { parent: number; children: number[] }[] = [];
    const isChild = new Set<number>();
    for (const [p, ch] of Object.entries(h ?? {})) {
      const pi = idx.get(p);
      const ci = ch.map((c) => idx.get(c));
      if (pi === undefined || ci.some((c) => c === undefined) || !ci.length) return deidFail('DEID_TABLE_SHAPE', `层级“${p}”引用了表中不存在的行或列`);
      out.push({ parent: pi, children: ci as number[] });
      for (const c of ci as number[]) isChild.add(c);
    }
    if (totals) out.push({ parent: keys.length, children: keys.map((_, i) => i).filter((i) => !isChild.has(i)) });
    return { ok: true, value: out };
  };
  const rg = groups(table.rows, o.rowHierarchy ?? o.hierarchy);
  if (!rg.ok) return rg;
  const cg = groups(table.columns, o.columnHierarchy);
  if (!cg.ok) return cg;

  const rows = totals ? [...table.rows, totalKey] : [...table.rows];
  const cols = totals ? [...table.columns, totalKey] : [...table.columns];
  const W = cols.length;
  const vals = new Array<number>(rows.length * W).fill(0);
  for (let r = 0; r < R; r++) for (let c = 0; c < C; c++) vals[r * W + c] = table.values[r]![c]!;
  if (totals) {
    // Margins: the total column first (sum over root columns), then the total row (sum over root rows, all columns).
    const rootCols = cg.value.at(-1)!.children;
    for (let r = 0; r < R; r++) vals[r * W + C] = rootCols.reduce((s, c) => s + vals[r * W + c]!, 0);
    const rootRows = rg.value.at(-1)!.children;
    for (let c = 0; c <= C; c++) vals[R * W + c] = rootRows.reduce((s, r) => s + vals[r * W + c]!, 0);
  }
  const isTotal = new Array<boolean>(rows.length * W).fill(false);
  const eqs: { total: number; parts: number[] }[] = [];
  for (const g of rg.value) {
    for (let c = 0; c < W; c++) {
      eqs.push({ total: g.parent * W + c, parts: g.children.map((r) => r * W + c) });
      isTotal[g.parent * W + c] = true;
    }
  }
  for (const g of cg.value) {
    for (let r = 0; r < rows.length; r++) {
      eqs.push({ total: r * W + g.parent, parts: g.children.map((c) => r * W + c) });
      isTotal[r * W + g.parent] = true;
    }
  }
  for (const e of eqs) {
    const s = e.parts.reduce((a, i) => a + vals[i]!, 0);
    if (s !== vals[e.total]) {
      const at = (i: number) => `${rows[Math.floor(i / W)]}/${cols[i % W]}`;
      return deidFail('DEID_TABLE_NOT_ADDITIVE', `汇总单元格 ${at(e.total)} 为${vals[e.total]}，但其组成部分之和为${s}`);
    }
  }
  return { ok: true, value: { rows, cols, vals, isTotal, eqs } };
}

/**
 * Cells (by flat index) that are uniquely determined by the published cells and the relations:
 * a suppressed cell x_j is determined exactly when the unit vector e_j lies in the row space of
 * the relations restricted to the suppressed cells (Gaussian elimination to reduced row echelon
 * form: j is a pivot column whose row has no other non-zero entry).
 */
function derivableCells(suppressed: readonly number[], eqs: Grid['eqs']): number[] {
  const col = new Map(suppressed.map((cell, j) => [cell, j]));
  const m = suppressed.length;
  const rows: number[][] = [];
  for (const e of eqs) {
    const row = new Array<number>(m).fill(0);
    let any = false;
    const t = col.get(e.total);
    if (t !== undefined) {
      row[t] = 1;
      any = true;
    }
    for (const p of e.parts) {
      const j = col.get(p);
      if (j !== undefined) {
        row[j]! -= 1;
        any = true;
      }
    }
    if (any) rows.push(row);
  }
  const EPS = 1e-9;
  const pivotRowOf = new Map<number, number[]>();
  let r = 0;
  for (let j = 0; j < m && r < rows.length; j++) {
    let best = -1;
    for (let i = r; i < rows.length; i++) if (Math.abs(rows[i]![j]!) > EPS && (best < 0 || Math.abs(rows[i]![j]!) > Math.abs(rows[best]![j]!))) best = i;
    if (best < 0) continue;
    [rows[r], rows[best]] = [rows[best]!, rows[r]!];
    const pr = rows[r]!;
    const pv = pr[j]!;
    for (let x = j; x < m; x++) pr[x]! /= pv;
    for (let i = 0; i < rows.length; i++) {
      if (i === r) continue;
      const f = rows[i]![j]!;
      if (Math.abs(f) > EPS) for (let x = j; x < m; x++) rows[i]![x]! -= f * pr[x]!;
    }
    pivotRowOf.set(j, pr);
    r++;
  }
  const out: number[] = [];
  for (const [j, row] of pivotRowOf) {
    let alone = true;
    for (let x = 0; x < m; x++) if (x !== j && Math.abs(row[x]!) > EPS) { alone = false; break; }
    if (alone) out.push(suppressed[j]!);
  }
  return out;
}

/**
 * Cells (by flat index) whose value is pinned by non-negativity: interval propagation over the
 * relations (every cell ≥ 0, published cells fixed; a total lies between the sums of its parts'
 * bounds, a part between the total's bounds minus the other parts' bounds) until nothing changes.
 * A suppressed cell whose lower and upper bound meet has exactly one possible value although no
 * linear combination of the relations isolates it — e.g. a hidden column total forced to 0
 * because the other hidden cell of its row is at least a published part. Sound (never reports a
 * cell that is not pinned) but not complete: a full linear-programming audit can find more.
 */
function pinnedCells(suppressed: readonly number[], eqs: Grid['eqs'], vals: readonly number[]): number[] {
  const lo = new Map<number, number>();
  const hi = new Map<number, number>();
  for (const i of suppressed) {
    lo.set(i, 0);
    hi.set(i, Infinity);
  }
  const L = (i: number) => lo.get(i) ?? vals[i]!;
  const H = (i: number) => hi.get(i) ?? vals[i]!;
  const touched = eqs.filter((e) => lo.has(e.total) || e.parts.some((p) => lo.has(p)));
  const tighten = (i: number, l: number, h: number): boolean => {
    if (!lo.has(i)) return false;
    let changed = false;
    if (l > lo.get(i)!) {
      lo.set(i, l);
      changed = true;
    }
    if (h < hi.get(i)!) {
      hi.set(i, h);
      changed = true;
    }
    return changed;
  };
  // Bounds only shrink and are integers, so this ends; the pass limit keeps pathological cases cheap.
  for (let pass = 0, changed = true; changed && pass < 200; pass++) {
    changed = false;
    for (const e of touched) {
      let sumLo = 0;
      let sumHi = 0;
      let infinite = 0; // parts with no finite upper bound
      for (const p of e.parts) {
        sumLo += L(p);
        const h = H(p);
        if (h === Infinity) infinite++;
        else sumHi += h;
      }
      if (tighten(e.total, sumLo, infinite ? Infinity : sumHi)) changed = true;
      const tLo = L(e.total);
      const tHi = H(e.total);
      for (const p of e.parts) {
        if (!lo.has(p)) continue;
        const othersLo = sumLo - L(p);
        const h = H(p);
        const othersInfinite = infinite - (h === Infinity ? 1 : 0);
        const othersHi = othersInfinite ? Infinity : sumHi - (h === Infinity ? 0 : h);
        if (tighten(p, othersHi === Infinity ? 0 : tLo - othersHi, tHi - othersLo)) changed = true;
      }
    }
  }
  return suppressed.filter((i) => lo.get(i) === hi.get(i));
}


/**
 * Complementary suppression and the exact audit over additive relations (shared by
 * {@link suppressSmallCells} and {@link suppressLinkedCells}); `status` holds the primary cells and
 * is completed in place. Complements are chosen by the first measure's value; the audit checks
 * the pattern (linear) and every measure (non-negativity).
 */
function protect(measures: readonly (readonly number[])[], eqs: Grid['eqs'], isTotal: readonly boolean[], status: CellStatus[], limit: number): { method: 'exact' | 'pairs-only'; derivable: number[] } {
  const vals = measures[0]!;
  const hidden = (i: number) => status[i] !== 'published';

  const pickComplement = (cells: readonly number[]): number | undefined => {
    let best: number | undefined;
    const score = (i: number) => (vals[i] === 0 ? 2 : 0) + (isTotal[i] ? 1 : 0);
    for (const i of cells) {
      if (hidden(i)) continue;
      if (best === undefined || score(i) < score(best) || (score(i) === score(best) && vals[i]! < vals[best]!)) best = i;
    }
    return best;
  };

  const enforcePairs = () => {
    let changed = true;
    while (changed) {
      changed = false;
      for (const e of eqs) {
        const cells = [e.total, ...e.parts];
        let count = 0;
        for (const i of cells) if (hidden(i)) count++;
        if (count === 1) {
          const c = pickComplement(cells);
          if (c !== undefined) {
            status[c] = 'secondary';
            changed = true;
          }
        }
      }
    }
  };

  let derivable: number[] = [];
  let method: 'exact' | 'pairs-only' = 'exact';
  for (;;) {
    enforcePairs();
    const suppressed = status.flatMap((s, i) => (s === 'published' ? [] : [i]));
    if (suppressed.length > limit) {
      method = 'pairs-only';
      derivable = [];
      break;
    }
    const linear = derivableCells(suppressed, eqs);
    const pinned = measures.flatMap((m) => pinnedCells(suppressed, eqs, m));
    derivable = [...new Set([...linear, ...pinned])];
    if (!derivable.length) break;
    let repaired = false;
    for (const d of derivable) {
      // Widen the smallest relation through the determined cell.
      const through = eqs.filter((e) => e.total === d || e.parts.includes(d)).sort((a, b) => a.parts.length - b.parts.length);
      for (const e of through) {
        const c = pickComplement([e.total, ...e.parts]);
        if (c !== undefined) {
          status[c] = 'secondary';
          repaired = true;
          break;
        }
      }
    }
    if (!repaired) break; // degenerate table (nothing left to suppress): report what stays derivable
  }

  return { method, derivable };
}

/**
 * Suppresses small cells of a published count table so that no suppressed value can be recomputed.
 *
 * **Method.** (1) Primary suppression: every cell, margins included, with 0 < value < threshold
 * (zeros too with `suppressZeros`). (2) Complementary suppression: every additive relation of the
 * table (a row, a column, a hierarchy group: total = sum of parts) that holds exactly one suppressed
 * cell gets a second one — the smallest non-zero interior cell of that relation, a total only when
 * no part is left — repeated until no relation holds exactly one. (3) Exact audit: by Gaussian
 * elimination over the relations, find any suppressed cell still uniquely determined (two
 * relations can combine to isolate a cell even when each holds two suppressions, e.g. a cell that
 * is a "bridge" between two groups of suppressions), and by interval propagation with every cell
 * ≥ 0 find any suppressed cell whose value is pinned by non-negativity (e.g. a hidden total forced
 * to 0 once zeros are suppressed too); suppress one more cell in a relation of each such cell and
 * repeat from (2).
 *
 * **Limits.** The guarantee is non-uniqueness: no suppressed cell is determined by a linear
 * combination of the relations or pinned by interval propagation with non-negative cells (a full
 * linear-programming audit, as in τ-ARGUS, could in rare cases find more). It does not guarantee a wide protection interval — with non-negativity an attacker may still
 * bound a cell (e.g. between 0 and 3); use a larger threshold, coarser tables or rounding when that
 * matters. The heuristic does not minimise the number of complementary cells (the optimal problem
 * is NP-hard; tools such as τ-ARGUS use linear programming). Relations the table does not show —
 * another published table sharing cells, earlier releases — are not taken into account: protect
 * linked tables together by putting them in one table with a hierarchy. Above `auditLimit`
 * suppressed cells only the two-per-relation rule is applied.
 *
 * Errors: `DEID_THRESHOLD_INVALID`, `DEID_TABLE_SHAPE`, `DEID_TABLE_NOT_ADDITIVE`.
 *
 * @example
 * const r = suppressSmallCells(
 *   { rows: ['岳麓区', '天心区'], columns: ['视力', '听力', '肢体'], values: [[12, 3, 40], [9, 15, 33]] },
 *   { threshold: 5 },
 * );
 * if (r.ok) {
 *   r.value.values[0] //=> [null, null, 40, 55]  (3 is small; 12, 9 and 15 are hidden with it)
 *   r.value.primary   //=> 1
 *   r.value.secondary //=> 3
 * }
 */
export function suppressSmallCells(table: CountTable, options: SuppressSmallCellsOptions): DeidResult<SuppressedTable> {
  try {
    return suppressSmallCellsUnsafe(table, options);
  } catch {
    return deidFail('DEID_TABLE_SHAPE', '表格或选项无效（应为含 rows、columns、values 的计数表）');
  }
}

function suppressSmallCellsUnsafe(table: CountTable, options: SuppressSmallCellsOptions): DeidResult<SuppressedTable> {
  const t = options.threshold;
  if (!Number.isInteger(t) || t < 2) return deidFail('DEID_THRESHOLD_INVALID', '阈值应为不小于2的整数（小于阈值的非零计数将被隐去）');
  const g = buildGrid(table, options);
  if (!g.ok) return g;
  const { rows, cols, vals, isTotal, eqs } = g.value;
  const W = cols.length;
  const status: CellStatus[] = vals.map((v) => ((v > 0 && v < t) || (options.suppressZeros && v === 0) ? 'primary' : 'published'));
  const hidden = (i: number) => status[i] !== 'published';
  const { method, derivable } = protect([vals], eqs, isTotal, status, options.auditLimit ?? 400);

  const at = (i: number) => ({ row: rows[Math.floor(i / W)]!, column: cols[i % W]! });
  const outValues: (number | null)[][] = [];
  const outStatus: CellStatus[][] = [];
  for (let r = 0; r < rows.length; r++) {
    outValues.push(cols.map((_, c) => (hidden(r * W + c) ? null : vals[r * W + c]!)));
    outStatus.push(cols.map((_, c) => status[r * W + c]!));
  }
  return {
    ok: true,
    value: {
      rows,
      columns: cols,
      values: outValues,
      status: outStatus,
      primary: status.filter((s) => s === 'primary').length,
      secondary: status.filter((s) => s === 'secondary').length,
      audit: { method, derivable: derivable.map(at) },
      relations: eqs.map((e) => ({ total: at(e.total), parts: e.parts.map(at) })),
    },
  };
}

/**
 * The shape of a pivot table of counts as `@canji/indicators`' `toPivot(result, { measure: 'numerator' | 'denominator', … })`
 * returns it (structural, so no dependency): keys with labels, cells, and the margins.
 *
 * @example
 * countTableFromPivot(toPivot(result, { indicator, rows: 'county', columns: 'category', measure: 'numerator' }));
 */
export interface PivotLike {
  readonly rowKeys: readonly { readonly value: unknown; readonly label: string }[];
  readonly columnKeys: readonly { readonly value: unknown; readonly label: string }[];
  readonly cells: readonly (readonly (number | null)[])[];
  readonly rowTotals?: readonly (number | null)[];
  readonly columnTotals?: readonly (number | null)[];
  readonly total?: number | null;
}

/**
 * Turns a pivot of counts (e.g. `toPivot(result, { indicator, rows: 'county', columns: 'category', measure: 'numerator' })`
 * from `@canji/indicators`) into a {@link CountTable} for {@link suppressSmallCells}. Empty cells
 * (`null`: no records in the group) count as 0. The pivot's own margins must equal the sums of its
 * cells — they are what {@link suppressSmallCells} publishes and protects; when a margin also counts
 * records whose column value is unknown (未知), the margins differ and the result is
 * `DEID_TABLE_NOT_ADDITIVE`: add the 未知 column to the pivot first. For a rate table, suppress
 * the numerator and denominator tables and blank the union of their suppressed cells in the rates.
 *
 * @example
 * const t = countTableFromPivot({ rowKeys: [{ value: 4, label: '肢体残疾' }], columnKeys: [{ value: 'male', label: '男' }, { value: 'female', label: '女' }], cells: [[3, 9]], rowTotals: [12], columnTotals: [3, 9], total: 12 });
 * t.ok && t.value //=> { rows: ['肢体残疾'], columns: ['男', '女'], values: [[3, 9]] }
 */
export function countTableFromPivot(pivot: PivotLike): DeidResult<CountTable> {
  try {
    return countTableFromPivotUnsafe(pivot);
  } catch {
    return deidFail('DEID_TABLE_SHAPE', '透视表无效');
  }
}

function countTableFromPivotUnsafe(pivot: PivotLike): DeidResult<CountTable> {
  const rows = pivot.rowKeys.map((k) => k.label);
  const columns = pivot.columnKeys.map((k) => k.label);
  const values = pivot.cells.map((row) => row.map((v) => v ?? 0));
  for (const row of values) for (const v of row) if (!(Number.isInteger(v) && v >= 0)) return deidFail('DEID_TABLE_SHAPE', '透视表单元格应为非负整数计数（请用 numerator 或 denominator 度量）');
  const check = (name: string, given: number | null | undefined, sum: number) =>
    given !== undefined && given !== null && given !== sum ? deidFail('DEID_TABLE_NOT_ADDITIVE', `透视表的${name}为${given}，但单元格之和为${sum}（可能含“未知”分组）`) : undefined;
  for (let r = 0; r < values.length; r++) {
    const e = check(`行“${rows[r]}”合计`, pivot.rowTotals?.[r], values[r]!.reduce((a, b) => a + b, 0));
    if (e) return e;
  }
  for (let c = 0; c < columns.length; c++) {
    const e = check(`列“${columns[c]}”合计`, pivot.columnTotals?.[c], values.reduce((a, row) => a + (row[c] ?? 0), 0));
    if (e) return e;
  }
  const e = check('总计', pivot.total, values.reduce((a, row) => a + row.reduce((x, y) => x + y, 0), 0));
  if (e) return e;
  return { ok: true, value: { rows, columns, values } };
}

/**
 * Cells linked by additive relations, for {@link suppressLinkedCells}: any number of count
 * measures per cell (e.g. numerator, denominator and complement of a rate, which share one
 * suppression pattern), the relations among the cells, and the cells that must be hidden.
 *
 * @example
 * const cells: LinkedCells = { measures: [[10, 3, 7]], relations: [{ total: 0, parts: [1, 2] }], primary: [false, true, false] };
 */
export interface LinkedCells {
  /** `measures[m][cell]`: non-negative integer counts; every relation holds for every measure. */
  readonly measures: readonly (readonly number[])[];
  /** total = Σ parts, by cell index. */
  readonly relations: readonly { readonly total: number; readonly parts: readonly number[] }[];
  /** Cells to hide (primary suppression), decided by the caller (e.g. a count below a threshold). */
  readonly primary: readonly boolean[];
}

/**
 * Result of {@link suppressLinkedCells}.
 *
 * @example
 * r.ok && r.value.status //=> ['secondary', 'primary', 'secondary']
 */
export interface LinkedSuppression {
  readonly status: readonly CellStatus[];
  readonly primary: number;
  readonly secondary: number;
  /** As in {@link SuppressedTable.audit}, with cell indices. */
  readonly audit: { readonly method: 'exact' | 'pairs-only'; readonly derivable: readonly number[] };
}

/**
 * Complementary suppression for cells linked by arbitrary additive relations — a cube of
 * indicator rows (every grouping with its roll-ups), not only a two-way table: the same method as
 * {@link suppressSmallCells} (a second hidden cell in every relation that holds one, then the exact
 * audit — Gaussian elimination over the pattern and interval propagation over every measure — with
 * repairs), the same limits. A suppressed cell hides all its measures.
 *
 * Errors: `DEID_TABLE_SHAPE` (measures of different lengths, a relation naming a missing cell, a
 * count that is not a non-negative integer), `DEID_TABLE_NOT_ADDITIVE` (a relation that does not hold).
 *
 * @example
 * const r = suppressLinkedCells({ measures: [[10, 3, 7]], relations: [{ total: 0, parts: [1, 2] }], primary: [false, true, false] });
 * r.ok && r.value.status //=> ['published', 'primary', 'secondary']  (7 hidden too, or 3 = 10 − 7)
 */
export function suppressLinkedCells(cells: LinkedCells, options: { readonly auditLimit?: number } = {}): DeidResult<LinkedSuppression> {
  try {
    return suppressLinkedUnsafe(cells, options ?? {});
  } catch {
    return deidFail('DEID_TABLE_SHAPE', '单元格或关系无效');
  }
}

function suppressLinkedUnsafe(cells: LinkedCells, options: { readonly auditLimit?: number }): DeidResult<LinkedSuppression> {
  if (cells === null || typeof cells !== 'object' || !Array.isArray(cells.measures) || !cells.measures.length || !Array.isArray(cells.relations) || !Array.isArray(cells.primary)) {
    return deidFail('DEID_TABLE_SHAPE', '应给出 measures、relations 和 primary');
  }
  const n = cells.primary.length;
  for (const m of cells.measures) {
    if (!Array.isArray(m) || m.length !== n) return deidFail('DEID_TABLE_SHAPE', `每个度量应有${n}个单元格`);
    for (const v of m) if (!(Number.isInteger(v) && v >= 0)) return deidFail('DEID_TABLE_SHAPE', '单元格应为非负整数计数');
  }
  const inRange = (i: unknown) => Number.isInteger(i) && (i as number) >= 0 && (i as number) < n;
  const eqs: Grid['eqs'] = [];
  const isTotal = new Array<boolean>(n).fill(false);
  for (const r of cells.relations) {
    if (!inRange(r?.total) || !Array.isArray(r.parts) || !r.parts.every(inRange)) return deidFail('DEID_TABLE_SHAPE', '关系引用了不存在的单元格');
    for (const m of cells.measures) {
      const sum = (r.parts as readonly number[]).reduce((a: number, p: number) => a + m[p]!, 0);
      if (sum !== m[r.total]) return deidFail('DEID_TABLE_NOT_ADDITIVE', `单元格 ${r.total} 为${m[r.total]}，但其组成部分之和为${sum}`);
    }
    eqs.push({ total: r.total, parts: [...r.parts] });
    isTotal[r.total] = true;
  }
  const status: CellStatus[] = cells.primary.map((p) => (p === true ? 'primary' : 'published'));
  const { method, derivable } = protect(cells.measures as number[][], eqs, isTotal, status, options.auditLimit ?? 400);
  return {
    ok: true,
    value: {
      status,
      primary: status.filter((s) => s === 'primary').length,
      secondary: status.filter((s) => s === 'secondary').length,
      audit: { method, derivable },
    },
  };
}
