/**
 * The one-pass calculator. Each record is read once: its derived facts (age, sex, category, level)
 * are computed once, its leaf group (the full combination of the `by` dimensions) is looked up, and
 * every indicator adds 0/1 to that group's numerator, denominator and missing counts. Memory holds
 * one small array per leaf group, never the records. Every coarser group (a city from its counties,
 * all categories from each category, the grand total) is then recomputed from the leaf numerators
 * and denominators — never by averaging rates — and a grand total counted independently during the
 * pass is kept to check that the breakdowns add up.
 */
import { viewAs2017 } from '@canji/form';
import { dateNumber, isoDate } from '@canji/id';
import { checkIndicatorResult, type CheckReport } from './checks.js';
import { makeIndexer, normaliseDimensions, type Dimension, type DimensionInfo, type DimSpec, type GroupValue, type RegionNameLookup } from './dimensions.js';
import { BUILTIN_PERSON_INDICATORS } from './builtins.js';
import { calculatorPredicate, setRecordFacts } from './conditions.js';
import { indicatorMetadata, type FormVersion, type Indicator, type IndicatorMetadata, type IndicatorTarget } from './model.js';
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
  /** INDICATOR_FORM_VERSION: an indicator does not apply to the data's form version and was not computed; INDICATOR_NOT_A_RECORD: items of the source that were not objects were skipped. */
  readonly code: 'INDICATOR_FORM_VERSION' | 'INDICATOR_NOT_A_RECORD';
  readonly message: string;
  /** The indicator concerned, if any. */
  readonly indicator?: string;
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
  const asked = opts.indicators ?? BUILTIN_PERSON_INDICATORS;
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
  const indicators = version ? asked.filter((i) => i.formVersions.includes(version)) : asked;
  const notApplicable = version ? asked.filter((i) => !i.formVersions.includes(version)) : [];
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
    for (let i = 0; i < m; i++) {
      const rec = renumber[i] ? r17 : r;
      if (!den[i]!(rec, ctx)) continue;
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
    result: () => assemble({ asOf, indicators, notApplicable, dims, leaves, total, records, skipped, opts }),
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
  notApplicable: readonly Indicator[];
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

/** @internal orders group values: codes ascending, numbers before strings, 未知 (null) last. */
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

/** @internal the row for counts [num, den, missing]. */
export function makeRow(
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

function assemble(input: AssembleInput): IndicatorResult {
  const { asOf, indicators, notApplicable, dims, leaves, total, records, skipped, opts } = input;
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
        rowsByIndicator[i]!.push(makeRow(indicators[i]!, by, group, g.counts[3 * i]!, g.counts[3 * i + 1]!, g.counts[3 * i + 2]!, small));
      }
    }
  }
  const rows = rowsByIndicator.flat();
  const passTotals: Record<string, [number, number, number]> = {};
  indicators.forEach((ind, i) => (passTotals[ind.id] = [total[3 * i]!, total[3 * i + 1]!, total[3 * i + 2]!]));
  const warnings: ComputeWarning[] = [];
  for (const ind of notApplicable) {
    warnings.push({
      code: 'INDICATOR_FORM_VERSION',
      indicator: ind.id,
      message: `指标“${ind.name}”（${ind.id}）适用于 ${ind.formVersions.join('、')} 版表，而数据为 ${opts.formVersion} 版表（题目不同或不存在），未计算`,
    });
  }
  if (skipped > 0) warnings.push({ code: 'INDICATOR_NOT_A_RECORD', message: `数据源中有 ${skipped} 项不是记录对象（如空行），已跳过` });
  const dimensions: DimensionInfo[] = dims.map((d) => ({ id: d.id, title: d.title, levels: d.levels }));
  let regionNames: Record<string, string> | undefined;
  if (opts.regionName && dims.some((d) => d.id === 'region')) {
    regionNames = {};
    for (const row of rowsByIndicator[0] ?? []) {
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
    indicators: indicators.map(indicatorMetadata),
    dimensions,
    rows,
    warnings,
    passTotals,
    ...(regionNames ? { regionNames } : {}),
  };
  return { ...base, checks: checkIndicatorResult(base) };
}
