/**
 * The built-ins on the 2021/2022 person form (R1–R27) whose 2017 items the 2021 form no longer
 * asks, defined on department data instead (`@canji/form`'s department-sourced items, `dept_…`
 * keys: 1 是, 2 否, 3 不在名册) under the SAME ids as the 2017 definitions. They read 2021 records
 * as they are (2021 keys: `hukou`, R6 机构, R9 是否就业, R12 职工社会保险, R15 社会救助 …) plus the
 * `dept_…` keys that `applyDepartmentSources` / `createDepartmentSourcer` add.
 *
 * 不在名册 is read through `@canji/form`'s `departmentSourcedAnswer`, the one table of that rule:
 * for an item whose roster is `complete` it is 否 (in the denominator, not the numerator); for a
 * `partial` roster it is unknown — excluded from the denominator and counted in `missing`, like an
 * unanswered item. The codes each condition accepts are derived from that function here, so the
 * conditions stay data (a data dictionary describes them, a SQL compiler translates them).
 *
 * docs/guides/indicators.md §“2021 版登记表” lists which built-ins are computed on 2021, from which
 * department, and which are not and why.
 */
import { DEPARTMENT_SOURCED_CODES, PERSON_STATUS_NORMAL, departmentSourcedAnswer, type Condition } from '@canji/form';
import { definePersonIndicator, type FormVersion, type PersonIndicator, type VillageIndicator } from './model.js';
import { BUILTIN_PERSON_INDICATORS, PERSON_INDICATORS, compulsoryEducationEnrollment as compulsoryEducationEnrollment2017, type CompulsoryEducationOptions } from './builtins.js';

const ONLY_2021: readonly FormVersion[] = ['2021'];
const DEPT_CODES: readonly number[] = DEPARTMENT_SOURCED_CODES.entries.map((e) => e.code);

/**
 * The values of a department-sourced item that answer it (`departmentSourcedAnswer` is not
 * `undefined`): 1, 2 and, for a complete roster, 3 不在名册.
 */
function deptAnswered(key: string): Condition {
  return { item: key, in: DEPT_CODES.filter((v) => departmentSourcedAnswer(key, v) !== undefined) };
}
/** The values that mean 是 (`departmentSourcedAnswer` is `true`). */
function deptYes(key: string): Condition {
  return { item: key, in: DEPT_CODES.filter((v) => departmentSourcedAnswer(key, v) === true) };
}

/** 核查状态 6 正常. */
const SURVEYED: Condition = { item: 'person_status', eq: PERSON_STATUS_NORMAL };
/** 2021 R6 ≠ 1: not living in an institution (2017 R7). */
const NOT_IN_INSTITUTION: Condition = { item: 'r6', ne: 1 };

const DEPT_BASIS = '2021 版登记表不再询问，以部门数据为准（@canji/form 部门来源项目，[inf]）';

const residentsPension = definePersonIndicator({
  id: 'residents-pension-coverage',
  name: '城乡居民基本养老保险参保率',
  description:
    '（2021 版，部门数据）分母：核查状态正常、参考日期时满 16 周岁、R12 不含 1（未参加职工基本养老保险）、' +
    '且不是“未就业（R9=2）而学籍名册中在读”者（2017 版 R19=1 在校学生不问 R23），人社参保信息已给出结果者；' +
    '分子：人社参保信息为城乡居民基本养老保险者。人社参保信息为部分名册：不在名册者列为缺失，不计入分母。',
  // 2017: R23 among ≥ 16, R19 ≠ 1, R22 without 1 (builtins.ts). 2021 asks R12 (= 2017 R22) but neither
  // R19 nor R23: the pension scheme comes from 人社, the pupils (R19 = 1 在校学生, asked of the
  // non-employed 16–59 not in an institution, i.e. 2021 R9 = 2) from the school roll.
  basis: `${DEPT_BASIS}；2017 版口径：参保 /（参保 + 未参保），R23 问 16 岁以上（来源：S5、S11）`,
  formVersions: ONLY_2021,
  target: PERSON_INDICATORS.residentsPensionCoverage.target!,
  departmentItems: ['dept_resident_pension', 'dept_enrolled'],
  denominator: {
    all: [
      SURVEYED,
      { item: '$age', gte: 16 },
      { item: 'r12', includesNone: [1] },
      { not: { all: [{ item: 'r9', eq: 2 }, deptYes('dept_enrolled')] } },
    ],
  },
  answered: deptAnswered('dept_resident_pension'),
  numerator: deptYes('dept_resident_pension'),
});

const pensionSubsidy = definePersonIndicator({
  id: 'pension-premium-subsidy-rate',
  name: '城乡居民养老保险缴费补贴享受比例',
  description:
    '（2021 版，部门数据）分母：核查状态正常、参考日期时 16–59 周岁、人社参保信息为城乡居民基本养老保险、且人社代缴记录已给出是否享受缴费补贴者；' +
    '分子：享受缴费补贴者。部分名册：不在名册者列为缺失。',
  basis: `${DEPT_BASIS}；2017 版口径：获补贴人数 / 参保人数，R24 问 16–59 岁 R23=1 者（来源：S5、S11）`,
  formVersions: ONLY_2021,
  departmentItems: ['dept_resident_pension', 'dept_pension_subsidy'],
  denominator: { all: [SURVEYED, { item: '$age', gte: 16, lte: 59 }, deptYes('dept_resident_pension')] },
  answered: deptAnswered('dept_pension_subsidy'),
  numerator: deptYes('dept_pension_subsidy'),
});

const livingSubsidy = definePersonIndicator({
  id: 'living-subsidy-coverage',
  name: '困难残疾人生活补贴覆盖率',
  description:
    '（2021 版，部门数据）分母（应享受者）：核查状态正常、R15 含 1（本人或家庭享受低保）且不含 2（特困人员救助供养）、民政发放名册已匹配者；' +
    '分子：民政发放名册中有困难残疾人生活补贴者。民政发放名册为完整名册：不在名册者计为未享受（计入分母）。',
  // The population is what the 2021 form asks (R15 = 2017 R27); only the subsidy (2017 R28) comes from 民政.
  basis: `${DEPT_BASIS}；国发〔2015〕52号（D7）、湘政发〔2015〕54号（D8）；R15 见 2021 版动态1表（S9）`,
  formVersions: ONLY_2021,
  departmentItems: ['dept_living_subsidy'],
  denominator: { all: [SURVEYED, { item: 'r15', includes: 1 }, { item: 'r15', includesNone: [2] }] },
  answered: deptAnswered('dept_living_subsidy'),
  numerator: deptYes('dept_living_subsidy'),
});

const nursingSubsidy = definePersonIndicator({
  id: 'nursing-subsidy-coverage',
  name: '重度残疾人护理补贴覆盖率',
  description:
    '（2021 版，部门数据）分母（应享受者）：核查状态正常、残疾等级为一级或二级、R15 不含 2（特困人员救助供养）、民政发放名册已匹配者；' +
    '分子：民政发放名册中有重度残疾人护理补贴者。完整名册：不在名册者计为未享受（计入分母）。',
  basis: `${DEPT_BASIS}；国发〔2015〕52号（D7）、湘政发〔2015〕54号（D8）；R15 见 2021 版动态1表（S9）`,
  formVersions: ONLY_2021,
  departmentItems: ['dept_care_subsidy'],
  denominator: { all: [SURVEYED, { item: '$level', in: [1, 2] }, { item: 'r15', includesNone: [2] }] },
  answered: deptAnswered('dept_care_subsidy'),
  numerator: deptYes('dept_care_subsidy'),
});

/**
 * 适龄残疾儿童少年义务教育入学率 on the 2021 form, from the school roll (学籍, education
 * department), with a configurable school-age band (as {@link compulsoryEducationEnrollment}).
 * The school roll is a complete roster: a child not on it counts as not enrolled.
 *
 * @example
 * ```ts
 * import { compulsoryEducationEnrollment2021 } from '@canji/indicators';
 * const ind = compulsoryEducationEnrollment2021({ maxAge: 15 });
 * [ind.id, ind.formVersions, ind.departmentItems?.[0]?.key]; //=> ['compulsory-education-enrollment', ['2021'], 'dept_enrolled']
 * ```
 */
export function compulsoryEducationEnrollment2021(opts: CompulsoryEducationOptions = {}): PersonIndicator {
  const min = opts.minAge ?? 6;
  const max = opts.maxAge ?? 14;
  return definePersonIndicator({
    id: 'compulsory-education-enrollment',
    name: '适龄残疾儿童少年义务教育入学率',
    description:
      `（2021 版，部门数据）分母：核查状态正常、参考日期时 ${min}–${max} 周岁、学籍名册已匹配者；分子：学籍名册中在读者（含特教学校、送教上门）。` +
      '学籍名册为完整名册：不在名册者计为未入学（计入分母）。',
    basis: `${DEPT_BASIS}；送教上门纳入学籍、计为入学（D15–D17）；年龄段见 docs/guides/policy-basis.md §3`,
    formVersions: ONLY_2021,
    target: PERSON_INDICATORS.compulsoryEducationEnrollment.target!,
    departmentItems: ['dept_enrolled'],
    denominator: { all: [SURVEYED, { item: '$age', gte: min, lte: max }] },
    answered: deptAnswered('dept_enrolled'),
    numerator: deptYes('dept_enrolled'),
  });
}

const dangerousHouse = definePersonIndicator({
  id: 'dangerous-house-rate',
  name: '农村危房比例',
  description:
    '（2021 版，部门数据）分母：核查状态正常、农业户口（户口性质=1）、不住机构（R6≠1）、住建名册给出结果者；' +
    '分子：住建鉴定为 C/D 级危房且未完成改造者。住建名册为部分名册（只含经过鉴定或改造的农户）：不在名册者列为缺失，不计入分母，' +
    '故分母只含名册中的农户，与 2017 版（R11 全体农业户口）口径不同。按人计。',
  // 2021 R7 merges urban and rural housing with an open code list (codes not found): the 住建
  // appraisal is the only source of "dangerous" on 2021.
  basis: `${DEPT_BASIS}；2021 版 R7（家庭住房状况）代码未见，不能用；住建鉴定等级 C/D 为危房（@canji/form dept_dangerous_house）`,
  formVersions: ONLY_2021,
  departmentItems: ['dept_dangerous_house'],
  denominator: { all: [SURVEYED, { item: 'hukou', eq: 1 }, NOT_IN_INSTITUTION] },
  answered: deptAnswered('dept_dangerous_house'),
  numerator: deptYes('dept_dangerous_house'),
});

/**
 * The built-ins defined on department data for the 2021/2022 form, by name, under the ids of the
 * 2017 built-ins whose items the 2021 form no longer asks. Each lists the `dept_…` items it reads in
 * `departmentItems`.
 *
 * @example
 * ```ts
 * import { PERSON_INDICATORS_2021 } from '@canji/indicators';
 * PERSON_INDICATORS_2021.livingSubsidyCoverage.id; //=> 'living-subsidy-coverage'
 * PERSON_INDICATORS_2021.livingSubsidyCoverage.conditions?.numerator; //=> { item: 'dept_living_subsidy', in: [1] }
 * PERSON_INDICATORS_2021.livingSubsidyCoverage.conditions?.answered; //=> { item: 'dept_living_subsidy', in: [1, 2, 3] }
 * PERSON_INDICATORS_2021.dangerousHouseRate.conditions?.answered; //=> { item: 'dept_dangerous_house', in: [1, 2] }
 * ```
 */
export const PERSON_INDICATORS_2021 = {
  residentsPensionCoverage: residentsPension,
  pensionPremiumSubsidyRate: pensionSubsidy,
  livingSubsidyCoverage: livingSubsidy,
  nursingSubsidyCoverage: nursingSubsidy,
  compulsoryEducationEnrollment: compulsoryEducationEnrollment2021(),
  dangerousHouseRate: dangerousHouse,
} as const satisfies Record<string, PersonIndicator>;

/**
 * Options of {@link dayCareServiceNeed2021}.
 *
 * @example
 * ```ts
 * import type { DayCareServiceNeed2021Options } from '@canji/indicators';
 * const opts: DayCareServiceNeed2021Options = { needCodes: [1, 2, 3] };
 * ```
 */
export interface DayCareServiceNeed2021Options {
  /** The 2021 R16 codes that state a need for a care service (托养). Required: the official 2021 code list was not found. */
  readonly needCodes: readonly number[];
  /**
   * The R16 codes that state "no need", if the local form has one. Given: R16 answered is one of
   * `needCodes` or `noNeedCodes`, anything else is missing. Absent: an empty R16 counts as no need
   * (as the 2017 definition reads an empty R30 after R29 = 2).
   */
  readonly noNeedCodes?: readonly number[];
}

/**
 * 托养服务需求比例 on the 2021 form, from 2021 R16 (目前托养服务需求), with the codes supplied by
 * the caller. The 2021 code list of R16 has not been found (`@canji/form` carries 2017 R30's
 * provisional list, with no known 无需求 code), and 2021 asks R16 of everyone in the care scope while
 * 2017 asked R30 only of those not receiving care (R29 = 2, an item 2021 dropped): the figure is the
 * share of the care scope stating a need, not 2017's "not receiving and in need". No department
 * holds care services, so 托养服务享受比例 (day-care-service-rate) is not computable on 2021.
 *
 * @example
 * ```ts
 * import { computeIndicators, dayCareServiceNeed2021 } from '@canji/indicators';
 * const need = dayCareServiceNeed2021({ needCodes: [1, 2, 3] });
 * const recs = [
 *   { person_status: 6, birth_date: '1990-01-01', disability_category: 5, disability_level: 3, r16: 2 },
 *   { person_status: 6, birth_date: '1990-01-01', disability_category: 5, disability_level: 3 },
 * ];
 * computeIndicators(recs, { indicators: [need], asOf: '2021-06-30', formVersion: '2021' }).rows[0]!.value; //=> 50
 * ```
 */
export function dayCareServiceNeed2021(opts: DayCareServiceNeed2021Options): PersonIndicator {
  const need = [...(opts?.needCodes ?? [])];
  if (need.length === 0 || !need.every((c) => Number.isInteger(c))) {
    throw new TypeError('INDICATOR_CODES: dayCareServiceNeed2021 须给出 R16 表示有托养需求的代码（needCodes，整数，至少一个）：2021 版代码表未见，不予假定');
  }
  const noNeed = opts.noNeedCodes ? [...opts.noNeedCodes] : undefined;
  return definePersonIndicator({
    id: 'day-care-service-need',
    name: '托养服务需求比例',
    description:
      `（2021 版）分母：核查状态正常、参考日期时 16–59 周岁、智力/精神/多重残疾或一、二级肢体残疾者${noNeed ? `、R16 为 ${[...need, ...noNeed].join('、')} 之一者` : ''}；` +
      `分子：R16（目前托养服务需求）为 ${need.join('、')} 者。` +
      (noNeed ? '其他取值或未填者列为缺失。' : 'R16 未填者计为无需求。') +
      '2021 版对托养范围内所有人询问 R16（2017 版 R30 只问未享受托养者），与 2017 版口径不同。',
    basis: 'R16 托养服务需求与托养范围沿用 2017 版（[inf]，@canji/form 2021 版动态1表）；需求代码由调用方给出（2021 版代码表未见）',
    formVersions: ONLY_2021,
    denominator: {
      all: [
        SURVEYED,
        { item: '$age', gte: 16, lte: 59 },
        { any: [{ item: '$category', in: [5, 6, 7] }, { all: [{ item: '$category', eq: 4 }, { item: '$level', in: [1, 2] }] }] },
      ],
    },
    ...(noNeed ? { answered: { item: 'r16', in: [...need, ...noNeed] } } : {}),
    numerator: { item: 'r16', in: need },
  });
}

/**
 * The 2021 definition of each 2017 built-in, by the 2017 definition's predicate (a `withTarget`
 * copy keeps it): the indicator {@link indicatorsForFormVersion} puts in its place.
 */
const FOR_2021 = new WeakMap<object, PersonIndicator>();
const P = PERSON_INDICATORS;
for (const [name, ind] of Object.entries(PERSON_INDICATORS_2021)) FOR_2021.set(P[name as keyof typeof P].denominator, ind);

/**
 * 适龄残疾儿童少年义务教育入学率 with a configurable school-age band (docs/guides/policy-basis.md §3:
 * 6–14 by default, 6–15 or 7–15 elsewhere), on the 2016/2017 form from R14/R15; on 2021 data
 * {@link indicatorsForFormVersion} replaces it by {@link compulsoryEducationEnrollment2021} with the same ages.
 *
 * @example
 * ```ts
 * import { compulsoryEducationEnrollment, indicatorsForFormVersion } from '@canji/indicators';
 * const ind = compulsoryEducationEnrollment({ minAge: 6, maxAge: 15 });
 * ind.description.includes('6–15'); //=> true
 * indicatorsForFormVersion([ind], '2021')[0]!.description.includes('学籍名册'); //=> true
 * ```
 */
export function compulsoryEducationEnrollment(opts: CompulsoryEducationOptions = {}): PersonIndicator {
  const ind = compulsoryEducationEnrollment2017(opts);
  FOR_2021.set(ind.denominator, compulsoryEducationEnrollment2021(opts));
  return ind;
}

/**
 * The indicators to compute on data of a form version: each built-in (or a `withTarget` copy of
 * one, or one made by {@link compulsoryEducationEnrollment}) that does not apply to that form but has
 * a definition for it (the 2021 department-sourced definitions of {@link PERSON_INDICATORS_2021})
 * replaced by that definition, with the target of the one given; every other indicator as it is.
 * Use it when the form version is known only once the data is open (a file's header).
 *
 * @example
 * ```ts
 * import { BUILTIN_PERSON_INDICATORS, indicatorsForFormVersion } from '@canji/indicators';
 * const on2021 = indicatorsForFormVersion(BUILTIN_PERSON_INDICATORS, '2021');
 * on2021.find((i) => i.id === 'living-subsidy-coverage')?.formVersions; //=> ['2021']
 * on2021.length; //=> 21
 * ```
 */
export function indicatorsForFormVersion<I extends PersonIndicator | VillageIndicator>(indicators: readonly I[], version: FormVersion | undefined): I[] {
  return indicators.map((ind) => {
    if (version !== '2021' || ind.subject !== 'person' || ind.formVersions.includes(version)) return ind;
    const v = FOR_2021.get(ind.denominator);
    if (!v || v.id !== ind.id) return ind;
    const { target: _t, ...rest } = v;
    return Object.freeze(ind.target ? { ...rest, target: ind.target } : rest) as unknown as I;
  });
}

/**
 * The built-in person indicators for data of a form version (the default of `computeIndicators`
 * when `indicators` is not given): on 2021 the department-sourced definitions stand in for the
 * 2017 ones whose items the 2021 form does not ask.
 *
 * @example
 * ```ts
 * import { builtinPersonIndicators } from '@canji/indicators';
 * builtinPersonIndicators('2021').filter((i) => i.departmentItems).map((i) => i.id);
 * //=> ['residents-pension-coverage', 'pension-premium-subsidy-rate', 'living-subsidy-coverage', 'nursing-subsidy-coverage', 'compulsory-education-enrollment', 'dangerous-house-rate']
 * builtinPersonIndicators('2017').length; //=> 21
 * ```
 */
export function builtinPersonIndicators(version?: FormVersion): readonly PersonIndicator[] {
  return version === '2021' ? Object.freeze(indicatorsForFormVersion(BUILTIN_PERSON_INDICATORS, '2021')) : BUILTIN_PERSON_INDICATORS;
}
