/**
 * 动态1表, 2021/2022 version (R1–R27), from S9 (item labels R3–R27) cross-checked with S10
 * (docs/guides/form-reconstruction.md §3.10). **Provisional**: the approval number, the printed form and most of
 * the new code lists were not found; who answers each item is carried over from the comparable 2017
 * item [inf]. 户口性质 is still stored but not numbered (`hukou`).
 */
import { codes } from '../codes.js';
import type { CheckCoverage, Condition, FormDefinition, ItemDef, SkipRule } from '../types.js';
import { closingItems, closingSection, coverItems, coverSection, identityItems, identitySection } from './blocks.js';
import { withCorrespondenceNotes } from './correspondence.js';

const CARE_SCOPE_2021: Condition = {
  all: [{ age: { min: 16, max: 59 } }, { any: [{ category: [5, 6, 7] }, { all: [{ category: [4] }, { level: [1, 2] }] }] }],
};

export const items2021 = [
  ...coverItems,
  ...identityItems,
  { key: 'hukou', code: '', label: '户口性质', section: 'basic', type: 'single', codeList: 'hukou', identifier: 'quasi', confidence: 'inf', source: 'S9 (stored, not numbered)' },
  { key: 'r3', code: 'R3', label: '婚姻状况', section: 'basic', type: 'single', codeList: 'maritalStatusForm', askedWhen: { age: { min: 20 } }, identifier: 'quasi', confidence: '1', source: 'S9' },
  { key: 'r4', code: 'R4', label: '联系人姓名', section: 'basic', type: 'text', maxLength: 50, requiredWhen: { age: { max: 17 } }, identifier: 'direct', confidence: '1', source: 'S9' },
  { key: 'r5', code: 'R5', label: '联系电话', section: 'basic', type: 'text', maxLength: 50, identifier: 'direct', confidence: 'inf', source: 'S9 (number missing)' },
  { key: 'r6', code: 'R6', label: '是否在敬（养）老院、福利院、荣军院居住', section: 'basic', type: 'yesno', codeList: 'yesNo', identifier: 'quasi', confidence: '1', source: 'S9' },
  { key: 'r7', code: 'R7', label: '家庭住房状况', section: 'economy', type: 'single', codeList: 'housing2021', identifier: 'sensitive', confidence: '1', source: 'S9, S10' },
  { key: 'r7_4', code: 'R7-4', label: '农村危房', section: 'economy', type: 'single', codeList: 'ruralDangerousHouse2021', parent: 'r7', askedWhen: { item: 'r7', eq: 4 }, optional: true, identifier: 'sensitive', confidence: '1', source: 'S10 (sub-item 4.1)' },
  { key: 'r8', code: 'R8', label: '受教育程度', section: 'education', type: 'single', codeList: 'educationLevel', identifier: 'quasi', confidence: '1', source: 'S9' },
  { key: 'r9', code: 'R9', label: '是否就业', section: 'employment', type: 'yesno', codeList: 'yesNo', identifier: 'other', confidence: '1', source: 'S9' },
  { key: 'r10', code: 'R10', label: '未就业主要生活来源', section: 'employment', type: 'single', codeList: 'livelihoodSource', askedWhen: { item: 'r9', eq: 2 }, identifier: 'sensitive', confidence: '1', source: 'S9' },
  { key: 'r11', code: 'R11', label: '目前就业帮扶需求', section: 'employment', type: 'multiple', codeList: 'employmentSupportNeed', exclusive: [6], identifier: 'other', confidence: '1', source: 'S9' },
  { key: 'r12', code: 'R12', label: '参加职工社会保险情况', section: 'social', type: 'multiple', codeList: 'employeeInsurance', exclusive: [4], identifier: 'sensitive', confidence: '1', source: 'S9' },
  { key: 'r13', code: 'R13', label: '是否参加城乡居民基本医疗保险', section: 'social', type: 'yesno', codeList: 'yesNo', identifier: 'sensitive', confidence: '1', source: 'S9' },
  { key: 'r14', code: 'R14', label: '是否享受基本医疗保险个人缴费补贴', section: 'social', type: 'yesno', codeList: 'yesNo', askedWhen: { item: 'r13', eq: 1 }, identifier: 'sensitive', confidence: '1', source: 'S9' },
  { key: 'r15', code: 'R15', label: '过去一年内社会救助及住房改善情况', section: 'social', type: 'multiple', codeList: 'socialAssistance', exclusive: [6], identifier: 'sensitive', confidence: '1', source: 'S9' },
  { key: 'r16', code: 'R16', label: '目前托养服务需求', section: 'social', type: 'single', codeList: 'careServiceNeed', askedWhen: CARE_SCOPE_2021, optional: true, identifier: 'sensitive', confidence: '1', source: 'S9', note: '范围沿用 2017 [inf]' },
  { key: 'r17', code: 'R17', label: '残疾人养老服务—服务现状', section: 'social', type: 'single', codeList: 'elderCareStatus2021', optional: true, identifier: 'sensitive', confidence: '1', source: 'S9', note: '代码与适用范围未见' },
  { key: 'r18', code: 'R18', label: '残疾人养老服务—服务需求', section: 'social', type: 'single', codeList: 'elderCareNeed2021', optional: true, identifier: 'sensitive', confidence: '1', source: 'S9', note: '代码与适用范围未见' },
  { key: 'r19', code: 'R19', label: '以老养残家庭基本情况', section: 'social', type: 'single', codeList: 'elderlyCaregiverFamily2021', optional: true, identifier: 'sensitive', confidence: '1', source: 'S9, S10', note: '四个子问题，存为 1–2 与 3–4' },
  { key: 'r20', code: 'R20', label: '个人或家庭是否签订家庭医生服务协议', section: 'health', type: 'yesno', codeList: 'yesNo', identifier: 'sensitive', confidence: '1', source: 'S9' },
  { key: 'r21', code: 'R21', label: '针对自身残疾，过去一年内是否得到过以下服务', section: 'health', type: 'multiple', codeList: 'rehabServices', exclusive: [6], identifier: 'sensitive', confidence: '1', source: 'S9' },
  { key: 'r22', code: 'R22', label: '针对自身残疾，目前是否还需要以下服务', section: 'health', type: 'multiple', codeList: 'rehabNeeds', exclusive: [6], identifier: 'sensitive', confidence: '1', source: 'S9' },
  { key: 'r23', code: 'R23', label: '过去一年内您家是否进行过无障碍改造', section: 'accessibility', type: 'yesno', codeList: 'yesNo', identifier: 'other', confidence: '1', source: 'S9' },
  { key: 'r24', code: 'R24', label: '过去一年内您家进行过的无障碍改造项目', section: 'accessibility', type: 'multiple', codeList: 'accessibilityWorks2021', askedWhen: { item: 'r23', eq: 1 }, identifier: 'other', confidence: '1', source: 'S9' },
  { key: 'r25', code: 'R25', label: '目前您家有哪些无障碍改造需求', section: 'accessibility', type: 'multiple', codeList: 'accessibilityNeeds', exclusive: [9], identifier: 'other', confidence: '1', source: 'S9' },
  { key: 'r26', code: 'R26', label: '过去一年内是否经常参加文化体育活动', section: 'culture', type: 'yesno', codeList: 'yesNo', identifier: 'other', confidence: '1', source: 'S9' },
  { key: 'r27', code: 'R27', label: '不能经常参加文化体育活动的原因', section: 'culture', type: 'multiple', codeList: 'noCultureReason', askedWhen: { item: 'r26', eq: 2 }, identifier: 'other', confidence: '1', source: 'S9' },
  ...closingItems('r6'),
] as const;

const numbered = (from: number, to: number) => items2021.map((i) => i.key as string).filter((k) => {
  const m = /^r(\d+)(?:_\d+)?$/.exec(k);
  return m !== null && Number(m[1]) >= from && Number(m[1]) <= to;
});

/** Skip rules carried over from the comparable 2017 rules [inf]. */
const skipRules2021: SkipRule[] = [
  { id: 'SKIP_STATUS_NOT_NORMAL', when: { not: { item: 'person_status', eq: 6 } }, skip: ['hukou', ...numbered(3, 27)], source: 'S5 (2017) [inf]', note: '核查状态 ≠ 6：只填身份和结尾部分。' },
  { id: 'SKIP_R6_INSTITUTION', when: { item: 'r6', eq: 1 }, skip: ['r7', 'r7_4', ...numbered(9, 11), ...numbered(23, 27)], source: '2017 SKIP_R7_INSTITUTION [inf]', note: 'R6 = 1（住在机构）：跳过住房、就业、无障碍、文体。' },
  { id: 'SKIP_AGE_UNDER_15', when: { age: { max: 14 } }, skip: ['r8'], source: '2017 SKIP_AGE_UNDER_15 [inf]', note: '未满15岁：跳过 R8。' },
  { id: 'SKIP_AGE_OUTSIDE_16_59', when: { any: [{ age: { max: 15 } }, { age: { min: 60 } }] }, skip: numbered(9, 11), source: '2017 [inf]', note: '16岁以下或59岁以上：跳过 R9–R11。' },
  { id: 'SKIP_R9_EMPLOYED', when: { item: 'r9', eq: 1 }, skip: ['r10'], source: '2017 SKIP_R16_EMPLOYED [inf]', note: 'R9 = 1：跳过 R10。' },
  { id: 'SKIP_AGE_UNDER_16_INSURANCE', when: { age: { max: 15 } }, skip: ['r12'], source: '2017 [inf]', note: '未满16岁：跳过 R12。' },
  { id: 'SKIP_R12_EMPLOYEE_MEDICAL', when: { item: 'r12', includes: 2 }, skip: ['r14'], source: '2017 [inf]', note: 'R12 含 2：R13 = 2，跳过 R14。' },
  { id: 'SKIP_R13_NO', when: { item: 'r13', eq: 2 }, skip: ['r14'], source: '2017 [inf]', note: 'R13 = 2：跳过 R14。' },
  { id: 'SKIP_CARE_SCOPE', when: { not: CARE_SCOPE_2021 }, skip: ['r16'], source: '2017 [inf]', note: '托养范围之外：跳过 R16。' },
  { id: 'SKIP_R23_NO', when: { item: 'r23', eq: 2 }, skip: ['r24'], source: 'S9 [inf]', note: 'R23 = 2：跳过 R24。' },
  { id: 'SKIP_R26_YES', when: { item: 'r26', eq: 1 }, skip: ['r27'], source: '2017 [inf]', note: 'R26 = 1：跳过 R27。' },
  { id: 'SKIP_AGE_UNDER_6', when: { age: { max: 5 } }, skip: ['r26', 'r27'], source: '2017 [inf]', note: '未满6岁：跳过 R26、R27。' },
];

const checks2021: CheckCoverage[] = [
  { id: 'EXCLUSIVE', ref: '§5 last row (2017)', text: '“无”类选项不能与其他选项同选', enforcedBy: 'form', how: 'item.exclusive' },
  { id: 'SKIP_RULES_INFERRED', ref: '§3.10', text: '2021 版跳转由 2017 版推断', enforcedBy: 'form', how: 'skip rules marked [inf]' },
  { id: 'IMPL_R12_MEDICAL_R13_NO', ref: '§6.2 (2017 R22/R25)', text: 'R12 含 2 ⇒ R13 = 2', enforcedBy: 'form', how: 'implication IMPL_R12_MEDICAL_R13_NO' },
];

export const person2021: FormDefinition = Object.freeze({
  kind: 'person',
  version: '2021',
  title: '残疾人登记表（动态1表，2021 版 R1–R27，临时）',
  provisional: true,
  note: '按 S9/S10 重建（docs/guides/form-reconstruction.md §3.10）；批准文号、印刷表和多数新代码表未找到；适用范围沿用 2017 对应题目 [inf]。',
  sections: [
    coverSection,
    identitySection,
    { id: 'basic', label: '基本信息' },
    { id: 'economy', label: '住房' },
    { id: 'education', label: '教育' },
    { id: 'employment', label: '就业' },
    { id: 'social', label: '社会保障与养老托养' },
    { id: 'health', label: '基本医疗和康复' },
    { id: 'accessibility', label: '无障碍' },
    { id: 'culture', label: '文化体育' },
    closingSection,
  ],
  items: withCorrespondenceNotes(items2021 as readonly ItemDef[], '2021'),
  codeLists: codes,
  skipRules: skipRules2021,
  implications: [{ id: 'IMPL_R12_MEDICAL_R13_NO', when: { item: 'r12', includes: 2 }, item: 'r13', value: 2, source: '2017 IMPL_R22_MEDICAL_R25_NO [inf]' }],
  checks: checks2021,
  extensions: [],
});
