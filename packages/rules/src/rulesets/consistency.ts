/**
 * Consistency rules (逻辑校验) beyond the form's own skip logic: the reference's hard and soft
 * checks (registration-form.md §6) and the domain checks a reviewer expects (policy-rules.md).
 * Item keys use the 2017 numbering; rules on the ID number and certificate apply to every version.
 */
import { canonicalResidentId } from '@canji/id';
import { defineRule, type FormVersion, type PersonRecord, type RecordRule } from '../model.js';

const V2017 = ['2017'] as const;
const FULL_FORM = { item: 'person_status', notIn: [1, 2, 3, 4, 5] } as const;

function num(v: unknown): number | undefined {
  return typeof v === 'number' ? v : undefined;
}

/** Items of the full form (R8 onwards in 2017 numbering) that a non-normal status must leave empty. */
function filledFullFormItems(record: PersonRecord): string[] {
  const out: string[] = [];
  for (const k in record) {
    const m = /^r(\d+)(?:_\d+)?$/.exec(k);
    if (m && +m[1]! >= 8) {
      const v = record[k];
      if (v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0)) out.push(k);
    }
  }
  return out;
}

const ALL: readonly RecordRule[] = [
  defineRule({
    id: 'CON_CERT_ID_MISMATCH',
    title: '残疾人证号前18位与身份证号不一致',
    severity: 'warning',
    scope: 'record',
    formVersions: '*',
    items: ['certificate_no', 'resident_id'],
    basis: {
      kind: 'policy',
      source: '残疾人证管理办法：证号 = 18 位公民身份号码 + 类别 + 等级（policy-rules.md §5）',
      certainty: 'inf',
      note: '身份证号偶有更正而残疾人证未换发，故只提示（policy-rules.md §5 建议为警告）。',
    },
    check: (_r, f) => (f.certId !== undefined && f.id !== undefined && f.certId !== f.id ? { recorded: f.certId } : false),
  }),
  defineRule({
    id: 'CON_CERT_CATEGORY_MISMATCH',
    title: '残疾人证号第19位（残疾类别）与登记的残疾类别不一致',
    severity: 'error',
    scope: 'record',
    formVersions: '*',
    items: ['certificate_no', 'disability_category'],
    basis: { kind: 'policy', source: '残疾人证编码规则：第19位为残疾类别 1–7（policy-rules.md §5）', certainty: '2+' },
    check: (r, f) => {
      const c = num(r.disability_category);
      return c !== undefined && f.certCategory !== undefined && c !== f.certCategory ? { recorded: c, message: `残疾人证号类别为 ${f.certCategory}，登记为 ${c}` } : false;
    },
  }),
  defineRule({
    id: 'CON_CERT_LEVEL_MISMATCH',
    title: '残疾人证号第20位（残疾等级）与登记的残疾等级不一致',
    severity: 'error',
    scope: 'record',
    formVersions: '*',
    items: ['certificate_no', 'disability_level'],
    basis: { kind: 'policy', source: '残疾人证编码规则：第20位为残疾等级 1–4（policy-rules.md §5）', certainty: '2+' },
    check: (r, f) => {
      const l = num(r.disability_level);
      return l !== undefined && f.certLevel !== undefined && l !== f.certLevel ? { recorded: l, message: `残疾人证号等级为 ${f.certLevel}，登记为 ${l}` } : false;
    },
  }),
  defineRule({
    id: 'CON_CERT_LEVEL_UNASSESSED',
    title: '残疾等级代码为 9（含义不明，可能为未评定），请核实',
    severity: 'warning',
    scope: 'record',
    formVersions: '*',
    items: ['certificate_no'],
    basis: { kind: 'form', source: '省级采集程序证号正则允许等级 9（registration-form.md §3.0，S5）', certainty: '1', note: '9 = 未评定 为推断（policy-rules.md §5、§9）。' },
    violation: { item: '$certLevel', eq: 9 },
  }),
  defineRule({
    id: 'CON_SEX_ID_MISMATCH',
    title: '登记的性别与身份证号第17位不一致',
    severity: 'error',
    scope: 'record',
    formVersions: '*',
    items: ['sex', 'resident_id'],
    basis: { kind: 'standard', source: 'GB 11643-1999 公民身份号码：顺序码奇数为男、偶数为女', certainty: 'official' },
    check: (r, f) => (typeof r.sex === 'string' && f.idSex !== undefined && r.sex !== f.idSex ? { recorded: r.sex } : false),
  }),
  defineRule({
    id: 'CON_BIRTH_DATE_ID_MISMATCH',
    title: '登记的出生日期与身份证号中的出生日期不一致',
    severity: 'error',
    scope: 'record',
    formVersions: '*',
    items: ['birth_date', 'resident_id'],
    basis: { kind: 'standard', source: 'GB 11643-1999 公民身份号码：第7–14位为出生日期', certainty: 'official' },
    check: (r, f) =>
      typeof r.birth_date === 'string' && r.birth_date !== '' && f.idBirthDate !== undefined && r.birth_date !== f.idBirthDate ? { recorded: r.birth_date } : false,
  }),
  defineRule({
    id: 'CON_SPEECH_UNDER_3',
    title: '言语残疾不对 3 岁以下儿童评定',
    severity: 'error',
    scope: 'record',
    formVersions: '*',
    items: ['disability_category', 'certificate_no', 'birth_date'],
    basis: {
      kind: 'standard',
      source: '言语残疾评定标准"3岁以下不定残"（2006 年残疾人抽样调查标准，GB/T 26341-2010 据此制定；policy-rules.md §2.2）',
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
    basis: { kind: 'standard', source: 'GB/T 26341-2010 听力残疾分级说明（policy-rules.md §2.2，P19）', certainty: '1' },
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
      source: 'GB/T 26341-2010 精神残疾：18 岁以下按适应行为评定，无最低年龄（policy-rules.md §2.2）',
      certainty: 'inf',
      note: '标准未设最低年龄，实践中对婴幼儿罕见，故只提示。',
    },
    violation: { all: [{ item: '$category', eq: 6 }, { item: '$age', lt: 3 }] },
  }),
  defineRule({
    id: 'CON_STATUS_NOT_NORMAL_WITH_ANSWERS',
    title: '核查状态不是"正常"，却填写了登记表正文（R8 及以后）',
    severity: 'warning',
    scope: 'record',
    formVersions: V2017,
    items: ['person_status'],
    basis: { kind: 'form', source: '核查状态 ≠ 6 时只填身份和结尾部分（registration-form.md §3.0、§5，S5、S8）', certainty: '1' },
    violation: { item: 'person_status', in: [1, 2, 3, 4, 5] },
    check: (r) => {
      const filled = filledFullFormItems(r);
      return filled.length ? { recorded: filled.slice(0, 5).join(',') } : false;
    },
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
      source: '年度动态更新工作通知规定的调查时间（如 2017 年为 7 月 2 日至 8 月 31 日，registration-form.md S2）；未给出时按调查年度 1 月 1 日至 12 月 31 日',
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
    basis: { kind: 'standard', source: 'GB 11643-1999：一个公民身份号码只对应一人', certainty: 'official' },
    check: (r, f) => {
      if (f.id === undefined || typeof r.householder_id !== 'string' || typeof r.householder_name !== 'string' || typeof r.name !== 'string') return false;
      if (r.householder_name === '' || r.name === '' || r.householder_name === r.name) return false;
      return canonicalResidentId(r.householder_id) === f.id ? { recorded: r.householder_name } : false;
    },
  }),
  // --- 2017 items -------------------------------------------------------------------------
  defineRule({
    id: 'CON_ENROLLED_AND_EMPLOYED',
    title: '在校学生登记为已就业',
    severity: 'warning',
    scope: 'record',
    formVersions: V2017,
    items: ['r14', 'r16'],
    basis: { kind: 'form', source: '在校且 16–59 岁时 R16 强制为"否"（registration-form.md §5，S5）', certainty: '1' },
    violation: { all: [FULL_FORM, { item: 'r14', present: true }, { item: 'r16', eq: 1 }] },
  }),
  defineRule({
    id: 'CON_ILLITERATE_SECONDARY',
    title: '不识字，但受教育程度为初中及以上',
    severity: 'warning',
    scope: 'record',
    formVersions: V2017,
    items: ['r12', 'r13'],
    basis: { kind: 'form', source: 'R12 = 2（不识字）时 R13 只提供受限列表（registration-form.md §3.3、§5，S5）', certainty: '1' },
    violation: { all: [FULL_FORM, { item: 'r12', eq: 2 }, { item: 'r13', gte: 3 }] },
  }),
  defineRule({
    id: 'CON_PENSION_INCOME_UNDER_45',
    title: '主要生活来源为退休金（养老金），但未满 45 岁',
    severity: 'warning',
    scope: 'record',
    formVersions: V2017,
    items: ['r18'],
    basis: { kind: 'form', source: '采集程序软校验"原则上应45岁以上填报"（registration-form.md §6 第11条，S5）', certainty: '1' },
    violation: { all: [FULL_FORM, { item: 'r18', eq: 1 }, { item: '$age', lt: 45 }] },
  }),
  defineRule({
    id: 'CON_QUOTA_EMPLOYMENT_NO_INSURANCE',
    title: '按比例就业或集中就业，但未参加职工社会保险',
    severity: 'warning',
    scope: 'record',
    formVersions: V2017,
    items: ['r17', 'r22'],
    basis: { kind: 'form', source: '采集程序软校验"原则上应该参加职工社会保险"（registration-form.md §6 第12条，S5）', certainty: '1' },
    violation: { all: [FULL_FORM, { item: 'r17', in: [1, 2] }, { item: 'r22', includes: 4 }] },
  }),
  defineRule({
    id: 'CON_EMPLOYEE_AND_RESIDENT_PENSION',
    title: '已参加职工基本养老保险，又登记参加城乡居民基本养老保险',
    severity: 'error',
    scope: 'record',
    formVersions: V2017,
    items: ['r22', 'r23'],
    basis: {
      kind: 'policy',
      source: '城乡居民基本养老保险只覆盖未参加职工基本养老保险的居民（policy-rules.md §4）；采集程序在 R22 含 1 时将 R23 置为"否"（S5）',
      certainty: '2+',
    },
    violation: { all: [FULL_FORM, { item: 'r22', includes: 1 }, { item: 'r23', eq: 1 }] },
  }),
  defineRule({
    id: 'CON_EMPLOYEE_AND_RESIDENT_MEDICAL',
    title: '已参加职工基本医疗保险，又登记参加城乡居民基本医疗保险',
    severity: 'warning',
    scope: 'record',
    formVersions: V2017,
    items: ['r22', 'r25'],
    basis: { kind: 'form', source: '采集程序在 R22 含 2 时将 R25 置为"否"（registration-form.md §6 第2条，S5）', certainty: '1' },
    violation: { all: [FULL_FORM, { item: 'r22', includes: 2 }, { item: 'r25', eq: 1 }] },
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
      source: '国发〔2015〕52号：护理补贴对象为残疾等级一、二级；可扩大到三、四级智力、精神残疾（policy-rules.md §1.1）',
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
      source: '国发〔2015〕52号允许各地扩大到非重度智力、精神残疾；湖南未见扩面文件（policy-rules.md §1.1、§1.2）',
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
      source: '国发〔2015〕52号、湘政发〔2015〕54号：生活补贴对象为低保家庭中的残疾人，各地可扩大到低收入残疾人（policy-rules.md §1）',
      certainty: '2+',
      note: '各地可扩面，故为警告。',
    },
    violation: { all: [FULL_FORM, { item: 'r28', includes: 1 }, { item: 'r27', present: true }, { item: 'r27', includesNone: [1] }] },
  }),
  defineRule({
    id: 'CON_SUBSIDY_WITH_TEKUN',
    title: '特困人员救助供养对象同时登记享受两项补贴',
    severity: 'warning',
    scope: 'record',
    formVersions: V2017,
    items: ['r27', 'r28'],
    basis: {
      kind: 'policy',
      source: '国发〔2015〕52号：特困供养人员不享受两项补贴（policy-rules.md §1.1）',
      certainty: '2+',
      note: '部分采集程序在 R27 选特困时自动勾选护理补贴，与全国规定冲突（policy-rules.md §1.3），故为警告。',
    },
    violation: { all: [FULL_FORM, { item: 'r27', includes: 2 }, { item: 'r28', includesAny: [1, 2] }] },
  }),
  defineRule({
    id: 'CON_RURAL_RENOVATION_NOT_AGRICULTURAL',
    title: '登记享受农村危房改造，但户口性质不是农业',
    severity: 'warning',
    scope: 'record',
    formVersions: V2017,
    items: ['r27', 'r3'],
    basis: { kind: 'form', source: 'R27 选项 5 只对农业户口提供（registration-form.md §5、§6 第6条，S5）', certainty: '1' },
    violation: { all: [FULL_FORM, { item: 'r27', includes: 5 }, { item: 'r3', eq: 2 }] },
  }),
  defineRule({
    id: 'CON_URBAN_DIBAO_INCOME',
    title: '非农业户口登记享受低保，但家庭收入未低于低保标准',
    severity: 'warning',
    scope: 'record',
    formVersions: V2017,
    items: ['r27', 'r8', 'r3'],
    basis: { kind: 'form', source: '非农业户口 R27 选项 1 只在 R8 = 1 时提供（registration-form.md §6 第5条，S5）', certainty: '1' },
    violation: { all: [FULL_FORM, { item: 'r3', eq: 2 }, { item: 'r27', includes: 1 }, { item: 'r8', present: true }, { item: 'r8', ne: 1 }] },
  }),
];

/**
 * The consistency rules (逻辑校验) for a form version: the certificate's ID part, category and
 * level against the record; sex and birth date against the ID number; GB/T 26341-2010 age limits;
 * school vs employment; literacy vs education; pension income under 45; quota employment without
 * insurance; the two subsidies vs 低保 / 特困 / level; a non-normal status with a filled form;
 * collection date outside the survey period.
 *
 * @example
 * ```ts
 * consistencyRules('2017').map((r) => r.id).includes('CON_SPEECH_UNDER_3'); //=> true
 * ```
 */
export function consistencyRules(version: FormVersion = '2017'): RecordRule[] {
  return ALL.filter((r) => r.formVersions === '*' || r.formVersions.includes(version));
}
