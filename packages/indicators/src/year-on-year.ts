/**
 * Year on year (年度比较): every indicator of this round beside last round's, the difference, and
 * whether the difference is larger than the sampling noise — a 95 % interval for the difference of
 * two proportions, computed from the two Wilson intervals by Newcombe's hybrid score ("square and
 * add") method:
 *
 * - all persons of each round: two independent samples, Newcombe (1998) "Interval estimation for
 *   the difference between independent proportions: comparison of eleven methods", Statistics in
 *   Medicine 17:873–890, method 10 (tested against its Table II);
 * - the continuing persons (in both rounds): the two proportions are not independent, so the
 *   interval takes the correlation between a person's two answers into account — Newcombe (1998)
 *   "Improved confidence intervals for the difference between binomial proportions based on paired
 *   data", Statistics in Medicine 17:2635–2650, method 10 (tested against its Table II, and against
 *   the Cavo et al. example of Fagerland, Lydersen & Laake, "Statistical Analysis of Contingency
 *   Tables", 2017, chapter 8), when the indicator's population is the same persons in both rounds;
 *   when it is not (a child aged into school age, an adult out of working age), the overlap is
 *   paired and the rest independent, and the correlation is scaled by the overlap (see
 *   {@link overlappingDifferenceInterval}: approximate, not from a published table).
 */
import { viewAs2017 } from '@canji/form';
import { canonicalResidentId, dateNumber, isoDate } from '@canji/id';
import { builtinPersonIndicators, indicatorsForFormVersion } from './builtins-2021.js';
import { createIndicatorCalculator, type ComputeOptions, type IndicatorResult, type IndicatorRow, type SmallCellOptions } from './compute.js';
import { normaliseDimensions, type Dimension, type DimensionInfo, type DimSpec, type GroupValue, type RegionNameLookup } from './dimensions.js';
import type { FormVersion, IndicatorMetadata, PersonIndicator } from './model.js';
import { groupValueLabel, type LabelOptions } from './output.js';
import { calculatorPredicate, setRecordFacts } from './conditions.js';
import { fillContext, type MutableRecordContext, type PersonRecordLike } from './record.js';
import { wilsonInterval, Z95 } from './wilson.js';

/** `Array.isArray` without narrowing a readonly array to `any[]`. */
const isList = (v: unknown): boolean => Array.isArray(v);

// ---------------------------------------------------------------------------------------------
// Intervals for a difference of proportions
// ---------------------------------------------------------------------------------------------

/**
 * A paired 2 × 2 table: the persons counted in an indicator's population in both rounds, by their
 * answer in each (in the numerator or not).
 *
 * @example
 * ```ts
 * import type { PairedCounts } from '@canji/indicators';
 * // Newcombe (1998, paired data), Table II example (a): 36 yes in both, 12 yes now only, 2 yes before only, 0 in neither.
 * const t: PairedCounts = { both: 36, currentOnly: 12, previousOnly: 2, neither: 0 };
 * ```
 */
export interface PairedCounts {
  /** In the numerator in both rounds (Newcombe's e, the a of a McNemar table). */
  readonly both: number;
  /** In the numerator this round only (f). */
  readonly currentOnly: number;
  /** In the numerator last round only (g). */
  readonly previousOnly: number;
  /** In the numerator in neither round (h). */
  readonly neither: number;
}

/** Square and add: θ − √(…) and θ + √(…) from the two Wilson intervals and a correlation (0: independent). */
function squareAndAdd(p1: number, w1: readonly [number, number], p2: number, w2: readonly [number, number], phi: number): [number, number] {
  const [l1, u1] = w1;
  const [l2, u2] = w2;
  const theta = p1 - p2;
  const dl = Math.sqrt(Math.max(0, (p1 - l1) ** 2 + (u2 - p2) ** 2 - 2 * phi * (p1 - l1) * (u2 - p2)));
  const du = Math.sqrt(Math.max(0, (p2 - l2) ** 2 + (u1 - p1) ** 2 - 2 * phi * (p2 - l2) * (u1 - p1)));
  // The exact interval lies within [−1, 1] and contains θ; clamp rounding noise only.
  return [Math.max(-1, Math.min(theta, theta - dl)), Math.min(1, Math.max(theta, theta + du))];
}

const isCount = (x: number) => Number.isInteger(x) && x >= 0;

/**
 * 95 % interval for the difference p₁ − p₂ of two independent proportions x₁/n₁ and x₂/n₂ by
 * Newcombe's hybrid score method (1998, method 10): from the Wilson interval of each,
 * L = θ − √((p₁ − l₁)² + (u₂ − p₂)²), U = θ + √((u₁ − p₁)² + (p₂ − l₂)²). Good coverage at small n
 * and near 0 or 1, where the Wald interval fails; always within [−1, 1]. `null` when a count is not
 * a whole number with 0 ≤ x ≤ n, or n is 0.
 *
 * @example
 * ```ts
 * import { newcombeDifferenceInterval } from '@canji/indicators';
 * // Newcombe (1998), Table II example (a): 56/70 − 48/80 = 0.2000
 * const [lo, hi] = newcombeDifferenceInterval(56, 70, 48, 80)!;
 * [lo.toFixed(4), hi.toFixed(4)]; //=> ['0.0524', '0.3339']
 * newcombeDifferenceInterval(1, 0, 1, 2); //=> null
 * ```
 */
export function newcombeDifferenceInterval(x1: number, n1: number, x2: number, n2: number, z: number = Z95): [number, number] | null {
  if (![x1, n1, x2, n2].every(isCount) || x1 > n1 || x2 > n2) return null;
  const w1 = wilsonInterval(x1, n1, z);
  const w2 = wilsonInterval(x2, n2, z);
  if (!w1 || !w2) return null;
  return squareAndAdd(x1 / n1, w1, x2 / n2, w2, 0);
}

/**
 * Newcombe's estimate of the correlation between the two answers of a paired table, with his
 * continuity correction: (ad − bc − n/2)/√(product of the margins) when ad − bc > n/2, 0 when
 * 0 ≤ ad − bc ≤ n/2, (ad − bc)/√(…) when negative, 0 when a margin is empty (1998, paired, §3).
 */
function pairedPhi(t: PairedCounts): number {
  const { both: a, currentOnly: b, previousOnly: c, neither: d } = t;
  const n = a + b + c + d;
  const margins = (a + b) * (c + d) * (a + c) * (b + d);
  if (margins === 0) return 0;
  const ad = a * d - b * c;
  if (ad > n / 2) return (ad - n / 2) / Math.sqrt(margins);
  if (ad >= 0) return 0;
  return ad / Math.sqrt(margins);
}

function pairedCountsValid(t: PairedCounts): boolean {
  return t !== null && typeof t === 'object' && [t.both, t.currentOnly, t.previousOnly, t.neither].every(isCount);
}

/**
 * 95 % interval for the difference of two proportions measured on the same persons (this round's
 * share minus last round's, p₁ = (both + currentOnly)/n, p₂ = (both + previousOnly)/n) by Newcombe's
 * hybrid score method for paired data (1998, method 10): the two Wilson intervals combined with
 * the estimated correlation φ between a person's two answers (continuity-corrected, see the
 * source). `null` for an empty table or counts that are not whole numbers ≥ 0.
 *
 * @example
 * ```ts
 * import { newcombePairedDifferenceInterval } from '@canji/indicators';
 * // Newcombe (1998, paired data), Table II example (a): difference (12 − 2)/50 = 0.2
 * const [lo, hi] = newcombePairedDifferenceInterval({ both: 36, currentOnly: 12, previousOnly: 2, neither: 0 })!;
 * [lo.toFixed(4), hi.toFixed(4)]; //=> ['0.0569', '0.3404']
 * ```
 */
export function newcombePairedDifferenceInterval(table: PairedCounts, z: number = Z95): [number, number] | null {
  if (!pairedCountsValid(table)) return null;
  const { both: a, currentOnly: b, previousOnly: c, neither: d } = table;
  const n = a + b + c + d;
  if (n === 0) return null;
  return squareAndAdd((a + b) / n, wilsonInterval(a + b, n, z)!, (a + c) / n, wilsonInterval(a + c, n, z)!, pairedPhi(table));
}

/**
 * 95 % interval for this round's share x₁/n₁ minus last round's x₂/n₂ when some persons are counted
 * in both (the `overlap` table, n₁₂ persons) and the others in one round only — the continuing
 * persons of an indicator whose population changes with age or status. Approximate: the square
 * and add of the two Wilson intervals with the correlation of the two shares,
 * φ × n₁₂ / √(n₁ n₂) (φ of the overlap as in {@link newcombePairedDifferenceInterval}), which is
 * exactly Newcombe's paired method when every person is in both (n₁₂ = n₁ = n₂) and his
 * independent method when none is. Not from a published table; its coverage is checked by
 * simulation in the package's tests. `null` when the counts do not fit together (the overlap
 * larger than a round, or its numerators larger than a round's).
 *
 * @example
 * ```ts
 * import { newcombeDifferenceInterval, newcombePairedDifferenceInterval, overlappingDifferenceInterval } from '@canji/indicators';
 * const overlap = { both: 36, currentOnly: 12, previousOnly: 2, neither: 0 };
 * overlappingDifferenceInterval({ x: 48, n: 50 }, { x: 38, n: 50 }, overlap)!.map((v) => v.toFixed(4)); //=> ['0.0569', '0.3404']
 * overlappingDifferenceInterval({ x: 56, n: 70 }, { x: 48, n: 80 }, { both: 0, currentOnly: 0, previousOnly: 0, neither: 0 })!.map((v) => v.toFixed(4)); //=> ['0.0524', '0.3339']
 * ```
 */
export function overlappingDifferenceInterval(
  current: { readonly x: number; readonly n: number },
  previous: { readonly x: number; readonly n: number },
  overlap: PairedCounts,
  z: number = Z95,
): [number, number] | null {
  const { x: x1, n: n1 } = current ?? ({} as { x: number; n: number });
  const { x: x2, n: n2 } = previous ?? ({} as { x: number; n: number });
  if (![x1, n1, x2, n2].every(isCount) || x1 > n1 || x2 > n2 || n1 === 0 || n2 === 0 || !pairedCountsValid(overlap)) return null;
  const { both: a, currentOnly: b, previousOnly: c, neither: d } = overlap;
  const n12 = a + b + c + d;
  if (n12 > n1 || n12 > n2 || a + b > x1 || a + c > x2 || c + d > n1 - x1 || b + d > n2 - x2) return null;
  const phi = n12 === 0 ? 0 : (pairedPhi(overlap) * n12) / Math.sqrt(n1 * n2);
  return squareAndAdd(x1 / n1, wilsonInterval(x1, n1, z)!, x2 / n2, wilsonInterval(x2, n2, z)!, phi);
}

// ---------------------------------------------------------------------------------------------
// Comparing two results
// ---------------------------------------------------------------------------------------------

/**
 * Who a comparison is about: `'all'` every person of each round (the published figure of each
 * year), `'continuing'` only the persons found in both rounds (the change among the same people:
 * 年度改善情况, free of who entered and left).
 *
 * @example
 * ```ts
 * import type { YearOnYearPopulation } from '@canji/indicators';
 * const population: YearOnYearPopulation = 'continuing';
 * ```
 */
export type YearOnYearPopulation = 'all' | 'continuing';

/**
 * How a row's interval was computed:
 * - `'newcombe-independent'`: two independent proportions, Newcombe 1998 method 10 (all persons);
 * - `'newcombe-paired'`: the same persons in both rounds' population, Newcombe 1998 paired method 10;
 * - `'newcombe-overlapping'`: continuing persons whose population differs between the rounds (some
 *   counted in one round only): {@link overlappingDifferenceInterval}, approximate;
 * - `'newcombe-independent-approximate'`: continuing persons compared without the paired counts
 *   (the pairing ignored; conservative — too wide — when a person's answers agree from year to
 *   year more often than chance, as they do);
 * - `'difference-only'`: not a proportion (a count, a mean): the difference, no interval;
 * - `'no-data'`: no value in one of the rounds.
 *
 * @example
 * ```ts
 * import { DIFFERENCE_METHOD_LABELS, type DifferenceMethod } from '@canji/indicators';
 * const m: DifferenceMethod = 'newcombe-paired';
 * DIFFERENCE_METHOD_LABELS[m]; //=> 'Newcombe 配对混合得分法（同一批人）'
 * ```
 */
export type DifferenceMethod =
  | 'newcombe-independent'
  | 'newcombe-paired'
  | 'newcombe-overlapping'
  | 'newcombe-independent-approximate'
  | 'difference-only'
  | 'no-data';

/**
 * zh-CN names of the {@link DifferenceMethod}s, for report footnotes.
 *
 * @example
 * ```ts
 * import { DIFFERENCE_METHOD_LABELS } from '@canji/indicators';
 * DIFFERENCE_METHOD_LABELS['difference-only']; //=> '仅差值（非比例指标，不给区间）'
 * ```
 */
export const DIFFERENCE_METHOD_LABELS: Readonly<Record<DifferenceMethod, string>> = Object.freeze({
  'newcombe-independent': 'Newcombe 混合得分法（两轮独立）',
  'newcombe-paired': 'Newcombe 配对混合得分法（同一批人）',
  'newcombe-overlapping': 'Newcombe 混合得分法，按两轮共有人员的相关性调整（近似）',
  'newcombe-independent-approximate': 'Newcombe 混合得分法，未计配对（近似，偏保守）',
  'difference-only': '仅差值（非比例指标，不给区间）',
  'no-data': '无数据（某一轮无值）',
});

/**
 * What a comparison reads of a result: {@link IndicatorResult} or any result of the same shape
 * (a local computation of counts or means, compared with `measures`).
 *
 * @example
 * ```ts
 * import { computeIndicators, type ComparableResult } from '@canji/indicators';
 * const r: ComparableResult = computeIndicators([], { asOf: '2019-06-30' });
 * ```
 */
export type ComparableResult = Pick<IndicatorResult, 'asOf' | 'records' | 'indicators' | 'dimensions' | 'rows'> & Partial<Pick<IndicatorResult, 'regionNames'>>;

/**
 * One round's side of a comparison row (the row of that round's result).
 *
 * @example
 * ```ts
 * import type { ComparisonSide } from '@canji/indicators';
 * const side: ComparisonSide = { numerator: 56, denominator: 70, missing: 0, value: 80, ciLower: 69.2, ciUpper: 87.7, smallCell: false };
 * ```
 */
export interface ComparisonSide {
  readonly numerator: number;
  readonly denominator: number;
  readonly missing: number;
  readonly value: number | null;
  readonly ciLower: number | null;
  readonly ciUpper: number | null;
  readonly smallCell: boolean;
}

/**
 * One indicator in one group (unit × dimension cell), this round beside last round.
 *
 * @example
 * ```ts
 * import { compareIndicatorResults, computeIndicators, PERSON_INDICATORS, type IndicatorComparisonRow } from '@canji/indicators';
 * const calc = (yes: number, no: number, asOf: string) => computeIndicators(
 *   [...Array(yes).fill({ person_status: 6, r31: 1 }), ...Array(no).fill({ person_status: 6, r31: 2 })],
 *   { indicators: [PERSON_INDICATORS.familyDoctorContractRate], asOf });
 * const row: IndicatorComparisonRow = compareIndicatorResults(calc(56, 14, '2019-06-30'), calc(48, 32, '2018-06-30')).rows[0]!;
 * [row.difference!.toFixed(1), row.ciLower!.toFixed(2), row.ciUpper!.toFixed(2), row.significant, row.method];
 * //=> ['20.0', '5.24', '33.39', true, 'newcombe-independent']
 * ```
 */
export interface IndicatorComparisonRow {
  readonly indicator: string;
  /** As {@link IndicatorRow.by}: the dimensions of the group, `[]` for the grand total. */
  readonly by: readonly string[];
  readonly group: Readonly<Record<string, GroupValue>>;
  readonly population: YearOnYearPopulation;
  /** This round's row, `null` when this round has no such group (or did not compute the indicator). */
  readonly current: ComparisonSide | null;
  readonly previous: ComparisonSide | null;
  /** Index of the row in each result's `rows` (for aligning suppression flags), `null` when absent. */
  readonly currentIndex: number | null;
  readonly previousIndex: number | null;
  /** This round's value minus last round's, in the indicator's unit (percentage points for %). */
  readonly difference: number | null;
  /** 95 % interval of the difference in the indicator's unit; `null` without an interval (see `method`). */
  readonly ciLower: number | null;
  readonly ciUpper: number | null;
  /** The interval excludes 0; `null` when there is no interval. */
  readonly significant: boolean | null;
  readonly method: DifferenceMethod;
  /** Either round's row is a small cell. */
  readonly smallCell: boolean;
  /** Continuing persons: the persons counted in both rounds' population of this group (when known). */
  readonly paired?: PairedCounts;
}

/**
 * A warning about a comparison (not about a record).
 *
 * @example
 * ```ts
 * import type { ComparisonWarning } from '@canji/indicators';
 * const w: ComparisonWarning = { code: 'YOY_INDICATOR_ONE_ROUND', indicator: 'dangerous-house-rate', message: '…' };
 * ```
 */
export interface ComparisonWarning {
  /**
   * YOY_INDICATOR_ONE_ROUND: an indicator was computed in one round only (form version, department
   * data); YOY_DIMENSIONS_DIFFER: the rounds were broken down differently (only the groups in both
   * are compared); YOY_AS_OF_ORDER: last round's reference date is not before this round's;
   * YOY_FACTOR_DIFFERS: an indicator's factor or unit differs between the rounds (compared as
   * this round's); YOY_PAIRED_MISMATCH: paired counts that do not fit the rows (ignored);
   * YOY_NO_KEY, YOY_DUPLICATE_KEY: records without a person key, or with one found twice in a
   * round (not counted as continuing); YOY_NOT_PERSON: village indicators have no continuing persons.
   */
  readonly code:
    | 'YOY_INDICATOR_ONE_ROUND'
    | 'YOY_DIMENSIONS_DIFFER'
    | 'YOY_AS_OF_ORDER'
    | 'YOY_FACTOR_DIFFERS'
    | 'YOY_PAIRED_MISMATCH'
    | 'YOY_NO_KEY'
    | 'YOY_DUPLICATE_KEY'
    | 'YOY_NOT_PERSON';
  readonly message: string;
  readonly indicator?: string;
}

/**
 * A comparison of two rounds' results.
 *
 * @example
 * ```ts
 * import { compareIndicatorResults, computeIndicators, type IndicatorComparison } from '@canji/indicators';
 * const c: IndicatorComparison = compareIndicatorResults(computeIndicators([], { asOf: '2019-06-30' }), computeIndicators([], { asOf: '2018-06-30' }));
 * [c.population, c.asOf.previous, c.rows[0]!.method]; //=> ['all', '2018-06-30', 'no-data']
 * ```
 */
export interface IndicatorComparison {
  readonly population: YearOnYearPopulation;
  /** Round names shown in outputs (default 本轮 / 上轮). */
  readonly labels: { readonly current: string; readonly previous: string };
  readonly asOf: { readonly current: string; readonly previous: string };
  readonly records: { readonly current: number; readonly previous: number };
  /** The indicators of either round, this round's metadata first. */
  readonly indicators: readonly IndicatorMetadata[];
  readonly dimensions: readonly DimensionInfo[];
  readonly rows: readonly IndicatorComparisonRow[];
  readonly warnings: readonly ComparisonWarning[];
  /** Region names of both results (this round's first). */
  readonly regionNames?: Readonly<Record<string, string>>;
}

/**
 * Options of {@link compareIndicatorResults}.
 *
 * @example
 * ```ts
 * import type { CompareIndicatorsOptions } from '@canji/indicators';
 * const opts: CompareIndicatorsOptions = { population: 'continuing', labels: { current: '2019年', previous: '2018年' } };
 * ```
 */
export interface CompareIndicatorsOptions {
  /** Default `'all'` (two independent samples). */
  readonly population?: YearOnYearPopulation;
  readonly labels?: { readonly current: string; readonly previous: string };
  /**
   * Continuing persons: the paired counts of each group (what {@link computeYearOnYear} works out
   * from the persons), matched to the rows by indicator, `by` and `group`. Without them a
   * continuing comparison uses the independent interval (`'newcombe-independent-approximate'`).
   */
  readonly paired?: readonly PairedCountsRow[];
  /**
   * Indicators that are not proportions (`'count'`, `'mean'`): their rows get the difference only.
   * A row whose counts are not a proportion (numerator above denominator, fractions) gets it too.
   */
  readonly measures?: Readonly<Record<string, 'proportion' | 'count' | 'mean'>>;
}

/**
 * The paired counts of one indicator in one group (see {@link CompareIndicatorsOptions.paired}).
 *
 * @example
 * ```ts
 * import type { PairedCountsRow } from '@canji/indicators';
 * const p: PairedCountsRow = { indicator: 'employment-rate', by: [], group: {}, both: 30, currentOnly: 4, previousOnly: 2, neither: 40 };
 * ```
 */
export interface PairedCountsRow extends PairedCounts {
  readonly indicator: string;
  readonly by: readonly string[];
  readonly group: Readonly<Record<string, GroupValue>>;
}

const SEP = '\u0001';

/** The dimension id of a `by` entry (a region level → 'region'), from the result's dimensions. */
function dimIdFor(dimensions: readonly DimensionInfo[], level: string): string {
  return dimensions.find((d) => d.levels.includes(level))?.id ?? level;
}

function valueKey(v: GroupValue | undefined): string {
  return v === null || v === undefined ? '\u0000' : `${typeof v === 'number' ? 'n' : 's'}${v}`;
}

/** @internal the key of a group: its levels and, in that order, their values. */
export function groupKeyOf(by: readonly string[], values: readonly (GroupValue | undefined)[]): string {
  return by.join(SEP) + '\u0002' + values.map(valueKey).join(SEP);
}

function rowKey(dimensions: readonly DimensionInfo[], indicator: string, by: readonly string[], group: Readonly<Record<string, GroupValue>>): string {
  return indicator + '\u0003' + groupKeyOf(by, by.map((l) => group[dimIdFor(dimensions, l)]));
}

function sideOf(r: IndicatorRow): ComparisonSide {
  return { numerator: r.numerator, denominator: r.denominator, missing: r.missing, value: r.value, ciLower: r.ciLower, ciUpper: r.ciUpper, smallCell: r.smallCell };
}

function binomial(s: ComparisonSide): boolean {
  return isCount(s.numerator) && isCount(s.denominator) && s.numerator <= s.denominator && s.denominator > 0;
}

function assertResult(r: unknown, which: string): asserts r is ComparableResult {
  const ok = r !== null && typeof r === 'object' && isList((r as ComparableResult).rows) && isList((r as ComparableResult).indicators) && isList((r as ComparableResult).dimensions);
  if (!ok) throw new TypeError(`INDICATOR_YOY_INPUT: ${which}须为指标计算结果（computeIndicators 的返回值）`);
}

const sameDims = (a: readonly DimensionInfo[], b: readonly DimensionInfo[]) =>
  a.length === b.length && a.every((d, i) => d.id === b[i]!.id && d.levels.join() === b[i]!.levels.join());

/**
 * Compares this round's result with last round's: per indicator and group (matched by indicator,
 * `by` and group values), both values, the difference (this round minus last, in the indicator's
 * unit: percentage points for a %), its 95 % interval and whether the interval excludes 0. Rows are
 * in this round's order, then the groups found only last round. See {@link DifferenceMethod} for
 * how each interval is computed.
 *
 * @example
 * ```ts
 * import { compareIndicatorResults, computeIndicators, PERSON_INDICATORS } from '@canji/indicators';
 * const round = (yes: number, no: number, asOf: string) => computeIndicators(
 *   [...Array(yes).fill({ person_status: 6, r31: 1 }), ...Array(no).fill({ person_status: 6, r31: 2 })],
 *   { indicators: [PERSON_INDICATORS.familyDoctorContractRate], asOf });
 * const c = compareIndicatorResults(round(9, 1, '2019-06-30'), round(3, 7, '2018-06-30'), { labels: { current: '2019年', previous: '2018年' } });
 * const [total] = c.rows;
 * [total!.current!.value, total!.previous!.value, total!.difference!.toFixed(1)]; //=> [90, 30, '60.0']
 * [total!.ciLower!.toFixed(2), total!.ciUpper!.toFixed(2), total!.significant]; //=> ['17.05', '80.90', true]
 * ```
 */
export function compareIndicatorResults(current: ComparableResult, previous: ComparableResult, opts: CompareIndicatorsOptions = {}): IndicatorComparison {
  assertResult(current, '本轮结果（current）');
  assertResult(previous, '上轮结果（previous）');
  const population = opts.population ?? 'all';
  if (population !== 'all' && population !== 'continuing') throw new TypeError(`INDICATOR_YOY_POPULATION: population 须为 'all' 或 'continuing'，实际为 ${JSON.stringify(population)}`);
  const warnings: ComparisonWarning[] = [];
  if (typeof current.asOf === 'string' && typeof previous.asOf === 'string' && !(previous.asOf < current.asOf)) {
    warnings.push({ code: 'YOY_AS_OF_ORDER', message: `上轮的参照日期（${previous.asOf}）不早于本轮（${current.asOf}）：请确认两轮没有颠倒` });
  }
  if (!sameDims(current.dimensions, previous.dimensions)) {
    warnings.push({ code: 'YOY_DIMENSIONS_DIFFER', message: '两轮的分组维度不同：只比较两轮都有的分组' });
  }
  const metaCur = new Map(current.indicators.map((i) => [i.id, i]));
  const metaPrev = new Map(previous.indicators.map((i) => [i.id, i]));
  const indicators = [...current.indicators, ...previous.indicators.filter((i) => !metaCur.has(i.id))];
  for (const ind of indicators) {
    const c = metaCur.get(ind.id);
    const p = metaPrev.get(ind.id);
    if (!c || !p) {
      warnings.push({ code: 'YOY_INDICATOR_ONE_ROUND', indicator: ind.id, message: `指标“${ind.name}”（${ind.id}）只在${c ? '本轮' : '上轮'}计算（表式版本或部门数据不同），不能比较` });
    } else if (c.factor !== p.factor || c.unit !== p.unit) {
      warnings.push({ code: 'YOY_FACTOR_DIFFERS', indicator: ind.id, message: `指标“${ind.name}”（${ind.id}）两轮的单位不同（${p.factor} ${p.unit} → ${c.factor} ${c.unit}），按本轮的单位比较` });
    }
  }
  const paired = new Map<string, PairedCountsRow>();
  for (const p of opts.paired ?? []) paired.set(rowKey(current.dimensions, p.indicator, p.by, p.group), p);
  const prevByKey = new Map<string, number>();
  previous.rows.forEach((r, i) => prevByKey.set(rowKey(previous.dimensions, r.indicator, r.by, r.group), i));
  const rows: IndicatorComparisonRow[] = [];
  const seenPrev = new Set<number>();
  const mismatched = new Set<string>();
  current.rows.forEach((r, i) => {
    const key = rowKey(current.dimensions, r.indicator, r.by, r.group);
    const j = prevByKey.get(key);
    if (j !== undefined) seenPrev.add(j);
    const meta = metaCur.get(r.indicator) ?? metaPrev.get(r.indicator);
    rows.push(
      compareRow(r, sideOf(r), i, j === undefined ? null : sideOf(previous.rows[j]!), j ?? null, meta?.factor ?? 1, population, opts.measures?.[r.indicator], paired.get(key), mismatched),
    );
  });
  previous.rows.forEach((r, j) => {
    if (seenPrev.has(j)) return;
    const meta = metaCur.get(r.indicator) ?? metaPrev.get(r.indicator);
    rows.push(compareRow(r, null, null, sideOf(r), j, meta?.factor ?? 1, population, opts.measures?.[r.indicator], undefined, mismatched));
  });
  for (const id of mismatched) warnings.push({ code: 'YOY_PAIRED_MISMATCH', indicator: id, message: `指标 ${id} 的配对计数与两轮的行不符，已按未配对计算（近似）` });
  const regionNames = current.regionNames || previous.regionNames ? { ...(previous.regionNames ?? {}), ...(current.regionNames ?? {}) } : undefined;
  return {
    population,
    labels: opts.labels ?? { current: '本轮', previous: '上轮' },
    asOf: { current: current.asOf, previous: previous.asOf },
    records: { current: current.records, previous: previous.records },
    indicators,
    dimensions: current.dimensions,
    rows,
    warnings,
    ...(regionNames ? { regionNames } : {}),
  };
}

function compareRow(
  r: IndicatorRow,
  cur: ComparisonSide | null,
  currentIndex: number | null,
  prev: ComparisonSide | null,
  previousIndex: number | null,
  factor: number,
  population: YearOnYearPopulation,
  measure: 'proportion' | 'count' | 'mean' | undefined,
  paired: PairedCountsRow | undefined,
  mismatched: Set<string>,
): IndicatorComparisonRow {
  const base = { indicator: r.indicator, by: r.by, group: r.group, population, current: cur, previous: prev, currentIndex, previousIndex, smallCell: Boolean(cur?.smallCell || prev?.smallCell) };
  const none = { ...base, difference: null, ciLower: null, ciUpper: null, significant: null };
  if (!cur || !prev || cur.value === null || prev.value === null) return { ...none, method: 'no-data' };
  if (measure === 'count' || measure === 'mean' || !binomial(cur) || !binomial(prev)) {
    return { ...none, difference: cur.value - prev.value, method: 'difference-only' };
  }
  const x1 = cur.numerator;
  const n1 = cur.denominator;
  const x2 = prev.numerator;
  const n2 = prev.denominator;
  let method: DifferenceMethod;
  let ci: [number, number] | null;
  const pairedCounts = paired ? { both: paired.both, currentOnly: paired.currentOnly, previousOnly: paired.previousOnly, neither: paired.neither } : undefined;
  if (population === 'all') {
    method = 'newcombe-independent';
    ci = newcombeDifferenceInterval(x1, n1, x2, n2);
  } else if (!pairedCounts) {
    method = 'newcombe-independent-approximate';
    ci = newcombeDifferenceInterval(x1, n1, x2, n2);
  } else {
    const n12 = pairedCounts.both + pairedCounts.currentOnly + pairedCounts.previousOnly + pairedCounts.neither;
    ci = overlappingDifferenceInterval({ x: x1, n: n1 }, { x: x2, n: n2 }, pairedCounts);
    if (ci === null) {
      mismatched.add(r.indicator);
      method = 'newcombe-independent-approximate';
      ci = newcombeDifferenceInterval(x1, n1, x2, n2);
    } else method = n12 === n1 && n12 === n2 ? 'newcombe-paired' : 'newcombe-overlapping';
  }
  const difference = (x1 / n1 - x2 / n2) * factor;
  if (!ci) return { ...none, difference, method: 'difference-only' };
  return {
    ...base,
    difference,
    ciLower: ci[0] * factor,
    ciUpper: ci[1] * factor,
    significant: ci[0] > 0 || ci[1] < 0,
    method,
    ...(pairedCounts && method !== 'newcombe-independent-approximate' ? { paired: pairedCounts } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Two rounds of records: all persons and the continuing persons
// ---------------------------------------------------------------------------------------------

/**
 * How a person is recognised in both rounds: `'resident-id'` (default: `resident_id` read by
 * `@canji/id`'s `canonicalResidentId`, so a lower-case x or a 15-digit number still matches), or a
 * function (e.g. a keyed pseudonym from `@canji/deid` when the rounds come de-identified);
 * `undefined`, `null` or '' = no key (the record is not a continuing person).
 *
 * @example
 * ```ts
 * import type { YearOnYearKey } from '@canji/indicators';
 * const byCertificate: YearOnYearKey = (r) => (typeof r.certificate_no === 'string' ? r.certificate_no.slice(0, 18) : undefined);
 * ```
 */
export type YearOnYearKey = 'resident-id' | ((record: Readonly<Record<string, unknown>>, round: 'current' | 'previous') => string | null | undefined);

/**
 * One round's records for {@link computeYearOnYear}.
 *
 * @example
 * ```ts
 * import type { YearOnYearRound } from '@canji/indicators';
 * const round: YearOnYearRound = { records: [], asOf: '2018-06-30', formVersion: '2017', label: '2018年' };
 * ```
 */
export interface YearOnYearRound {
  /** The records; read twice (keys, then the indicators), so an array or another re-iterable source. */
  readonly records: Iterable<object>;
  /** Reference date of the round (ages are computed at it). */
  readonly asOf: string | Date;
  readonly formVersion?: FormVersion;
  /** Shown in outputs, e.g. '2018年' (default 本轮 / 上轮). */
  readonly label?: string;
  /** As {@link ComputeOptions.departmentSources}, for this round. */
  readonly departmentSources?: ComputeOptions['departmentSources'];
}

/**
 * Input of {@link computeYearOnYear}.
 *
 * @example
 * ```ts
 * import type { YearOnYearInput } from '@canji/indicators';
 * const input: YearOnYearInput = { current: { records: [], asOf: '2019-06-30' }, previous: { records: [], asOf: '2018-06-30' }, by: ['township'] };
 * ```
 */
export interface YearOnYearInput {
  readonly current: YearOnYearRound;
  readonly previous: YearOnYearRound;
  /** Default `'resident-id'`. */
  readonly key?: YearOnYearKey;
  /** Person indicators (default: the built-ins); each round computes those of its form version (`indicatorsForFormVersion`). */
  readonly indicators?: readonly PersonIndicator[];
  readonly by?: readonly Dimension[];
  readonly groupingSets?: ComputeOptions['groupingSets'];
  readonly smallCell?: SmallCellOptions;
  readonly regionName?: RegionNameLookup;
}

/**
 * Counts of persons of a year-on-year comparison.
 *
 * @example
 * ```ts
 * import type { YearOnYearPersons } from '@canji/indicators';
 * const p: YearOnYearPersons = { current: 100, previous: 98, continuing: 95, currentOnly: 5, previousOnly: 3, withoutKey: { current: 0, previous: 0 }, duplicateKeys: { current: 0, previous: 0 } };
 * ```
 */
export interface YearOnYearPersons {
  /** Records of each round. */
  readonly current: number;
  readonly previous: number;
  /** Persons whose key is found once in each round. */
  readonly continuing: number;
  /** Keyed persons of one round only (new this round; not found this round). */
  readonly currentOnly: number;
  readonly previousOnly: number;
  readonly withoutKey: { readonly current: number; readonly previous: number };
  /** Keys found more than once in a round (those records are not continuing persons). */
  readonly duplicateKeys: { readonly current: number; readonly previous: number };
}

/**
 * What {@link computeYearOnYear} returns: the comparison on all persons and on the continuing
 * persons (each labelled with its `population`), and the four results they compare.
 *
 * @example
 * ```ts
 * import { computeYearOnYear, type YearOnYearResult } from '@canji/indicators';
 * const y: YearOnYearResult = computeYearOnYear({ current: { records: [], asOf: '2019-06-30' }, previous: { records: [], asOf: '2018-06-30' } });
 * [y.all.population, y.continuing.population]; //=> ['all', 'continuing']
 * ```
 */
export interface YearOnYearResult {
  readonly persons: YearOnYearPersons;
  readonly all: IndicatorComparison;
  readonly continuing: IndicatorComparison;
  readonly results: {
    readonly all: { readonly current: IndicatorResult; readonly previous: IndicatorResult };
    readonly continuing: { readonly current: IndicatorResult; readonly previous: IndicatorResult };
  };
  /** Paired counts of the continuing persons, per indicator and group (what `continuing` used). */
  readonly paired: readonly PairedCountsRow[];
  readonly warnings: readonly ComparisonWarning[];
}

/** The reference date as the calculator reads it (a Date: its local calendar day); the calculator has already refused a bad one. */
function asOfText(asOf: string | Date): string {
  return asOf instanceof Date ? (isoDate(asOf) ?? '') : asOf;
}

function keyFunction(key: YearOnYearKey | undefined): (r: Readonly<Record<string, unknown>>, round: 'current' | 'previous') => string | undefined {
  if (key === undefined || key === 'resident-id') {
    return (r) => {
      const id = r.resident_id;
      return typeof id === 'string' && id !== '' ? (canonicalResidentId(id) ?? id.trim()) || undefined : undefined;
    };
  }
  if (typeof key !== 'function') throw new TypeError(`INDICATOR_YOY_KEY: key 须为 'resident-id' 或函数，实际为 ${JSON.stringify(key)}`);
  return (r, round) => {
    const k = key(r, round);
    return typeof k === 'string' && k !== '' ? k : undefined;
  };
}

function assertRound(round: YearOnYearRound | undefined, which: string): asserts round is YearOnYearRound {
  if (round === null || typeof round !== 'object' || round.records === null || typeof round.records !== 'object' || !(Symbol.iterator in round.records)) {
    throw new TypeError(`INDICATOR_YOY_INPUT: ${which}须为 { records, asOf }，records 为记录数组`);
  }
  const records = round.records as Iterable<object> & Partial<Iterator<object>>;
  if (typeof records.next === 'function' && records[Symbol.iterator]() === records) {
    throw new TypeError(`INDICATOR_YOY_INPUT: ${which}的 records 只能读一次（迭代器）：请传数组或可重复读取的来源（如 @canji/synth 的 synthesizePersons）`);
  }
}

/**
 * One continuing person in one round: per indicator 0 not in the population, 1 missing (left
 * out), 2 counted, not in the numerator, 3 in the numerator; per dimension and level the group
 * value and its key.
 */
interface PersonState {
  readonly status: Uint8Array;
  readonly values: readonly (readonly GroupValue[])[];
  readonly keys: readonly (readonly string[])[];
}

/**
 * The state of a record as the calculator counts it (the same predicates, the same facts at the
 * round's reference date, the same 2021 → 2017 renumbering); the package's tests check that the
 * paired counts add up to the calculator's rows.
 */
function stateReader(indicators: readonly PersonIndicator[], version: FormVersion | undefined, dims: readonly DimSpec[], asOf: string): (r: PersonRecordLike) => PersonState {
  const asOfNumber = dateNumber(asOf)!;
  const ctx: MutableRecordContext = { asOf, personStatus: undefined, age: undefined, sex: undefined, category: undefined, level: undefined };
  const renumber = indicators.map((i) => version === '2021' && i.numbering === '2017');
  const anyRenumber = renumber.some(Boolean);
  // The calculator's own fast predicates (compiled conditions read the facts set by setRecordFacts).
  type Predicate = (r: PersonRecordLike, c: MutableRecordContext) => boolean;
  const den = indicators.map((i) => calculatorPredicate(i.denominator as Predicate));
  const ans = indicators.map((i) => (i.answered ? calculatorPredicate(i.answered as Predicate) : null));
  const num = indicators.map((i) => calculatorPredicate(i.numerator as Predicate));
  const exclude = indicators.map((i) => i.missing === 'exclude');
  const byLeaf = dims.map(() => new Map<GroupValue, { values: readonly GroupValue[]; keys: readonly string[] }>());
  return (r) => {
    fillContext(ctx, r, asOfNumber);
    setRecordFacts(ctx);
    const r17: PersonRecordLike = anyRenumber ? viewAs2017(r, '2021') : r;
    const status = new Uint8Array(indicators.length);
    for (let i = 0; i < indicators.length; i++) {
      const rec = renumber[i] ? r17 : r;
      if (!den[i]!(rec, ctx)) continue;
      const a = ans[i]!;
      if (a !== null && !a(rec, ctx)) status[i] = exclude[i] ? 1 : 2;
      else status[i] = num[i]!(rec, ctx) ? 3 : 2;
    }
    const values: (readonly GroupValue[])[] = [];
    const keys: (readonly string[])[] = [];
    for (let d = 0; d < dims.length; d++) {
      const leaf = dims[d]!.leaf(r, ctx);
      let hit = byLeaf[d]!.get(leaf);
      if (!hit) {
        // One entry per distinct leaf value (a township, a sex), shared by every person in it.
        const dim = dims[d]!;
        const vs = dim.levels.map((_l, j) => (j === dim.levels.length - 1 ? leaf : dim.at(leaf, j)));
        byLeaf[d]!.set(leaf, (hit = { values: vs, keys: vs.map(valueKey) }));
      }
      values.push(hit.values);
      keys.push(hit.keys);
    }
    return { status, values, keys };
  };
}

/** The paired counts of every group of the continuing result (its grouping sets), per indicator computed in both rounds. */
function pairedCounts(
  result: IndicatorResult,
  previousResult: IndicatorResult,
  dims: readonly DimSpec[],
  cur: Map<string, PersonState>,
  prev: Map<string, PersonState>,
  curIndicators: readonly PersonIndicator[],
  prevIndicators: readonly PersonIndicator[],
): PairedCountsRow[] {
  const inPrev = new Set(previousResult.indicators.map((i) => i.id));
  const ids = result.indicators.map((i) => i.id).filter((id) => inPrev.has(id));
  const ci = ids.map((id) => curIndicators.findIndex((i) => i.id === id));
  const pi = ids.map((id) => prevIndicators.findIndex((i) => i.id === id));
  // The grouping sets of the result: each `by` as [dimension index, level index] pairs.
  const sets = new Map<string, { by: readonly string[]; at: [number, number][] }>();
  for (const r of result.rows) {
    const k = r.by.join(SEP);
    if (sets.has(k)) continue;
    sets.set(k, { by: r.by, at: r.by.map((l) => { const d = dims.findIndex((x) => x.levels.includes(l)); return [d, dims[d]!.levels.indexOf(l)]; }) });
  }
  const setList = [...sets.values()];
  const tables = new Map<string, { by: readonly string[]; values: GroupValue[]; counts: Float64Array }>();
  const cell = new Int8Array(ids.length);
  for (const [key, c] of cur) {
    const p = prev.get(key);
    if (!p) continue;
    // The person's cell of each indicator's 2 × 2 table (−1: not in both rounds' population).
    let any = false;
    for (let i = 0; i < ids.length; i++) {
      const sc = c.status[ci[i]!]!;
      const sp = p.status[pi[i]!]!;
      cell[i] = sc < 2 || sp < 2 ? -1 : sc === 3 ? (sp === 3 ? 0 : 1) : sp === 3 ? 2 : 3;
      any ||= cell[i]! >= 0;
    }
    if (!any) continue;
    setList.forEach(({ by, at }, si) => {
      // Paired in this group only when in it in both rounds (not moved, same age band).
      let gk = String(si);
      for (const [d, j] of at) {
        const k = c.keys[d]![j]!;
        if (k !== p.keys[d]![j]) return;
        gk += SEP + k;
      }
      let t = tables.get(gk);
      if (!t) tables.set(gk, (t = { by, values: at.map(([d, j]) => c.values[d]![j]!), counts: new Float64Array(4 * ids.length) }));
      for (let i = 0; i < ids.length; i++) if (cell[i]! >= 0) t.counts[4 * i + cell[i]!]!++;
    });
  }
  const out: PairedCountsRow[] = [];
  for (const t of tables.values()) {
    const group: Record<string, GroupValue> = {};
    t.by.forEach((l, k) => (group[dimIdFor(result.dimensions, l)] = t.values[k]!));
    ids.forEach((id, i) => {
      const [both, currentOnly, previousOnly, neither] = [t.counts[4 * i]!, t.counts[4 * i + 1]!, t.counts[4 * i + 2]!, t.counts[4 * i + 3]!];
      out.push({ indicator: id, by: t.by, group, both, currentOnly, previousOnly, neither });
    });
  }
  return out;
}

/**
 * Year on year from two rounds' records: every indicator computed on all persons of each round and
 * on the continuing persons only (a key found once in each round; `resident_id` by default), and
 * the two comparisons (`all`: Newcombe's independent interval; `continuing`: his paired interval,
 * from each group's persons counted in both rounds — see {@link DifferenceMethod}). Each round is
 * computed with its own reference date and form version, so a 2017-form round compares with a
 * 2021-form round on the indicators both can compute (the others are listed in `warnings`).
 *
 * Cost: the records are read twice per round (the keys, then one pass for both calculators and
 * each continuing person's status); memory holds, per continuing person and round, one byte per
 * indicator and its groups (a few hundred bytes), besides the records the caller holds. About 5 s
 * for two rounds of 10^5 persons by township × sex on one core.
 *
 * @example
 * ```ts
 * import { computeYearOnYear, PERSON_INDICATORS } from '@canji/indicators';
 * const person = (id: string, r31: 1 | 2) => ({ resident_id: id, person_status: 6, r31 });
 * const previous = [person('A', 2), person('B', 2), person('C', 1), person('D', 1)];
 * const current = [person('A', 1), person('B', 2), person('C', 1), person('E', 1)];
 * const y = computeYearOnYear({
 *   current: { records: current, asOf: '2019-06-30', label: '2019年' },
 *   previous: { records: previous, asOf: '2018-06-30', label: '2018年' },
 *   indicators: [PERSON_INDICATORS.familyDoctorContractRate],
 * });
 * [y.persons.continuing, y.persons.currentOnly, y.persons.previousOnly]; //=> [3, 1, 1]
 * y.continuing.rows[0]!.paired; //=> { both: 1, currentOnly: 1, previousOnly: 0, neither: 1 }
 * [y.continuing.rows[0]!.method, y.all.rows[0]!.method]; //=> ['newcombe-paired', 'newcombe-independent']
 * ```
 */
export function computeYearOnYear(input: YearOnYearInput): YearOnYearResult {
  if (input === null || typeof input !== 'object') throw new TypeError('INDICATOR_YOY_INPUT: 须给出 { current, previous }');
  const { current, previous } = input;
  assertRound(current, '本轮（current）');
  assertRound(previous, '上轮（previous）');
  const keyOf = keyFunction(input.key);
  const warnings: ComparisonWarning[] = [];
  const base = input.indicators ?? builtinPersonIndicators();
  if (base.some((i) => i.subject !== 'person')) throw new TypeError('INDICATOR_YOY_SUBJECT: 年度比较的连续在册人员只对人员指标（动态1表）有意义；村（社区）指标请用 compareIndicatorResults');

  // Pass 1: the keys of each round.
  const scan = (records: Iterable<object>, round: 'current' | 'previous') => {
    const seen = new Map<string, number>();
    let n = 0;
    let withoutKey = 0;
    for (const r of records) {
      if (typeof r !== 'object' || r === null) continue;
      n++;
      const k = keyOf(r as Readonly<Record<string, unknown>>, round);
      if (k === undefined) withoutKey++;
      else seen.set(k, (seen.get(k) ?? 0) + 1);
    }
    return { n, withoutKey, seen };
  };
  const sc = scan(current.records, 'current');
  const sp = scan(previous.records, 'previous');
  const continuing = new Set<string>();
  for (const [k, c] of sc.seen) if (c === 1 && sp.seen.get(k) === 1) continuing.add(k);
  const dup = (s: Map<string, number>) => [...s.values()].filter((c) => c > 1).length;
  const persons: YearOnYearPersons = {
    current: sc.n,
    previous: sp.n,
    continuing: continuing.size,
    currentOnly: [...sc.seen.keys()].filter((k) => !sp.seen.has(k)).length,
    previousOnly: [...sp.seen.keys()].filter((k) => !sc.seen.has(k)).length,
    withoutKey: { current: sc.withoutKey, previous: sp.withoutKey },
    duplicateKeys: { current: dup(sc.seen), previous: dup(sp.seen) },
  };
  if (sc.withoutKey || sp.withoutKey) {
    warnings.push({ code: 'YOY_NO_KEY', message: `本轮 ${sc.withoutKey} 条、上轮 ${sp.withoutKey} 条记录没有可用的人员标识（身份证号），不计入连续在册人员` });
  }
  if (persons.duplicateKeys.current || persons.duplicateKeys.previous) {
    warnings.push({ code: 'YOY_DUPLICATE_KEY', message: `本轮 ${persons.duplicateKeys.current} 个、上轮 ${persons.duplicateKeys.previous} 个人员标识出现不止一次：这些人不计入连续在册人员（请先查重）` });
  }

  // Pass 2, one per round: the indicators on all persons and on the continuing ones, and each
  // continuing person's group and status (for the paired counts).
  const dims = normaliseDimensions(input.by ?? []);
  const pass = (round: YearOnYearRound, which: 'current' | 'previous') => {
    const opts: ComputeOptions = {
      indicators: indicatorsForFormVersion(base, round.formVersion),
      asOf: round.asOf,
      ...(round.formVersion ? { formVersion: round.formVersion } : {}),
      ...(input.by ? { by: input.by } : {}),
      ...(input.groupingSets ? { groupingSets: input.groupingSets } : {}),
      ...(input.smallCell ? { smallCell: input.smallCell } : {}),
      ...(input.regionName ? { regionName: input.regionName } : {}),
      ...(round.departmentSources ? { departmentSources: round.departmentSources } : {}),
    };
    const everyone = createIndicatorCalculator(opts);
    const same = createIndicatorCalculator(opts);
    // What the calculator computes on this form (those whose department is missing are dropped from the result).
    const list = opts.indicators!.filter((i) => !round.formVersion || i.formVersions.includes(round.formVersion)) as PersonIndicator[];
    const stateOf = stateReader(list, round.formVersion, dims, asOfText(round.asOf));
    const states = new Map<string, PersonState>();
    for (const r of round.records) {
      everyone.add(r);
      if (typeof r !== 'object' || r === null) continue;
      const k = keyOf(r as Readonly<Record<string, unknown>>, which);
      if (k === undefined || !continuing.has(k)) continue;
      same.add(r);
      states.set(k, stateOf(r as PersonRecordLike));
    }
    return { all: everyone.result(), continuing: same.result(), states, list };
  };
  const cur = pass(current, 'current');
  const prev = pass(previous, 'previous');
  const results = { all: { current: cur.all, previous: prev.all }, continuing: { current: cur.continuing, previous: prev.continuing } };
  const paired = pairedCounts(cur.continuing, prev.continuing, dims, cur.states, prev.states, cur.list, prev.list);

  const labels = { current: current.label ?? '本轮', previous: previous.label ?? '上轮' };
  return {
    persons,
    all: compareIndicatorResults(results.all.current, results.all.previous, { population: 'all', labels }),
    continuing: compareIndicatorResults(results.continuing.current, results.continuing.previous, { population: 'continuing', labels, paired }),
    results,
    paired,
    warnings,
  };
}

// ---------------------------------------------------------------------------------------------
// Outputs
// ---------------------------------------------------------------------------------------------

const POPULATION_LABELS: Readonly<Record<YearOnYearPopulation, string>> = { all: '全部人员', continuing: '连续在册人员' };

/** zh-CN: the unit of a difference (a difference of percentages is in percentage points). */
function differenceUnit(unit: string): string {
  return unit === '%' ? '个百分点' : unit === '‰' ? '个千分点' : unit ? ` ${unit}` : '';
}

function signed(v: number, digits: number): string {
  const s = v.toFixed(digits);
  // −0.0 is shown as 0.0: a rounded nothing has no sign.
  if (Number(s) === 0) return (0).toFixed(digits);
  return v > 0 ? `+${s}` : s.replace('-', '−');
}

function valueText(v: number | null, unit: string, digits: number): string {
  if (v === null) return '—';
  return `${v.toFixed(digits)}${unit === '%' || unit === '‰' ? unit : unit ? ` ${unit}` : ''}`;
}

/** @internal the zh-CN label of a group ('合计', '长沙县 × 男'). */
export function comparisonGroupLabel(by: readonly string[], group: Readonly<Record<string, GroupValue>>, dimensions: readonly DimensionInfo[], opts: LabelOptions): string {
  if (!by.length) return '合计';
  return by
    .map((l) => {
      const id = dimIdFor(dimensions, l);
      return groupValueLabel(id, group[id] ?? null, opts);
    })
    .join(' × ');
}

function mdCell(v: string): string {
  return v.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/**
 * Options of {@link indicatorComparisonToMarkdown}.
 *
 * @example
 * ```ts
 * import type { ComparisonMarkdownOptions } from '@canji/indicators';
 * const opts: ComparisonMarkdownOptions = { digits: 1, counts: true, heading: '##' };
 * ```
 */
export interface ComparisonMarkdownOptions extends LabelOptions {
  /** Decimals of values and differences (default 1). */
  readonly digits?: number;
  /** First heading (default: 年度比较（全部人员）：本轮 与 上轮). */
  readonly title?: string;
  /** Heading level of the title (default '##'). */
  readonly heading?: '#' | '##' | '###';
  /** Also show each round's numerator and denominator (default false: values only). */
  readonly counts?: boolean;
  /** Rows (aligned with `comparison.rows`) hidden by small-cell suppression: shown as （已抑制）. */
  readonly hidden?: readonly boolean[];
}

/**
 * A comparison as a Markdown table — 指标, 单位, 本轮, 上轮, 差值, 95%区间, 显著 — then the
 * methods used and the warnings. 单位 is the reporting unit (合计, a township, a township × sex);
 * a difference of percentages is in percentage points.
 *
 * @example
 * ```ts
 * import { compareIndicatorResults, computeIndicators, indicatorComparisonToMarkdown, PERSON_INDICATORS } from '@canji/indicators';
 * const round = (yes: number, no: number, asOf: string) => computeIndicators(
 *   [...Array(yes).fill({ person_status: 6, r31: 1 }), ...Array(no).fill({ person_status: 6, r31: 2 })],
 *   { indicators: [PERSON_INDICATORS.familyDoctorContractRate], asOf });
 * const md = indicatorComparisonToMarkdown(compareIndicatorResults(round(56, 14, '2019-06-30'), round(48, 32, '2018-06-30')));
 * md.includes('| 家庭医生签约率 | 合计 | 80.0% | 60.0% | +20.0个百分点 | +5.2 ～ +33.4 | 是 |'); //=> true
 * ```
 */
export function indicatorComparisonToMarkdown(comparison: IndicatorComparison, options: ComparisonMarkdownOptions = {}): string {
  const opts: ComparisonMarkdownOptions = { regionNames: comparison.regionNames, ...options };
  const digits = opts.digits ?? 1;
  const { labels } = comparison;
  const out = [
    `${opts.heading ?? '##'} ${opts.title ?? `年度比较（${POPULATION_LABELS[comparison.population]}）：${labels.current} 与 ${labels.previous}`}`,
    '',
    `${labels.current}：参照日期 ${comparison.asOf.current}，${comparison.records.current} 条记录；${labels.previous}：参照日期 ${comparison.asOf.previous}，${comparison.records.previous} 条记录。` +
      (comparison.population === 'continuing' ? '只计两轮都在册的人员（按人员标识匹配）。' : ''),
    '',
  ];
  const counts = opts.counts ?? false;
  const head = ['指标', '单位', labels.current === '本轮' ? '本轮' : `本轮（${labels.current}）`, labels.previous === '上轮' ? '上轮' : `上轮（${labels.previous}）`, '差值', '95%区间', '显著'];
  if (counts) head.splice(3, 0, '本轮分子/分母'), head.splice(5, 0, '上轮分子/分母');
  out.push(`| ${head.join(' | ')} |`, `|${head.map((h) => (h === '指标' || h === '单位' || h === '95%区间' || h === '显著' ? '---' : '---:')).join('|')}|`);
  const meta = new Map(comparison.indicators.map((i) => [i.id, i]));
  const used = new Set<DifferenceMethod>();
  comparison.rows.forEach((r, i) => {
    const ind = meta.get(r.indicator);
    const unit = ind?.unit ?? '';
    const name = mdCell(ind?.name ?? r.indicator);
    const group = mdCell(comparisonGroupLabel(r.by, r.group, comparison.dimensions, opts));
    if (opts.hidden?.[i]) {
      const cells = [name, group, '—', '—', '—', '', '（已抑制）'];
      if (counts) cells.splice(3, 0, '—'), cells.splice(5, 0, '—');
      out.push(`| ${cells.join(' | ')} |`);
      return;
    }
    used.add(r.method);
    const ci = r.ciLower === null || r.ciUpper === null ? '' : `${signed(r.ciLower, digits)} ～ ${signed(r.ciUpper, digits)}`;
    const sig = r.significant === null ? '—' : r.significant ? '是' : '否';
    const cells = [
      `${name}`,
      `${group}${!opts.hidden && r.smallCell ? '（小格）' : ''}`,
      valueText(r.current?.value ?? null, unit, digits),
      valueText(r.previous?.value ?? null, unit, digits),
      r.difference === null ? '—' : `${signed(r.difference, digits)}${differenceUnit(unit)}`,
      ci,
      sig,
    ];
    if (counts) {
      cells.splice(3, 0, r.current ? `${r.current.numerator}/${r.current.denominator}` : '—');
      cells.splice(5, 0, r.previous ? `${r.previous.numerator}/${r.previous.denominator}` : '—');
    }
    out.push(`| ${cells.join(' | ')} |`);
  });
  out.push('', `区间方法：${[...used].filter((m) => m !== 'no-data').map((m) => DIFFERENCE_METHOD_LABELS[m]).join('；') || '—'}。“显著”指 95% 区间不含 0（差值大于抽样波动）。`);
  for (const w of comparison.warnings) out.push('', `> ${w.message}`);
  return out.join('\n') + '\n';
}

/**
 * Options of {@link indicatorComparisonToCsv}.
 *
 * @example
 * ```ts
 * import type { ComparisonCsvOptions } from '@canji/indicators';
 * const opts: ComparisonCsvOptions = { header: 'zh-CN', bom: true, digits: 2 };
 * ```
 */
export interface ComparisonCsvOptions extends LabelOptions {
  /** `'machine'` (default: `indicator_id`, `current_value` …, as `indicatorRowsToCsv`) or `'zh-CN'` (指标, 单位, 本轮 …). */
  readonly header?: 'machine' | 'zh-CN';
  readonly digits?: number;
  /** Prefix a UTF-8 byte-order mark (for Excel). */
  readonly bom?: boolean;
  /** Per comparison (aligned with its rows): rows hidden by small-cell suppression (counts and values left empty). */
  readonly hidden?: readonly (readonly boolean[] | undefined)[];
}

const CSV_COLUMNS = [
  ['indicator_id', '指标编号'],
  ['indicator_name', '指标'],
  ['population', '人群'],
  ['grouping', '分组'],
  ['unit_code', '单位代码'],
  ['unit_name', '单位'],
  ['current_round', '本轮'],
  ['previous_round', '上轮'],
  ['current_numerator', '本轮分子'],
  ['current_denominator', '本轮分母'],
  ['current_value', '本轮值'],
  ['previous_numerator', '上轮分子'],
  ['previous_denominator', '上轮分母'],
  ['previous_value', '上轮值'],
  ['value_unit', '计量单位'],
  ['difference', '差值'],
  ['ci_lower', '95%区间下限'],
  ['ci_upper', '95%区间上限'],
  ['significant', '显著'],
  ['method', '区间方法'],
  ['small_cell', '小格'],
  ['suppressed', '已抑制'],
] as const;

function csvCell(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * One or more comparisons (e.g. all and continuing persons) as CSV, one line per row: indicator,
 * population, grouping, unit (code and name), the two rounds' counts and values, the difference,
 * its interval, significance, method and the small-cell flag.
 *
 * @example
 * ```ts
 * import { compareIndicatorResults, computeIndicators, indicatorComparisonToCsv, PERSON_INDICATORS } from '@canji/indicators';
 * const round = (yes: number, no: number, asOf: string) => computeIndicators(
 *   [...Array(yes).fill({ person_status: 6, r31: 1 }), ...Array(no).fill({ person_status: 6, r31: 2 })],
 *   { indicators: [PERSON_INDICATORS.familyDoctorContractRate], asOf });
 * const csv = indicatorComparisonToCsv(compareIndicatorResults(round(9, 1, '2019-06-30'), round(3, 7, '2018-06-30')), { header: 'zh-CN', digits: 2 });
 * csv.split('\n')[0]!.startsWith('指标编号,指标,人群,分组,单位代码,单位,本轮,上轮'); //=> true
 * csv.split('\n')[1]; //=> 'family-doctor-contract-rate,家庭医生签约率,全部人员,total,,合计,本轮,上轮,9,10,90.00,3,10,30.00,%,60.00,17.05,80.90,是,newcombe-independent,是,'
 * ```
 */
export function indicatorComparisonToCsv(comparisons: IndicatorComparison | readonly IndicatorComparison[], options: ComparisonCsvOptions = {}): string {
  const list = (isList(comparisons) ? comparisons : [comparisons]) as readonly IndicatorComparison[];
  const zh = options.header === 'zh-CN';
  const d = options.digits;
  const num = (v: number | null | undefined) => (v === null || v === undefined ? null : d === undefined ? v : v.toFixed(d));
  const lines = [CSV_COLUMNS.map((c) => (zh ? c[1] : c[0])).join(',')];
  list.forEach((cmp, k) => {
    const opts: LabelOptions = { regionNames: cmp.regionNames, ...options };
    const meta = new Map(cmp.indicators.map((i) => [i.id, i]));
    const hidden = options.hidden?.[k];
    cmp.rows.forEach((r, i) => {
      const hide = hidden?.[i] ?? false;
      const regionLevel = r.by.find((l) => dimIdFor(cmp.dimensions, l) === 'region');
      const unitCode = r.by.length === 1 ? String(r.group[dimIdFor(cmp.dimensions, r.by[0]!)] ?? '') : regionLevel ? String(r.group.region ?? '') : '';
      const cells: (string | number | boolean | null)[] = [
        r.indicator,
        meta.get(r.indicator)?.name ?? '',
        zh ? POPULATION_LABELS[r.population] : r.population,
        r.by.length ? r.by.join('×') : 'total',
        unitCode,
        comparisonGroupLabel(r.by, r.group, cmp.dimensions, opts),
        cmp.labels.current,
        cmp.labels.previous,
      ];
      if (hide) cells.push(null, null, null, null, null, null, meta.get(r.indicator)?.unit ?? '', null, null, null, null, null, null, zh ? '是' : true);
      else {
        const yes = (b: boolean | null) => (b === null ? null : zh ? (b ? '是' : '否') : b);
        cells.push(
          r.current?.numerator ?? null,
          r.current?.denominator ?? null,
          num(r.current?.value),
          r.previous?.numerator ?? null,
          r.previous?.denominator ?? null,
          num(r.previous?.value),
          meta.get(r.indicator)?.unit ?? '',
          num(r.difference),
          num(r.ciLower),
          num(r.ciUpper),
          yes(r.significant),
          r.method,
          yes(r.smallCell),
          hidden ? (zh ? '否' : false) : null,
        );
      }
      lines.push(cells.map(csvCell).join(','));
    });
  });
  return (options.bom ? '\uFEFF' : '') + lines.join('\n') + '\n';
}
