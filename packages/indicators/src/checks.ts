/**
 * Self-checks of a computation's output, recomputed from the rows themselves: numerators never exceed
 * denominators, the children of every group (finer region, or one more dimension) add up to it, and
 * the grand total equals the totals counted record by record during the pass.
 */
import { regionCodeAt, type DimensionInfo, type GroupValue, type RegionLevel } from './dimensions.js';
import type { IndicatorRow } from './compute.js';

/** Stable codes of the self-checks. */
/**
 * - NUMERATOR_EXCEEDS_DENOMINATOR, INVALID_COUNT: a row's counts are impossible;
 * - CHILDREN_SUM_MISMATCH: a group differs from the sum of its children one step finer;
 * - PARENT_MISSING: children exist in a grouping whose parent row is absent;
 * - BREAKDOWN_SUM_MISMATCH: a whole breakdown (e.g. every county × sex) does not add up to the grand total;
 * - TOTAL_MISMATCH: the grand total differs from the totals counted record by record during the pass.
 *
 * @example
 * ```ts
 * import type { CheckCode } from '@canji/indicators';
 * const code: CheckCode = 'CHILDREN_SUM_MISMATCH';
 * ```
 */
export type CheckCode = 'NUMERATOR_EXCEEDS_DENOMINATOR' | 'INVALID_COUNT' | 'CHILDREN_SUM_MISMATCH' | 'PARENT_MISSING' | 'BREAKDOWN_SUM_MISMATCH' | 'TOTAL_MISMATCH';

/**
 * One failed check.
 *
 * @example
 * ```ts
 * import { checkIndicatorResult, computeIndicators, PERSON_INDICATORS } from '@canji/indicators';
 * const res = computeIndicators([{ person_status: 6, r31: 1 }], { indicators: [PERSON_INDICATORS.familyDoctorContractRate], asOf: '2019-07-01' });
 * const edited = { ...res, rows: res.rows.map((r) => ({ ...r, numerator: 2 })) };
 * checkIndicatorResult(edited).problems[0]?.code; //=> 'NUMERATOR_EXCEEDS_DENOMINATOR'
 * ```
 */
export interface CheckProblem {
  readonly code: CheckCode;
  readonly message: string;
  readonly indicator: string;
  readonly by: readonly string[];
  readonly group: Readonly<Record<string, GroupValue>>;
}

/**
 * The outcome of the self-checks.
 *
 * @example
 * ```ts
 * import { computeIndicators, type CheckReport } from '@canji/indicators';
 * const report: CheckReport = computeIndicators([], { asOf: '2019-07-01' }).checks;
 * report.problemCount; //=> 0
 * ```
 */
export interface CheckReport {
  readonly ok: boolean;
  /** Number of comparisons made. */
  readonly checked: number;
  /** The first 100 problems. */
  readonly problems: readonly CheckProblem[];
  /** All problems, including those not listed. */
  readonly problemCount: number;
}

/**
 * What {@link checkIndicatorResult} needs of a result.
 *
 * @example
 * ```ts
 * import { checkIndicatorResult, computeIndicators, type CheckableResult } from '@canji/indicators';
 * const res = computeIndicators([], { asOf: '2019-07-01' });
 * const input: CheckableResult = { rows: res.rows, dimensions: res.dimensions };
 * checkIndicatorResult(input).ok; //=> true
 * ```
 */
export interface CheckableResult {
  readonly rows: readonly IndicatorRow[];
  readonly dimensions: readonly DimensionInfo[];
  /** Grand totals counted during the pass, per indicator: [numerator, denominator, missing]. */
  readonly passTotals?: Readonly<Record<string, readonly [number, number, number]>>;
}

const SEP = '\u0001';
const MAX_LISTED = 100;

/**
 * Checks a result's rows (run automatically by `computeIndicators`; call it again after editing or
 * merging rows).
 *
 * @example
 * ```ts
 * import { checkIndicatorResult, computeIndicators, PERSON_INDICATORS } from '@canji/indicators';
 * const res = computeIndicators([{ person_status: 6, r31: 1 }], { indicators: [PERSON_INDICATORS.familyDoctorContractRate], asOf: '2019-07-01' });
 * checkIndicatorResult(res).ok; //=> true
 * ```
 */
export function checkIndicatorResult(result: CheckableResult): CheckReport {
  const problems: CheckProblem[] = [];
  let problemCount = 0;
  let checked = 0;
  const report = (code: CheckCode, row: Pick<IndicatorRow, 'indicator' | 'by' | 'group'>, message: string) => {
    problemCount++;
    if (problems.length < MAX_LISTED) problems.push({ code, message, indicator: row.indicator, by: row.by, group: row.group });
  };

  // level name → [dimension index, level index]
  const levelOf = new Map<string, [number, number]>();
  result.dimensions.forEach((d, i) => d.levels.forEach((l, j) => levelOf.set(l, [i, j])));
  const dims = result.dimensions;
  const groupKey = (by: readonly string[], group: Readonly<Record<string, GroupValue>>): string => {
    let k = by.join(',') + SEP;
    for (const l of by) {
      const v = group[dims[levelOf.get(l)![0]]!.id];
      k += (v === null || v === undefined ? '' : String(v)) + SEP;
    }
    return k;
  };

  // Rows are bucketed by group (all indicators of a group share one bucket), so the work below
  // grows with the number of groups, not of rows. Rows of one group usually share their `group`
  // object; when they do not (edited rows), the key string merges them.
  const ids = new Map<string, number>();
  for (const row of result.rows) if (!ids.has(row.indicator)) ids.set(row.indicator, ids.size);
  const m = ids.size;
  const byObject = new Map<object, Bucket>();
  const byKey = new Map<string, Bucket>();
  const sets = new Set<string>();
  for (const row of result.rows) {
    checked++;
    const { numerator: n, denominator: d, missing: x } = row;
    if (![n, d, x].every((v) => Number.isInteger(v) && v >= 0)) report('INVALID_COUNT', row, `计数须为非负整数：分子 ${n}、分母 ${d}、缺失 ${x}`);
    if (n > d) report('NUMERATOR_EXCEEDS_DENOMINATOR', row, `分子 ${n} 大于分母 ${d}`);
    if (row.by.some((l) => !levelOf.has(l))) continue;
    let b = byObject.get(row.group);
    if (b === undefined) {
      const key = groupKey(row.by, row.group);
      b = byKey.get(key);
      if (b === undefined) {
        b = { key, by: row.by, group: row.group, counts: new Float64Array(3 * m), present: new Uint8Array(m) };
        byKey.set(key, b);
        sets.add(row.by.join(','));
      }
      byObject.set(row.group, b);
    }
    const i = ids.get(row.indicator)!;
    b.present[i] = 1;
    b.counts[3 * i] = n;
    b.counts[3 * i + 1] = d;
    b.counts[3 * i + 2] = x;
  }
  const names = [...ids.keys()];

  // Sum every group into each of its parents, keyed by parent + the refined dimension level.
  const sums = new Map<string, { parentKey: string; by: string[]; group: Record<string, GroupValue>; counts: Float64Array; present: Uint8Array }>();
  for (const b of byKey.values()) {
    for (let p = 0; p < b.by.length; p++) {
      const [di, lj] = levelOf.get(b.by[p]!)!;
      const dim = dims[di]!;
      const by = [...b.by];
      const group: Record<string, GroupValue> = { ...b.group };
      if (lj > 0) {
        const coarser = dim.levels[lj - 1]!;
        by[p] = coarser;
        const v = b.group[dim.id];
        group[dim.id] = v === null || v === undefined ? null : regionCodeAt(String(v), coarser as RegionLevel);
      } else {
        by.splice(p, 1);
        delete group[dim.id];
      }
      const parentKey = groupKey(by, group);
      const key = parentKey + '>' + b.by[p];
      let s = sums.get(key);
      if (!s) sums.set(key, (s = { parentKey, by, group, counts: new Float64Array(3 * m), present: new Uint8Array(m) }));
      for (let k = 0; k < 3 * m; k++) s.counts[k]! += b.counts[k]!;
      for (let i = 0; i < m; i++) s.present[i]! |= b.present[i]!;
    }
  }
  for (const s of sums.values()) {
    const parent = byKey.get(s.parentKey);
    for (let i = 0; i < m; i++) {
      if (!s.present[i]) continue;
      checked++;
      const row = { indicator: names[i]!, by: s.by, group: s.group };
      if (!parent || !parent.present[i]) {
        if (sets.has(s.by.join(','))) report('PARENT_MISSING', row, '有下级分组而无对应的上级分组行');
        continue;
      }
      const [n, d, x] = [s.counts[3 * i]!, s.counts[3 * i + 1]!, s.counts[3 * i + 2]!];
      const [pn, pd, px] = [parent.counts[3 * i]!, parent.counts[3 * i + 1]!, parent.counts[3 * i + 2]!];
      if (n !== pn || d !== pd || x !== px) {
        report('CHILDREN_SUM_MISMATCH', { ...row, by: parent.by, group: parent.group }, `下级合计（分子 ${n}、分母 ${d}、缺失 ${x}）与本行（分子 ${pn}、分母 ${pd}、缺失 ${px}）不等`);
      }
    }
  }
  // A group with counts but no children in a child grouping that exists in the output.
  for (const b of byKey.values()) {
    for (let di = 0; di < dims.length; di++) {
      const dim = dims[di]!;
      const p = b.by.findIndex((l) => levelOf.get(l)![0] === di);
      let childBy: string[];
      let childLevel: string;
      if (p < 0) {
        childLevel = dim.levels[0]!;
        childBy = [...b.by, childLevel].sort((x, y) => levelOf.get(x)![0] - levelOf.get(y)![0]);
      } else {
        const lj = levelOf.get(b.by[p]!)![1];
        if (lj === dim.levels.length - 1) continue;
        childLevel = dim.levels[lj + 1]!;
        childBy = [...b.by];
        childBy[p] = childLevel;
      }
      if (!sets.has(childBy.join(','))) continue;
      const s = sums.get(b.key + '>' + childLevel);
      for (let i = 0; i < m; i++) {
        if (!b.present[i] || (s && s.present[i])) continue;
        checked++;
        if (b.counts[3 * i] || b.counts[3 * i + 1] || b.counts[3 * i + 2]) {
          report('CHILDREN_SUM_MISMATCH', { indicator: names[i]!, by: b.by, group: b.group }, `本行有计数，但按“${childLevel}”细分后没有下级分组`);
        }
      }
    }
  }

  // Every breakdown as a whole adds up to the grand total (also when only leaves are output).
  const totalRow = byKey.get(SEP);
  if (totalRow) {
    const setSums = new Map<string, { by: readonly string[]; counts: Float64Array; present: Uint8Array }>();
    for (const b of byKey.values()) {
      if (b.by.length === 0) continue;
      const sig = b.by.join(',');
      let t = setSums.get(sig);
      if (!t) setSums.set(sig, (t = { by: b.by, counts: new Float64Array(3 * m), present: new Uint8Array(m) }));
      for (let k = 0; k < 3 * m; k++) t.counts[k]! += b.counts[k]!;
      for (let i = 0; i < m; i++) t.present[i]! |= b.present[i]!;
    }
    for (const t of setSums.values()) {
      for (let i = 0; i < m; i++) {
        if (!t.present[i] || !totalRow.present[i]) continue;
        checked++;
        const [n, d, x] = [t.counts[3 * i]!, t.counts[3 * i + 1]!, t.counts[3 * i + 2]!];
        if (n !== totalRow.counts[3 * i] || d !== totalRow.counts[3 * i + 1] || x !== totalRow.counts[3 * i + 2]) {
          report('BREAKDOWN_SUM_MISMATCH', { indicator: names[i]!, by: t.by, group: {} }, `按“${t.by.join('×')}”分组之和（分子 ${n}、分母 ${d}、缺失 ${x}）与合计不等`);
        }
      }
    }
  }

  if (result.passTotals) {
    const totalBucket = byKey.get(SEP);
    for (const [id, i] of ids) {
      const t = result.passTotals[id];
      if (!t || !totalBucket?.present[i]) continue;
      checked++;
      const [n, d, x] = [totalBucket.counts[3 * i]!, totalBucket.counts[3 * i + 1]!, totalBucket.counts[3 * i + 2]!];
      if (t[0] !== n || t[1] !== d || t[2] !== x) {
        report('TOTAL_MISMATCH', { indicator: id, by: [], group: totalBucket.group }, `分组汇总（分子 ${n}、分母 ${d}、缺失 ${x}）与逐条计数（${t[0]}、${t[1]}、${t[2]}）不等`);
      }
    }
  }
  return { ok: problemCount === 0, checked, problems, problemCount };
}

interface Bucket {
  readonly key: string;
  readonly by: readonly string[];
  readonly group: Readonly<Record<string, GroupValue>>;
  readonly counts: Float64Array;
  readonly present: Uint8Array;
}
