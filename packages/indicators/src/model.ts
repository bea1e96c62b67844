import { ConditionError, DEPARTMENT_NAMES, getDepartmentSourcedItem, type Condition, type ExtractDepartmentId, type RosterCoverage } from '@canji/form';
import { compilePersonCondition, compileVillageCondition, type PersonPredicate, type VillagePredicate } from './conditions.js';
import type { PersonRecordLike, RecordContext, VillageRecordLike } from './record.js';

/**
 * Form versions of 动态1表 / 动态2表: '2016' (国统制[2016]57号, 40 items), '2017' (2017–2020 rounds,
 * 41 items R1–R41), '2021' (2021/2022 rounds, 27 items). See docs/guides/form-reconstruction.md §2.
 *
 * @example
 * ```ts
 * import type { FormVersion } from '@canji/indicators';
 * const version: FormVersion = '2017';
 * ```
 */
export type FormVersion = '2016' | '2017' | '2021';

/**
 * Every form version, for indicators that read only the cover block.
 *
 * @example
 * ```ts
 * import { ALL_FORM_VERSIONS } from '@canji/indicators';
 * ALL_FORM_VERSIONS.includes('2021'); //=> true
 * ```
 */
export const ALL_FORM_VERSIONS: readonly FormVersion[] = ['2016', '2017', '2021'];

/**
 * How a target is compared with the value, e.g. '>' for "> 90 %", '>=' for "≥ 85 %".
 *
 * @example
 * ```ts
 * import type { TargetComparison } from '@canji/indicators';
 * const comparison: TargetComparison = '>='; // “≥ 85 %”
 * ```
 */
export type TargetComparison = '>=' | '>' | '<=' | '<';

/**
 * A published target for an indicator.
 *
 * @example
 * ```ts
 * import { PERSON_INDICATORS, withTarget, type IndicatorTarget } from '@canji/indicators';
 * const target: IndicatorTarget = { value: 96, comparison: '>=', source: '本省“十四五”残疾人保障和发展规划' };
 * withTarget(PERSON_INDICATORS.medicalInsuranceCoverage, target).target?.value; //=> 96
 * ```
 */
export interface IndicatorTarget {
  /** In the indicator's unit (per cent when `factor` is 100). */
  readonly value: number;
  readonly comparison: TargetComparison;
  /** Where the target comes from, e.g. '“十四五”残疾人保障和发展规划（国发〔2021〕10号）'. */
  readonly source: string;
}

/**
 * What to do with a record that is in the population (`denominator` is true) but has not
 * answered what the numerator reads (`answered` is false):
 * - `'exclude'`: leave it out of the denominator and count it in the row's `missing` column
 *   (the default: an unanswered item is missing, not "no");
 * - `'count-as-no'`: keep it in the denominator, outside the numerator (for instance a person not
 *   reached still counts in the denominator of the household-visit rate).
 *
 * @example
 * ```ts
 * import { PERSON_INDICATORS, type MissingPolicy } from '@canji/indicators';
 * const policy: MissingPolicy = PERSON_INDICATORS.householdVisitRate.missing; //=> 'count-as-no'
 * ```
 */
export type MissingPolicy = 'exclude' | 'count-as-no';

interface IndicatorBase {
  /** Stable machine id (kebab-case). Ids never change meaning once released. */
  readonly id: string;
  /** zh-CN name, e.g. 就业率. */
  readonly name: string;
  /** zh-CN: exactly who is counted in the numerator and in the denominator. */
  readonly description: string;
  /** Where the definition comes from (policy text, dashboard, or the reasoned choice). */
  readonly basis: string;
  /** 100 for a percentage, 1000 for per mille, 1 for a proportion. */
  readonly factor: number;
  /** Unit shown after the value, e.g. '%'. */
  readonly unit: string;
  /** Form versions whose item numbering the predicates read. */
  readonly formVersions: readonly FormVersion[];
  readonly missing: MissingPolicy;
  readonly target?: IndicatorTarget;
  /**
   * The item numbering the predicates are written in, when it is not the data's own. The built-ins
   * read 2017 keys (`r16` 是否就业 …); on 2021 data (`formVersion: '2021'`) the calculator hands them
   * each record renumbered to 2017 keys (2021 `r9` → `r16`, `hukou` → `r3` …, docs/guides/form-reconstruction.md
   * §3.10). Absent: records are read as they are (a local indicator written for 2021 keys).
   */
  readonly numbering?: '2017';
  /**
   * The department-sourced items (`@canji/form`'s `dept_…` keys, e.g. `dept_resident_pension`) the
   * indicator reads, with the department that supplies each and its roster coverage. The
   * calculator does not compute an indicator whose department was not supplied
   * (`INDICATOR_DEPARTMENT_MISSING`) and keeps where each one came from in
   * `result.departmentSources`. Absent: the indicator reads only items of the form.
   */
  readonly departmentItems?: readonly DepartmentItemUse[];
}

/**
 * A department-sourced item an indicator reads (from `@canji/form`'s `getDepartmentSourcedItem`).
 *
 * @example
 * ```ts
 * import { PERSON_INDICATORS_2021, type DepartmentItemUse } from '@canji/indicators';
 * const [use]: readonly DepartmentItemUse[] = PERSON_INDICATORS_2021.nursingSubsidyCoverage.departmentItems!;
 * [use!.key, use!.department, use!.roster]; //=> ['dept_care_subsidy', 'civil-affairs', 'complete']
 * ```
 */
export interface DepartmentItemUse {
  /** Key in the enriched record, e.g. `dept_care_subsidy`. */
  readonly key: string;
  /** zh-CN label of the item. */
  readonly label: string;
  readonly department: ExtractDepartmentId;
  /** zh-CN name of the department (`@canji/form`'s `DEPARTMENT_NAMES`). */
  readonly departmentName: string;
  /** `complete`: 不在名册 counts as 否; `partial`: 不在名册 is unknown (missing, out of the denominator). */
  readonly roster: RosterCoverage;
}

/** @internal zh-CN: how 不在名册 is read for a roster. */
export function rosterRuleText(roster: RosterCoverage): string {
  return roster === 'complete' ? '完整名册：不在名册计为“否”（计入分母）' : '部分名册：不在名册计为缺失（不计入分母，计入未答）';
}

function departmentItemUse(id: string, key: unknown): DepartmentItemUse {
  const item = typeof key === 'string' ? getDepartmentSourcedItem(key) : undefined;
  if (!item) throw new TypeError(`INDICATOR_DEPARTMENT_ITEM: 指标 "${id}" 的部门来源项目 "${String(key)}" 不是 @canji/form 的部门来源项目（departmentSourcedItems()）`);
  return Object.freeze({ key: item.key, label: item.label, department: item.department, departmentName: DEPARTMENT_NAMES[item.department], roster: item.roster });
}

/**
 * The parts of an indicator that were given as data, in canji's one condition language
 * (`@canji/form`'s `Condition`), as given (frozen copies): what a data dictionary describes and a
 * SQL compiler translates. A part given as a function is absent here (its predicate is still on
 * the indicator); `answered` is absent too when the indicator has none (every record in the
 * population counts as answered).
 *
 * @example
 * ```ts
 * import { definePersonIndicator, type IndicatorConditions } from '@canji/indicators';
 * const signed = definePersonIndicator({
 *   id: 'local-r31', name: '签约率', description: '分母：核查状态正常者；分子：R31=1 者。', basis: '本地指标', formVersions: ['2017'],
 *   denominator: { item: 'person_status', eq: 6 }, numerator: (r) => r.r31 === 1,
 * });
 * const c: IndicatorConditions = signed.conditions!;
 * [c.denominator, c.numerator]; //=> [{ item: 'person_status', eq: 6 }, undefined]   (the numerator is a function)
 * ```
 */
export interface IndicatorConditions {
  readonly denominator?: Condition;
  readonly answered?: Condition;
  readonly numerator?: Condition;
}

/**
 * An indicator over person records (动态1表).
 *
 * @example
 * ```ts
 * import { PERSON_INDICATORS, type PersonIndicator } from '@canji/indicators';
 * const p: PersonIndicator = PERSON_INDICATORS.familyDoctorContractRate;
 * p.formVersions; //=> ['2017', '2021']
 * ```
 */
export interface PersonIndicator extends IndicatorBase {
  readonly subject: 'person';
  /** Is the record in the population (asked / eligible) at the reference date? */
  readonly denominator: (record: PersonRecordLike, ctx: RecordContext) => boolean;
  /** Has the record answered what the numerator reads? Defaults to always true. */
  readonly answered?: (record: PersonRecordLike, ctx: RecordContext) => boolean;
  /** Is the record counted in the numerator? Only asked for records in the denominator that answered. */
  readonly numerator: (record: PersonRecordLike, ctx: RecordContext) => boolean;
  /** The parts given as data, from which the predicates above were compiled (see {@link IndicatorConditions}). */
  readonly conditions?: IndicatorConditions;
}

/**
 * An indicator over village/community records (动态2表).
 *
 * @example
 * ```ts
 * import { BUILTIN_VILLAGE_INDICATORS, type VillageIndicator } from '@canji/indicators';
 * const v: VillageIndicator = BUILTIN_VILLAGE_INDICATORS[0]!;
 * v.subject; //=> 'village'
 * ```
 */
export interface VillageIndicator extends IndicatorBase {
  readonly subject: 'village';
  readonly denominator: (record: VillageRecordLike) => boolean;
  readonly answered?: (record: VillageRecordLike) => boolean;
  readonly numerator: (record: VillageRecordLike) => boolean;
  /** The parts given as data (see {@link IndicatorConditions}). */
  readonly conditions?: IndicatorConditions;
}

/**
 * An indicator: typed data with stable id, zh-CN texts, predicates, factor, target.
 *
 * @example
 * ```ts
 * import { PERSON_INDICATORS, type Indicator } from '@canji/indicators';
 * const ind: Indicator = PERSON_INDICATORS.employmentRate;
 * ind.subject; //=> 'person'
 * ```
 */
export type Indicator = PersonIndicator | VillageIndicator;

/** The parts of an indicator that say who is counted. */
type Parts = 'denominator' | 'answered' | 'numerator';

/**
 * Input of {@link definePersonIndicator}: defaults for `factor` (100), `unit` ('%'), `missing` ('exclude').
 * `denominator`, `answered` and `numerator` are each a condition (data: items of the record, and
 * the facts `$age`, `$category`, `$level`) or, where a condition cannot say it, a function.
 *
 * @example
 * ```ts
 * import { definePersonIndicator, type PersonIndicatorInput } from '@canji/indicators';
 * const input: PersonIndicatorInput = {
 *   id: 'local-r31', name: '签约率', description: '分母：核查状态正常者；分子：R31=1 者。', basis: '本地指标', formVersions: ['2017'],
 *   denominator: { item: 'person_status', eq: 6 }, numerator: { item: 'r31', eq: 1 },
 * };
 * definePersonIndicator(input).factor; //=> 100
 * ```
 */
export type PersonIndicatorInput = Omit<PersonIndicator, 'subject' | 'factor' | 'unit' | 'missing' | Parts | 'conditions' | 'departmentItems'> &
  Partial<Pick<PersonIndicator, 'factor' | 'unit' | 'missing'>> & {
    readonly denominator: Condition | PersonPredicate;
    readonly answered?: Condition | PersonPredicate;
    readonly numerator: Condition | PersonPredicate;
    /**
     * Keys of the department-sourced items the indicator reads (`'dept_care_subsidy'` …, see
     * `@canji/form`'s `departmentSourcedItems()`), or their {@link DepartmentItemUse} (as on an
     * indicator being copied). Unknown keys throw `INDICATOR_DEPARTMENT_ITEM`.
     */
    readonly departmentItems?: readonly (string | DepartmentItemUse)[];
  };

/**
 * Input of {@link defineVillageIndicator}: each part a condition on the record's items, or a function.
 *
 * @example
 * ```ts
 * import { defineVillageIndicator, type VillageIndicatorInput } from '@canji/indicators';
 * const input: VillageIndicatorInput = {
 *   id: 'local-v1', name: '有综合服务中心的比例', description: '分母：v1 已填者；分子：v1=1 者。', basis: '本地指标', formVersions: ['2017'],
 *   denominator: { all: [] }, answered: { item: 'v1', in: [1, 2] }, numerator: { item: 'v1', eq: 1 },
 * };
 * defineVillageIndicator(input).unit; //=> '%'
 * ```
 */
export type VillageIndicatorInput = Omit<VillageIndicator, 'subject' | 'factor' | 'unit' | 'missing' | Parts | 'conditions'> &
  Partial<Pick<VillageIndicator, 'factor' | 'unit' | 'missing'>> & {
    readonly denominator: Condition | VillagePredicate;
    readonly answered?: Condition | VillagePredicate;
    readonly numerator: Condition | VillagePredicate;
  };

const ID_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function checkId(id: string): void {
  if (!ID_RE.test(id)) throw new TypeError(`INDICATOR_ID: 指标编号须为小写字母、数字和连字符（kebab-case），实际为 "${id}"`);
}

/**
 * The condition each compiled predicate came from, so that an indicator defined from another's
 * predicates (`definePersonIndicator({ ...builtin, id: 'local-…' })`) keeps them as data.
 */
const COMPILED_FROM = new WeakMap<object, Condition>();

const PART_LABEL: Record<Parts, string> = { denominator: '分母', answered: '已答', numerator: '分子' };

function deepFreeze<T>(x: T): T {
  if (x !== null && typeof x === 'object' && !Object.isFrozen(x)) {
    for (const v of Object.values(x)) deepFreeze(v);
    Object.freeze(x);
  }
  return x;
}

/**
 * Each part of an indicator as the predicate the calculator calls (a condition compiled once, a
 * function as it is) and the parts given as data. Throws `INDICATOR_CONDITION` for a part that is
 * missing, of the wrong type, or a condition that cannot be compiled.
 */
function compileParts<F extends object>(
  input: { readonly id: string } & { readonly [K in Parts]?: Condition | F },
  compile: (c: Condition) => F,
): { predicates: { [K in Parts]?: F }; conditions: IndicatorConditions } {
  const predicates: { [K in Parts]?: F } = {};
  const conditions: { -readonly [K in Parts]?: Condition } = {};
  for (const part of ['denominator', 'answered', 'numerator'] as const) {
    const given = input[part];
    if (given === undefined && part === 'answered') continue;
    if (typeof given === 'function') {
      predicates[part] = given;
      const from = COMPILED_FROM.get(given);
      if (from !== undefined) conditions[part] = from;
      continue;
    }
    if (given === null || typeof given !== 'object' || Array.isArray(given)) {
      throw new TypeError(`INDICATOR_CONDITION: 指标 "${input.id}" 的${PART_LABEL[part]}（${part}）须为条件（如 { item: 'r16', eq: 1 }）或函数，实际为 ${JSON.stringify(given) ?? String(given)}`);
    }
    const where = `INDICATOR_CONDITION: 指标 "${input.id}" 的${PART_LABEL[part]}（${part}）`;
    let condition: Condition;
    try {
      condition = deepFreeze(structuredClone(given as Condition));
    } catch {
      throw new TypeError(`${where}条件须为纯数据（对象、数组、字符串、数字、布尔值），不能含函数等`);
    }
    let f: F;
    try {
      f = compile(condition);
    } catch (e) {
      if (!(e instanceof ConditionError)) throw e;
      throw new TypeError(`${where}条件无效（${e.code}）：${e.message}`);
    }
    COMPILED_FROM.set(f, condition);
    predicates[part] = f;
    conditions[part] = condition;
  }
  return { predicates, conditions: Object.freeze(conditions) };
}

/**
 * Defines a person-level indicator (a local office's own, or a variant of a built-in). Its
 * conditions are compiled once, here, into the predicates the calculator calls, and kept as data
 * in `conditions`.
 *
 * @example
 * ```ts
 * import { definePersonIndicator } from '@canji/indicators';
 * // 本地指标：16–59 岁已就业者中按比例就业的比例
 * const quotaShare = definePersonIndicator({
 *   id: 'local-quota-employment-share',
 *   name: '按比例就业占比',
 *   description: '分母：核查状态正常、16–59 岁、R16=1（已就业）、R17 已答者；分子：其中 R17=1（按比例就业）者。',
 *   basis: '本地指标',
 *   formVersions: ['2017'],
 *   denominator: { all: [{ item: 'person_status', eq: 6 }, { item: '$age', gte: 16, lte: 59 }, { item: 'r16', eq: 1 }] },
 *   answered: { item: 'r17', present: true },
 *   numerator: { item: 'r17', includes: 1 },
 * });
 * quotaShare.conditions?.numerator; //=> { item: 'r17', includes: 1 }
 * ```
 */
export function definePersonIndicator(input: PersonIndicatorInput): PersonIndicator {
  checkId(input.id);
  const { predicates, conditions } = compileParts<PersonPredicate>(input, compilePersonCondition);
  const { departmentItems: given, ...rest } = input;
  const departmentItems =
    given === undefined ? undefined : Object.freeze(given.map((k) => departmentItemUse(input.id, typeof k === 'object' && k !== null ? k.key : k)));
  return Object.freeze({
    factor: 100,
    unit: '%',
    missing: 'exclude' as const,
    ...rest,
    ...predicates,
    conditions,
    ...(departmentItems && departmentItems.length ? { departmentItems } : {}),
    subject: 'person' as const,
  }) as PersonIndicator;
}

/**
 * Defines a village/community-level indicator (动态2表); conditions as for {@link definePersonIndicator},
 * on the record's items only.
 *
 * @example
 * ```ts
 * import { defineVillageIndicator } from '@canji/indicators';
 * const shop = defineVillageIndicator({
 *   id: 'local-village-shop-share', name: '有商店的村（社区）比例', description: '分母：填报该项的村（社区）；分子：填“是”者。',
 *   basis: '本地指标', formVersions: ['2017'],
 *   denominator: { all: [] }, answered: { item: 'v4', in: [1, 2] }, numerator: { item: 'v4', eq: 1 },
 * });
 * shop.numerator({ v4: 1 }); //=> true
 * ```
 */
export function defineVillageIndicator(input: VillageIndicatorInput): VillageIndicator {
  checkId(input.id);
  const { predicates, conditions } = compileParts<VillagePredicate>(input, compileVillageCondition);
  return Object.freeze({ factor: 100, unit: '%', missing: 'exclude' as const, ...input, ...predicates, conditions, subject: 'village' as const }) as VillageIndicator;
}

/**
 * Returns a copy of an indicator with another (or no) target, e.g. a provincial plan's value.
 *
 * @example
 * ```ts
 * import { BUILTIN_INDICATORS, withTarget } from '@canji/indicators';
 * const visits = BUILTIN_INDICATORS.find((i) => i.id === 'household-visit-rate')!;
 * const strict = withTarget(visits, { value: 95, comparison: '>=', source: '2015 专项调查（国务院残工委）' });
 * strict.target?.value; //=> 95
 * ```
 */
export function withTarget<I extends Indicator>(indicator: I, target: IndicatorTarget | undefined): I {
  const { target: _old, ...rest } = indicator;
  return Object.freeze(target ? { ...rest, target } : rest) as I;
}

/**
 * The JSON-safe part of an indicator (everything but the predicates and their conditions), for reports and APIs.
 *
 * @example
 * ```ts
 * import { indicatorMetadata, PERSON_INDICATORS, type IndicatorMetadata } from '@canji/indicators';
 * const meta: IndicatorMetadata = indicatorMetadata(PERSON_INDICATORS.employmentRate);
 * meta.factor; //=> 100
 * ```
 */
export interface IndicatorMetadata {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly basis: string;
  readonly subject: 'person' | 'village';
  readonly factor: number;
  readonly unit: string;
  readonly formVersions: readonly FormVersion[];
  readonly missing: MissingPolicy;
  readonly target?: IndicatorTarget;
  /** The department-sourced items read (see `Indicator.departmentItems`), when any. */
  readonly departmentItems?: readonly DepartmentItemUse[];
}

/**
 * The indicator's metadata without its functions (what a report or an API publishes).
 *
 * @example
 * ```ts
 * import { BUILTIN_INDICATORS, indicatorMetadata } from '@canji/indicators';
 * JSON.stringify(indicatorMetadata(BUILTIN_INDICATORS[0]!)).includes('household-visit-rate'); //=> true
 * ```
 */
export function indicatorMetadata(indicator: Indicator): IndicatorMetadata {
  const { id, name, description, basis, subject, factor, unit, formVersions, missing, target, departmentItems } = indicator;
  return {
    id,
    name,
    description,
    basis,
    subject,
    factor,
    unit,
    formVersions,
    missing,
    ...(target ? { target } : {}),
    ...(departmentItems && departmentItems.length ? { departmentItems } : {}),
  };
}
