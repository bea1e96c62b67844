/**
 * The seven partner-department extracts (部门比对数据) as data.
 *
 * PROVISIONAL: no official exchange format between the disabled persons' federation and the partner
 * departments was found. The policy texts (残联发〔2018〕55号, 湘残联字〔2019〕7号; D5, D6 in
 * docs/sources.md) only say *what* each department compares — schooling vs 学籍,
 * the two subsidies and 低保 vs 民政, social insurance and employment vs 人社, housing vs 住建, medical
 * care vs 卫健, poverty vs 扶贫, survival/户口/address vs 公安. The column lists below are this
 * project's design, chosen to answer exactly the person-form items each comparison needs (named in
 * each field's description). Machine column names are stable once released.
 */
import {
  EXTRACT_CIVIL_AFFAIRS_BENEFITS,
  EXTRACT_HOUSE_GRADES,
  EXTRACT_HOUSING_SECURITY,
  EXTRACT_MEDICAL_SCHEMES,
  EXTRACT_PENSION_SCHEMES,
  EXTRACT_POVERTY_STATUSES,
  EXTRACT_REGISTRATION_STATUSES,
  EXTRACT_SCHOOL_STAGES,
  EXTRACT_SCHOOL_TYPES,
} from './codes.js';
import { defineExtractDepartment } from './define.js';
import type { ExtractDepartmentId } from './types.js';

/** The matching key of every extract: the person's resident ID number. */
const residentId = {
  key: 'resident_id',
  label: '身份证号',
  aliases: ['身份证号码', '公民身份号码', '公民身份证号码', '身份证', '证件号码', '证件号', '身份证件号码', '居民身份证号码', 'id_card', 'idcard', 'id_no', 'sfzh', 'zjhm'],
  type: 'resident-id',
  required: true,
  description: '比对键：公民身份号码；15 位旧号升为 18 位，小写 x、全角数字规范化（比对时用 canonicalResidentId）',
} as const;

const name = {
  key: 'name',
  label: '姓名',
  aliases: ['名字', '人员姓名', '学生姓名', 'xm'],
  type: 'text',
  required: false,
  description: '部门登记的姓名（比对姓名是否一致时使用）',
} as const;

const period = {
  key: 'period',
  label: '数据期',
  aliases: ['统计期', '年月', '所属期', '所属年月', '月份', '年度', '发放月份', '发放年月', '数据年月', '统计年月'],
  type: 'period',
  required: false,
  description: '这条记录所属的月份（YYYY-MM）或年度（YYYY）',
} as const;

export const educationExtract = defineExtractDepartment({
  id: 'education',
  name: '教育部门',
  extractName: '中小学生学籍名册',
  description:
    '与登记表 R14（在校情况）、R15（未入学原因）比对。出现在名册中即视为有学籍；送教上门学生按规定纳入学籍管理（残疾人教育条例、特殊教育提升计划，D15–D17），是否算作在校由比对规则决定。字段为本项目拟定，未见官方比对格式。',
  provisional: true,
  fields: [
    residentId,
    name,
    {
      key: 'enrolled',
      label: '是否在读',
      aliases: ['在读', '在校', '是否在校', '在籍在读', '学籍状态'],
      type: 'yes-no',
      required: false,
      description: '有学籍且在读为"是"；有学籍但休学、辍学等为"否"。缺省表示名册未给出（不推断）',
    },
    { key: 'school_name', label: '学校名称', aliases: ['学校', '就读学校', '所在学校', 'xxmc'], type: 'text', required: false, description: '就读学校（送教上门为负责送教的学校）' },
    {
      key: 'school_type',
      label: '就读方式',
      aliases: ['安置方式', '学校类型', '就学方式', '学校类别'],
      type: 'code',
      codes: EXTRACT_SCHOOL_TYPES,
      required: false,
      description: '普通学校（随班就读）/特教班/特殊教育学校/送教上门（代码为本项目拟定）',
    },
    { key: 'school_stage', label: '学段', aliases: ['就读学段', '教育阶段', '学习阶段'], type: 'code', codes: EXTRACT_SCHOOL_STAGES, required: false, description: '对应 R14 的学段' },
    { key: 'grade', label: '年级', aliases: ['就读年级', 'nj'], type: 'text', required: false, description: '年级原文（如"三年级""初二"），不做换算' },
    { ...period, aliases: [...period.aliases, '学年', '学期'], description: '名册所属年度或月份（学年按其开始年份填写，如 2023-2024 学年填 2023）' },
  ],
});

export const civilAffairsExtract = defineExtractDepartment({
  id: 'civil-affairs',
  name: '民政部门',
  extractName: '低保、特困供养及两项补贴发放名册',
  description:
    '与登记表 R27（社会救助：低保、特困）、R28（困难残疾人生活补贴、重度残疾人护理补贴）比对。一行是一人一个项目一个月份（或年度）的记录，与民政发放花名册相同；同一人有多个项目时有多行。字段为本项目拟定，未见官方比对格式。',
  provisional: true,
  fields: [
    residentId,
    name,
    {
      key: 'benefit',
      label: '救助/补贴项目',
      aliases: ['项目', '救助项目', '补贴项目', '救助类别', '补贴类别', '保障类别', '类别', '享受项目'],
      type: 'code',
      codes: EXTRACT_CIVIL_AFFAIRS_BENEFITS,
      required: true,
      description: '低保、特困供养、困难残疾人生活补贴、重度残疾人护理补贴、低保边缘（代码为本项目拟定）',
    },
    { ...period, required: true, description: '享受的月份（YYYY-MM）或年度（YYYY）' },
    { key: 'amount', label: '金额', aliases: ['发放金额', '补贴金额', '保障金额', '月保障金', '金额（元）', '金额(元)', 'je'], type: 'amount', required: false, description: '该期发放金额，元（可缺）' },
    {
      key: 'household_head_id',
      label: '户主身份证号',
      aliases: ['户主身份证号码', '户主公民身份号码', '申请人身份证号'],
      type: 'resident-id',
      required: false,
      description: '低保以家庭为单位：本人不是户主时，户主（申请人）的身份证号',
    },
  ],
});

export const socialSecurityExtract = defineExtractDepartment({
  id: 'social-security',
  name: '人力资源和社会保障部门',
  extractName: '社会保险参保及就业失业登记信息',
  description:
    '与登记表 R16/R16-2（就业、失业登记）、R22–R26（职工社保、城乡居民养老/医疗保险及缴费补贴）比对。医疗保险现由医保部门管理，列在此处是因为动态更新的比对口径把它归入社会保障。字段为本项目拟定，未见官方比对格式。',
  provisional: true,
  fields: [
    residentId,
    name,
    { key: 'pension_scheme', label: '养老保险参保险种', aliases: ['养老保险', '养老保险类型', '养老险种', '参加养老保险'], type: 'code', codes: EXTRACT_PENSION_SCHEMES, required: false, description: '对应 R22-1 / R23' },
    { key: 'pension_drawing', label: '是否领取养老金', aliases: ['领取养老金', '领取待遇', '是否领取待遇', '待遇领取'], type: 'yes-no', required: false, description: '已按月领取养老保险待遇（对应 R18 生活来源"退休金"）' },
    {
      key: 'pension_premium_subsidy',
      label: '养老保险缴费补贴',
      aliases: ['是否享受养老保险缴费补贴', '政府代缴', '代缴养老保险', '养老保险代缴', '缴费补贴'],
      type: 'yes-no',
      required: false,
      description: '城乡居民养老保险个人缴费由政府代缴或补贴（对应 R24）',
    },
    { key: 'medical_scheme', label: '医疗保险参保险种', aliases: ['医疗保险', '医保', '医保类型', '医疗险种', '参加医疗保险'], type: 'code', codes: EXTRACT_MEDICAL_SCHEMES, required: false, description: '对应 R22-2 / R25' },
    {
      key: 'medical_premium_subsidy',
      label: '医疗保险缴费补贴',
      aliases: ['是否享受医疗保险缴费补贴', '医保缴费补贴', '医保代缴', '医疗保险个人缴费补贴'],
      type: 'yes-no',
      required: false,
      description: '基本医疗保险个人缴费补贴/资助参保（对应 R26）',
    },
    { key: 'employment_registered', label: '就业登记', aliases: ['是否就业登记', '就业登记状态', '已就业登记'], type: 'yes-no', required: false, description: '有有效的就业登记（对应 R16）' },
    { key: 'unemployment_registered', label: '失业登记', aliases: ['是否失业登记', '失业登记状态', '已失业登记'], type: 'yes-no', required: false, description: '有有效的失业登记（对应 R16-2）' },
    period,
  ],
});

export const housingExtract = defineExtractDepartment({
  id: 'housing',
  name: '住房和城乡建设部门',
  extractName: '农村危房鉴定改造及城镇住房保障名册',
  description:
    '与登记表 R9（城镇住房保障）、R11（农村住房状况）、R27-5（农村危房改造）比对。字段为本项目拟定，未见官方比对格式。',
  provisional: true,
  fields: [
    residentId,
    name,
    { key: 'house_grade', label: '危房鉴定等级', aliases: ['鉴定等级', '危房等级', '房屋鉴定等级', '安全鉴定等级'], type: 'code', codes: EXTRACT_HOUSE_GRADES, required: false, description: 'A/B/C/D 级，C、D 级为危房（对应 R11）' },
    { key: 'appraised_on', label: '鉴定日期', aliases: ['鉴定时间'], type: 'date', required: false, description: '危房鉴定日期' },
    { key: 'renovated', label: '是否完成改造', aliases: ['改造完成', '已改造', '是否改造', '危房改造', '改造情况'], type: 'yes-no', required: false, description: '危房改造已竣工（对应 R27-5）' },
    { key: 'renovation_year', label: '改造年度', aliases: ['改造年份', '竣工年度', '实施年度', '改造年'], type: 'year', required: false, description: '危房改造实施（竣工）年度' },
    { key: 'housing_security', label: '城镇住房保障方式', aliases: ['住房保障', '住房保障方式', '保障方式'], type: 'code', codes: EXTRACT_HOUSING_SECURITY, required: false, description: '公租房/廉租房/租赁补贴（对应 R9 = 2 的子项）' },
    period,
  ],
});

export const healthExtract = defineExtractDepartment({
  id: 'health',
  name: '卫生健康部门',
  extractName: '家庭医生签约服务名册',
  description: '与登记表 R31（个人或家庭是否签订家庭医生服务协议）比对。字段为本项目拟定，未见官方比对格式。',
  provisional: true,
  fields: [
    residentId,
    name,
    { key: 'family_doctor_contract', label: '家庭医生签约', aliases: ['是否签约', '签约状态', '家庭医生签约状态', '是否签约家庭医生', '已签约'], type: 'yes-no', required: true, description: '签订了（有效的）家庭医生服务协议' },
    { key: 'contract_date', label: '签约日期', aliases: ['签约时间', '协议签订日期'], type: 'date', required: false, description: '最近一次签约日期' },
    period,
  ],
});

export const povertyReliefExtract = defineExtractDepartment({
  id: 'poverty-relief',
  name: '乡村振兴（扶贫）部门',
  extractName: '建档立卡及防返贫监测对象名册',
  description:
    '与登记表 R10（贫困与建档立卡状况）比对。状态代码为本项目拟定（见代码表说明），未见官方比对格式。',
  provisional: true,
  fields: [
    residentId,
    name,
    { key: 'registered', label: '是否建档立卡', aliases: ['建档立卡', '建档立卡户', '是否建档立卡户', '建档立卡贫困户'], type: 'yes-no', required: false, description: '本人所在家庭为建档立卡贫困户（含已脱贫）' },
    { key: 'poverty_status', label: '贫困状态', aliases: ['脱贫状态', '户类型', '监测状态', '贫困户状态', '户状态'], type: 'code', codes: EXTRACT_POVERTY_STATUSES, required: false, description: '未脱贫/已脱贫/返贫/监测对象' },
    { key: 'registered_year', label: '建档年度', aliases: ['建档立卡年度', '识别年度', '纳入年度', '纳入监测年度'], type: 'year', required: false, description: '建档立卡（或纳入监测）的年度' },
    { key: 'exit_year', label: '脱贫年度', aliases: ['脱贫年份', '标注脱贫年度', '消除风险年度'], type: 'year', required: false, description: '标注脱贫（或消除风险）的年度' },
    { key: 'household_head_id', label: '户主身份证号', aliases: ['户主身份证号码', '户主公民身份号码'], type: 'resident-id', required: false, description: '户主的身份证号（本人不是户主时）' },
    period,
  ],
});

export const publicSecurityExtract = defineExtractDepartment({
  id: 'public-security',
  name: '公安部门',
  extractName: '户籍人口信息',
  description:
    '与封面"核查状态"（死亡、已搬迁）、姓名和由身份证号推出的性别、出生日期比对。字段为本项目拟定，未见官方比对格式。',
  provisional: true,
  fields: [
    residentId,
    { ...name, aliases: ['名字', '人员姓名', 'xm'] },
    { key: 'sex', label: '性别', aliases: ['xb'], type: 'sex', required: false, description: '户籍登记的性别' },
    { key: 'birth_date', label: '出生日期', aliases: ['出生年月日', '生日', 'csrq'], type: 'date', required: false, description: '户籍登记的出生日期' },
    { key: 'registration_status', label: '户籍状态', aliases: ['人口状态', '户口状态', '人员状态', '状态', 'ryzt'], type: 'code', codes: EXTRACT_REGISTRATION_STATUSES, required: true, description: '正常/迁出/死亡/注销' },
    { key: 'event_date', label: '变动日期', aliases: ['注销日期', '迁出日期', '死亡日期', '变动时间', 'bdrq'], type: 'date', required: false, description: '迁出、死亡或注销的日期（状态为正常时不填）' },
    { key: 'address', label: '户籍地址', aliases: ['户籍地', '住址', '户口所在地', '户籍住址', 'zz'], type: 'text', required: false, description: '户籍登记的住址' },
    period,
  ],
});

/** The built-in extracts, in the order of the policy's department list. */
export const extractDepartments = [
  educationExtract,
  civilAffairsExtract,
  socialSecurityExtract,
  housingExtract,
  healthExtract,
  povertyReliefExtract,
  publicSecurityExtract,
] as const;

/** A built-in extract descriptor by department id. */
export type BuiltInExtractDepartment = (typeof extractDepartments)[number];
export type ExtractDepartmentOf<Id extends ExtractDepartmentId> = Extract<BuiltInExtractDepartment, { id: Id }>;

const byId = new Map<string, BuiltInExtractDepartment>(extractDepartments.map((d) => [d.id, d]));

/**
 * The built-in extract of a department, or `undefined` for an unknown id.
 *
 * @example
 * ```ts
 * import { getExtractDepartment } from '@canji/form';
 * getExtractDepartment('health')?.fields.map((f) => f.key);
 * //=> ['resident_id', 'name', 'family_doctor_contract', 'contract_date', 'period']
 * ```
 */
export function getExtractDepartment<Id extends ExtractDepartmentId>(id: Id): ExtractDepartmentOf<Id>;
export function getExtractDepartment(id: string): BuiltInExtractDepartment | undefined;
export function getExtractDepartment(id: string): BuiltInExtractDepartment | undefined {
  return byId.get(id);
}
