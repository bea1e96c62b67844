import type { CodeEntry, CodeList } from './types.js';

/**
 * A code list whose entries keep their literal codes in the type, so that
 * `CodeOf<typeof codes.hukou>` is `1 | 2` and a `switch` over it can be checked with
 * `satisfies never`.
 */
export interface TypedCodeList<E extends readonly CodeEntry[] = readonly CodeEntry[]> extends CodeList {
  readonly entries: E;
}

/** The union of codes of a code list. */
export type CodeOf<L extends { readonly entries: readonly CodeEntry[] }> = L['entries'][number]['code'];

function defineCodeList<const E extends readonly CodeEntry[]>(def: Omit<TypedCodeList<E>, 'provisional'> & { provisional?: boolean }): TypedCodeList<E> {
  const provisional = def.provisional ?? (def.open === true || def.entries.some((e) => e.provisional === true || e.label === null));
  return Object.freeze({ ...def, provisional }) as TypedCodeList<E>;
}

const yesNo = defineCodeList({
  id: 'yesNo',
  title: '是/否',
  entries: [
    { code: 1, label: '是' },
    { code: 2, label: '否' },
  ],
  source: 'S5 (trueFalseA), S6 ("1 是；2 否")',
});

const personStatus = defineCodeList({
  id: 'personStatus',
  title: '核查状态（人员状态）',
  entries: [
    { code: 1, label: '查无此人' },
    { code: 2, label: '已搬迁' },
    { code: 3, label: '空挂户' },
    { code: 4, label: '外出' },
    { code: 5, label: '死亡' },
    { code: 6, label: '正常' },
  ],
  source: 'S8 (codes), S5 (perSta == 6 ⇒ full form)',
  note: '只有 6 正常 才填写完整登记表；其他状态只填身份和结尾部分。',
});

const collectionMode = defineCodeList({
  id: 'collectionMode',
  title: '调查方式',
  entries: [
    { code: 1, label: '入户调查' },
    { code: 2, label: '电话调查', note: 'S8 写作“电话采访”' },
    { code: 3, label: '见面调查', provisional: true, note: '名称见于新闻（S3），代码值为推断' },
  ],
  source: 'S8 (1 入户调查 / 2 电话采访), S7, S3',
});

const collectionChannel = defineCodeList({
  id: 'collectionChannel',
  title: '采集渠道',
  entries: [
    { code: 1, label: '纸质表', provisional: true },
    { code: 2, label: '移动终端（APP）', provisional: true },
  ],
  source: 'S5 (mobile app), S20 (APP采集率); codes not seen',
  note: '代码值未见官方来源，为本项目约定。',
});

const hukou = defineCodeList({
  id: 'hukou',
  title: '户口性质',
  entries: [
    { code: 1, label: '农业' },
    { code: 2, label: '非农业' },
  ],
  source: 'S1, S5 ("农业：1，非农业：2"), S11',
});

/** GB/T 2261.2-2003 婚姻状况代码. */
const maritalStatus = defineCodeList({
  id: 'maritalStatus',
  title: '婚姻状况（GB/T 2261.2）',
  entries: [
    { code: 10, label: '未婚' },
    { code: 20, label: '已婚' },
    { code: 21, label: '初婚' },
    { code: 22, label: '再婚' },
    { code: 23, label: '复婚' },
    { code: 30, label: '丧偶' },
    { code: 40, label: '离婚' },
    { code: 90, label: '未说明的婚姻状况' },
  ],
  source: 'GB/T 2261.2-2003',
});

/**
 * R4 婚姻状况 as the form shows it: five labels (S11) stored, most likely, as GB/T 2261.2 codes
 * (S5 uses a non-sequential lookup table). The code values are inferred.
 */
const maritalStatusForm = defineCodeList({
  id: 'maritalStatusForm',
  title: '婚姻状况（登记表 R4）',
  entries: [
    { code: 10, label: '未婚' },
    { code: 20, label: '已婚有配偶', provisional: true },
    { code: 40, label: '离异', provisional: true },
    { code: 30, label: '丧偶', provisional: true },
    { code: 90, label: '其他', provisional: true },
  ],
  provisional: true,
  source: 'labels S11 [1]; code values [inf] GB/T 2261.2 style (S5 maritalStatusNumA)',
  note: '五个标签及顺序见于 S11；存储代码值为按 GB/T 2261.2 的推断，未经官方确认。',
});

/** GB 3304-1991 中国各民族名称的罗马字母拼写法和代码 (56 民族 + 97 其他 + 98 外国血统中国籍人士). */
const ethnicity = defineCodeList({
  id: 'ethnicity',
  title: '民族（GB 3304）',
  entries: [
    { code: 1, label: '汉族' }, { code: 2, label: '蒙古族' }, { code: 3, label: '回族' }, { code: 4, label: '藏族' },
    { code: 5, label: '维吾尔族' }, { code: 6, label: '苗族' }, { code: 7, label: '彝族' }, { code: 8, label: '壮族' },
    { code: 9, label: '布依族' }, { code: 10, label: '朝鲜族' }, { code: 11, label: '满族' }, { code: 12, label: '侗族' },
    { code: 13, label: '瑶族' }, { code: 14, label: '白族' }, { code: 15, label: '土家族' }, { code: 16, label: '哈尼族' },
    { code: 17, label: '哈萨克族' }, { code: 18, label: '傣族' }, { code: 19, label: '黎族' }, { code: 20, label: '傈僳族' },
    { code: 21, label: '佤族' }, { code: 22, label: '畲族' }, { code: 23, label: '高山族' }, { code: 24, label: '拉祜族' },
    { code: 25, label: '水族' }, { code: 26, label: '东乡族' }, { code: 27, label: '纳西族' }, { code: 28, label: '景颇族' },
    { code: 29, label: '柯尔克孜族' }, { code: 30, label: '土族' }, { code: 31, label: '达斡尔族' }, { code: 32, label: '仫佬族' },
    { code: 33, label: '羌族' }, { code: 34, label: '布朗族' }, { code: 35, label: '撒拉族' }, { code: 36, label: '毛南族' },
    { code: 37, label: '仡佬族' }, { code: 38, label: '锡伯族' }, { code: 39, label: '阿昌族' }, { code: 40, label: '普米族' },
    { code: 41, label: '塔吉克族' }, { code: 42, label: '怒族' }, { code: 43, label: '乌孜别克族' }, { code: 44, label: '俄罗斯族' },
    { code: 45, label: '鄂温克族' }, { code: 46, label: '德昂族' }, { code: 47, label: '保安族' }, { code: 48, label: '裕固族' },
    { code: 49, label: '京族' }, { code: 50, label: '塔塔尔族' }, { code: 51, label: '独龙族' }, { code: 52, label: '鄂伦春族' },
    { code: 53, label: '赫哲族' }, { code: 54, label: '门巴族' }, { code: 55, label: '珞巴族' }, { code: 56, label: '基诺族' },
    { code: 97, label: '其他' }, { code: 98, label: '外国血统中国籍人士' },
  ],
  source: 'GB 3304-1991',
  note: '46 德昂族 旧称崩龙族，36 毛南族 旧作毛难族。',
});

const disabilityCategory = defineCodeList({
  id: 'disabilityCategory',
  title: '残疾类别',
  entries: [
    { code: 1, label: '视力残疾' },
    { code: 2, label: '听力残疾' },
    { code: 3, label: '言语残疾' },
    { code: 4, label: '肢体残疾' },
    { code: 5, label: '智力残疾' },
    { code: 6, label: '精神残疾' },
    { code: 7, label: '多重残疾' },
  ],
  source: 'certificate digit 19; S5, S11',
});

const disabilityLevel = defineCodeList({
  id: 'disabilityLevel',
  title: '残疾等级',
  entries: [
    { code: 1, label: '一级' },
    { code: 2, label: '二级' },
    { code: 3, label: '三级' },
    { code: 4, label: '四级' },
  ],
  source: 'certificate digit 20; 残疾人证管理办法',
  note: 'S5 的校验还允许 9（含义未确认，可能为“未评定”）；@canji/id 在 allowUnknownLevel 时接受并警告。',
});

const incomeStatus = defineCodeList({
  id: 'incomeStatus',
  title: '家庭收入状况（R8，城镇）',
  entries: [
    { code: 1, label: '低于低保标准' },
    { code: 2, label: '低于低收入标准（低保边缘）', provisional: true },
    { code: 3, label: '其他', provisional: true },
  ],
  source: 'code 1 [2+] S5 logic + S11; 2–3 [1] S11 order',
});

const urbanHousing = defineCodeList({
  id: 'urbanHousing',
  title: '家庭住房状况（R9，城镇）',
  entries: [
    { code: 1, label: '自有产权住房', provisional: true, note: '[inf] S11 饼图顺序' },
    { code: 2, label: '享受住房保障政策' },
  ],
  source: 'S5 (code 2 ⇒ sub-type required), S11',
  note: '是否有代码 3（如 其他/租住）未见。',
});

const housingGuaranteeType = defineCodeList({
  id: 'housingGuaranteeType',
  title: '住房保障类型（R9 选 2 后）',
  entries: [
    { code: 1, label: '公租房', provisional: true },
    { code: 2, label: '廉租房', provisional: true },
    { code: 3, label: '租赁补贴', provisional: true },
  ],
  source: 'S5 structure, S11 labels; codes not seen',
});

const povertyStatus = defineCodeList({
  id: 'povertyStatus',
  title: '贫困与建档立卡状况（R10，农业）',
  entries: [
    { code: 1, label: '建档立卡贫困户', provisional: true },
    { code: 2, label: '疑似贫困人口（其他贫困人口）', provisional: true },
    { code: 3, label: '其他', provisional: true },
  ],
  source: 'S11 labels [1]; codes not seen (order of S11)',
});

const ruralHousing = defineCodeList({
  id: 'ruralHousing',
  title: '家庭住房状况（R11，农村）',
  entries: [
    { code: 1, label: '状况良好' },
    { code: 2, label: '经鉴定为危房', provisional: true },
    { code: 3, label: '其他', provisional: true },
  ],
  source: '1 [2+] S5 + S11; 2–3 [1] S11 order',
});

const educationLevel = defineCodeList({
  id: 'educationLevel',
  title: '受教育程度（R13）',
  entries: [
    { code: 1, label: '未上过学' },
    { code: 2, label: '小学' },
    { code: 3, label: '初中' },
    { code: 4, label: '高中（含中专）' },
    { code: 5, label: '大学专科' },
    { code: 6, label: '大学本科' },
    { code: 7, label: '研究生' },
  ],
  source: 'S6, S11, S5',
});

const schoolEnrolment = defineCodeList({
  id: 'schoolEnrolment',
  title: '目前在校情况（R14）',
  entries: [
    { code: 1, label: '普通教育机构：学前教育' },
    { code: 2, label: '普通教育机构：小学' },
    { code: 3, label: '普通教育机构：初中' },
    { code: 4, label: '普通教育机构：高中（含中专）' },
    { code: 5, label: '普通教育机构：大学专科' },
    { code: 6, label: '普通教育机构：大学本科及以上' },
    { code: 7, label: '特殊教育机构：学前教育' },
    { code: 8, label: '特殊教育机构：小学' },
    { code: 9, label: '特殊教育机构：初中' },
    { code: 10, label: '特殊教育机构：高中（含中专）' },
    { code: 11, label: '特殊教育机构：大学专科' },
    { code: 12, label: '特殊教育机构：大学本科及以上' },
  ],
  source: 'structure [2+] S5 (special = ordinary + 6), S6; level labels [1] S11',
});

const notEnrolledReason = defineCodeList({
  id: 'notEnrolledReason',
  title: '未入学主要原因（R15）',
  entries: [],
  open: true,
  openMax: 20,
  source: 'S5 noSchoolCausationA (data file not found)',
  note: '官方选项及代码未找到；在提供官方代码表（withCodeLabels）之前接受 1–20 的整数。',
});

const employmentForm = defineCodeList({
  id: 'employmentForm',
  title: '残疾人就业形式（R17）',
  entries: [
    { code: 1, label: '按比例就业' },
    { code: 2, label: '集中就业' },
    { code: 3, label: '个体就业（含自主创业）' },
    { code: 4, label: '公益性岗位就业', provisional: true, note: '[inf, strong] S25 + S22 + S1 gap' },
    { code: 5, label: '辅助性就业' },
    { code: 6, label: '农村种养加' },
    { code: 7, label: '灵活就业' },
  ],
  source: 'S1 text (2,3,5,6,7), S5 (7 codes, 1 has sub-choice), S22/S25',
});

const livelihoodSource = defineCodeList({
  id: 'livelihoodSource',
  title: '未就业主要生活来源（R18）',
  entries: [
    { code: 1, label: '退休金（养老金）' },
    { code: 2, label: '财产性收入' },
    { code: 3, label: '社会救助与社会福利' },
    { code: 4, label: '家庭成员供养' },
    { code: 5, label: '其他' },
  ],
  source: 'S1, S6',
});

const unemploymentReason = defineCodeList({
  id: 'unemploymentReason',
  title: '未就业主要原因（R19）',
  entries: [
    { code: 1, label: '在校学习' },
    { code: 2, label: '退休' },
    { code: 3, label: '无就业意愿' },
    { code: 4, label: '无就业技能' },
    { code: 5, label: '丧失劳动能力' },
    { code: 6, label: '农用土地被征用' },
    { code: 7, label: '其他' },
  ],
  source: 'S1 printed form + S5 inline list and skip logic (closed); S6 order is a provincial outlier',
  note: '来源曾有冲突（S6 的顺序不同），第二轮核查按 S1 + S5 定序；S6 视为省级存储布局。',
});

const employmentSupport = defineCodeList({
  id: 'employmentSupport',
  title: '得到的就业扶贫帮扶（R20）',
  entries: [
    { code: 1, label: '职业技能培训' },
    { code: 2, label: '职业介绍' },
    { code: 3, label: '农村实用技术培训' },
    { code: 4, label: '资金信贷扶持' },
    { code: 5, label: '其他帮扶' },
    { code: 6, label: '无' },
  ],
  source: '1–5 [2+] S1, S11; 6 [1] S5',
});

const employmentSupportNeed = defineCodeList({
  id: 'employmentSupportNeed',
  title: '目前就业帮扶需求（R21）',
  entries: [
    { code: 1, label: '职业技能培训', provisional: true },
    { code: 2, label: '职业介绍', provisional: true },
    { code: 3, label: '农村实用技术培训', provisional: true },
    { code: 4, label: '资金信贷扶持', provisional: true },
    { code: 5, label: '其他帮扶', provisional: true },
    { code: 6, label: '无' },
  ],
  source: 'structure [1] S5; labels [inf] mirror R20 (S1 prints both lists side by side)',
});

const employeeInsurance = defineCodeList({
  id: 'employeeInsurance',
  title: '参加职工社会保险情况（R22）',
  entries: [
    { code: 1, label: '职工基本养老保险' },
    { code: 2, label: '职工基本医疗保险' },
    { code: 3, label: '其他职工保险（失业、工伤、生育）' },
    { code: 4, label: '未参加' },
  ],
  source: 'S6 labels + S5 structure',
});

const socialAssistance = defineCodeList({
  id: 'socialAssistance',
  title: '社会救助及住房改善情况（R27）',
  entries: [
    { code: 1, label: '最低生活保障' },
    { code: 2, label: '特困人员救助供养' },
    { code: 3, label: '医疗救助' },
    { code: 4, label: '其他救助' },
    { code: 5, label: '享受住建部门农村危房改造' },
    { code: 6, label: '无' },
  ],
  source: '1–4, 6 [2+] S5 + S11 + S1; 5 [1] S5 (2017+)',
});

const welfareSubsidy = defineCodeList({
  id: 'welfareSubsidy',
  title: '社会福利补贴情况（R28）',
  entries: [
    { code: 1, label: '困难残疾人生活补贴', provisional: true },
    { code: 2, label: '重度残疾人护理补贴', provisional: true },
    { code: 3, label: '其他福利补贴' },
    { code: 4, label: '无' },
  ],
  source: 'structure [2+] S1 (★1–3), S5; labels 1/2 [inf] S11 legends + policy',
});

const careServiceType = defineCodeList({
  id: 'careServiceType',
  title: '托养服务类型（R29 选 1 后）',
  entries: [
    { code: 1, label: '居家托养', provisional: true },
    { code: 2, label: '日间照料', provisional: true },
    { code: 3, label: '寄宿托养', provisional: true },
  ],
  source: 'S5 (single-choice sub-list); labels not seen, by analogy with R30 [inf]',
});

const careServiceNeed = defineCodeList({
  id: 'careServiceNeed',
  title: '目前托养服务需求（R30）',
  entries: [
    { code: 1, label: '居家托养' },
    { code: 2, label: '日间照料', provisional: true },
    { code: 3, label: '寄宿托养', provisional: true },
  ],
  source: '1 [2+] S1, S11; 2–3 [1] S11 order',
  note: '是否有第 4 个“无需求”代码未见。',
});

const untreatedReason = defineCodeList({
  id: 'untreatedReason',
  title: '未就诊或治疗原因（R34）',
  entries: [
    { code: 1, label: null },
    { code: 2, label: null },
    { code: 3, label: null },
    { code: 4, label: null },
    { code: 5, label: null },
  ],
  source: 'S5 (untreatedCauseOne…Five); labels not found',
  note: '5 个选项，官方标签未找到。',
});

const rehabServices = defineCodeList({
  id: 'rehabServices',
  title: '针对自身残疾得到（或使用）过的服务（R35）',
  entries: [
    { code: 1, label: '手术' },
    { code: 2, label: '药物' },
    { code: 3, label: '功能训练（康复训练）' },
    { code: 4, label: '辅助器具' },
    { code: 5, label: '护理' },
    { code: 6, label: '未得到' },
  ],
  source: 'S12 labels + S5 structure + S6',
});

const noRehabReason = defineCodeList({
  id: 'noRehabReason',
  title: '未得到康复服务的原因（R36）',
  entries: [
    { code: 1, label: null },
    { code: 2, label: null },
    { code: 3, label: null },
    { code: 4, label: null },
  ],
  source: 'S5 (notRecoveredCauseOne…Four); labels not found',
});

const rehabNeeds = defineCodeList({
  id: 'rehabNeeds',
  title: '针对自身残疾目前还需要的服务（R37）',
  entries: [
    { code: 1, label: '手术' },
    { code: 2, label: '药物' },
    { code: 3, label: '功能训练' },
    { code: 4, label: '辅助器具' },
    { code: 5, label: '护理' },
    { code: 6, label: '无' },
  ],
  source: 'S5, S6 structure',
});

const accessibilityNeeds = defineCodeList({
  id: 'accessibilityNeeds',
  title: '无障碍改造需求（R39）',
  entries: [
    { code: 1, label: null },
    { code: 2, label: null },
    { code: 3, label: null },
    { code: 4, label: null },
    { code: 5, label: null },
    { code: 6, label: null },
    { code: 7, label: null },
    { code: 8, label: null },
    { code: 9, label: '无' },
  ],
  source: 'S5 (9 options, 9 exclusive); labels 1–8 not found',
});

const noCultureReason = defineCodeList({
  id: 'noCultureReason',
  title: '不能经常参加文化体育活动的原因（R41）',
  entries: [
    { code: 1, label: null },
    { code: 2, label: '没有适合的场所和设施', provisional: true },
    { code: 3, label: null },
    { code: 4, label: '其他', provisional: true },
  ],
  source: 'count [1] S5; 2 and 4 [inf] S1 fragment',
});

function openList(id: string, title: string, source: string, note?: string) {
  return defineCodeList({ id, title, entries: [], open: true, openMax: 30, source, ...(note ? { note } : {}) });
}

/** Sub-lists whose codes and labels were not found (docs/guides/form-reconstruction.md §9 item 2). */
const quotaEmploymentType = openList('quotaEmploymentType', '按比例就业子项（R17 选 1 后）', 'S5 quotaSchemeEmploymentA (single choice; data file not found)');
const trainingType = openList('trainingType', '职业技能培训类型（R20 选 1 后）', 'S5; list not found');
const otherSupportType = openList('otherSupportType', '其他帮扶类型（R20 选 5 后）', 'S5; list not found');
const supportNeedDetail = openList('supportNeedDetail', '就业帮扶需求子项（R21 各选项后）', 'S5 (five sub-lists); lists not found');
const minimumLivingType = openList('minimumLivingType', '最低生活保障子项（R27 选 1 后）', 'S5 (rural list; urban 全额/差额)', '城镇子项可能为 全额/差额，农村另有一表，代码未见。');
const otherAssistanceType = openList('otherAssistanceType', '其他救助类型（R27 选 4 后）', 'S5; list not found');
const otherSubsidyType = openList('otherSubsidyType', '其他福利补贴类型（R28 选 3 后）', 'S5; S11 shows 燃油补贴 as one', 'S11 显示“燃油补贴”为其中一项，代码未见。');
const rehabNeedDetail = openList(
  'rehabNeedDetail',
  '康复服务需求子项（R37 各选项后）',
  'S5, S6, S11 (device labels)',
  '辅助器具按类别：视力 助视器/盲杖/盲表/盲人书写用具/其他；肢体 轮椅/假肢/矫形器/拐杖、助行器/生活自助器具/辅助坐卧、翻身、站立器/其他；言语 会话交流用具/其他；听力 适配助听器/其他；智力 启智用具/其他（S11 标签，代码未见）。',
);

/** 2021 version lists whose codes were not seen (S9 / S10 give only the item labels). */
const housing2021 = openList('housing2021', '家庭住房状况（2021 R7，城乡合并）', 'S9, S10 (column 农村危房 = sub-item 4.1)');
const ruralDangerousHouse2021 = openList('ruralDangerousHouse2021', '农村危房子项（2021 R7 选 4 后）', 'S10 column 农村危房');
const elderCareStatus2021 = openList('elderCareStatus2021', '残疾人养老服务—服务现状（2021 R17）', 'S9');
const elderCareNeed2021 = openList('elderCareNeed2021', '残疾人养老服务—服务需求（2021 R18）', 'S9');
const elderlyCaregiverFamily2021 = openList('elderlyCaregiverFamily2021', '以老养残家庭基本情况（2021 R19）', 'S9, S10 (dependant_age, disable_count)');
const accessibilityWorks2021 = openList('accessibilityWorks2021', '过去一年内进行过的无障碍改造项目（2021 R24）', 'S9');

/**
 * Every code list of the registration forms (docs/guides/form-reconstruction.md §3), plus 民族 (GB 3304) and
 * 婚姻状况 (GB/T 2261.2). Each list is `{ id, title, entries: { code, label }[], provisional }`;
 * `provisional` lists (and entries) rest on inference or a single source, and entries with
 * `label: null` have no known official label — supply it with `withCodeLabels`. `open` lists have
 * no known codes at all.
 *
 * @example
 * codes.hukou.entries //=> [{ code: 1, label: '农业' }, { code: 2, label: '非农业' }]
 * codes.noCultureReason.provisional //=> true
 * type Hukou = CodeOf<typeof codes.hukou> // 1 | 2
 */
export const codes = {
  yesNo,
  personStatus,
  collectionMode,
  collectionChannel,
  hukou,
  maritalStatus,
  maritalStatusForm,
  ethnicity,
  disabilityCategory,
  disabilityLevel,
  incomeStatus,
  urbanHousing,
  housingGuaranteeType,
  povertyStatus,
  ruralHousing,
  educationLevel,
  schoolEnrolment,
  notEnrolledReason,
  employmentForm,
  quotaEmploymentType,
  livelihoodSource,
  unemploymentReason,
  employmentSupport,
  trainingType,
  otherSupportType,
  employmentSupportNeed,
  supportNeedDetail,
  employeeInsurance,
  socialAssistance,
  minimumLivingType,
  otherAssistanceType,
  welfareSubsidy,
  otherSubsidyType,
  careServiceType,
  careServiceNeed,
  untreatedReason,
  rehabServices,
  noRehabReason,
  rehabNeeds,
  rehabNeedDetail,
  accessibilityNeeds,
  noCultureReason,
  housing2021,
  ruralDangerousHouse2021,
  elderCareStatus2021,
  elderCareNeed2021,
  elderlyCaregiverFamily2021,
  accessibilityWorks2021,
} as const;

/** Id of a built-in code list. */
export type CodeListId = keyof typeof codes;

/**
 * Is `code` a member of the list? (Open lists accept 1…openMax.)
 *
 * @example
 * isCodeOf(codes.hukou, 2) //=> true
 * isCodeOf(codes.hukou, 3) //=> false
 */
export function isCodeOf(list: CodeList, code: unknown): boolean {
  if (typeof code !== 'number' || !Number.isInteger(code)) return false;
  if (list.open) return code >= 1 && code <= (list.openMax ?? 99);
  return list.entries.some((e) => e.code === code);
}

/**
 * The label of a code, or `undefined` (unknown code, or label not known).
 *
 * @example
 * codeLabel(codes.hukou, 1) //=> '农业'
 */
export function codeLabel(list: CodeList, code: number): string | undefined {
  return list.entries.find((e) => e.code === code)?.label ?? undefined;
}

/** Labels supplied for a provisional list: `{ code: label }` or a list of entries. */
export type CodeLabels = Readonly<Record<number, string>> | readonly { code: number; label: string }[];

/** Options of `withFormCodeLabels`: where the official labels come from (`source`) and whether codes not in the list are added. */
export interface WithCodeLabelsOptions {
  /** Where the labels come from (an official 填表说明, a provincial notice …), kept in `source`. */
  source?: string;
  /**
   * For an `open` list (codes unknown): make the supplied codes the closed list (default true).
   * For a closed list: codes not in the list are rejected unless `addCodes` is set.
   */
  addCodes?: boolean;
}

/** Result of `withCodeLabels`: never throws on bad input. */
export type WithCodeLabelsResult<L extends CodeList = CodeList> =
  | { ok: true; value: L }
  | { ok: false; error: { code: 'CODE_NOT_IN_LIST' | 'CODE_LABEL_EMPTY'; message: string } };

function normaliseLabels(labels: CodeLabels): { code: number; label: string }[] {
  if (Array.isArray(labels)) return labels.map((e) => ({ code: e.code, label: e.label }));
  return Object.entries(labels as Record<string, string>).map(([k, v]) => ({ code: Number(k), label: v }));
}

/**
 * Supplies official labels (or, for an open list, the official codes) for a provisional code
 * list. Supplied entries lose their `provisional` flag; the list stays provisional while any entry
 * is still unconfirmed. Returns a new list; the built-in one is never changed.
 *
 * @example
 * const r = withCodeLabels(codes.noRehabReason, { 1: '无康复需求', 2: '经济困难', 3: '不知道到哪里', 4: '其他' },
 *   { source: '某省 2019 填表说明' });
 * if (r.ok) r.value.provisional //=> false
 */
export function withCodeLabels(list: CodeList, labels: CodeLabels, options: WithCodeLabelsOptions = {}): WithCodeLabelsResult<CodeList> {
  const supplied = normaliseLabels(labels);
  for (const s of supplied) {
    if (typeof s.label !== 'string' || s.label.trim() === '') {
      return { ok: false, error: { code: 'CODE_LABEL_EMPTY', message: `代码 ${s.code} 的标签为空` } };
    }
  }
  let entries: CodeEntry[];
  if (list.open && options.addCodes !== false) {
    entries = supplied.sort((a, b) => a.code - b.code).map((s) => ({ code: s.code, label: s.label }));
  } else {
    const byCode = new Map(supplied.map((s) => [s.code, s.label]));
    const known = new Set(list.entries.map((e) => e.code));
    for (const s of supplied) {
      if (!known.has(s.code) && !options.addCodes) {
        return { ok: false, error: { code: 'CODE_NOT_IN_LIST', message: `代码 ${s.code} 不在代码表“${list.title}”中` } };
      }
    }
    entries = list.entries.map((e) => {
      const label = byCode.get(e.code);
      if (label === undefined) return e;
      const { provisional: _p, ...rest } = e;
      return { ...rest, label };
    });
    for (const s of supplied) if (!known.has(s.code)) entries.push({ code: s.code, label: s.label });
    entries.sort((a, b) => a.code - b.code);
  }
  const provisional = entries.some((e) => e.provisional === true || e.label === null);
  const { open: _open, openMax: _max, ...base } = list;
  const value = Object.freeze({
    ...base,
    entries: Object.freeze(entries),
    provisional,
    source: options.source ? `${list.source ?? ''}${list.source ? '; ' : ''}labels: ${options.source}` : list.source,
  }) as CodeList;
  return { ok: true, value };
}

/**
 * A form whose code list `listId` carries the supplied official labels (or, for an open list,
 * the official codes) — `withCodeLabels` applied inside a form definition, for `validatePerson`,
 * `fromFlatRow` (label → code), `toJSONSchema` and the data dictionary. Returns a new form.
 *
 * @example
 * const r = withFormCodeLabels(personForm('2017'), 'noRehabReason', { 1: '甲', 2: '乙', 3: '丙', 4: '丁' }, { source: '某省填表说明' });
 * if (r.ok) r.value.codeLists.noRehabReason.provisional //=> false
 */
export function withFormCodeLabels<F extends { readonly codeLists: Readonly<Record<string, CodeList>> }>(
  form: F,
  listId: string,
  labels: CodeLabels,
  options: WithCodeLabelsOptions = {},
): { ok: true; value: F } | { ok: false; error: { code: 'CODE_LIST_UNKNOWN' | 'CODE_NOT_IN_LIST' | 'CODE_LABEL_EMPTY'; message: string } } {
  const list = form.codeLists[listId];
  if (!list) return { ok: false, error: { code: 'CODE_LIST_UNKNOWN', message: `表中没有代码表“${listId}”` } };
  const r = withCodeLabels(list, labels, options);
  if (!r.ok) return r;
  return { ok: true, value: Object.freeze({ ...form, codeLists: Object.freeze({ ...form.codeLists, [listId]: r.value }) }) };
}
