/**
 * 动态1表 残疾人登记表, 2017 numbering (R1–R41; used 2017–2020). Reassembled in
 * docs/guides/form-reconstruction.md §3 from S1 (2016 scan), S5 (a provincial collection
 * app, whose show/hide and required logic is the main evidence for skip rules), S6, S11 and others.
 * Sources and confidence are kept on each item.
 */
import type { CheckCoverage, Condition, Implication, SkipRule } from '../types.js';
import { closingItems, closingSection, coverItems, coverSection, identityItems, identitySection } from './blocks.js';

/** ★ 16–59 and 智力、精神、重度肢体 (S1); S5 shows R29 for 5, 6, 7 and 4 with grade 1–2. */
export const CARE_SCOPE_2017: Condition = {
  all: [
    { age: { min: 16, max: 59 } },
    { any: [{ category: [5, 6, 7] }, { all: [{ category: [4] }, { level: [1, 2] }] }] },
  ],
};

const sub = (parent: string, code: number): Condition => ({ item: parent, includes: code });

export const items2017 = [
  ...coverItems,
  ...identityItems,
  // 3.1 基本信息
  { key: 'r3', code: 'R3', label: '户口性质', section: 'basic', type: 'single', codeList: 'hukou', identifier: 'quasi', confidence: '2+', source: 'S1, S5' },
  { key: 'r4', code: 'R4', label: '婚姻状况', section: 'basic', type: 'single', codeList: 'maritalStatusForm', askedWhen: { age: { min: 20 } }, identifier: 'quasi', confidence: '2+', source: 'S1, S5 (hidden under age 20)' },
  { key: 'r5', code: 'R5', label: '联系人姓名', section: 'basic', type: 'text', maxLength: 50, requiredWhen: { age: { max: 17 } }, identifier: 'direct', confidence: '1', source: 'S5 (required only for age ≤ 17), S6, S10' },
  { key: 'r6', code: 'R6', label: '联系电话', section: 'basic', type: 'text', maxLength: 50, identifier: 'direct', confidence: '2+', source: 'S5, S6, S10' },
  { key: 'r7', code: 'R7', label: '是否在敬（养）老院、福利院、荣军院等居住', section: 'basic', type: 'yesno', codeList: 'yesNo', identifier: 'quasi', confidence: '2+', source: 'S5, S6, S8, S9' },
  // 3.2 经济与住房
  { key: 'r8', code: 'R8', label: '家庭收入状况（城镇）', section: 'economy', type: 'single', codeList: 'incomeStatus', askedWhen: { item: 'r3', eq: 2 }, identifier: 'sensitive', confidence: '1', source: 'S5, S11' },
  { key: 'r9', code: 'R9', label: '家庭住房状况（城镇）', section: 'economy', type: 'single', codeList: 'urbanHousing', askedWhen: { item: 'r3', eq: 2 }, identifier: 'sensitive', confidence: '2+', source: 'S5, S11' },
  { key: 'r9_2', code: 'R9-2', label: '享受住房保障政策类型', section: 'economy', type: 'multiple', codeList: 'housingGuaranteeType', parent: 'r9', askedWhen: { item: 'r9', eq: 2 }, identifier: 'sensitive', confidence: '2+', source: 'S5 (required when R9 = 2), S11' },
  { key: 'r10', code: 'R10', label: '贫困与建档立卡状况（农业）', section: 'economy', type: 'single', codeList: 'povertyStatus', askedWhen: { item: 'r3', eq: 1 }, identifier: 'sensitive', confidence: '1', source: 'S11' },
  { key: 'r11', code: 'R11', label: '家庭住房状况（农村）', section: 'economy', type: 'single', codeList: 'ruralHousing', askedWhen: { item: 'r3', eq: 1 }, identifier: 'sensitive', confidence: '1', source: 'S5, S11' },
  // 3.3 教育
  { key: 'r12', code: 'R12', label: '是否识字', section: 'education', type: 'yesno', codeList: 'yesNo', identifier: 'other', confidence: '2+', source: 'S5, S6' },
  { key: 'r13', code: 'R13', label: '受教育程度', section: 'education', type: 'single', codeList: 'educationLevel', identifier: 'quasi', confidence: '2+', source: 'S5, S6, S11' },
  {
    key: 'r14', code: 'R14', label: '目前在校情况', section: 'education', type: 'single', codeList: 'schoolEnrolment', optional: true, identifier: 'other', confidence: '2+', source: 'S5, S6, S11',
    note: '不在校则不填（空 = 不在校）。',
  },
  {
    key: 'r15', code: 'R15', label: '未入学主要原因', section: 'education', type: 'single', codeList: 'notEnrolledReason',
    askedWhen: { all: [{ age: { min: 6, max: 14 } }, { item: 'r14', answered: false }] }, identifier: 'other', confidence: '2+', source: 'S5 (★ 6–14, R14 empty)',
  },
  // 3.4 就业与扶贫 (★ 16–59)
  { key: 'r16', code: 'R16', label: '是否就业', section: 'employment', type: 'yesno', codeList: 'yesNo', identifier: 'other', confidence: '2+', source: 'S1, S5, S6' },
  { key: 'r16_2', code: 'R16-2', label: '是否进行失业登记', section: 'employment', type: 'yesno', codeList: 'yesNo', parent: 'r16', askedWhen: { all: [{ item: 'r16', eq: 2 }, { item: 'r3', eq: 2 }] }, identifier: 'other', confidence: '1', source: 'S5' },
  { key: 'r17', code: 'R17', label: '残疾人就业形式', section: 'employment', type: 'single', codeList: 'employmentForm', askedWhen: { item: 'r16', eq: 1 }, identifier: 'other', confidence: '1', source: 'S1, S5, S22, S25' },
  { key: 'r17_1', code: 'R17-1', label: '按比例就业子项', section: 'employment', type: 'single', codeList: 'quotaEmploymentType', parent: 'r17', askedWhen: { item: 'r17', eq: 1 }, identifier: 'other', confidence: '1', source: 'S5 (required when R17 = 1)' },
  { key: 'r18', code: 'R18', label: '未就业主要生活来源', section: 'employment', type: 'single', codeList: 'livelihoodSource', askedWhen: { item: 'r16', eq: 2 }, identifier: 'sensitive', confidence: '2+', source: 'S1, S6' },
  { key: 'r19', code: 'R19', label: '未就业主要原因', section: 'employment', type: 'single', codeList: 'unemploymentReason', askedWhen: { item: 'r16', eq: 2 }, identifier: 'other', confidence: '2+', source: 'S1, S5' },
  {
    key: 'r20', code: 'R20', label: '动态更新年度内得到的就业扶贫帮扶', section: 'employment', type: 'multiple', codeList: 'employmentSupport', exclusive: [6],
    askedWhen: { any: [{ item: 'r16', eq: 1 }, { item: 'r19', in: [4, 6, 7] }] }, identifier: 'sensitive', confidence: '2+', source: 'S1, S5, S11',
  },
  { key: 'r20_1', code: 'R20-1', label: '职业技能培训类型', section: 'employment', type: 'multiple', codeList: 'trainingType', parent: 'r20', askedWhen: sub('r20', 1), optional: true, identifier: 'other', confidence: '1', source: 'S5' },
  { key: 'r20_5', code: 'R20-5', label: '其他帮扶类型', section: 'employment', type: 'multiple', codeList: 'otherSupportType', parent: 'r20', askedWhen: sub('r20', 5), optional: true, identifier: 'other', confidence: '1', source: 'S5' },
  {
    key: 'r21', code: 'R21', label: '目前就业帮扶需求', section: 'employment', type: 'multiple', codeList: 'employmentSupportNeed', exclusive: [6],
    askedWhen: { any: [{ item: 'r16', eq: 1 }, { item: 'r19', in: [4, 6, 7] }] }, identifier: 'other', confidence: '1', source: 'S5',
  },
  { key: 'r21_1', code: 'R21-1', label: '职业技能培训需求子项', section: 'employment', type: 'multiple', codeList: 'supportNeedDetail', parent: 'r21', askedWhen: sub('r21', 1), optional: true, identifier: 'other', confidence: '1', source: 'S5' },
  { key: 'r21_2', code: 'R21-2', label: '职业介绍需求子项', section: 'employment', type: 'multiple', codeList: 'supportNeedDetail', parent: 'r21', askedWhen: sub('r21', 2), optional: true, identifier: 'other', confidence: '1', source: 'S5' },
  { key: 'r21_3', code: 'R21-3', label: '农村实用技术培训需求子项', section: 'employment', type: 'multiple', codeList: 'supportNeedDetail', parent: 'r21', askedWhen: sub('r21', 3), optional: true, identifier: 'other', confidence: '1', source: 'S5' },
  { key: 'r21_4', code: 'R21-4', label: '资金信贷扶持需求子项', section: 'employment', type: 'multiple', codeList: 'supportNeedDetail', parent: 'r21', askedWhen: sub('r21', 4), optional: true, identifier: 'other', confidence: '1', source: 'S5' },
  { key: 'r21_5', code: 'R21-5', label: '其他帮扶需求子项', section: 'employment', type: 'multiple', codeList: 'supportNeedDetail', parent: 'r21', askedWhen: sub('r21', 5), optional: true, identifier: 'other', confidence: '1', source: 'S5' },
  // 3.5 社会保障
  { key: 'r22', code: 'R22', label: '参加职工社会保险情况', section: 'social', type: 'multiple', codeList: 'employeeInsurance', exclusive: [4], identifier: 'sensitive', confidence: '2+', source: 'S5, S6' },
  { key: 'r23', code: 'R23', label: '是否参加城乡居民基本养老保险', section: 'social', type: 'yesno', codeList: 'yesNo', identifier: 'sensitive', confidence: '2+', source: 'S5, S6, S11' },
  { key: 'r24', code: 'R24', label: '是否享受城乡居民养老保险缴费补贴', section: 'social', type: 'yesno', codeList: 'yesNo', askedWhen: { item: 'r23', eq: 1 }, identifier: 'sensitive', confidence: '2+', source: 'S5, S6' },
  { key: 'r25', code: 'R25', label: '是否参加城乡居民基本医疗保险', section: 'social', type: 'yesno', codeList: 'yesNo', identifier: 'sensitive', confidence: '2+', source: 'S5, S6, S10' },
  { key: 'r26', code: 'R26', label: '是否享受基本医疗保险个人缴费补贴', section: 'social', type: 'yesno', codeList: 'yesNo', askedWhen: { item: 'r25', eq: 1 }, identifier: 'sensitive', confidence: '2+', source: 'S5, S6, S10' },
  {
    key: 'r27', code: 'R27', label: '动态更新年度内社会救助及住房改善情况', section: 'social', type: 'multiple', codeList: 'socialAssistance', exclusive: [6], identifier: 'sensitive', confidence: '2+', source: 'S1, S5, S11',
    optionRules: [
      // §6.5: for non-agricultural households 低保 is offered only when R8 = 1 (below the 低保 line).
      { id: 'OPT_R27_1_URBAN_NEEDS_R8_1', code: 1, availableWhen: { any: [{ item: 'r3', eq: 1 }, { item: 'r8', eq: 1 }] }, note: '非农业户口：R8 = 1（低于低保标准）才可选 最低生活保障（§6.5）' },
      // §6.6: 农村危房改造 only for agricultural households whose house is now in good condition.
      { id: 'OPT_R27_5_RURAL_GOOD_HOUSE', code: 5, availableWhen: { all: [{ item: 'r3', eq: 1 }, { item: 'r11', eq: 1 }] }, note: '农村危房改造 只适用于农业户口且 R11 = 1（状况良好）（§6.6）' },
    ],
  },
  { key: 'r27_1', code: 'R27-1', label: '最低生活保障子项', section: 'social', type: 'single', codeList: 'minimumLivingType', parent: 'r27', askedWhen: sub('r27', 1), optional: true, identifier: 'sensitive', confidence: '1', source: 'S5' },
  { key: 'r27_4', code: 'R27-4', label: '其他救助类型', section: 'social', type: 'multiple', codeList: 'otherAssistanceType', parent: 'r27', askedWhen: sub('r27', 4), optional: true, identifier: 'sensitive', confidence: '1', source: 'S5' },
  { key: 'r28', code: 'R28', label: '动态更新年度内社会福利补贴情况', section: 'social', type: 'multiple', codeList: 'welfareSubsidy', exclusive: [4], identifier: 'sensitive', confidence: '2+', source: 'S1, S5, S11' },
  { key: 'r28_3', code: 'R28-3', label: '其他福利补贴类型', section: 'social', type: 'multiple', codeList: 'otherSubsidyType', parent: 'r28', askedWhen: sub('r28', 3), optional: true, identifier: 'sensitive', confidence: '1', source: 'S5, S11' },
  {
    key: 'r29', code: 'R29', label: '是否享受托养服务', section: 'social', type: 'yesno', codeList: 'yesNo', askedWhen: CARE_SCOPE_2017,
    // §6.8: required for 智力, 精神 and 肢体 grade 1–2; shown but optional for 多重 (S5).
    requiredWhen: { any: [{ category: [5, 6] }, { all: [{ category: [4] }, { level: [1, 2] }] }] },
    identifier: 'sensitive', confidence: '2+', source: 'S1, S5',
  },
  { key: 'r29_1', code: 'R29-1', label: '托养服务类型', section: 'social', type: 'single', codeList: 'careServiceType', parent: 'r29', askedWhen: { item: 'r29', eq: 1 }, identifier: 'sensitive', confidence: '1', source: 'S5 (required when R29 = 1)' },
  { key: 'r30', code: 'R30', label: '目前托养服务需求', section: 'social', type: 'single', codeList: 'careServiceNeed', askedWhen: { all: [CARE_SCOPE_2017, { item: 'r29', eq: 2 }] }, identifier: 'sensitive', confidence: '1', source: 'S1, S5, S11' },
  // 3.6 基本医疗与康复
  { key: 'r31', code: 'R31', label: '个人或家庭是否签订家庭医生服务协议', section: 'health', type: 'yesno', codeList: 'yesNo', identifier: 'sensitive', confidence: '2+', source: 'S5, S10 (new in 2017)' },
  { key: 'r32', code: 'R32', label: '除残疾外，过去两周内是否患有其他疾病', section: 'health', type: 'yesno', codeList: 'yesNo', identifier: 'sensitive', confidence: '2+', source: 'S1, S5, S6' },
  { key: 'r33', code: 'R33', label: '过去两周内是否已就诊或治疗', section: 'health', type: 'yesno', codeList: 'yesNo', askedWhen: { item: 'r32', eq: 1 }, identifier: 'sensitive', confidence: '2+', source: 'S5, S6' },
  { key: 'r34', code: 'R34', label: '未就诊或治疗原因', section: 'health', type: 'multiple', codeList: 'untreatedReason', askedWhen: { item: 'r33', eq: 2 }, identifier: 'sensitive', confidence: '2+', source: 'S5 (5 options, none exclusive)' },
  { key: 'r35', code: 'R35', label: '针对自身残疾，动态更新年度内是否得到（或使用）过以下服务', section: 'health', type: 'multiple', codeList: 'rehabServices', exclusive: [6], identifier: 'sensitive', confidence: '2+', source: 'S12, S5, S6' },
  { key: 'r36', code: 'R36', label: '未得到康复服务的原因', section: 'health', type: 'multiple', codeList: 'noRehabReason', askedWhen: { item: 'r35', includes: 6 }, identifier: 'sensitive', confidence: '1', source: 'S5' },
  { key: 'r37', code: 'R37', label: '针对自身残疾，目前是否还需要以下服务', section: 'health', type: 'multiple', codeList: 'rehabNeeds', exclusive: [6], identifier: 'sensitive', confidence: '2+', source: 'S5, S6' },
  { key: 'r37_1', code: 'R37-1', label: '手术需求子项', section: 'health', type: 'multiple', codeList: 'rehabNeedDetail', parent: 'r37', askedWhen: sub('r37', 1), optional: true, identifier: 'sensitive', confidence: '1', source: 'S5, S6' },
  { key: 'r37_2', code: 'R37-2', label: '药物需求子项', section: 'health', type: 'multiple', codeList: 'rehabNeedDetail', parent: 'r37', askedWhen: sub('r37', 2), optional: true, identifier: 'sensitive', confidence: '1', source: 'S5, S6' },
  { key: 'r37_3', code: 'R37-3', label: '功能训练需求子项（按残疾类别）', section: 'health', type: 'multiple', codeList: 'rehabNeedDetail', parent: 'r37', askedWhen: sub('r37', 3), optional: true, identifier: 'sensitive', confidence: '1', source: 'S5, S6' },
  { key: 'r37_4', code: 'R37-4', label: '辅助器具需求子项（按残疾类别）', section: 'health', type: 'multiple', codeList: 'rehabNeedDetail', parent: 'r37', askedWhen: sub('r37', 4), optional: true, identifier: 'sensitive', confidence: '1', source: 'S5, S6, S11' },
  { key: 'r37_5', code: 'R37-5', label: '护理需求子项', section: 'health', type: 'multiple', codeList: 'rehabNeedDetail', parent: 'r37', askedWhen: sub('r37', 5), optional: true, identifier: 'sensitive', confidence: '1', source: 'S5, S6' },
  // 3.7 无障碍
  { key: 'r38', code: 'R38', label: '动态更新年度内你家是否进行过无障碍改造', section: 'accessibility', type: 'yesno', codeList: 'yesNo', identifier: 'other', confidence: '2+', source: 'S5, S6, S10' },
  { key: 'r39', code: 'R39', label: '目前你家有哪些无障碍改造需求', section: 'accessibility', type: 'multiple', codeList: 'accessibilityNeeds', exclusive: [9], identifier: 'other', confidence: '1', source: 'S5' },
  // 3.8 社区文体活动
  { key: 'r40', code: 'R40', label: '动态更新年度内是否经常参加村（社区）组织的文化体育活动', section: 'culture', type: 'yesno', codeList: 'yesNo', identifier: 'other', confidence: '2+', source: 'S5, S6, S10' },
  { key: 'r41', code: 'R41', label: '不能经常参加文化体育活动的原因', section: 'culture', type: 'multiple', codeList: 'noCultureReason', askedWhen: { item: 'r40', eq: 2 }, identifier: 'other', confidence: '1', source: 'S5, S1 fragment' },
  ...closingItems('r7'),
] as const;

const between = (from: number, to: number) =>
  items2017
    .map((i) => i.key as string)
    .filter((k) => {
      const m = /^r(\d+)(?:_\d+)?$/.exec(k);
      return m !== null && Number(m[1]) >= from && Number(m[1]) <= to;
    });

/** Every row of docs/guides/form-reconstruction.md §5 that skips items, as data (ids are stable). */
export const skipRules2017: readonly SkipRule[] = [
  { id: 'SKIP_STATUS_NOT_NORMAL', when: { not: { item: 'person_status', eq: 6 } }, skip: between(3, 41), source: 'S5 (perSta == 6), S8', note: '核查状态 ≠ 6（正常）：只填身份和结尾部分。' },
  { id: 'SKIP_R7_INSTITUTION', when: { item: 'r7', eq: 1 }, skip: [...between(8, 11), ...between(16, 21), ...between(38, 41)], source: 'S5', note: 'R7 = 1（住在敬老院/福利院/荣军院）：跳过 R8–R11、R16–R21、R38–R41。' },
  { id: 'SKIP_R3_AGRICULTURAL', when: { item: 'r3', eq: 1 }, skip: ['r8', 'r9', 'r9_2'], source: 'S5', note: 'R3 = 1（农业）：不问 R8、R9。' },
  { id: 'SKIP_R3_NON_AGRICULTURAL', when: { item: 'r3', eq: 2 }, skip: ['r10', 'r11'], source: 'S5', note: 'R3 = 2（非农业）：不问 R10、R11。' },
  { id: 'SKIP_AGE_UNDER_15', when: { age: { max: 14 } }, skip: ['r12', 'r13'], source: 'S5', note: '未满15岁：跳过 R12、R13。' },
  { id: 'SKIP_R13_NEVER_SCHOOLED', when: { item: 'r13', eq: 1 }, skip: ['r14'], source: 'S5', note: 'R13 = 1（未上过学）：跳过 R14。' },
  { id: 'SKIP_AGE_OUTSIDE_16_59', when: { any: [{ age: { max: 15 } }, { age: { min: 60 } }] }, skip: between(16, 21), source: 'S1, S5', note: '16岁以下或59岁以上：跳过 R16–R21。' },
  { id: 'SKIP_R16_EMPLOYED', when: { item: 'r16', eq: 1 }, skip: ['r18', 'r19'], source: 'S1, S5', note: 'R16 = 1：问 R17，然后 R20（跳过 R18–R19）。' },
  { id: 'SKIP_R16_NOT_EMPLOYED', when: { item: 'r16', eq: 2 }, skip: ['r17', 'r17_1'], source: 'S1, S5', note: 'R16 = 2：跳转 R18（跳过 R17）。' },
  { id: 'SKIP_R19_IN_SCHOOL', when: { item: 'r19', eq: 1 }, skip: between(20, 24), source: 'S1, S5', note: 'R19 = 1（在校学习）：跳转 R25。' },
  { id: 'SKIP_R19_NO_SUPPORT', when: { item: 'r19', in: [2, 3, 5] }, skip: between(20, 21), source: 'S1, S5', note: 'R19 ∈ {2 退休, 3 无就业意愿, 5 丧失劳动能力}：跳转 R22。' },
  { id: 'SKIP_AGE_UNDER_16_INSURANCE', when: { age: { max: 15 } }, skip: ['r22', 'r23', 'r24'], source: 'S5', note: '未满16岁：跳过 R22–R24。' },
  { id: 'SKIP_AGE_OVER_59_R24', when: { age: { min: 60 } }, skip: ['r24'], source: 'S5', note: '59岁以上：跳过 R24。' },
  { id: 'SKIP_R22_EMPLOYEE_PENSION', when: { item: 'r22', includes: 1 }, skip: ['r24'], source: 'S5', note: 'R22 含 1（职工养老保险）：R23 自动为 2，跳过 R24。' },
  { id: 'SKIP_R22_EMPLOYEE_MEDICAL', when: { item: 'r22', includes: 2 }, skip: ['r26'], source: 'S5', note: 'R22 含 2（职工医疗保险）：R25 自动为 2，跳过 R26。' },
  { id: 'SKIP_R23_NO', when: { item: 'r23', eq: 2 }, skip: ['r24'], source: 'S5', note: 'R23 = 2：跳过 R24。' },
  { id: 'SKIP_R25_NO', when: { item: 'r25', eq: 2 }, skip: ['r26'], source: 'S5', note: 'R25 = 2：跳过 R26。' },
  { id: 'SKIP_CARE_SCOPE', when: { not: CARE_SCOPE_2017 }, skip: ['r29', 'r29_1', 'r30'], source: 'S1, S5', note: '不是 16–59 岁的智力、精神、多重或一二级肢体残疾人：跳过 R29–R30。' },
  { id: 'SKIP_R29_YES', when: { item: 'r29', eq: 1 }, skip: ['r30'], source: 'S1, S5', note: 'R29 = 1：跳过 R30（2016：跳转 R31）。' },
  { id: 'SKIP_R32_NO', when: { item: 'r32', eq: 2 }, skip: ['r33', 'r34'], source: 'S5', note: 'R32 = 2：跳过 R33、R34。' },
  { id: 'SKIP_R33_YES', when: { item: 'r33', eq: 1 }, skip: ['r34'], source: 'S5', note: 'R33 = 1：跳过 R34。' },
  { id: 'SKIP_R35_RECEIVED', when: { not: { item: 'r35', includes: 6 } }, skip: ['r36'], source: 'S5', note: 'R35 ≠ 6（得到过服务）：跳过 R36。' },
  { id: 'SKIP_R40_YES', when: { item: 'r40', eq: 1 }, skip: ['r41'], source: 'S5', note: 'R40 = 1：跳过 R41。' },
  { id: 'SKIP_AGE_UNDER_6', when: { age: { max: 5 } }, skip: ['r40', 'r41'], source: 'S5', note: '未满6岁：跳过 R40、R41。' },
];

/** Values S5 sets automatically; a different value is an error (FORM_IMPLIED_VALUE). */
export const implications2017: readonly Implication[] = [
  { id: 'IMPL_R22_PENSION_R23_NO', when: { item: 'r22', includes: 1 }, item: 'r23', value: 2, source: 'S5; §6.2', note: '参加职工养老保险（R22 含 1）⇒ R23 = 2。' },
  { id: 'IMPL_R22_MEDICAL_R25_NO', when: { item: 'r22', includes: 2 }, item: 'r25', value: 2, source: 'S5; §6.2', note: '参加职工医疗保险（R22 含 2）⇒ R25 = 2。' },
  { id: 'IMPL_ENROLLED_R16_NO', when: { all: [{ item: 'r14', answered: true }, { age: { min: 16, max: 59 } }] }, item: 'r16', value: 2, source: 'S5 changeR16', note: '在校（R14 已填）且 16–59 岁 ⇒ R16 = 2（未就业）。' },
  { id: 'IMPL_ENROLLED_R19_IN_SCHOOL', when: { all: [{ item: 'r14', answered: true }, { age: { min: 16, max: 59 } }] }, item: 'r19', value: 1, source: 'S5', note: '在校（R14 已填）且 16–59 岁 ⇒ R19 只能选 1（在校学习）。' },
];

/**
 * Where each row of §5 (skip logic) and each rule of §6 (consistency checks) is enforced. `form`
 * rows are checked by `validatePerson`; `rules` rows are left to `@canji/rules` with the reason.
 */
export const checks2017: readonly CheckCoverage[] = [
  // §5 skip-logic table
  { id: 'SKIP_STATUS_NOT_NORMAL', ref: '§5 核查状态 ≠ 6', text: '只填身份和结尾部分', enforcedBy: 'form', how: 'skip rule SKIP_STATUS_NOT_NORMAL' },
  { id: 'SKIP_R7_INSTITUTION', ref: '§5 R7 = 1', text: '跳过 R8–R11, R16–R21, R38–R41, G 项；户主/身份证号可不填', enforcedBy: 'form', how: 'skip rule SKIP_R7_INSTITUTION; closing requiredWhen; extensions may add askedWhen' },
  { id: 'SKIP_R3_NON_AGRICULTURAL', ref: '§5 R3 = 2', text: '问 R8, R9；不问 R10, R11', enforcedBy: 'form', how: 'askedWhen of R8/R9 + skip rule SKIP_R3_NON_AGRICULTURAL' },
  { id: 'SKIP_R3_AGRICULTURAL', ref: '§5 R3 = 1', text: '问 R10, R11；不问 R8, R9；R27 选项 5 可选', enforcedBy: 'form', how: 'askedWhen of R10/R11 + skip rule SKIP_R3_AGRICULTURAL + option rule OPT_R27_5_RURAL_GOOD_HOUSE' },
  { id: 'R9_2_SUBTYPE', ref: '§5 R9 = 2; §6.7', text: 'R9 = 2 须填住房保障类型', enforcedBy: 'form', how: 'item r9_2 askedWhen r9 = 2 (FORM_REQUIRED)' },
  { id: 'SKIP_AGE_UNDER_15', ref: '§5 age < 15', text: '跳过 R12, R13', enforcedBy: 'form', how: 'skip rule SKIP_AGE_UNDER_15' },
  { id: 'R12_RESTRICTS_R13', ref: '§5 R12 = 2', text: 'R13 选项受限', enforcedBy: 'rules', how: 'S5 uses a shorter R13 list for 不识字 but the list is not known; a plausibility warning (不识字 with 高中 or above) belongs in @canji/rules' },
  { id: 'SKIP_R13_NEVER_SCHOOLED', ref: '§5 R13 = 1', text: '跳过 R14', enforcedBy: 'form', how: 'skip rule SKIP_R13_NEVER_SCHOOLED' },
  { id: 'R15_SCOPE', ref: '§5 age 6–14 and R14 empty', text: 'R15 必填；否则不问', enforcedBy: 'form', how: 'item r15 askedWhen' },
  { id: 'IMPL_ENROLLED', ref: '§5 enrolled and 16–59', text: 'R16 强制为 否, R19 只能选 在校学习', enforcedBy: 'form', how: 'implications IMPL_ENROLLED_R16_NO, IMPL_ENROLLED_R19_IN_SCHOOL' },
  { id: 'SKIP_AGE_OUTSIDE_16_59', ref: '§5 age < 16 or > 59', text: '跳过 R16–R21', enforcedBy: 'form', how: 'skip rule SKIP_AGE_OUTSIDE_16_59' },
  { id: 'SKIP_R16_EMPLOYED', ref: '§5 R16 = 1', text: 'R17，然后 R20（跳过 R18–R19）', enforcedBy: 'form', how: 'skip rule SKIP_R16_EMPLOYED + askedWhen of R17' },
  { id: 'SKIP_R16_NOT_EMPLOYED', ref: '§5 R16 = 2', text: '跳转 R18；非农业另问 R16-2', enforcedBy: 'form', how: 'skip rule SKIP_R16_NOT_EMPLOYED + askedWhen of r16_2' },
  { id: 'SKIP_R19_IN_SCHOOL', ref: '§5 R19 = 1', text: '跳转 R25', enforcedBy: 'form', how: 'skip rule SKIP_R19_IN_SCHOOL' },
  { id: 'SKIP_R19_NO_SUPPORT', ref: '§5 R19 ∈ {2,3,5}', text: '跳转 R22', enforcedBy: 'form', how: 'skip rule SKIP_R19_NO_SUPPORT' },
  { id: 'R19_CONTINUE', ref: '§5 R19 ∈ {4,6,7}', text: '继续问 R20, R21', enforcedBy: 'form', how: 'askedWhen of R20/R21' },
  { id: 'SKIP_AGE_UNDER_16_INSURANCE', ref: '§5 age < 16', text: '跳过 R22–R24', enforcedBy: 'form', how: 'skip rule SKIP_AGE_UNDER_16_INSURANCE' },
  { id: 'SKIP_AGE_OVER_59_R24', ref: '§5 age > 59', text: '跳过 R24', enforcedBy: 'form', how: 'skip rule SKIP_AGE_OVER_59_R24' },
  { id: 'SKIP_R22_EMPLOYEE_PENSION', ref: '§5 R22 includes 1; §6.2', text: 'R23 = 2，跳过 R24', enforcedBy: 'form', how: 'implication IMPL_R22_PENSION_R23_NO + skip rule SKIP_R22_EMPLOYEE_PENSION' },
  { id: 'SKIP_R22_EMPLOYEE_MEDICAL', ref: '§5 R22 includes 2; §6.2', text: 'R25 = 2，跳过 R26', enforcedBy: 'form', how: 'implication IMPL_R22_MEDICAL_R25_NO + skip rule SKIP_R22_EMPLOYEE_MEDICAL' },
  { id: 'SKIP_R23_NO', ref: '§5 R23 = 2', text: '跳过 R24', enforcedBy: 'form', how: 'skip rule SKIP_R23_NO' },
  { id: 'SKIP_R25_NO', ref: '§5 R25 = 2', text: '跳过 R26', enforcedBy: 'form', how: 'skip rule SKIP_R25_NO' },
  { id: 'SKIP_CARE_SCOPE', ref: '§5 not care scope; §6.8', text: '跳过 R29–R30；智力/精神/一二级肢体 16–59 岁必填 R29', enforcedBy: 'form', how: 'skip rule SKIP_CARE_SCOPE + requiredWhen of R29' },
  { id: 'SKIP_R29_YES', ref: '§5 R29 = 1', text: '跳过 R30', enforcedBy: 'form', how: 'skip rule SKIP_R29_YES' },
  { id: 'SKIP_R32_NO', ref: '§5 R32 = 2', text: '跳过 R33, R34', enforcedBy: 'form', how: 'skip rule SKIP_R32_NO' },
  { id: 'SKIP_R33_YES', ref: '§5 R33 = 1', text: '跳过 R34', enforcedBy: 'form', how: 'skip rule SKIP_R33_YES' },
  { id: 'SKIP_R35_RECEIVED', ref: '§5 R35 ≠ 6', text: '跳过 R36', enforcedBy: 'form', how: 'skip rule SKIP_R35_RECEIVED' },
  { id: 'SKIP_R40_YES', ref: '§5 R40 = 1', text: '跳过 R41', enforcedBy: 'form', how: 'skip rule SKIP_R40_YES' },
  { id: 'SKIP_AGE_UNDER_6', ref: '§5 age < 6', text: '跳过 R40, R41', enforcedBy: 'form', how: 'skip rule SKIP_AGE_UNDER_6' },
  { id: 'EXT_G16_AGE', ref: '§5 age ≤ 18', text: '省级 G16 只问 18 岁及以下', enforcedBy: 'form', how: 'extension item askedWhen (extendForm; tested with the provincial G-items)' },
  // §6 consistency checks
  { id: 'EXCLUSIVE', ref: '§6.1; §5 last row', text: '“无/未参加/未得到”选项不能与其他选项同选', enforcedBy: 'form', how: 'item.exclusive (FORM_EXCLUSIVE)' },
  { id: 'R26_IMPLIES_R27_3', ref: '§6.3', text: 'R26 = 是 ⇒ R27 自动勾选 3 医疗救助', enforcedBy: 'rules', how: 'S5-specific interpretation (a subsidised premium counted as 医疗救助); not a form rule, so a warning-level rule in @canji/rules' },
  { id: 'R27_IMPLIES_R28', ref: '§6.4', text: 'R27 含 1 ⇒ R28 含 1；R27 含 2 ⇒ R28 含 2；R27 含 1/2 时 R28 不能选 无', enforcedBy: 'rules', how: 'depends on subsidy policy (困难残疾人生活补贴 eligibility) and the R28-2 label is inferred; cross-item policy check for @canji/rules' },
  { id: 'OPT_R27_1_URBAN_NEEDS_R8_1', ref: '§6.5', text: '非农业：R8 = 1 才可选 R27 低保', enforcedBy: 'form', how: 'option rule OPT_R27_1_URBAN_NEEDS_R8_1 (FORM_OPTION_NOT_AVAILABLE)' },
  { id: 'OPT_R27_5_RURAL_GOOD_HOUSE', ref: '§6.6', text: 'R27 选项 5 只给农业户口且 R11 = 1', enforcedBy: 'form', how: 'option rule OPT_R27_5_RURAL_GOOD_HOUSE' },
  { id: 'SUBCHOICE_REQUIRED', ref: '§6.7', text: 'R9 = 2 须填类型；R17 = 1 须填子项；R29 = 1 须填托养类型', enforcedBy: 'form', how: 'items r9_2, r17_1, r29_1 (FORM_REQUIRED)' },
  { id: 'R29_REQUIRED', ref: '§6.8', text: '智力、精神、一二级肢体 16–59 岁必填 R29', enforcedBy: 'form', how: 'R29 requiredWhen' },
  { id: 'HOUSEHOLDER_ID', ref: '§6.9', text: '户主身份证号须过18位校验；户主为集体户口时不必填', enforcedBy: 'form', how: 'householder_id parsed with @canji/id; requiredWhen' },
  { id: 'CERTIFICATE_NO', ref: '§6.10', text: '残疾人证号 = 18位身份证号 + 类别 1–7 + 等级 1–4（或 9）', enforcedBy: 'form', how: 'certificate_no parsed with @canji/id (level 9 only with allowUnknownLevel)' },
  { id: 'R18_PENSION_UNDER_45', ref: '§6.11', text: 'R18 = 1 且 年龄 < 45：原则上应45岁以上', enforcedBy: 'rules', how: 'soft warning of the app, a plausibility rule with a threshold: @canji/rules' },
  { id: 'R17_QUOTA_WITHOUT_INSURANCE', ref: '§6.12', text: 'R17 ∈ {1,2} 且 R22 = 4：原则上应参加职工社保', enforcedBy: 'rules', how: 'soft warning of the app: @canji/rules' },
  { id: 'YEAR_ON_YEAR', ref: '§6 year-on-year', text: '与上年记录比较的变化标记', enforcedBy: 'rules', how: 'needs last year\'s record: @canji/rules' },
  { id: 'DEPARTMENT_COMPARISON', ref: '§6 departmental comparisons', text: '与教育、民政、人社、住建、卫健、扶贫、公安数据比对', enforcedBy: 'rules', how: 'needs partner-department extracts (schemas in this package): @canji/rules' },
];

export const sections2017 = [
  coverSection,
  identitySection,
  { id: 'basic', label: '基本信息' },
  { id: 'economy', label: '经济与住房' },
  { id: 'education', label: '教育' },
  { id: 'employment', label: '就业扶贫' },
  { id: 'social', label: '社会保障' },
  { id: 'health', label: '基本医疗和康复' },
  { id: 'accessibility', label: '无障碍' },
  { id: 'culture', label: '文化体育' },
  closingSection,
] as const;
