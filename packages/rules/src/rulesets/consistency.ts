/**
 * Consistency rules (逻辑校验) beyond the form's own skip logic: the collection app's hard and soft
 * checks (docs/guides/form-reconstruction.md §6) and the domain checks a reviewer expects
 * (docs/guides/policy-basis.md). Bases cite the ids of docs/sources.md.
 * Item keys use the 2017 numbering; rules on the ID number and certificate apply to every version.
 */
import { canonicalResidentId } from '@canji/id';
import { itemFrom2017 } from '@canji/form';
import type { Condition } from '../conditions.js';
import { defineRule, type FormVersion, type RecordRule } from '../model.js';
import { APP_CHECKS, GB_11643, GB_T_26341, GUOBANFA_2021_42, GUOFA_2015_52, LAONIANREN_LAW, XIANGZHENGFA_2015_54 } from './documents.js';

const V2017 = ['2017'] as const;
/** The 2021/22 form (R1–R27): its own numbering (2021 R8 受教育程度 = 2017 R13 …, @canji/form's item correspondence). */
const V2021 = ['2021'] as const;
const FULL_FORM = { item: 'person_status', notIn: [1, 2, 3, 4, 5] } as const;

function num(v: unknown): number | undefined {
  return typeof v === 'number' ? v : undefined;
}

/**
 * The 2021/22 version of a 2017 rule whose items the 2021 form still asks: the same id, items and
 * condition in the 2021 numbering (`@canji/form`'s item correspondence), the basis' section and
 * note as given.
 */
function in2021(rule: RecordRule, basis: { section?: string; note?: string }): RecordRule {
  const key = (k: string) => {
    if (k.startsWith('$') || !/^r\d/.test(k)) return k;
    const to = itemFrom2017(k, '2021');
    if (to === null) throw new Error(`${rule.id}: 2017 ${k} has no 2021 counterpart`);
    return to;
  };
  const cond = (c: Condition): Condition => {
    if ('all' in c) return { all: c.all.map(cond) };
    if ('any' in c) return { any: c.any.map(cond) };
    if ('not' in c) return { not: cond(c.not) };
    if ('xor' in c) return { xor: c.xor.map(cond) as [Condition, Condition] };
    if ('item' in c) return { ...c, item: key(c.item) };
    return c;
  };
  return defineRule({
    ...rule,
    formVersions: V2021,
    items: rule.items.map(key),
    basis: { ...rule.basis, ...basis },
    ...(rule.violation ? { violation: cond(rule.violation) } : {}),
  });
}

const EDUCATION_TOO_HIGH: RecordRule = defineRule({
  id: 'CON_EDUCATION_TOO_HIGH_FOR_AGE',
  title: '受教育程度与年龄不相称（未满 15 岁为大专、未满 17 岁为本科、未满 20 岁为研究生）',
  severity: 'warning',
  scope: 'record',
  formVersions: V2017,
  items: ['r13'],
  basis: {
    kind: 'form',
    document: '学制',
    section: '6 岁入学，小学 6 年、初中 3 年（15 岁可入五年制大专）、高中 3 年（18 岁入大学）、本科 4 年',
    certainty: 'inf',
    note: '受教育程度含在读的学历；下限按最早正常入学年龄取：专科 15 岁（初中毕业后五年制大专）、本科 17 岁、研究生 20 岁；跳级等极少数情况会被提示，故为警告。',
  },
  violation: {
    all: [
      FULL_FORM,
      {
        any: [
          { all: [{ item: 'r13', eq: 5 }, { item: '$age', lt: 15 }] },
          { all: [{ item: 'r13', eq: 6 }, { item: '$age', lt: 17 }] },
          { all: [{ item: 'r13', eq: 7 }, { item: '$age', lt: 20 }] },
        ],
      },
    ],
  },
});

const PENSION_UNDER_45: RecordRule = defineRule({
  id: 'CON_PENSION_INCOME_UNDER_45',
  title: '主要生活来源为退休金（养老金），但未满 45 岁',
  severity: 'warning',
  scope: 'record',
  formVersions: V2017,
  items: ['r18'],
  basis: { kind: 'form', document: APP_CHECKS, section: '软校验"原则上应45岁以上填报"', sources: ['S5'], certainty: '1' },
  violation: { all: [FULL_FORM, { item: 'r18', eq: 1 }, { item: '$age', lt: 45 }] },
});

const PREMIUM_WITHOUT_ASSISTANCE: RecordRule = defineRule({
  id: 'CON_PREMIUM_SUBSIDY_WITHOUT_MEDICAL_ASSISTANCE',
  title: '享受医疗保险个人缴费补贴，但社会救助中未勾选医疗救助',
  severity: 'warning',
  scope: 'record',
  formVersions: V2017,
  items: ['r26', 'r27'],
  basis: {
    kind: 'form',
    document: APP_CHECKS,
    section: 'R26 = 是 时自动勾选 R27-3 医疗救助',
    sources: ['S5'],
    certainty: '1',
    note: '把资助参保算作医疗救助是该程序的做法，故只提示。',
  },
  violation: { all: [FULL_FORM, { item: 'r26', eq: 1 }, { item: 'r27', present: true }, { item: 'r27', includesNone: [3] }] },
});

const ASSISTANCE_WITHOUT_PREMIUM: RecordRule = defineRule({
  id: 'CON_ASSISTANCE_WITHOUT_PREMIUM_SUBSIDY',
  title: '享受低保或特困供养、参加城乡居民医保，但未享受个人缴费补贴',
  severity: 'warning',
  scope: 'record',
  formVersions: V2017,
  items: ['r25', 'r26', 'r27'],
  basis: {
    kind: 'policy',
    document: GUOBANFA_2021_42,
    section: '医疗救助资助参保：特困人员全额资助，低保对象定额资助',
    sources: ['D36'],
    certainty: '1',
    note: '资助方式各地不同，也可能在登记年度内尚未落实，故为提示。',
  },
  violation: { all: [FULL_FORM, { item: 'r27', includesAny: [1, 2] }, { item: 'r25', eq: 1 }, { item: 'r26', eq: 2 }] },
});

const ALL: readonly RecordRule[] = [
  defineRule({
    id: 'CON_SPEECH_UNDER_3',
    title: '言语残疾不对 3 岁以下儿童评定',
    severity: 'error',
    scope: 'record',
    formVersions: '*',
    items: ['disability_category', 'certificate_no', 'birth_date'],
    basis: {
      kind: 'standard',
      document: '2006 年全国残疾人抽样调查的残疾标准（GB/T 26341-2010 据此制定）',
      section: '言语残疾"3岁以下不定残"',
      sources: ['D12', 'D11', 'P25', 'P26', 'P29'],
      certainty: '2+',
      note: '该条见于两份以上独立来源；GB/T 26341-2010 原文未见，沿用为推断。',
    },
    violation: { all: [{ item: '$category', eq: 3 }, { item: '$age', lt: 3 }] },
  }),
  defineRule({
    id: 'CON_HEARING_LEVEL4_UNDER_3',
    title: '3 岁以内儿童听力残疾只评定一至三级，不应为四级',
    severity: 'warning',
    scope: 'record',
    formVersions: '*',
    items: ['disability_category', 'disability_level', 'certificate_no'],
    basis: { kind: 'standard', document: GB_T_26341, section: '听力残疾分级说明（3 岁以内）', sources: ['D11', 'P19'], certainty: '1' },
    violation: { all: [{ item: '$category', eq: 2 }, { item: '$level', eq: 4 }, { item: '$age', lt: 3 }] },
  }),
  defineRule({
    id: 'CON_MENTAL_UNDER_3',
    title: '3 岁以下儿童登记为精神残疾，请核实',
    severity: 'warning',
    scope: 'record',
    formVersions: '*',
    items: ['disability_category', 'certificate_no'],
    basis: {
      kind: 'standard',
      document: GB_T_26341,
      section: '精神残疾：18 岁以下按适应行为评定，无最低年龄',
      sources: ['D11', 'P33', 'P34', 'P35'],
      certainty: 'inf',
      note: '标准未设最低年龄，实践中对婴幼儿罕见，故只提示。',
    },
    violation: { all: [{ item: '$category', eq: 6 }, { item: '$age', lt: 3 }] },
  }),
  defineRule({
    id: 'CON_COLLECTED_OUTSIDE_PERIOD',
    title: '采集日期不在调查期内',
    severity: 'error',
    scope: 'record',
    formVersions: '*',
    items: ['collected_on', 'survey_year'],
    basis: {
      kind: 'form',
      document: '年度动态更新工作通知',
      section: '调查时间（如 2017 年为 7 月 2 日至 8 月 31 日）；未给出时按调查年度 1 月 1 日至 12 月 31 日',
      sources: ['S2', 'S4', 'S20'],
      certainty: '2+',
    },
    check: (r, _f, ctx) => {
      const d = r.collected_on;
      if (typeof d !== 'string' || d === '') return false;
      let from = ctx.surveyPeriod?.from;
      let to = ctx.surveyPeriod?.to;
      if (!from || !to) {
        const y = num(r.survey_year);
        if (y === undefined) return false;
        from = `${y}-01-01`;
        to = `${y}-12-31`;
      }
      return d < from || d > to ? { recorded: d, message: `采集日期 ${d} 不在调查期 ${from} 至 ${to} 内` } : false;
    },
  }),
  defineRule({
    id: 'CON_HOUSEHOLDER_SELF_NAME',
    title: '户主身份证号是本人的，但户主姓名与本人姓名不同',
    severity: 'error',
    scope: 'record',
    formVersions: '*',
    items: ['householder_id', 'householder_name', 'name'],
    basis: { kind: 'standard', document: GB_11643, section: '一个公民身份号码只对应一人', sources: ['D24'], certainty: 'official' },
    check: (r, f) => {
      if (f.id === undefined || typeof r.householder_id !== 'string' || typeof r.householder_name !== 'string' || typeof r.name !== 'string') return false;
      if (r.householder_name === '' || r.name === '' || r.householder_name === r.name) return false;
      const hid = r.householder_id;
      // A plain 18-character number other than the person's own is someone else's (no need to normalise).
      const same = hid === f.id || (!/^\d{17}[\dX]$/.test(hid) && canonicalResidentId(hid) === f.id);
      return same ? { recorded: r.householder_name } : false;
    },
  }),
  // --- 2017 items -------------------------------------------------------------------------
  defineRule({
    id: 'CON_ILLITERATE_SECONDARY',
    title: '不识字，但受教育程度为初中及以上',
    severity: 'warning',
    scope: 'record',
    formVersions: V2017,
    items: ['r12', 'r13'],
    basis: { kind: 'form', document: APP_CHECKS, section: 'R12 = 2（不识字）时 R13 只提供受限列表', sources: ['S5'], certainty: '1' },
    violation: { all: [FULL_FORM, { item: 'r12', eq: 2 }, { item: 'r13', gte: 3 }] },
  }),
  EDUCATION_TOO_HIGH,
  PENSION_UNDER_45,
  defineRule({
    id: 'CON_QUOTA_EMPLOYMENT_NO_INSURANCE',
    title: '按比例就业或集中就业，但未参加职工社会保险',
    severity: 'warning',
    scope: 'record',
    formVersions: V2017,
    items: ['r17', 'r22'],
    basis: { kind: 'form', document: APP_CHECKS, section: '软校验"原则上应该参加职工社会保险"', sources: ['S5'], certainty: '1' },
    violation: { all: [FULL_FORM, { item: 'r17', in: [1, 2] }, { item: 'r22', includes: 4 }] },
  }),
  defineRule({
    id: 'CON_CARE_SUBSIDY_LEVEL',
    title: '享受重度残疾人护理补贴，但残疾等级为三、四级（且不是智力、精神、多重残疾）',
    severity: 'error',
    scope: 'record',
    formVersions: V2017,
    items: ['r28', 'certificate_no'],
    basis: {
      kind: 'policy',
      document: GUOFA_2015_52,
      section: '护理补贴对象为残疾等级一、二级；可扩大到三、四级智力、精神残疾',
      sources: ['D7', 'P1', 'P2', 'P6', 'P7'],
      certainty: '2+',
    },
    violation: { all: [FULL_FORM, { item: 'r28', includes: 2 }, { item: '$level', in: [3, 4] }, { item: '$category', notIn: [5, 6, 7] }] },
  }),
  defineRule({
    id: 'CON_CARE_SUBSIDY_WIDENED_SCOPE',
    title: '三、四级智力、精神（或多重）残疾享受护理补贴：仅在本地扩大范围时可以',
    severity: 'warning',
    scope: 'record',
    formVersions: V2017,
    items: ['r28', 'certificate_no'],
    basis: {
      kind: 'policy',
      document: `${GUOFA_2015_52}、${XIANGZHENGFA_2015_54}`,
      section: '各地可扩大到非重度智力、精神残疾；湖南未见扩面文件',
      sources: ['D7', 'D8', 'P1', 'P2', 'P10', 'P11'],
      certainty: '2+',
      note: '是否扩面因地而异，故为警告。',
    },
    violation: { all: [FULL_FORM, { item: 'r28', includes: 2 }, { item: '$level', in: [3, 4] }, { item: '$category', in: [5, 6, 7] }] },
  }),
  defineRule({
    id: 'CON_LIVING_SUBSIDY_WITHOUT_DIBAO',
    title: '享受困难残疾人生活补贴，但未登记享受最低生活保障',
    severity: 'warning',
    scope: 'record',
    formVersions: V2017,
    items: ['r27', 'r28'],
    basis: {
      kind: 'policy',
      document: `${GUOFA_2015_52}、${XIANGZHENGFA_2015_54}`,
      section: '生活补贴对象为低保家庭中的残疾人，各地可扩大到低收入残疾人',
      sources: ['D7', 'D8', 'P1', 'P2', 'P10', 'P11'],
      certainty: '2+',
      note: '各地可扩面，故为警告。',
    },
    violation: { all: [FULL_FORM, { item: 'r28', includes: 1 }, { item: 'r27', present: true }, { item: 'r27', includesNone: [1] }] },
  }),
  defineRule({
    id: 'CON_DIBAO_WITHOUT_LIVING_SUBSIDY',
    title: '享受最低生活保障，但未登记享受困难残疾人生活补贴',
    severity: 'warning',
    scope: 'record',
    formVersions: V2017,
    items: ['r27', 'r28'],
    basis: {
      kind: 'policy',
      document: GUOFA_2015_52,
      section: '低保家庭中的残疾人享受困难残疾人生活补贴（采集程序在 R27 含 1 时自动勾选 R28-1）',
      sources: ['D7', 'P1', 'P2', 'S5'],
      certainty: '2+',
      note: '补贴按申请发放，登记年度内可能尚未领取，故为警告；特困供养人员除外。',
    },
    violation: { all: [FULL_FORM, { item: 'r27', includes: 1 }, { item: 'r27', includesNone: [2] }, { item: 'r28', present: true }, { item: 'r28', includesNone: [1] }] },
  }),
  PREMIUM_WITHOUT_ASSISTANCE,
  defineRule({
    id: 'CON_SUBSIDY_WITH_TEKUN',
    title: '特困人员救助供养对象同时登记享受两项补贴',
    severity: 'warning',
    scope: 'record',
    formVersions: V2017,
    items: ['r27', 'r28'],
    basis: {
      kind: 'policy',
      document: GUOFA_2015_52,
      section: '特困供养人员不享受两项补贴',
      sources: ['D7', 'P2', 'P3', 'P4', 'P6', 'P8'],
      certainty: '2+',
      note: '部分采集程序在 R27 选特困时自动勾选护理补贴，与全国规定冲突（S5），故为警告。',
    },
    violation: { all: [FULL_FORM, { item: 'r27', includes: 2 }, { item: 'r28', includesAny: [1, 2] }] },
  }),
  // --- both forms: medical assistance pays the premium of 特困 and 低保 members -------------------
  ASSISTANCE_WITHOUT_PREMIUM,
  // --- the 2021/22 form (R1–R27): the 2017 checks whose items it still asks, in its numbering ------
  in2021(EDUCATION_TOO_HIGH, { section: '6 岁入学，小学 6 年、初中 3 年（15 岁可入五年制大专）、高中 3 年（18 岁入大学）、本科 4 年', note: '2021 版 R8 即 2017 版 R13；下限同 2017 版。' }),
  in2021(PENSION_UNDER_45, { section: '软校验"原则上应45岁以上填报"（2017 版 R18，即 2021 版 R10）' }),
  in2021(PREMIUM_WITHOUT_ASSISTANCE, { section: 'R26 = 是 时自动勾选 R27-3 医疗救助（2021 版为 R14、R15）', note: '把资助参保算作医疗救助是该程序的做法，故只提示。' }),
  in2021(ASSISTANCE_WITHOUT_PREMIUM, { section: '医疗救助资助参保：特困人员全额资助，低保对象定额资助', note: '资助方式各地不同，也可能在过去一年内尚未落实，故为提示。' }),
  // --- items new in 2021 ----------------------------------------------------------------------
  defineRule({
    id: 'CON_RENOVATION_NOT_AGRICULTURAL',
    title: '过去一年内享受农村危房改造，但户口性质为非农业',
    severity: 'warning',
    scope: 'record',
    formVersions: V2021,
    items: ['r15', 'hukou'],
    basis: {
      kind: 'form',
      document: APP_CHECKS,
      section: '2017 版 R27 选项 5 只给农业户口（OPT_R27_5_RURAL_GOOD_HOUSE）；2021 版 R15 沿用',
      sources: ['S5', 'S9'],
      certainty: 'inf',
      note: '2021 版是否保留这一限制未见，故为提示（2017 版为错误）。',
    },
    violation: { all: [FULL_FORM, { item: 'hukou', eq: 2 }, { item: 'r15', includes: 5 }] },
  }),
  defineRule({
    id: 'CON_ELDER_CARE_UNDER_60',
    title: '填写了残疾人养老服务（R17 现状或 R18 需求），但未满 60 岁',
    severity: 'warning',
    scope: 'record',
    formVersions: V2021,
    items: ['r17', 'r18'],
    basis: {
      kind: 'policy',
      document: LAONIANREN_LAW,
      section: '第二条：老年人是指六十周岁以上的公民',
      sources: ['D37', 'S9'],
      certainty: 'inf',
      note: 'R17、R18 的适用范围和代码未见；按“养老服务”面向老年人推断为 60 岁以上才答。若本地对所有人都问，可在规则文件中关闭本条。',
    },
    violation: { all: [FULL_FORM, { any: [{ item: 'r17', present: true }, { item: 'r18', present: true }] }, { item: '$age', lt: 60 }] },
  }),
  defineRule({
    id: 'CON_ELDERLY_CAREGIVER_MINOR',
    title: '填写了以老养残家庭基本情况（R19），但本人未成年',
    severity: 'warning',
    scope: 'record',
    formVersions: V2021,
    items: ['r19'],
    basis: {
      kind: 'policy',
      document: LAONIANREN_LAW,
      section: '以老养残：六十周岁以上的老年人照料成年残疾子女的家庭',
      sources: ['D37', 'S9', 'S10'],
      certainty: 'inf',
      note: 'R19 的代码和适用范围未见（S10 字段 dependant_age、disable_count 指向照料者年龄和家中残疾人数）；“以老养残”指老年父母照料成年残疾子女，故未满 18 岁者填写时提示。',
    },
    violation: { all: [FULL_FORM, { item: 'r19', present: true }, { item: '$age', lt: 18 }] },
  }),
  defineRule({
    id: 'CON_INSTITUTION_ELDERLY_CAREGIVER',
    title: '住在敬（养）老院、福利院、荣军院（R6 = 1），但填写了以老养残家庭基本情况（R19）',
    severity: 'warning',
    scope: 'record',
    formVersions: V2021,
    items: ['r6', 'r19'],
    basis: {
      kind: 'form',
      document: APP_CHECKS,
      section: '住在机构者不问家庭住房、就业、无障碍等家庭项目（2017 SKIP_R7_INSTITUTION，2021 沿用）',
      sources: ['S5', 'S9'],
      certainty: 'inf',
      note: '以老养残是居家照料的家庭情况，机构供养者通常不适用；R19 的适用范围未见，故为提示。',
    },
    violation: { all: [FULL_FORM, { item: 'r6', eq: 1 }, { item: 'r19', present: true }] },
  }),
  defineRule({
    id: 'CON_ADAPTATION_DONE_NEED_UNCHANGED',
    title: '过去一年内进行过无障碍改造（R23 = 1），但改造需求（R25）仍选了全部 8 项',
    severity: 'warning',
    scope: 'record',
    formVersions: V2021,
    items: ['r23', 'r25'],
    basis: {
      kind: 'form',
      document: '2021 版登记表 R23–R25 的题意',
      section: 'R23、R24 问“过去一年内”做过的改造，R25 问“目前”的需求',
      sources: ['S9'],
      certainty: 'inf',
      note: '做过改造后仍需要每一项改造的情况少见，多为照抄或误选；R24、R25 的代码对应关系未见，故只提示全选的情况。',
    },
    violation: { all: [FULL_FORM, { item: 'r23', eq: 1 }, { all: [1, 2, 3, 4, 5, 6, 7, 8].map((code) => ({ item: 'r25', includes: code })) }] },
  }),
];

/**
 * The consistency rules (逻辑校验) for a form version, complementing {@link formRules} (run
 * both): GB/T 26341-2010 age limits for category/level; collection date outside the survey
 * period; householder ID vs name; literacy vs education; pension income under 45; quota
 * employment without insurance; the two subsidies vs 低保 / 特困 / level; premium subsidy
 * without medical assistance. What `@canji/form` already enforces at entry time (the
 * certificate's ID part, category and level; sex and birth date vs the ID; a non-normal status
 * with a filled form; in school ⇒ not employed; employee ⇒ not resident insurance; option
 * availability) comes through `formRules` under the form's ids, so nothing is reported twice.
 *
 * @example
 * ```ts
 * consistencyRules('2017').map((r) => r.id).includes('CON_SPEECH_UNDER_3'); //=> true
 * ```
 */
export function consistencyRules(version: FormVersion = '2017'): RecordRule[] {
  return ALL.filter((r) => r.formVersions === '*' || r.formVersions.includes(version));
}
