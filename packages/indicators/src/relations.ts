/**
 * The additive relations among a result's rows — a group's counts are the sums of its children's
 * one step finer (a city of its counties, all categories of each category) — as row indices, for
 * small-cell protection of published tables (`@canji/deid`'s `suppressLinkedCells`): hiding one
 * row of a relation is not enough when the others and the total are published.
 */
import { regionCodeAt, type GroupValue, type RegionLevel } from './dimensions.js';
import type { IndicatorResult } from './compute.js';

/**
 * One additive relation: `rows[total]` = Σ `rows[parts]` for numerator, denominator and missing.
 *
 * @example
 * ```ts
 * import type { RowRelation } from '@canji/indicators';
 * const r: RowRelation = { total: 0, parts: [1, 2] }; // the grand total = 男 + 女
 * ```
 */
export interface RowRelation {
  readonly total: number;
  readonly parts: readonly number[];
}

const SEP = '\u0001';

/**
 * Every additive relation among the rows of a result, by index into `result.rows`: for each row
 * and each of its dimensions, the row one step coarser (the dimension dropped, or the region one
 * level up) is the total of all rows that share it and differ only in that dimension. When that
 * row was not output (`groupingSets: 'leaves'`), the next coarser row that was output is the total.
 * Rows of different indicators are never related.
 *
 * @example
 * ```ts
 * import { computeIndicators, indicatorRelations, PERSON_INDICATORS } from '@canji/indicators';
 * const recs = [{ person_status: 6, r31: 1, sex: 'male' }, { person_status: 6, r31: 2, sex: 'female' }];
 * const res = computeIndicators(recs, { indicators: [PERSON_INDICATORS.familyDoctorContractRate], by: ['sex'], asOf: '2019-07-01' });
 * indicatorRelations(res); //=> [{ total: 0, parts: [1, 2] }]
 * ```
 */
export function indicatorRelations(result: Pick<IndicatorResult, 'rows' | 'dimensions'>): RowRelation[] {
  const dims = result.dimensions;
  const levelOf = new Map<string, [number, number]>();
  dims.forEach((d, i) => d.levels.forEach((l, j) => levelOf.set(l, [i, j])));
  const keyOf = (indicator: string, by: readonly string[], group: Readonly<Record<string, GroupValue>>): string => {
    let k = indicator + SEP + by.join(',') + SEP;
    for (const l of by) {
      const v = group[dims[levelOf.get(l)![0]]!.id];
      k += (v === null || v === undefined ? '' : String(v)) + SEP;
    }
    return k;
  };
  const index = new Map<string, number>();
  result.rows.forEach((r, i) => {
    if (r.by.every((l) => levelOf.has(l))) index.set(keyOf(r.indicator, r.by, r.group), i);
  });
  /** One step coarser along position p: the dimension's level up, or the dimension dropped. */
  const coarser = (by: readonly string[], group: Readonly<Record<string, GroupValue>>, p: number): { by: string[]; group: Record<string, GroupValue> } => {
    const [di, lj] = levelOf.get(by[p]!)!;
    const dim = dims[di]!;
    const nextBy = [...by];
    const nextGroup: Record<string, GroupValue> = { ...group };
    if (lj > 0) {
      const level = dim.levels[lj - 1]!;
      nextBy[p] = level;
      const v = group[dim.id];
      nextGroup[dim.id] = v === null || v === undefined ? null : regionCodeAt(String(v), level as RegionLevel);
    } else {
      nextBy.splice(p, 1);
      delete nextGroup[dim.id];
    }
    return { by: nextBy, group: nextGroup };
  };
  const groups = new Map<string, { total: number; parts: number[] }>();
  result.rows.forEach((r, i) => {
    if (!r.by.every((l) => levelOf.has(l))) return;
    for (let p = 0; p < r.by.length; p++) {
      // Walk up along this dimension (then drop the others' refinements only if needed) until an output row is found.
      let step = coarser(r.by, r.group, p);
      let total = index.get(keyOf(r.indicator, step.by, step.group));
      while (total === undefined && step.by.length > 0) {
        const q = step.by.length - 1;
        step = coarser(step.by, step.group, Math.min(p, q));
        total = index.get(keyOf(r.indicator, step.by, step.group));
      }
      if (total === undefined) continue;
      const sig = `${total}>${r.by.join(',')}>${p}`;
      let g = groups.get(sig);
      if (!g) groups.set(sig, (g = { total, parts: [] }));
      g.parts.push(i);
    }
  });
  return [...groups.values()];
}
