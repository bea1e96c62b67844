/**
 * The built-in need–service pairs, as data (the same shape a local pair file has; tested against
 * `servicePairSchema` and the forms). The item numbers are those of `@canji/form`'s 2017 (R1–R41)
 * and 2021 (R1–R27) forms; where the reading of an item is uncertain the variant says
 * `provisional: true` and why in `basis.note` (docs/guides/services.md lists them).
 */
import type { Condition } from '@canji/form';
import type { ServicePair } from './pair-schema.js';

/** Persons with a full form: 核查状态 normal (not deceased, moved, not found …), as the cross-checks read it. */
const FULL_FORM: Condition = { item: 'person_status', notIn: [1, 2, 3, 4, 5] };
/** Compulsory-education age, 6–14 at the reference date, as the education cross-check (docs/guides/policy-basis.md §3). */
const SCHOOL_AGE: Condition = { all: [{ item: '$age', gte: 6 }, { item: '$age', lte: 14 }] };
/** Working age of the employment items (2017 R16–R21 are asked of 16–59). */
const WORKING_AGE: Condition = { all: [{ item: '$age', gte: 16 }, { item: '$age', lte: 59 }] };
/** Rehabilitation services other than assistive devices: 1 手术, 2 药物, 3 功能训练, 5 护理 (R35 / R37 codes). */
const REHAB = [1, 2, 3, 5];
/** Employment help: 1 职业技能培训 … 5 其他帮扶 (R20 / R21 codes, labels of R21 [inf]). */
const EMPLOYMENT_HELP = [1, 2, 3, 4, 5];
const onRoster = (c: Condition): Condition => ({ all: [{ dept: '$matched', eq: true }, c] });

/** Every code needed (in `need`) was received (in `got`): per code, not needed or received. */
const eachReceived = (need: string, got: string, codes: readonly number[]): Condition => ({
  all: codes.map((c) => ({ any: [{ item: need, includesNone: [c] }, { item: got, includes: c }] })),
});

const CARE_NOTE = '国发〔2015〕52号：一、二级且需长期照护者享受护理补贴；是否需长期照护登记表未载，特困供养人员除外。条件同比对规则，民政比对格式为本项目拟定。';

/**
 * The built-in pairs: rehabilitation needed and not received; assistive device needed and not
 * received; care subsidy eligible and not received (civil affairs' roster); school-age child not
 * enrolled; home adaptation needed; employment help needed.
 *
 * @example
 * ```ts
 * BUILT_IN_PAIRS.map((p) => p.id);
 * //=> ['REHAB_NOT_RECEIVED', 'ASSISTIVE_DEVICE_NOT_RECEIVED', 'CARE_SUBSIDY_NOT_RECEIVED', 'SCHOOL_NOT_ENROLLED', 'HOME_ADAPTATION_NEEDED', 'EMPLOYMENT_HELP_NOT_RECEIVED']
 * ```
 */
export const BUILT_IN_PAIRS: readonly ServicePair[] = [
  {
    id: 'REHAB_NOT_RECEIVED',
    title: '需要康复服务而未得到',
    service: '康复服务',
    note: '手术、药物、功能训练、护理中目前需要的每一项，年度内都得到过才算已服务（辅助器具另列）。',
    forms: {
      '2017': {
        appliesTo: FULL_FORM,
        need: { item: 'r37', includesAny: REHAB },
        served: eachReceived('r37', 'r35', REHAB),
        basis: { items: ['R37', 'R35'], note: 'R37 目前需要的服务，R35 年度内得到（或使用）过的服务，两表代码相同。' },
      },
      '2021': {
        appliesTo: FULL_FORM,
        need: { item: 'r22', includesAny: REHAB },
        served: eachReceived('r22', 'r21', REHAB),
        basis: { items: ['R22', 'R21'], note: 'R22 目前需要的服务，R21 过去一年内得到过的服务（2017 版 R37、R35）。' },
      },
    },
  },
  {
    id: 'ASSISTIVE_DEVICE_NOT_RECEIVED',
    title: '需要辅助器具而未得到',
    service: '辅助器具',
    forms: {
      '2017': { appliesTo: FULL_FORM, need: { item: 'r37', includes: 4 }, served: { item: 'r35', includes: 4 }, basis: { items: ['R37', 'R35'] } },
      '2021': { appliesTo: FULL_FORM, need: { item: 'r22', includes: 4 }, served: { item: 'r21', includes: 4 }, basis: { items: ['R22', 'R21'] } },
    },
  },
  {
    id: 'CARE_SUBSIDY_NOT_RECEIVED',
    title: '一、二级残疾人未享受重度残疾人护理补贴',
    service: '重度残疾人护理补贴',
    provisional: true,
    note: '需要民政部门两项补贴发放名册（--dept civil-affairs=…）；没有时不运行。',
    forms: {
      '2017': {
        appliesTo: FULL_FORM,
        department: 'civil-affairs',
        need: { all: [{ item: '$level', in: [1, 2] }, { item: 'r27', includesNone: [2] }, { not: onRoster({ dept: 'benefits', includes: 2 }) }] },
        served: { any: [onRoster({ dept: 'benefits', includes: 4 }), { item: 'r28', includes: 2 }] },
        basis: { items: ['R2', 'R27', 'R28'], rule: 'XC_CIVIL_CARE_SUBSIDY_NOT_RECEIVED', document: '国发〔2015〕52号', note: CARE_NOTE },
        provisional: true,
      },
      '2021': {
        appliesTo: FULL_FORM,
        department: 'civil-affairs',
        need: { all: [{ item: '$level', in: [1, 2] }, { item: 'r15', includesNone: [2] }, { not: onRoster({ dept: 'benefits', includes: 2 }) }] },
        served: onRoster({ dept: 'benefits', includes: 4 }),
        basis: { items: ['R2', 'R15'], rule: 'XC_CIVIL_CARE_SUBSIDY_NOT_RECEIVED', document: '国发〔2015〕52号', note: `${CARE_NOTE}2021 版不再问两项补贴，民政发放名册即其来源。` },
        provisional: true,
      },
    },
  },
  {
    id: 'SCHOOL_NOT_ENROLLED',
    title: '义务教育适龄残疾儿童未在校',
    service: '义务教育',
    note: '适龄为标准时点 6–14 周岁（与教育比对规则相同）；一个地方按 15 周岁掌握时，用配对文件替换本配对。',
    forms: {
      '2017': {
        appliesTo: FULL_FORM,
        need: SCHOOL_AGE,
        served: { item: 'r14', present: true },
        basis: { items: ['R14', 'R15'], note: 'R14 不在校则不填（空 = 不在校）；R15 为未入学原因。' },
      },
      '2021': {
        appliesTo: FULL_FORM,
        department: 'education',
        need: SCHOOL_AGE,
        served: onRoster({ dept: 'enrolled', ne: 2 }),
        basis: { items: [], rule: 'XC_EDU_NOT_ENROLLED_BUT_REGISTERED', note: '2021 版不再问在校情况：以教育部门学籍名册为准（名册中有学籍且不是“否”即在校，送教上门视为在校）。' },
        provisional: true,
      },
    },
  },
  {
    id: 'HOME_ADAPTATION_NEEDED',
    title: '有无障碍改造需求而年度内未改造',
    service: '家庭无障碍改造',
    provisional: true,
    forms: {
      '2017': {
        appliesTo: FULL_FORM,
        need: { item: 'r39', includesAny: [1, 2, 3, 4, 5, 6, 7, 8] },
        served: { item: 'r38', eq: 1 },
        basis: { items: ['R39', 'R38'], note: 'R39 选项 1–8 的名称未找到；年度内已改造（R38 = 1）视为已服务，改造后仍有的需求无法区分。' },
        provisional: true,
      },
      '2021': {
        appliesTo: FULL_FORM,
        need: { item: 'r25', includesAny: [1, 2, 3, 4, 5, 6, 7, 8] },
        served: { item: 'r23', eq: 1 },
        basis: { items: ['R25', 'R23'], note: '同 2017 版 R39、R38。' },
        provisional: true,
      },
    },
  },
  {
    id: 'EMPLOYMENT_HELP_NOT_RECEIVED',
    title: '有就业帮扶需求而未得到帮扶',
    service: '就业帮扶',
    provisional: true,
    forms: {
      '2017': {
        appliesTo: { all: [FULL_FORM, WORKING_AGE] },
        need: { item: 'r21', includesAny: EMPLOYMENT_HELP },
        served: eachReceived('r21', 'r20', EMPLOYMENT_HELP),
        basis: { items: ['R21', 'R20'], note: 'R21 代码 1–5 的名称按 R20 推定 [inf]；需要的每一项年度内都得到过才算已服务。' },
        provisional: true,
      },
      '2021': {
        appliesTo: { all: [FULL_FORM, WORKING_AGE] },
        need: { item: 'r11', includesAny: EMPLOYMENT_HELP },
        served: { any: [] },
        basis: { items: ['R11'], note: '2021 版不再问得到的就业帮扶（2017 版 R20）：有需求即列入，由办理结果关闭。' },
        provisional: true,
      },
    },
  },
];
