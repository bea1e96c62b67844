/**
 * Self-checks of a computation's output, recomputed from the rows themselves: numerators never exceed
 * denominators, the children of every group (finer region, or one more dimension) add up to it, and
 * the grand total equals the totals counted record by record during the pass.
 */
import { regionCodeAt, type DimensionInfo, type GroupValue, type RegionLevel } from './dimensions.js';
import type { IndicatorRow } from './compute.js';

/** Stable codes of the self-checks. */
export type CheckCode = 'NUMERATOR_EXCEEDS_DENOMINATOR' | 'INVALID_COUNT' | 'CHILDREN_SUM_MISMATCH' | 'PARENT_MISSING' | 'TOTAL_MISMATCH';

/** One failed check. */
export interface CheckProblem {
  readonly code: CheckCode;
  readonly message: string;
  readonly indicator: string;
  readonly by: readonly string[];
  readonly group: Readonly<Record<string, GroupValue>>;
}

/** The outcome of the self-checks. */
export interface CheckReport {
  readonly ok: boolean;
  /** Number of comparisons made. */
  readonly checked: number;
  /** The first 100 problems. */
  readonly problems: readonly CheckProblem[];
  /** All problems, including those not listed. */
  readonly problemCount: number;
}

/** What {@link checkIndicatorResult} needs of a result. */
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

  const index = new Map<string, IndicatorRow>();
  const setsByIndicator = new Map<string, Set<string>>();
  for (const row of result.rows) {
    checked++;
    const { numerator: n, denominator: d, missing: x } = row;
    if (![n, d, x].every((v) => Number.isInteger(v) && v >= 0)) report('INVALID_COUNT', row, `计数须为非负整数：分子 ${n}、分母 ${d}、缺失 ${x}`);
    if (n > d) report('NUMERATOR_EXCEEDS_DENOMINATOR', row, `分子 ${n} 大于分母 ${d}`);
    if (row.by.some((l) => !levelOf.has(l))) continue;
    index.set(row.indicator + SEP + groupKey(row.by, row.group), row);
    let s = setsByIndicator.get(row.indicator);
    if (!s) setsByIndicator.set(row.indicator, (s = new Set()));
    s.add(row.by.join(','));
  }

  // Sum every row into each of its parents, keyed by parent + the refined dimension.
  const sums = new Map<string, { parent: { indicator: string; by: string[]; group: Record<string, GroupValue> }; n: number; d: number; x: number }>();
  for (const row of index.values()) {
    for (let p = 0; p < row.by.length; p++) {
      const [di, lj] = levelOf.get(row.by[p]!)!;
      const dim = dims[di]!;
      const by = [...row.by];
      const group: Record<string, GroupValue> = { ...row.group };
      if (lj > 0) {
        const coarser = dim.levels[lj - 1]!;
        by[p] = coarser;
        const v = row.group[dim.id];
        group[dim.id] = v === null || v === undefined ? null : regionCodeAt(String(v), coarser as RegionLevel);
      } else {
        by.splice(p, 1);
        delete group[dim.id];
      }
      const key = row.indicator + SEP + groupKey(by, group) + '>' + row.by[p];
      const s = sums.get(key);
      if (s) {
        s.n += row.numerator;
        s.d += row.denominator;
        s.x += row.missing;
      } else sums.set(key, { parent: { indicator: row.indicator, by, group }, n: row.numerator, d: row.denominator, x: row.missing });
    }
  }
  for (const [key, s] of sums) {
    checked++;
    const parentKey = key.slice(0, key.lastIndexOf('>'));
    const parent = index.get(parentKey);
    if (!parent) {
      if (setsByIndicator.get(s.parent.indicator)?.has(s.parent.by.join(','))) report('PARENT_MISSING', s.parent, '有下级分组而无对应的上级分组行');
      continue;
    }
    if (parent.numerator !== s.n || parent.denominator !== s.d || parent.missing !== s.x) {
      report('CHILDREN_SUM_MISMATCH', parent, `下级合计（分子 ${s.n}、分母 ${s.d}、缺失 ${s.x}）与本行（分子 ${parent.numerator}、分母 ${parent.denominator}、缺失 ${parent.missing}）不等`);
    }
  }
  // A parent with counts but no children in a child grouping that is present elsewhere.
  for (const row of index.values()) {
    if (row.numerator === 0 && row.denominator === 0 && row.missing === 0) continue;
    const sets = setsByIndicator.get(row.indicator)!;
    for (let di = 0; di < dims.length; di++) {
      const dim = dims[di]!;
      const p = row.by.findIndex((l) => levelOf.get(l)![0] === di);
      let childBy: string[];
      let childLevel: string;
      if (p < 0) {
        childLevel = dim.levels[0]!;
        childBy = [...row.by, childLevel].sort((a, b) => cmpLevel(levelOf, a, b));
      } else {
        const lj = levelOf.get(row.by[p]!)![1];
        if (lj === dim.levels.length - 1) continue;
        childLevel = dim.levels[lj + 1]!;
        childBy = [...row.by];
        childBy[p] = childLevel;
      }
      if (!sets.has(childBy.join(','))) continue;
      checked++;
      if (!sums.has(row.indicator + SEP + groupKey(row.by, row.group) + '>' + childLevel)) {
        report('CHILDREN_SUM_MISMATCH', row, `本行有计数，但按“${childLevel}”细分后没有下级分组`);
      }
    }
  }

  if (result.passTotals) {
    for (const row of index.values()) {
      if (row.by.length !== 0) continue;
      const t = result.passTotals[row.indicator];
      if (!t) continue;
      checked++;
      if (t[0] !== row.numerator || t[1] !== row.denominator || t[2] !== row.missing) {
        report('TOTAL_MISMATCH', row, `分组汇总（分子 ${row.numerator}、分母 ${row.denominator}、缺失 ${row.missing}）与逐条计数（${t[0]}、${t[1]}、${t[2]}）不等`);
      }
    }
  }
  return { ok: problemCount === 0, checked, problems, problemCount };
}

function cmpLevel(levelOf: Map<string, [number, number]>, a: string, b: string): number {
  return levelOf.get(a)![0] - levelOf.get(b)![0];
}
