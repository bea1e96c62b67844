/**
 * The built-in indicators of the dynamic update (issue 7; docs/guides/form-reconstruction.md §8,
 * docs/guides/policy-basis.md §1, §3, §4). No official 指标解释 for the dynamic update was found, so each
 * definition states exactly who is counted and, in a comment, where the choice comes from.
 * Item numbers are those of the 2017 form (R1–R41, 2017–2020 rounds).
 *
 * Common population: a person is "surveyed" when 核查状态 (`person_status`) is 6 正常 — only then is
 * the full form filled (docs/guides/form-reconstruction.md §3.0, S5/S8). Institution residents (R7 = 1) are not
 * asked R8–R11, R16–R21, R38–R41 (§5), so those indicators leave them out of the denominator.
 *
 * Every population is data in canji's one condition language (`@canji/form`'s `Condition`; kept on
 * each indicator as `conditions`): items of the record (`{ item: 'r16', in: [1, 2] }`) and the
 * derived facts `$age`, `$category`, `$level`. "Answered" is a valid code (`in: [1, 2]`) for a
 * yes/no or single-choice item and `present` (@canji/form's `isAnswered`) for a multiple-choice or
 * cover item.
 */
import { COLLECTION_CHANNEL_MOBILE, COLLECTION_MODE_HOME_VISIT, PERSON_STATUS_NORMAL, type Condition } from '@canji/form';
import { ALL_FORM_VERSIONS, definePersonIndicator, type FormVersion, type IndicatorTarget, type PersonIndicator } from './model.js';

const FYP14 = '“十四五”残疾人保障和发展规划（国发〔2021〕10号），数值见 2025-07-22 国新办发布会报道（来源：D18、S15）';

/**
 * Items R3–R30 keep their keys between the 2016 and the 2017 form (R31 家庭医生 is new in 2017 and
 * shifts the rest; @canji/form RECORD.md, docs/guides/form-reconstruction.md §2), so indicators reading only
 * those items apply to both. 2016 data with later items: convert with @canji/form's
 * `convert2016To2017` first.
 */
const FORMS_2016_2017: readonly FormVersion[] = ['2016', '2017'];
/**
 * Indicators whose items all have a comparable item on the 2021/2022 form (docs/guides/
 * form-reconstruction.md §3.10: 2021 R9 是否就业 = 2017 R16, R13/R14 医保 = R25/R26, R15 = R27, R20 = R31, R21/R22 = R35/R37,
 * R23/R25 = R38/R39, R26 = R40, R6 = R7). With `formVersion: '2021'` the calculator reads 2021 records
 * through 2017 keys for them (`numbering: '2017'`). Items absent from 2021 (R11, R14–R15, R19, R23–R24,
 * R28–R29) leave the other indicators uncomputed on 2021 data.
 */
const FORMS_2016_2017_2021: readonly FormVersion[] = ['2016', '2017', '2021'];
const FORMS_2017_2021: readonly FormVersion[] = ['2017', '2021'];

const T = (value: number, comparison: IndicatorTarget['comparison'], source: string): IndicatorTarget => ({ value, comparison, source });

/** Every record (the empty conjunction). */
const EVERY_RECORD: Condition = { all: [] };
/** 核查状态 6 正常: the full form was filled. */
const SURVEYED: Condition = { item: 'person_status', eq: PERSON_STATUS_NORMAL };
/** R7 ≠ 1: not living in an institution (R7 = 1 skips R8–R11, R16–R21, R38–R41). */
const NOT_IN_INSTITUTION: Condition = { item: 'r7', ne: 1 };
/** The codes from … to, e.g. the options 1–12 of R14 that mean "in school". */
const codes = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/**
 * Options of {@link householdVisitRate}.
 *
 * @example
 * ```ts
 * import { householdVisitRate, type HouseholdVisitRateOptions } from '@canji/indicators';
 * const opts: HouseholdVisitRateOptions = { visitModes: [1, 3] }; // 入户 + 见面
 * householdVisitRate(opts).id; //=> 'household-visit-rate'
 * ```
 */
export interface HouseholdVisitRateOptions {
  /**
   * Also count these 调查方式 codes as a visit (some offices count 见面调查 as 入户: S3's 96.3 % is
   * (入户 + 见面) / 应调查). Default: only 1 入户调查.
   */
  readonly visitModes?: readonly number[];
}

/**
 * 入户调查率 with a configurable set of visit modes (the built-in counts 入户调查 only).
 *
 * @example
 * ```ts
 * import { householdVisitRate } from '@canji/indicators';
 * const withFaceToFace = householdVisitRate({ visitModes: [1, 3] });
 * withFaceToFace.id; //=> 'household-visit-rate'
 * ```
 */
export function householdVisitRate(opts: HouseholdVisitRateOptions = {}): PersonIndicator {
  const modes = opts.visitModes ?? [COLLECTION_MODE_HOME_VISIT];
  return definePersonIndicator({
    id: 'household-visit-rate',
    name: '入户调查率',
    description:
      `分母：本轮应调查的全部人员（数据库中的每一条记录，含失访、死亡等核查状态不为“正常”者）；分子：调查方式为 ${modes.join('、')}（${modes.length === 1 && modes[0] === 1 ? '入户调查' : '计为入户的方式'}）者。未填调查方式者计入分母、不计入分子。`,
    // Denominator = 应调查 persons, including 失访 (S3: 入户 285 + 见面 63 + 电话 10 + 失访 3 = 361 is the base
    // of its 96.3 %). A record without a mode was not visited, hence 'count-as-no'.
    basis: '入户调查率口径（来源：S3、S18、S20、S21）；湘残联字〔2019〕7号 入户率 ≥ 90 %（D6）',
    formVersions: ALL_FORM_VERSIONS,
    missing: 'count-as-no',
    target: T(90, '>=', '湘残联字〔2019〕7号（湖南省，D6）；2015 专项调查为 ≥ 95 %（国务院残工委，S18）'),
    denominator: EVERY_RECORD,
    answered: { item: 'collection_mode', present: true },
    numerator: { item: 'collection_mode', in: [...modes] },
  });
}

/**
 * Options of {@link mobileCollectionRate}.
 *
 * @example
 * ```ts
 * import { mobileCollectionRate, type MobileCollectionRateOptions } from '@canji/indicators';
 * const opts: MobileCollectionRateOptions = { mobileChannel: 2 };
 * mobileCollectionRate(opts).id; //=> 'mobile-collection-rate'
 * ```
 */
export interface MobileCollectionRateOptions {
  /** 采集渠道 code of the mobile terminal (default `COLLECTION_CHANNEL_MOBILE` = 2; paper `COLLECTION_CHANNEL_PAPER` = 1, both of `@canji/form`). */
  readonly mobileChannel?: number;
}

/**
 * 移动终端（APP）采集率 with a configurable channel code.
 *
 * @example
 * ```ts
 * import { mobileCollectionRate } from '@canji/indicators';
 * mobileCollectionRate({ mobileChannel: 2 }).id; //=> 'mobile-collection-rate'
 * ```
 */
export function mobileCollectionRate(opts: MobileCollectionRateOptions = {}): PersonIndicator {
  const mobile = opts.mobileChannel ?? COLLECTION_CHANNEL_MOBILE;
  return definePersonIndicator({
    id: 'mobile-collection-rate',
    name: '移动终端采集率',
    description: `分母：已填采集渠道的全部记录；分子：采集渠道为移动终端（代码 ${mobile}）者。未填采集渠道者不计入（列为缺失）。`,
    // "APP采集率" reported by a city for its 2022 survey (S20); paper and mobile run in parallel (D6).
    basis: 'APP采集率（来源：S20）；湘残联字〔2019〕7号：纸质表与移动终端并行（D6）',
    formVersions: ALL_FORM_VERSIONS,
    denominator: EVERY_RECORD,
    answered: { item: 'collection_channel', present: true },
    numerator: { item: 'collection_channel', eq: mobile },
  });
}

/**
 * Options of {@link compulsoryEducationEnrollment}.
 *
 * @example
 * ```ts
 * import { compulsoryEducationEnrollment, type CompulsoryEducationOptions } from '@canji/indicators';
 * const opts: CompulsoryEducationOptions = { minAge: 7, maxAge: 15 };
 * compulsoryEducationEnrollment(opts).id; //=> 'compulsory-education-enrollment'
 * ```
 */
export interface CompulsoryEducationOptions {
  /** Youngest school age, inclusive (default 6). */
  readonly minAge?: number;
  /** Oldest school age, inclusive (default 14; some places use 15). */
  readonly maxAge?: number;
}

/**
 * 适龄残疾儿童少年义务教育入学率 with a configurable school-age band (docs/guides/policy-basis.md §3: 6–14 by
 * default, 6–15 or 7–15 elsewhere).
 *
 * @example
 * ```ts
 * import { compulsoryEducationEnrollment } from '@canji/indicators';
 * compulsoryEducationEnrollment({ minAge: 6, maxAge: 15 }).description.includes('6–15'); //=> true
 * ```
 */
export function compulsoryEducationEnrollment(opts: CompulsoryEducationOptions = {}): PersonIndicator {
  const min = opts.minAge ?? 6;
  const max = opts.maxAge ?? 14;
  return definePersonIndicator({
    id: 'compulsory-education-enrollment',
    name: '适龄残疾儿童少年义务教育入学率',
    description:
      `分母：核查状态正常、参考日期时 ${min}–${max} 周岁、已填 R14（在校情况）或 R15（未入学原因）者；分子：其中 R14 有在校代码（普通或特殊教育机构，1–12）者。` +
      '送教上门学生有学籍，按在校计。两项均未填者列为缺失。',
    // Ages: R15 is asked of 6–14-year-olds not in school (S5; policy-basis §3, "6–14 by default, a
    // parameter"). 送教上门 pupils hold a 学籍, so they appear in R14 (policy-basis §3 [inf]).
    basis: 'R15 问 6–14 岁未在校者（来源：S5、C3、P37）；送教上门纳入学籍、计为入学（D15–D17）；R14、R15 见动态1表（S5、S11）',
    formVersions: FORMS_2016_2017,
    numbering: '2017',
    target: T(97, '>=', FYP14),
    denominator: { all: [SURVEYED, { item: '$age', gte: min, lte: max }] },
    answered: { any: [{ item: 'r14', present: true }, { item: 'r15', present: true }] },
    numerator: { item: 'r14', includesAny: codes(1, 12) },
  });
}

const householdVisit = householdVisitRate();
const mobileCollection = mobileCollectionRate();

const lostToFollowUp = definePersonIndicator({
  id: 'lost-to-follow-up-rate',
  name: '失访率',
  description: '分母：已填核查状态的全部记录；分子：核查状态为 1 查无此人、2 已搬迁、3 空挂户、4 外出、5 死亡（即未能按“正常”完成调查）者。',
  // S3 counts 失访 "mainly 死亡 and 人户不在"; the person-status list (S8) names every reason a form is
  // not filled. Every status other than 6 正常 leaves the form empty (S5).
  basis: '核查状态与失访原因（来源：S3、S5、S8）',
  formVersions: ALL_FORM_VERSIONS,
  denominator: EVERY_RECORD,
  answered: { item: 'person_status', present: true },
  numerator: { item: 'person_status', ne: PERSON_STATUS_NORMAL },
});

const employment = definePersonIndicator({
  id: 'employment-rate',
  name: '就业率',
  description: '分母：核查状态正常、不住敬（养）老院等机构（R7≠1）、参考日期时 16–59 周岁、R16（是否就业）已答者；分子：R16=1（已就业）者。',
  // S11 "就业状况及就业率" = 已就业 / (已就业 + 未就业) among those asked R16; R16–R21 are asked of 16–59,
  // not of institution residents (S1 ★, S5; policy-basis §4).
  basis: '就业率 = 已就业 /（已就业 + 未就业）（来源：S11）；R16 问 16–59 岁（S1、S5）',
  formVersions: FORMS_2016_2017_2021,
  numbering: '2017',
  denominator: { all: [SURVEYED, NOT_IN_INSTITUTION, { item: '$age', gte: 16, lte: 59 }] },
  answered: { item: 'r16', in: [1, 2] },
  numerator: { item: 'r16', eq: 1 },
});

const residentsPension = definePersonIndicator({
  id: 'residents-pension-coverage',
  name: '城乡居民基本养老保险参保率',
  description:
    '分母：核查状态正常、参考日期时满 16 周岁、不在校（R19≠1）、未参加职工基本养老保险（R22 不含 1）、R23 已答者；分子：R23=1（参加城乡居民基本养老保险）者。',
  // S11: 参保 / (参保 + 未参保) among those asked R23 (≥ 16, not R19 = 1). Members of the employee
  // pension are forced to R23 = 否 (S5) and cannot join the resident scheme (policy-basis §4), so
  // they are outside this population rather than counted as uninsured.
  basis: '参保 /（参保 + 未参保），R23 问 16 岁以上（来源：S5、S11）；城乡居民养老保险参保条件（D19，C4）',
  formVersions: FORMS_2016_2017,
  numbering: '2017',
  target: T(90, '>', FYP14),
  denominator: { all: [SURVEYED, { item: '$age', gte: 16 }, { item: 'r19', ne: 1 }, { item: 'r22', includesNone: [1] }] },
  answered: { item: 'r23', in: [1, 2] },
  numerator: { item: 'r23', eq: 1 },
});

const pensionSubsidy = definePersonIndicator({
  id: 'pension-premium-subsidy-rate',
  name: '城乡居民养老保险缴费补贴享受比例',
  description: '分母：核查状态正常、参考日期时 16–59 周岁、R23=1（参加城乡居民养老保险）、R24 已答者；分子：R24=1（享受缴费补贴）者。',
  // S11: 获补贴比例 = 获补贴人数 / 参保人数; R24 is asked of 16–59 with R23 = 1 (S5).
  basis: '获补贴人数 / 参保人数（来源：S5、S11）',
  formVersions: FORMS_2016_2017,
  numbering: '2017',
  denominator: { all: [SURVEYED, { item: '$age', gte: 16, lte: 59 }, { item: 'r23', eq: 1 }] },
  answered: { item: 'r24', in: [1, 2] },
  numerator: { item: 'r24', eq: 1 },
});

const medical = definePersonIndicator({
  id: 'medical-insurance-coverage',
  name: '城乡居民基本医疗保险参保率',
  description: '分母：核查状态正常、未参加职工基本医疗保险（R22 不含 2）、R25 已答者；分子：R25=1（参加城乡居民基本医疗保险）者。',
  // Same pattern as the pension (S11); R25 is asked of everyone and forced to 否 for members of the
  // employee medical insurance (S5), who are therefore outside the population.
  basis: '获补贴人数 / 参保人数（来源：S5、S11）',
  formVersions: FORMS_2016_2017_2021,
  numbering: '2017',
  target: T(95, '>', FYP14),
  denominator: { all: [SURVEYED, { item: 'r22', includesNone: [2] }] },
  answered: { item: 'r25', in: [1, 2] },
  numerator: { item: 'r25', eq: 1 },
});

const medicalSubsidy = definePersonIndicator({
  id: 'medical-premium-subsidy-rate',
  name: '基本医疗保险个人缴费补贴享受比例',
  description: '分母：核查状态正常、R25=1（参加城乡居民基本医疗保险）、R26 已答者；分子：R26=1（享受个人缴费补贴）者。',
  basis: '获补贴人数 / 参保人数（来源：S5、S11）',
  formVersions: FORMS_2016_2017_2021,
  numbering: '2017',
  denominator: { all: [SURVEYED, { item: 'r25', eq: 1 }] },
  answered: { item: 'r26', in: [1, 2] },
  numerator: { item: 'r26', eq: 1 },
});

const dibao = definePersonIndicator({
  id: 'minimum-living-allowance-rate',
  name: '享受最低生活保障比例',
  description: '分母：核查状态正常、R27（社会救助及住房改善情况）已答者；分子：R27 含 1（最低生活保障）者。',
  basis: 'R27 选项 1 最低生活保障（来源：S5、S11 享受低保）',
  formVersions: FORMS_2016_2017_2021,
  numbering: '2017',
  denominator: SURVEYED,
  answered: { item: 'r27', present: true },
  numerator: { item: 'r27', includes: 1 },
});

const livingSubsidy = definePersonIndicator({
  id: 'living-subsidy-coverage',
  name: '困难残疾人生活补贴覆盖率',
  description:
    '分母（应享受者）：核查状态正常、R27 含 1（本人或家庭享受低保）且不含 2（特困人员救助供养）、R28 已答者；分子：R28 含 1（困难残疾人生活补贴）者。',
  // National floor (国发〔2015〕52号): disabled persons in 低保 families; 特困 dependants get neither subsidy
  // (policy-basis §1.1 [2+]). Provincial widenings (低收入, 低保边缘) are not on the form, so they
  // are not in the denominator; a local office adds them with definePersonIndicator.
  basis: '国发〔2015〕52号（D7）、湘政发〔2015〕54号（D8）；R27、R28 见动态1表（来源：S1、S5、S11）',
  formVersions: FORMS_2016_2017,
  numbering: '2017',
  denominator: { all: [SURVEYED, { item: 'r27', includes: 1 }, { item: 'r27', includesNone: [2] }] },
  answered: { item: 'r28', present: true },
  numerator: { item: 'r28', includes: 1 },
});

const nursingSubsidy = definePersonIndicator({
  id: 'nursing-subsidy-coverage',
  name: '重度残疾人护理补贴覆盖率',
  description:
    '分母（应享受者）：核查状态正常、残疾等级为一级或二级、R27 不含 2（特困人员救助供养）、R28 已答者；分子：R28 含 2（重度残疾人护理补贴）者。',
  // National floor: levels 1–2 (policy-basis §1.1); the "needs long-term care" condition is not on
  // the form and Hunan's wording drops it (§1.2), so every level-1/2 person is in the base. 特困
  // dependants are excluded nationally (§1.1). Level-3/4 widenings are local: add a local indicator.
  basis: '国发〔2015〕52号（D7）、湘政发〔2015〕54号（D8）；R27、R28 见动态1表（来源：S1、S5、S11）',
  formVersions: FORMS_2016_2017,
  numbering: '2017',
  denominator: { all: [SURVEYED, { item: '$level', in: [1, 2] }, { item: 'r27', includesNone: [2] }] },
  answered: { item: 'r28', present: true },
  numerator: { item: 'r28', includes: 2 },
});

const education = compulsoryEducationEnrollment();

const rehabilitation = definePersonIndicator({
  id: 'rehabilitation-coverage',
  name: '基本康复服务覆盖率',
  description:
    '分母（有康复需求者）：核查状态正常、R35（年度内得到的康复服务）与 R37（目前康复需求）均已答、且 R35 含 1–5 或 R37 含 1–5 者；分子：其中 R35 含 1–5（得到过手术、药物、功能训练、辅助器具或护理服务）者。',
  // Official wording (精准康复 plan, S26): 有康复需求的持证残疾人和残疾儿童中接受基本康复服务的比例. A person
  // who received a service had a need, so "need" = received this year or still needs now. The form
  // covers certificate holders only. 残联 publishes its own rate from the 精准康复服务管理系统 (S27):
  // this survey-based figure is comparable in meaning, not in source.
  basis: '精准康复计划口径（来源：S26，另见 S13、S15、S27）；R35、R37 见动态1表（S5、S12）',
  formVersions: FORMS_2017_2021,
  numbering: '2017',
  target: T(85, '>=', FYP14),
  denominator: { all: [SURVEYED, { any: [{ item: 'r35', includesAny: codes(1, 5) }, { item: 'r37', includesAny: codes(1, 5) }] }] },
  answered: { all: [{ item: 'r35', present: true }, { item: 'r37', present: true }] },
  numerator: { item: 'r35', includesAny: codes(1, 5) },
});

const assistiveDevices = definePersonIndicator({
  id: 'assistive-device-fitting-rate',
  name: '辅助器具适配率',
  description:
    '分母（有辅助器具需求者）：核查状态正常、R35 与 R37 均已答、且 R35 含 4 或 R37 含 4（辅助器具）者；分子：其中 R35 含 4（年度内得到或使用过辅助器具）者。',
  // Same pattern as 基本康复服务覆盖率 restricted to option 4 辅助器具 ([inf], docs/guides/form-reconstruction.md §8).
  basis: '口径同基本康复服务覆盖率（推断；来源：S15、S17、S27）；R35、R37 见动态1表（S5、S12）',
  formVersions: FORMS_2017_2021,
  numbering: '2017',
  target: T(85, '>=', FYP14),
  denominator: { all: [SURVEYED, { any: [{ item: 'r35', includes: 4 }, { item: 'r37', includes: 4 }] }] },
  answered: { all: [{ item: 'r35', present: true }, { item: 'r37', present: true }] },
  numerator: { item: 'r35', includes: 4 },
});

const familyDoctor = definePersonIndicator({
  id: 'family-doctor-contract-rate',
  name: '家庭医生签约率',
  description: '分母：核查状态正常、R31（个人或家庭是否签订家庭医生服务协议）已答者；分子：R31=1 者。',
  // R31 is new in the 2017 form and asked of everyone (S5, S10).
  basis: 'R31 家庭医生签约，2017 年新增（来源：S5、S10）',
  formVersions: FORMS_2017_2021,
  numbering: '2017',
  denominator: SURVEYED,
  answered: { item: 'r31', in: [1, 2] },
  numerator: { item: 'r31', eq: 1 },
});

/** R29/R30 scope: 16–59 and 智力/精神/多重, or 肢体 levels 1–2 (S1 ★, S5). */
const careScope: Condition = {
  all: [
    SURVEYED,
    { item: '$age', gte: 16, lte: 59 },
    { any: [{ item: '$category', in: [5, 6, 7] }, { all: [{ item: '$category', eq: 4 }, { item: '$level', in: [1, 2] }] }] },
  ],
};

const dayCare = definePersonIndicator({
  id: 'day-care-service-rate',
  name: '托养服务享受比例',
  description: '分母：核查状态正常、参考日期时 16–59 周岁、智力/精神/多重残疾或一、二级肢体残疾、R29（是否享受托养服务）已答者；分子：R29=1 者。',
  // Scope of R29 printed on the 2016 form (★ 16–59, 智力、精神、重度肢体) and enforced by S5 (incl. 多重);
  // S11 "托养服务人数占比" = share among those asked.
  basis: 'R29 适用范围（来源：S1、S5）；托养服务人数占比（S11）',
  formVersions: FORMS_2016_2017,
  numbering: '2017',
  denominator: careScope,
  answered: { item: 'r29', in: [1, 2] },
  numerator: { item: 'r29', eq: 1 },
});

const dayCareNeed = definePersonIndicator({
  id: 'day-care-service-need',
  name: '托养服务需求比例',
  description:
    '分母：同托养服务享受比例（R29 已答的托养对象）；分子：R29=2（未享受）且 R30 填有需求类型（1 居家托养、2 日间照料、3 寄宿托养）者。R29=2 而 R30 未填者计为无需求。',
  // R30 (need) is asked only when R29 = 2 and has no 无需求 code (S1, S11), so an empty R30
  // after R29 = 2 reads as "no need" here — a stated choice, not a finding.
  basis: 'R29、R30（来源：S1、S5）；托养服务需求（S11）',
  formVersions: FORMS_2016_2017,
  numbering: '2017',
  denominator: careScope,
  answered: { item: 'r29', in: [1, 2] },
  numerator: { all: [{ item: 'r29', eq: 2 }, { item: 'r30', includesAny: codes(1, 3) }] },
});

const homeAdaptationDone = definePersonIndicator({
  id: 'home-adaptation-done',
  name: '年度内进行无障碍改造比例',
  description: '分母：核查状态正常、不住机构（R7≠1）、R38 已答者；分子：R38=1（年度内家中进行过无障碍改造）者。按人计（同户多名残疾人各计一次）。',
  // R38 is household-based but recorded per person; the form gives no household key, so persons are
  // counted. The 十四五 target (110万户 困难重度残疾人家庭) is a count of households, not a rate: no target here.
  basis: 'R38 无障碍改造（来源：S5、S6、S10）；“十四五”无障碍改造（D18、S15）',
  formVersions: FORMS_2017_2021,
  numbering: '2017',
  denominator: { all: [SURVEYED, NOT_IN_INSTITUTION] },
  answered: { item: 'r38', in: [1, 2] },
  numerator: { item: 'r38', eq: 1 },
});

const homeAdaptationNeed = definePersonIndicator({
  id: 'home-adaptation-need',
  name: '无障碍改造需求比例',
  description: '分母：核查状态正常、不住机构（R7≠1）、R39 已答者；分子：R39 含 1–8 中任一项（有无障碍改造需求；9 = 无）者。按人计。',
  basis: 'R39：9 个选项，9 为“无”（来源：S5）；有需求/无需求（S11）',
  formVersions: FORMS_2017_2021,
  numbering: '2017',
  denominator: { all: [SURVEYED, NOT_IN_INSTITUTION] },
  answered: { item: 'r39', present: true },
  numerator: { item: 'r39', includesAny: codes(1, 8) },
});

const cultureSports = definePersonIndicator({
  id: 'culture-sports-participation-rate',
  name: '经常参加文化体育活动比例',
  description: '分母：核查状态正常、不住机构（R7≠1）、参考日期时满 6 周岁、R40 已答者；分子：R40=1（经常参加村（社区）组织的文化体育活动）者。',
  // R40–R41 are asked from age 6, not of institution residents (S5); S11 参加文体活动人数占比.
  basis: 'R40 问 6 岁以上（来源：S5）；参加文体活动人数占比（S11）',
  formVersions: FORMS_2017_2021,
  numbering: '2017',
  denominator: { all: [SURVEYED, NOT_IN_INSTITUTION, { item: '$age', gte: 6 }] },
  answered: { item: 'r40', in: [1, 2] },
  numerator: { item: 'r40', eq: 1 },
});

const dangerousHouse = definePersonIndicator({
  id: 'dangerous-house-rate',
  name: '农村危房比例',
  description: '分母：核查状态正常、农业户口（R3=1）、不住机构（R7≠1）、R11（农村家庭住房状况）已答者；分子：R11=2（经鉴定为危房）者。按人计。',
  // R11 is asked of 农业 households (S5); code 2 = 经鉴定为危房 from S11's pie order ([1]).
  basis: 'R11：1 状况良好、2 经鉴定为危房、3 其它（来源：S5、S11）',
  formVersions: FORMS_2016_2017,
  numbering: '2017',
  denominator: { all: [SURVEYED, { item: 'r3', eq: 1 }, NOT_IN_INSTITUTION] },
  answered: { item: 'r11', includesAny: codes(1, 3) },
  numerator: { item: 'r11', eq: 2 },
});

/**
 * The built-in person indicators by name (each `.id` is the stable id).
 *
 * @example
 * ```ts
 * import { PERSON_INDICATORS } from '@canji/indicators';
 * PERSON_INDICATORS.rehabilitationCoverage.id; //=> 'rehabilitation-coverage'
 * PERSON_INDICATORS.rehabilitationCoverage.target?.value; //=> 85
 * PERSON_INDICATORS.familyDoctorContractRate.conditions?.numerator; //=> { item: 'r31', eq: 1 }
 * ```
 */
export const PERSON_INDICATORS = {
  householdVisitRate: householdVisit,
  mobileCollectionRate: mobileCollection,
  lostToFollowUpRate: lostToFollowUp,
  employmentRate: employment,
  residentsPensionCoverage: residentsPension,
  pensionPremiumSubsidyRate: pensionSubsidy,
  medicalInsuranceCoverage: medical,
  medicalPremiumSubsidyRate: medicalSubsidy,
  minimumLivingAllowanceRate: dibao,
  livingSubsidyCoverage: livingSubsidy,
  nursingSubsidyCoverage: nursingSubsidy,
  compulsoryEducationEnrollment: education,
  rehabilitationCoverage: rehabilitation,
  assistiveDeviceFittingRate: assistiveDevices,
  familyDoctorContractRate: familyDoctor,
  dayCareServiceRate: dayCare,
  dayCareServiceNeed: dayCareNeed,
  homeAdaptationDone,
  homeAdaptationNeed,
  cultureSportsParticipationRate: cultureSports,
  dangerousHouseRate: dangerousHouse,
} as const satisfies Record<string, PersonIndicator>;

/**
 * All built-in person indicators, in publication order.
 *
 * @example
 * ```ts
 * import { BUILTIN_PERSON_INDICATORS } from '@canji/indicators';
 * BUILTIN_PERSON_INDICATORS.length; //=> 21
 * ```
 */
export const BUILTIN_PERSON_INDICATORS: readonly PersonIndicator[] = Object.freeze(Object.values(PERSON_INDICATORS));
