/**
 * The one-pass calculator. Each record is read once: its derived facts (age, sex, category, level)
 * are computed once, its leaf group (the full combination of the `by` dimensions) is looked up, and
 * every indicator adds 0/1 to that group's numerator, denominator and missing counts. Memory holds
 * one small array per leaf group, never the records. Every coarser group (a city from its counties,
 * all categories from each category, the grand total) is then recomputed from the leaf numerators
 * and denominators — never by averaging rates — and a grand total counted independently during the
 * pass is kept to check that the breakdowns add up.
 */
import { DEPARTMENT_NAMES, getExtractDepartment, viewAs2017, DEPT_NOT_IN_ROSTER, type DepartmentSourceProvenance, type ExtractDepartmentId, type RosterCoverage } from '@canji/form';
import { dateNumber, isoDate } from '@canji/id';
import { checkIndicatorResult, type CheckReport } from './checks.js';
import { makeIndexer, normaliseDimensions, type Dimension, type DimensionInfo, type DimSpec, type GroupValue, type RegionNameLookup } from './dimensions.js';
import { builtinPersonIndicators } from './builtins-2021.js';
import { calculatorPredicate, setRecordFacts } from './conditions.js';
import { indicatorMetadata, rosterRuleText, type FormVersion, type Indicator, type IndicatorMetadata, type IndicatorTarget } from './model.js';
import { fillContext, type MutableRecordContext, type PersonRecordLike } from './record.js';
import { wilsonInterval } from './wilson.js';

/**
 * Small-cell flag settings (for `@canji/deid` suppression of published tables).
 *
 * @example
 * ```ts
 * import type { SmallCellOptions } from '@canji/indicators';
 * const smallCell: SmallCellOptions = { threshold: 10, complement: false };
 * ```
 */
export interface SmallCellOptions {
  /** A row is small when its denominator, or a non-zero numerator, is below this (default 5). */
  readonly threshold?: number;
  /** Also flag a non-zero complement (denominator − numerator) below the threshold (default true). */
  readonly complement?: boolean;
}

/**
 * Options of {@link computeIndicators} / {@link createIndicatorCalculator}.
 *
 * @example
 * ```ts
 * import type { ComputeOptions } from '@canji/indicators';
 * const opts: ComputeOptions = { by: ['county', 'sex'], asOf: '2019-06-30', formVersion: '2017', smallCell: { threshold: 10 } };
 * ```
 */
export interface ComputeOptions {
  /** Indicators to compute, all of one subject (default: every built-in person indicator). */
  readonly indicators?: readonly Indicator[];
  /** Breakdowns; their full combination is the leaf group (default: none, totals only). */
  readonly by?: readonly Dimension[];
  /** Reference date for ages, 'YYYY-MM-DD' or a Date (its local calendar date). Required. */
  readonly asOf: string | Date;
  /**
   * Which groupings to output: `'cube'` (default) every combination of the dimensions with every
   * region level up to the one asked, including the grand total; `'leaves'` the full combination and
   * the grand total only.
   */
  readonly groupingSets?: 'cube' | 'leaves';
  readonly smallCell?: SmallCellOptions;
  /**
   * Form version of the records. Indicators that do not apply to it are not computed (their items
   * mean something else, or do not exist, on that form) and are listed in `warnings`. On '2021' data
   * the built-ins that apply read each record renumbered to 2017 keys (see `Indicator.numbering`).
   * Absent: every indicator is computed on the records as they are (2017 numbering assumed).
   */
  readonly formVersion?: FormVersion;
  /**
   * Region names (e.g. `(code) => getRegion(code)?.name` with `@canji/regions`): looked up once per
   * region group and kept in `result.regionNames`, which the output functions use for labels.
   */
  readonly regionName?: RegionNameLookup;
  /**
   * Where the department-sourced items (`dept_…` keys) of the records came from: `@canji/form`'s
   * `createDepartmentSourcer(…).provenance()`, one entry per department supplied. Given, it is the
   * list of departments supplied: an indicator that reads an item of another department is not
   * computed (`INDICATOR_DEPARTMENT_MISSING`), and each entry's extract, file, period and match
   * counts are kept, per department-sourced indicator, in `result.departmentSources` (printed by
   * the CSV, JSON and Markdown outputs). Absent: a department counts as supplied when some record
   * carries one of its items, and `result.departmentSources` says where each item came from without
   * the file and the counts.
   *
   * A function is called when the calculator is made (for the departments) and again by `result()`
   * (for the counts): pass `() => sourcer.provenance()` when the records are enriched while they
   * are added, as a streaming reader does.
   *
   * In either case an indicator whose item no record carries (the department was not applied) is
   * not computed either (`INDICATOR_DEPARTMENT_MISSING`).
   *
   * @example
   * ```ts
   * import { createIndicatorCalculator } from '@canji/indicators';
   * // const sourcer = createDepartmentSourcer({ 'civil-affairs': civilIndex }, { meta: { 'civil-affairs': { file: 'mz.csv', periodFrom: '2021-01', periodTo: '2021-06' } } });  (@canji/form)
   * // createIndicatorCalculator({ …, departmentSources: () => sourcer.provenance() }), then calc.add(sourcer.apply(record)) for each record.
   * // What sourcer.provenance() returns, written out:
   * const provenance = [{ department: 'civil-affairs', extractName: '低保、特困供养及两项补贴发放名册', file: 'mz.csv', periodFrom: '2021-01', periodTo: '2021-06',
   *   matchedBy: 'resident-id', persons: 1, matched: 1, notInRoster: 0, withoutKey: 0, items: ['dept_dibao', 'dept_tekun', 'dept_living_subsidy', 'dept_care_subsidy'] }] as const;
   * const calc = createIndicatorCalculator({ asOf: '2021-06-30', formVersion: '2021', departmentSources: () => provenance });
   * calc.add({ person_status: 6, disability_level: 1, r15: [1], dept_dibao: 1, dept_tekun: 2, dept_living_subsidy: 2, dept_care_subsidy: 1 });
   * const res = calc.result();
   * res.departmentSources?.find((s) => s.indicator === 'nursing-subsidy-coverage')?.file; //=> 'mz.csv'
   * res.rows.find((r) => r.indicator === 'nursing-subsidy-coverage' && r.by.length === 0)?.value; //=> 100
   * res.warnings.filter((w) => w.code === 'INDICATOR_DEPARTMENT_MISSING').length; //=> 4   (education, social security, housing not supplied)
   * ```
   */
  readonly departmentSources?: readonly DepartmentSourceProvenance[] | (() => readonly DepartmentSourceProvenance[]);
}

/**
 * Where one department-sourced item of a computed indicator came from (one entry per indicator and
 * item, in indicator order): the department and its extract, the roster rule applied to
 * 不在名册, and — when `ComputeOptions.departmentSources` was given — the file, period and match
 * counts of `@canji/form`'s `DepartmentSourceProvenance`.
 *
 * @example
 * ```ts
 * import { computeIndicators, PERSON_INDICATORS_2021, type IndicatorDepartmentSource } from '@canji/indicators';
 * const recs = [{ person_status: 6, disability_level: 2, r15: [6], dept_care_subsidy: 3 }];
 * const res = computeIndicators(recs, { indicators: [PERSON_INDICATORS_2021.nursingSubsidyCoverage], asOf: '2021-06-30', formVersion: '2021' });
 * const s: IndicatorDepartmentSource = res.departmentSources![0]!;
 * [s.item, s.roster, s.populationNotInRoster]; //=> ['dept_care_subsidy', 'complete', 1]
 * res.rows[0]!.denominator; //=> 1   (not in the complete payment roster: counted as 否)
 * ```
 */
export interface IndicatorDepartmentSource {
  readonly indicator: string;
  /** The department-sourced item, e.g. `dept_care_subsidy`, and its zh-CN label. */
  readonly item: string;
  readonly itemLabel: string;
  readonly department: ExtractDepartmentId;
  /** zh-CN name of the department and of its extract. */
  readonly departmentName: string;
  readonly extractName: string;
  readonly roster: RosterCoverage;
  /** zh-CN: how 不在名册 was counted (complete roster: 否; partial: missing). */
  readonly rosterRule: string;
  /** Records in the indicator's population (its denominator condition) whose item is 3 不在名册, over the whole pass. */
  readonly populationNotInRoster: number;
  /** From `ComputeOptions.departmentSources`, when given (see `DepartmentSourceProvenance`). */
  readonly file?: string;
  readonly periodFrom?: string;
  readonly periodTo?: string;
  readonly matchedBy?: 'resident-id' | 'key';
  readonly rows?: number;
  readonly persons?: number;
  readonly matched?: number;
  readonly notInRoster?: number;
  readonly withoutKey?: number;
}

/**
 * How the value compares with the indicator's target.
 *
 * @example
 * ```ts
 * import { computeIndicators, PERSON_INDICATORS } from '@canji/indicators';
 * const recs = [{ person_status: 6, r22: [4], r25: 1 }];
 * const t = computeIndicators(recs, { indicators: [PERSON_INDICATORS.medicalInsuranceCoverage], asOf: '2019-07-01' }).rows[0]!.target;
 * [t?.status, t?.certain]; //=> ['met', false]   (one person: the interval reaches below 95 %)
 * ```
 */
export interface TargetStatus extends IndicatorTarget {
  /** `'no-data'` when the denominator is 0. */
  readonly status: 'met' | 'not-met' | 'no-data';
  /** True when the whole 95 % interval lies on the same side of the target as the value. */
  readonly certain: boolean;
}

/**
 * One output row: an indicator in one group.
 *
 * @example
 * ```ts
 * import { computeIndicators, PERSON_INDICATORS, type IndicatorRow } from '@canji/indicators';
 * const row: IndicatorRow = computeIndicators([{ person_status: 6, r31: 1 }], { indicators: [PERSON_INDICATORS.familyDoctorContractRate], asOf: '2019-07-01' }).rows[0]!;
 * [row.numerator, row.denominator, row.value]; //=> [1, 1, 100]
 * ```
 */
export interface IndicatorRow {
  readonly indicator: string;
  /**
   * The dimensions of this group, in `by` order, with the region dimension named by its level
   * ('province' … 'village'); `[]` for the grand total.
   */
  readonly by: readonly string[];
  /** Group values by dimension id ('region', 'category', 'level', 'sex', 'hukou', 'age', custom); `null` = 未知. */
  readonly group: Readonly<Record<string, GroupValue>>;
  readonly numerator: number;
  readonly denominator: number;
  /** In the population but unanswered, left out of the denominator (missing policy 'exclude'). */
  readonly missing: number;
  /** numerator × factor / denominator, or `null` when the denominator is 0 (missing, not zero). */
  readonly value: number | null;
  /** 95 % Wilson interval in the indicator's unit, or `null` when the denominator is 0. */
  readonly ciLower: number | null;
  readonly ciUpper: number | null;
  readonly target: TargetStatus | null;
  readonly smallCell: boolean;
}

/**
 * A warning about the computation (not about a record).
 *
 * @example
 * ```ts
 * import { computeIndicators, PERSON_INDICATORS, type ComputeWarning } from '@canji/indicators';
 * const [w]: readonly ComputeWarning[] = computeIndicators([], { indicators: [PERSON_INDICATORS.dangerousHouseRate], asOf: '2021-06-30', formVersion: '2021' }).warnings;
 * w?.code; //=> 'INDICATOR_FORM_VERSION'
 * ```
 */
export interface ComputeWarning {
  /**
   * INDICATOR_FORM_VERSION: an indicator does not apply to the data's form version and was not
   * computed; INDICATOR_DEPARTMENT_MISSING: an indicator reads department-sourced items of a
   * department that was not supplied (not in `departmentSources`, or no record carries its items)
   * and was not computed; INDICATOR_NOT_A_RECORD: items of the source that were not objects were skipped.
   */
  readonly code: 'INDICATOR_FORM_VERSION' | 'INDICATOR_DEPARTMENT_MISSING' | 'INDICATOR_NOT_A_RECORD';
  readonly message: string;
  /** The indicator concerned, if any. */
  readonly indicator?: string;
  /** INDICATOR_DEPARTMENT_MISSING: the departments missing. */
  readonly departments?: readonly ExtractDepartmentId[];
}

/**
 * Everything a computation produces.
 *
 * @example
 * ```ts
 * import { computeIndicators, type IndicatorResult } from '@canji/indicators';
 * const res: IndicatorResult = computeIndicators([], { asOf: '2019-07-01' });
 * [res.records, res.checks.ok]; //=> [0, true]
 * ```
 */
export interface IndicatorResult {
  readonly asOf: string;
  /** Records read (objects; anything else is skipped and reported in `warnings`). */
  readonly records: number;
  /** Leaf groups (distinct full combinations of the dimensions) seen. */
  readonly leafGroups: number;
  readonly indicators: readonly IndicatorMetadata[];
  readonly dimensions: readonly DimensionInfo[];
  readonly rows: readonly IndicatorRow[];
  /** Self-checks of the rows: children sum to parents, breakdowns to totals, numerator ≤ denominator. */
  readonly checks: CheckReport;
  readonly warnings: readonly ComputeWarning[];
  /** Grand totals counted record by record during the pass, per indicator: [numerator, denominator, missing]. */
  readonly passTotals: Readonly<Record<string, readonly [number, number, number]>>;
  /** Names of the region codes in the rows, when `regionName` was given. */
  readonly regionNames?: Readonly<Record<string, string>>;
  /** Where the department-sourced items of the computed indicators came from (absent when none reads any). */
  readonly departmentSources?: readonly IndicatorDepartmentSource[];
}

/**
 * A streaming calculator: feed records with `add`, read the result at the end.
 *
 * @example
 * ```ts
 * import { createIndicatorCalculator, type IndicatorCalculator } from '@canji/indicators';
 * const calc: IndicatorCalculator = createIndicatorCalculator({ asOf: '2019-07-01' });
 * calc.add({ person_status: 6 });
 * calc.records; //=> 1
 * ```
 */
export interface IndicatorCalculator {
  add(record: object): void;
  /** Records added so far. */
  readonly records: number;
  result(): IndicatorResult;
}

const SEP = '\u0001';

function provenanceOf(given: NonNullable<ComputeOptions['departmentSources']>): readonly DepartmentSourceProvenance[] {
  const list = typeof given === 'function' ? given() : given;
  if (!Array.isArray(list)) throw new TypeError('INDICATOR_DEPARTMENT_SOURCES: departmentSources 须为 DepartmentSourceProvenance 数组（createDepartmentSourcer(…).provenance()）或返回它的函数');
  return list;
}

/** The reference date as `YYYY-MM-DD` (a Date: its local calendar day), read by `@canji/id`. */
function asOfString(asOf: string | Date): string {
  if (asOf instanceof Date) {
    const s = isoDate(asOf);
    if (s === undefined) throw new TypeError('INDICATOR_AS_OF: 参考日期无效');
    return s;
  }
  if (typeof asOf !== 'string' || asOf.length !== 10 || asOf.charCodeAt(4) !== 45 || dateNumber(asOf) === undefined) {
    throw new TypeError('INDICATOR_AS_OF: 参考日期须为 YYYY-MM-DD 格式的有效日期或 Date（不读取系统时钟）');
  }
  return asOf;
}

interface Leaf {
  readonly values: GroupValue[];
  readonly counts: Float64Array;
}
type Trie = (Trie | Leaf | undefined)[];

/**
 * Creates a streaming calculator (for Node streams, worker queues, or any push source).
 *
 * @example
 * ```ts
 * import { createIndicatorCalculator, PERSON_INDICATORS } from '@canji/indicators';
 * const calc = createIndicatorCalculator({ indicators: [PERSON_INDICATORS.employmentRate], by: ['sex'], asOf: '2019-07-01' });
 * calc.add({ person_status: 6, birth_date: '1980-05-01', sex: 'male', r16: 1 });
 * calc.add({ person_status: 6, birth_date: '1985-05-01', sex: 'male', r16: 2 });
 * calc.result().rows.find((r) => r.group.sex === 'male')?.value; //=> 50
 * ```
 */
export function createIndicatorCalculator(opts: ComputeOptions): IndicatorCalculator {
  const asOf = asOfString(opts.asOf);
  const asOfNumber = dateNumber(asOf)!;
  const asked = opts.indicators ?? builtinPersonIndicators(opts.formVersion);
  if (asked.length === 0) throw new TypeError('INDICATOR_NONE: 未指定指标');
  const subject = asked[0]!.subject;
  if (asked.some((i) => i.subject !== subject)) throw new TypeError('INDICATOR_SUBJECT: 一次计算中的指标须同为人员指标或同为村（社区）指标');
  const ids = new Set<string>();
  for (const i of asked) {
    if (ids.has(i.id)) throw new TypeError(`INDICATOR_DUPLICATE: 指标 "${i.id}" 重复`);
    ids.add(i.id);
  }
  // An indicator whose items mean something else on the data's form is not computed at all: a
  // plausible-looking rate read from the wrong items is worse than none (it is listed in warnings).
  const version = opts.formVersion;
  const applicable = version ? asked.filter((i) => i.formVersions.includes(version)) : asked;
  const notApplicable = version ? asked.filter((i) => !i.formVersions.includes(version)) : [];
  // An indicator reading a department that was not supplied is not computed either (listed in warnings).
  const sourcesGiven = opts.departmentSources;
  const supplied = sourcesGiven === undefined ? undefined : new Set(provenanceOf(sourcesGiven).map((p) => p.department));
  const departmentMissing: { indicator: Indicator; departments: ExtractDepartmentId[]; reason: 'not-supplied' | 'no-values' }[] = [];
  const indicators = applicable.filter((i) => {
    const missing = supplied ? [...new Set((i.departmentItems ?? []).map((d) => d.department))].filter((d) => !supplied.has(d)) : [];
    if (missing.length) departmentMissing.push({ indicator: i, departments: missing, reason: 'not-supplied' });
    return missing.length === 0;
  });
  // 2021 records are read through 2017 keys (@canji/form's item correspondence) by the indicators written in that numbering.
  const renumber = indicators.map((i) => version === '2021' && i.numbering === '2017');
  const anyRenumber = renumber.some(Boolean);
  const dims = normaliseDimensions(opts.by ?? []);
  const m = indicators.length;
  const person = subject === 'person';
  // Plain arrays of functions are faster to call in the hot loop than property reads on a union.
  // Compiled conditions read the record's facts from where `setRecordFacts` put them (conditions.ts).
  type Predicate = (r: PersonRecordLike, c: MutableRecordContext) => boolean;
  const den = indicators.map((i) => calculatorPredicate(i.denominator as Predicate));
  const ans = indicators.map((i) => (i.answered ? calculatorPredicate(i.answered as Predicate) : null));
  const num = indicators.map((i) => calculatorPredicate(i.numerator as Predicate));
  const exclude = indicators.map((i) => i.missing === 'exclude');
  // Department-sourced items per indicator: whether any record carries each (else the department
  // was not applied) and how many records of the population are 不在名册.
  const deptKeys = indicators.map((i) => (i.departmentItems ?? []).map((d) => d.key));
  const deptSeen = deptKeys.map((keys) => keys.map(() => false));
  const deptNotInRoster = deptKeys.map((keys) => keys.map(() => 0));
  const deptIdx = indicators.flatMap((i, k) => (i.departmentItems?.length ? [k] : []));
  let deptUnseen = deptKeys.reduce((a, keys) => a + keys.length, 0);
  // Leaf groups in a trie of arrays indexed by each dimension's interned value: no key string and
  // no map lookup per record beyond what a dimension needs (the region code cache).
  const indexers = dims.map((d) => (d.indexer ? d.indexer() : makeIndexer(d.leaf)));
  const idx: number[] = new Array<number>(dims.length).fill(0);
  const root: Trie = [];
  const leaves: Leaf[] = [];
  let only: Leaf | undefined; // the single leaf when there are no dimensions
  const total = new Float64Array(3 * m);
  const ctx: MutableRecordContext = { asOf, personStatus: undefined, age: undefined, sex: undefined, category: undefined, level: undefined };
  const nd = dims.length;
  let records = 0;
  let skipped = 0;

  function newLeaf(vals: GroupValue[]): Leaf {
    const leaf = { values: vals, counts: new Float64Array(3 * m) };
    leaves.push(leaf);
    return leaf;
  }

  function add(record: object): void {
    if (typeof record !== 'object' || record === null) {
      // Not a record (e.g. a null line of a JSON Lines file): never throw mid-stream; report it.
      skipped++;
      return;
    }
    const r = record as PersonRecordLike;
    records++;
    if (person) fillContext(ctx, r, asOfNumber);
    setRecordFacts(ctx);
    const r17: PersonRecordLike = anyRenumber ? viewAs2017(r, '2021') : r;
    let leaf: Leaf | undefined;
    if (nd === 0) {
      leaf = only ??= newLeaf([]);
    } else {
      let node: Trie = root;
      for (let d = 0; d < nd - 1; d++) {
        const i = indexers[d]!.index(r, ctx);
        idx[d] = i;
        let next = node[i] as Trie | undefined;
        if (next === undefined) node[i] = next = [];
        node = next;
      }
      const i = indexers[nd - 1]!.index(r, ctx);
      idx[nd - 1] = i;
      leaf = node[i] as Leaf | undefined;
      if (leaf === undefined) node[i] = leaf = newLeaf(idx.map((k, d) => indexers[d]!.values[k]!));
    }
    const c = leaf.counts;
    if (deptUnseen > 0) {
      for (const i of deptIdx) {
        const keys = deptKeys[i]!;
        const seen = deptSeen[i]!;
        for (let j = 0; j < keys.length; j++) {
          if (!seen[j] && (r as Record<string, unknown>)[keys[j]!] != null) {
            seen[j] = true;
            deptUnseen--;
          }
        }
      }
    }
    for (let i = 0; i < m; i++) {
      const rec = renumber[i] ? r17 : r;
      if (!den[i]!(rec, ctx)) continue;
      const keys = deptKeys[i]!;
      for (let j = 0; j < keys.length; j++) if ((rec as Record<string, unknown>)[keys[j]!] === DEPT_NOT_IN_ROSTER) deptNotInRoster[i]![j]!++;
      const a = ans[i]!;
      const k = 3 * i;
      if (a !== null && !a(rec, ctx)) {
        if (exclude[i]) {
          c[k + 2]!++;
          total[k + 2]!++;
        } else {
          c[k + 1]!++;
          total[k + 1]!++;
        }
        continue;
      }
      c[k + 1]!++;
      total[k + 1]!++;
      if (num[i]!(rec, ctx)) {
        c[k]!++;
        total[k]!++;
      }
    }
  }

  return {
    add,
    get records() {
      return records;
    },
    result: () => {
      // An indicator none of whose records carries one of its department items: the department was not applied.
      const missingNow = [...departmentMissing];
      const keep = indicators.map((ind, i) => {
        const absent = (ind.departmentItems ?? []).filter((_d, j) => !deptSeen[i]![j]);
        if (absent.length) missingNow.push({ indicator: ind, departments: [...new Set(absent.map((d) => d.department))], reason: 'no-values' });
        return absent.length === 0;
      });
      const provenance = sourcesGiven === undefined ? undefined : provenanceOf(sourcesGiven);
      const sources: IndicatorDepartmentSource[] = [];
      indicators.forEach((ind, i) => {
        if (!keep[i]) return;
        (ind.departmentItems ?? []).forEach((d, j) => {
          const p = provenance?.find((x) => x.department === d.department);
          sources.push(indicatorDepartmentSource(ind.id, d, p, deptNotInRoster[i]![j]!));
        });
      });
      return assemble({ asOf, indicators, keep, notApplicable, departmentMissing: missingNow, sources, dims, leaves, total, records, skipped, opts });
    },
  };
}

/**
 * Computes indicators in one pass over an iterable or async iterable of records.
 *
 * @example
 * ```ts
 * import { computeIndicators, PERSON_INDICATORS } from '@canji/indicators';
 * const records = [
 *   { region_code: '430102001001', person_status: 6, birth_date: '1980-05-01', sex: 'female', r16: 1 },
 *   { region_code: '430102001002', person_status: 6, birth_date: '1975-01-09', sex: 'male', r16: 2 },
 *   { region_code: '430103002001', person_status: 6, birth_date: '1990-12-31', sex: 'male', r16: 1 },
 * ];
 * const res = computeIndicators(records, { indicators: [PERSON_INDICATORS.employmentRate], by: ['county'], asOf: '2019-07-01' });
 * res.rows.map((r) => [r.group.region ?? '合计', r.numerator, r.denominator]);
 * //=> [['合计', 2, 3], ['430000', 2, 3], ['430100', 2, 3], ['430102', 1, 2], ['430103', 1, 1]]
 * res.checks.ok; //=> true
 * ```
 */
export function computeIndicators(source: Iterable<object>, opts: ComputeOptions): IndicatorResult;
export function computeIndicators(source: AsyncIterable<object>, opts: ComputeOptions): Promise<IndicatorResult>;
export function computeIndicators(source: Iterable<object> | AsyncIterable<object>, opts: ComputeOptions): IndicatorResult | Promise<IndicatorResult> {
  const calc = createIndicatorCalculator(opts);
  // A source that is both (e.g. @canji/synth's PersonStream) is read synchronously, as its type
  // picks the first overload.
  if (Symbol.iterator in source) {
    for (const r of source as Iterable<object>) calc.add(r);
    return calc.result();
  }
  return (async () => {
    for await (const r of source as AsyncIterable<object>) calc.add(r);
    return calc.result();
  })();
}

interface AssembleInput {
  asOf: string;
  indicators: readonly Indicator[];
  /** Per indicator: computed (false: a department was missing, left out of the result). */
  keep: readonly boolean[];
  notApplicable: readonly Indicator[];
  departmentMissing: readonly { indicator: Indicator; departments: readonly ExtractDepartmentId[]; reason: 'not-supplied' | 'no-values' }[];
  sources: readonly IndicatorDepartmentSource[];
  dims: DimSpec[];
  leaves: Leaf[];
  total: Float64Array;
  records: number;
  skipped: number;
  opts: ComputeOptions;
}

/** @internal grouping sets: per dimension, -1 (all) or a level index. */
function groupingSets(dims: DimSpec[], mode: 'cube' | 'leaves'): number[][] {
  const full = dims.map((d) => d.levels.length - 1);
  if (mode === 'leaves') return dims.length === 0 ? [[]] : [dims.map(() => -1), full];
  let sets: number[][] = [[]];
  for (const d of dims) {
    const next: number[][] = [];
    for (const s of sets) for (let j = -1; j < d.levels.length; j++) next.push([...s, j]);
    sets = next;
  }
  // Coarsest first: fewer dimensions, then coarser levels.
  const weight = (s: number[]) => s.reduce((a, j) => a + j + 1, 0);
  return sets.sort((a, b) => weight(a) - weight(b) || cmpArr(a, b));
}

function cmpArr(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/**
 * The order of group values in an indicator table: codes ascending, numbers before strings, male
 * before female, age bands by their start, 未知 (`null`) last — for engines that count elsewhere
 * (`@canji/sql`) and put their rows in `computeIndicators`' order.
 *
 * @example
 * ```ts
 * import { compareGroupValues } from '@canji/indicators';
 * [null, 2, 1, '60+', '<16'].sort(compareGroupValues); //=> [1, 2, '<16', '60+', null]
 * ```
 */
export function compareGroupValues(a: GroupValue, b: GroupValue): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  // 男 before 女, as in published tables.
  if (a === 'male' && b === 'female') return -1;
  if (a === 'female' && b === 'male') return 1;
  // Age bands ('<6', '6–14', '15', '60+') sort by their lower bound, '<6' first.
  const la = bandStart(a);
  const lb = bandStart(b);
  if (la !== undefined && lb !== undefined && la !== lb) return la - lb;
  return a < b ? -1 : a > b ? 1 : 0;
}

const BAND = /^(<)?(\d+)(?:–\d+|\+)?$/;

function bandStart(s: string): number | undefined {
  const m = BAND.exec(s);
  if (!m) return undefined;
  return Number(m[2]) - (m[1] ? 0.5 : 0);
}

/**
 * One row of an indicator table from its counts, as `computeIndicators` writes it: the value
 * (× the indicator's factor), the Wilson interval, the target status and the small-cell flag — for
 * engines that count elsewhere (`@canji/sql`), so both give the same rows.
 *
 * @example
 * ```ts
 * import { indicatorRowFromCounts } from '@canji/indicators';
 * indicatorRowFromCounts({ id: 'x', factor: 100 }, ['sex'], { sex: 'male' }, 12, 40, 3, { threshold: 5, complement: true }).value; //=> 30
 * ```
 */
export function indicatorRowFromCounts(
  ind: Pick<Indicator, 'id' | 'factor' | 'target'>,
  by: readonly string[],
  group: Record<string, GroupValue>,
  numerator: number,
  denominator: number,
  missing: number,
  small: Required<SmallCellOptions>,
): IndicatorRow {
  const f = ind.factor;
  const value = denominator > 0 ? (numerator * f) / denominator : null;
  const ci = wilsonInterval(numerator, denominator);
  const ciLower = ci ? ci[0] * f : null;
  const ciUpper = ci ? ci[1] * f : null;
  const t = small.threshold;
  const rest = denominator - numerator;
  const smallCell = denominator < t || (numerator > 0 && numerator < t) || (small.complement && rest > 0 && rest < t);
  return { indicator: ind.id, by, group, numerator, denominator, missing, value, ciLower, ciUpper, target: targetStatus(ind.target, value, ciLower, ciUpper), smallCell };
}

function satisfies(v: number, t: IndicatorTarget): boolean {
  switch (t.comparison) {
    case '>=':
      return v >= t.value;
    case '>':
      return v > t.value;
    case '<=':
      return v <= t.value;
    case '<':
      return v < t.value;
    default:
      t.comparison satisfies never;
      return false;
  }
}

function targetStatus(t: IndicatorTarget | undefined, value: number | null, lo: number | null, hi: number | null): TargetStatus | null {
  if (!t) return null;
  if (value === null || lo === null || hi === null) return { ...t, status: 'no-data', certain: false };
  const met = satisfies(value, t);
  return { ...t, status: met ? 'met' : 'not-met', certain: satisfies(lo, t) === met && satisfies(hi, t) === met };
}

/**
 * Where one department-sourced item of a computed indicator came from, as `result.departmentSources`
 * lists it: the item and its department, the roster rule, the population's 不在名册 count and, when
 * given, the provenance of the extract (file, period, match counts). For engines that count
 * elsewhere (`@canji/sql`), so both list the same entries.
 *
 * @example
 * ```ts
 * import { indicatorDepartmentSource, PERSON_INDICATORS_2021 } from '@canji/indicators';
 * const item = PERSON_INDICATORS_2021.nursingSubsidyCoverage.departmentItems![0]!;
 * indicatorDepartmentSource('nursing-subsidy-coverage', item, undefined, 0).department; //=> 'civil-affairs'
 * ```
 */
export function indicatorDepartmentSource(
  indicator: string,
  item: NonNullable<Indicator['departmentItems']>[number],
  p: DepartmentSourceProvenance | undefined,
  populationNotInRoster: number,
): IndicatorDepartmentSource {
  return {
    indicator,
    item: item.key,
    itemLabel: item.label,
    department: item.department,
    departmentName: item.departmentName,
    extractName: p?.extractName ?? getExtractDepartment(item.department).extractName,
    roster: item.roster,
    rosterRule: rosterRuleText(item.roster),
    populationNotInRoster,
    ...(p
      ? {
          ...(p.file !== undefined ? { file: p.file } : {}),
          ...(p.periodFrom !== undefined ? { periodFrom: p.periodFrom } : {}),
          ...(p.periodTo !== undefined ? { periodTo: p.periodTo } : {}),
          matchedBy: p.matchedBy,
          ...(p.rows !== undefined ? { rows: p.rows } : {}),
          persons: p.persons,
          matched: p.matched,
          notInRoster: p.notInRoster,
          withoutKey: p.withoutKey,
        }
      : {}),
  };
}

/**
 * The warning of an indicator not computed because the data is of another form version
 * (`INDICATOR_FORM_VERSION`), in the words `computeIndicators` uses.
 *
 * @example
 * ```ts
 * import { formVersionWarning } from '@canji/indicators';
 * formVersionWarning({ id: 'x', name: '某指标', formVersions: ['2021'] }, '2017').code; //=> 'INDICATOR_FORM_VERSION'
 * ```
 */
export function formVersionWarning(ind: Pick<Indicator, 'id' | 'name' | 'formVersions'>, formVersion: string | undefined): ComputeWarning {
  return {
    code: 'INDICATOR_FORM_VERSION',
    indicator: ind.id,
    message: `指标“${ind.name}”（${ind.id}）适用于 ${ind.formVersions.join('、')} 版表，而数据为 ${formVersion} 版表（题目不同或不存在），未计算`,
  };
}

/**
 * The warning of an indicator not computed for want of a department's data
 * (`INDICATOR_DEPARTMENT_MISSING`): not supplied, or supplied but matched by no record.
 *
 * @example
 * ```ts
 * import { departmentMissingWarning, PERSON_INDICATORS_2021 } from '@canji/indicators';
 * departmentMissingWarning(PERSON_INDICATORS_2021.nursingSubsidyCoverage, ['civil-affairs'], 'not-supplied').departments; //=> ['civil-affairs']
 * ```
 */
export function departmentMissingWarning(ind: Pick<Indicator, 'id' | 'name' | 'departmentItems'>, departments: readonly ExtractDepartmentId[], reason: 'not-supplied' | 'no-values'): ComputeWarning {
  const items = (ind.departmentItems ?? []).filter((d) => departments.includes(d.department));
  const names = departments.map((d) => items.find((x) => x.department === d)?.departmentName ?? DEPARTMENT_NAMES[d]).join('、');
  return {
    code: 'INDICATOR_DEPARTMENT_MISSING',
    indicator: ind.id,
    departments,
    message:
      `指标“${ind.name}”（${ind.id}）需要${names}的数据（${items.map((d) => `${d.label} ${d.key}`).join('、')}），` +
      (reason === 'not-supplied' ? '未提供该部门数据' : '没有任何记录带有这些部门来源项目（部门数据未匹配到记录）') +
      '，未计算',
  };
}

function assemble(input: AssembleInput): IndicatorResult {
  const { asOf, indicators, keep, notApplicable, departmentMissing, sources, dims, leaves, total, records, skipped, opts } = input;
  const m = indicators.length;
  const small: Required<SmallCellOptions> = { threshold: opts.smallCell?.threshold ?? 5, complement: opts.smallCell?.complement ?? true };
  const sets = groupingSets(dims, opts.groupingSets ?? 'cube');
  const leafList = leaves;
  // rowsByIndicator[i] collects rows of indicator i, set by set.
  const rowsByIndicator: IndicatorRow[][] = indicators.map(() => []);
  for (const set of sets) {
    const by: string[] = [];
    for (let d = 0; d < dims.length; d++) if (set[d]! >= 0) by.push(dims[d]!.levels[set[d]!]!);
    const groups = new Map<string, { values: GroupValue[]; counts: Float64Array }>();
    for (const leaf of leafList) {
      const vals: GroupValue[] = [];
      let key = '';
      for (let d = 0; d < dims.length; d++) {
        const j = set[d]!;
        if (j < 0) continue;
        const dim = dims[d]!;
        const v = j === dim.levels.length - 1 ? leaf.values[d]! : dim.at(leaf.values[d]!, j);
        vals.push(v);
        key += (v === null ? '' : String(v)) + SEP;
      }
      let g = groups.get(key);
      if (!g) {
        g = { values: vals, counts: new Float64Array(3 * m) };
        groups.set(key, g);
      }
      const gc = g.counts;
      const lc = leaf.counts;
      for (let k = 0; k < 3 * m; k++) gc[k]! += lc[k]!;
    }
    // The grand total exists even when no record was read.
    if (by.length === 0 && groups.size === 0) groups.set('', { values: [], counts: new Float64Array(3 * m) });
    const ordered = [...groups.values()].sort((a, b) => {
      for (let k = 0; k < a.values.length; k++) {
        const c = compareGroupValues(a.values[k]!, b.values[k]!);
        if (c) return c;
      }
      return 0;
    });
    const presentDims = dims.filter((_d, i) => set[i]! >= 0);
    for (const g of ordered) {
      const group: Record<string, GroupValue> = {};
      presentDims.forEach((d, k) => (group[d.id] = g.values[k]!));
      for (let i = 0; i < m; i++) {
        rowsByIndicator[i]!.push(indicatorRowFromCounts(indicators[i]!, by, group, g.counts[3 * i]!, g.counts[3 * i + 1]!, g.counts[3 * i + 2]!, small));
      }
    }
  }
  const rows = rowsByIndicator.filter((_r, i) => keep[i]).flat();
  const passTotals: Record<string, [number, number, number]> = {};
  indicators.forEach((ind, i) => {
    if (keep[i]) passTotals[ind.id] = [total[3 * i]!, total[3 * i + 1]!, total[3 * i + 2]!];
  });
  const warnings: ComputeWarning[] = [];
  for (const ind of notApplicable) warnings.push(formVersionWarning(ind, opts.formVersion));
  for (const { indicator: ind, departments, reason } of departmentMissing) warnings.push(departmentMissingWarning(ind, departments, reason));
  if (skipped > 0) warnings.push({ code: 'INDICATOR_NOT_A_RECORD', message: `数据源中有 ${skipped} 项不是记录对象（如空行），已跳过` });
  const dimensions: DimensionInfo[] = dims.map((d) => ({ id: d.id, title: d.title, levels: d.levels }));
  let regionNames: Record<string, string> | undefined;
  if (opts.regionName && dims.some((d) => d.id === 'region')) {
    regionNames = {};
    for (const row of rowsByIndicator[keep.indexOf(true)] ?? []) {
      const code = row.group.region;
      if (typeof code === 'string' && !(code in regionNames)) {
        const name = opts.regionName(code);
        if (name !== undefined) regionNames[code] = name;
      }
    }
  }
  const base = {
    asOf,
    records,
    leafGroups: leaves.length,
    indicators: indicators.filter((_i, k) => keep[k]).map(indicatorMetadata),
    dimensions,
    rows,
    warnings,
    passTotals,
    ...(regionNames ? { regionNames } : {}),
    ...(sources.length ? { departmentSources: sources } : {}),
  };
  return { ...base, checks: checkIndicatorResult(base) };
}
