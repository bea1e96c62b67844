/**
 * Change rates by unit (issue 17 §3): of the persons in both rounds, the share whose record changed
 * in each section of the form, in any item, and the share identical to last year's in every compared
 * item (a record copied forward without a visit?), per unit and per collector, each unit tested
 * against the rest of its county.
 *
 * Outlier test — a two-proportion z-test of the unit against the rest of its county:
 * `z = (p_unit − p_rest) / sqrt(p̂ (1 − p̂) (1/n_unit + 1/n_rest))` with `p̂` the county's pooled rate;
 * a unit with at least `minCompared` persons and `|z| ≥ outlierZ` (default 3) is flagged `low` or
 * `high`. The rest of the county, not the county itself, is the reference so that a large township
 * cannot hide in its own average; `|z| ≥ 3` rather than 1.96 because a county has 10–30 townships ×
 * about 10 sections, and at 1.96 about one cell in twenty would be flagged by chance alone. DHIS2's
 * outlier analysis flags values against a distribution the same way (a z-score threshold of 3 by
 * default).
 */
import { unitAt } from './units.js';
import type { RegionLevel } from '@canji/regions';
import type { ComparedSection } from './compare-items.js';

/** A share with its test against the rest of the county (`z`, `flag` are `null` for county rows and untestable units). */
export interface RateCell {
  readonly count: number;
  /** `count / compared`, `null` when nobody was compared. */
  readonly rate: number | null;
  readonly z: number | null;
  readonly flag: 'low' | 'high' | null;
}

/** Change rates of one unit (a county, a unit at the chosen level, or a collector). */
export interface ChangeRow {
  /** Unit code (`null`: region unknown at this level); for a collector, the county code. */
  readonly unit: string | null;
  /** The county the unit is tested against (6 digits). */
  readonly county: string | null;
  /** Persons in both rounds whose records were compared. */
  readonly compared: number;
  /** By section id: records with a change in that section. */
  readonly changed: Readonly<Record<string, RateCell>>;
  /** Records with a change in any compared item. */
  readonly anyChange: RateCell;
  /** Records identical to last round's in every compared item (copied forward?). */
  readonly identical: RateCell;
}

/** Change rates of one collector (信息采集员, the form's `collector` cover item). */
export interface CollectorChangeRow extends Omit<ChangeRow, 'changed'> {
  /** The collector's name, masked unless `fullIdentifiers` (a name is a direct identifier). */
  readonly collector: string;
}

/** The change-rate tables of a reconciliation. */
export interface ChangeRates {
  /** zh-CN description of what is compared and how units are flagged. */
  readonly method: string;
  readonly outlierZ: number;
  readonly minCompared: number;
  /** Sections compared, each with its items (keys of this round's form). */
  readonly sections: readonly ComparedSection[];
  readonly total: ChangeRow;
  readonly counties: readonly ChangeRow[];
  readonly units: readonly ChangeRow[];
  /** `null` when this round's records carry no collector. */
  readonly collectors: readonly CollectorChangeRow[] | null;
}

export const CHANGE_METHOD =
  '比较上一轮和本轮都有记录的人（连续、县内迁移），只比较两版登记表对应关系为“相同”的题目（封面各项、填表日期和调查备注除外）。各单位的变化比例与所在县其余单位合并比例作两比例 z 检验，比较人数不少于最小人数且 |z| 不小于阈值的标为偏低或偏高。';

class Tally {
  compared = 0;
  any = 0;
  identical = 0;
  readonly bySection: number[];
  constructor(sections: number) {
    this.bySection = new Array<number>(sections).fill(0);
  }
  add(changed: readonly boolean[]): void {
    this.compared++;
    let any = false;
    for (let g = 0; g < changed.length; g++) {
      if (changed[g]) {
        this.bySection[g]!++;
        any = true;
      }
    }
    if (any) this.any++;
    else this.identical++;
  }
}

/** Accumulates compared persons, then builds the tables. @internal */
export class ChangeAccumulator {
  private readonly total: Tally;
  private readonly counties = new Map<string, Tally>();
  private readonly units = new Map<string, Tally>();
  private readonly collectors = new Map<string, Tally>();
  private sawCollector = false;

  constructor(
    private readonly sections: readonly ComparedSection[],
    private readonly level: RegionLevel,
  ) {
    this.total = new Tally(sections.length);
  }

  add(region: string | undefined, collector: string | undefined, changed: readonly boolean[]): void {
    this.total.add(changed);
    const county = unitAt(region, 'county') ?? '';
    const unit = unitAt(region, this.level) ?? '';
    this.tally(this.counties, county).add(changed);
    this.tally(this.units, `${county}|${unit}`).add(changed);
    if (collector !== undefined) {
      this.sawCollector = true;
      this.tally(this.collectors, `${county}|${collector}`).add(changed);
    }
  }

  private tally(m: Map<string, Tally>, k: string): Tally {
    let t = m.get(k);
    if (!t) m.set(k, (t = new Tally(this.sections.length)));
    return t;
  }

  result(opts: { outlierZ: number; minCompared: number; showCollector: (name: string) => string }): ChangeRates {
    const { outlierZ, minCompared } = opts;
    const plain = (unit: string | null, county: string | null, t: Tally): ChangeRow => ({
      unit,
      county,
      compared: t.compared,
      changed: Object.fromEntries(this.sections.map((s, g) => [s.id, cell(t.bySection[g]!, t.compared, null, 0, 0)])),
      anyChange: cell(t.any, t.compared, null, 0, 0),
      identical: cell(t.identical, t.compared, null, 0, 0),
    });
    const tested = (unit: string | null, countyKey: string, t: Tally): ChangeRow => {
      const c = this.counties.get(countyKey)!;
      const test = { outlierZ, minCompared };
      return {
        unit,
        county: countyKey || null,
        compared: t.compared,
        changed: Object.fromEntries(this.sections.map((s, g) => [s.id, cell(t.bySection[g]!, t.compared, test, c.bySection[g]!, c.compared)])),
        anyChange: cell(t.any, t.compared, test, c.any, c.compared),
        identical: cell(t.identical, t.compared, test, c.identical, c.compared),
      };
    };
    const byKey = <T>(m: Map<string, Tally>, f: (k: string, t: Tally) => T) => [...m.keys()].sort().map((k) => f(k, m.get(k)!));
    return {
      method: CHANGE_METHOD,
      outlierZ,
      minCompared,
      sections: this.sections,
      total: plain(null, null, this.total),
      counties: byKey(this.counties, (k, t) => plain(k || null, k || null, t)),
      units: byKey(this.units, (k, t) => {
        const [county, unit] = k.split('|') as [string, string];
        return tested(unit || null, county, t);
      }),
      collectors: this.sawCollector
        ? byKey(this.collectors, (k, t) => {
            const i = k.indexOf('|');
            const county = k.slice(0, i);
            const { changed: _changed, ...row } = tested(county || null, county, t);
            return { ...row, collector: opts.showCollector(k.slice(i + 1)) };
          })
        : null,
    };
  }
}

/**
 * A share of a unit and its two-proportion z-test against the rest of its county (`countyCount`
 * of `countyN` includes the unit). @internal
 */
export function cell(count: number, n: number, test: { outlierZ: number; minCompared: number } | null, countyCount: number, countyN: number): RateCell {
  const rate = n === 0 ? null : count / n;
  if (!test || n === 0) return { count, rate, z: null, flag: null };
  const restN = countyN - n;
  if (restN <= 0) return { count, rate, z: null, flag: null };
  const z = twoProportionZ(count, n, countyCount - count, restN);
  const flag = n >= test.minCompared && Math.abs(z) >= test.outlierZ ? (z < 0 ? 'low' : 'high') : null;
  return { count, rate, z, flag };
}

/**
 * Two-proportion z statistic of `x1/n1` against `x2/n2` with the pooled variance (0 when both
 * shares are 0 or 1).
 *
 * @example
 * ```ts
 * import { twoProportionZ } from '@canji/rounds';
 * twoProportionZ(5, 100, 50, 500).toFixed(2); //=> '-1.58'
 * ```
 */
export function twoProportionZ(x1: number, n1: number, x2: number, n2: number): number {
  const p = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2));
  if (!(se > 0)) return 0;
  return (x1 / n1 - x2 / n2) / se;
}
