/**
 * Code lists of the partner-department extracts.
 *
 * PROVISIONAL, all of them: no official data-exchange format between the disabled persons'
 * federation and the partner departments was found (neither the national 残联发〔2018〕55号 nor the
 * Hunan implementation opinion 湘残联字〔2019〕7号 publish one; see D5, D6 in docs/sources.md and
 * docs/guides/form-reconstruction.md §6 "Departmental comparisons"). Each list says what its codes rest on.
 * Codes are stable once released; labels are what the departments' rosters are known to say.
 */
import type { ExtractCodeList } from './types.js';

/** 是/否 as in the person form (1 是, 2 否). */
export const EXTRACT_YES_NO = {
  id: 'yes-no',
  label: '是否',
  provisional: false,
  basis: '与登记表"1 是；2 否"一致（R12 等，来源 S5、S6）',
  codes: [
    { code: 1, label: '是', aliases: ['有', '已', 'Y', 'YES', 'TRUE', '√', '✓'] },
    { code: 2, label: '否', aliases: ['无', '未', 'N', 'NO', 'FALSE', '×', '✗'] },
  ],
} as const satisfies ExtractCodeList<1 | 2>;

/** 学籍: where and how the pupil is schooled. */
export const EXTRACT_SCHOOL_TYPES = {
  id: 'school-type',
  label: '就读方式',
  provisional: true,
  basis:
    '本项目拟定：特殊教育提升计划列出的安置方式（普通学校随班就读、普通学校特教班、特殊教育学校、送教上门），来源 D17（P40、P41）；代码未见官方规定',
  codes: [
    { code: 1, label: '普通学校（含随班就读）', aliases: ['普通学校', '随班就读', '普通教育机构', '普校'] },
    { code: 2, label: '普通学校附设特教班', aliases: ['特教班', '附设特教班', '特殊教育班'] },
    { code: 3, label: '特殊教育学校', aliases: ['特殊学校', '特教学校', '特校', '特殊教育机构'] },
    { code: 4, label: '送教上门', aliases: ['送教'] },
    { code: 9, label: '其他', aliases: ['其它'] },
  ],
} as const satisfies ExtractCodeList<number>;

/** 学段, mirroring the levels of the person form's R14 (学前 … 大学本科及以上). */
export const EXTRACT_SCHOOL_STAGES = {
  id: 'school-stage',
  label: '学段',
  provisional: true,
  basis: '与登记表 R14 的学段一致（R14 普通/特殊教育机构各 6 级，标签为 [1] 来源），代码为本项目拟定',
  codes: [
    { code: 1, label: '学前教育', aliases: ['学前', '幼儿园'] },
    { code: 2, label: '小学' },
    { code: 3, label: '初中', aliases: ['初级中学'] },
    { code: 4, label: '高中（含中专）', aliases: ['高中', '中专', '中职', '高级中学'] },
    { code: 5, label: '大学专科', aliases: ['专科', '大专', '高职'] },
    { code: 6, label: '大学本科及以上', aliases: ['本科', '大学本科', '研究生'] },
  ],
} as const satisfies ExtractCodeList<number>;

/** 民政: the benefit a civil-affairs roster row is about. */
export const EXTRACT_CIVIL_AFFAIRS_BENEFITS = {
  id: 'civil-affairs-benefit',
  label: '救助/补贴项目',
  provisional: true,
  basis:
    '本项目拟定：民政比对内容为低保、特困供养和两项补贴（湘残联字〔2019〕7号，D6；国发〔2015〕52号，D7）；低保边缘为 2021 年两项补贴完善意见允许的扩面对象（D9，文号未核实）',
  codes: [
    { code: 1, label: '最低生活保障', aliases: ['低保', '城市低保', '农村低保', '低保对象'] },
    { code: 2, label: '特困人员救助供养', aliases: ['特困', '特困供养', '特困人员', '五保'] },
    { code: 3, label: '困难残疾人生活补贴', aliases: ['生活补贴', '残疾人生活补贴'] },
    { code: 4, label: '重度残疾人护理补贴', aliases: ['护理补贴', '残疾人护理补贴'] },
    { code: 5, label: '低保边缘（低收入）家庭', aliases: ['低保边缘', '低收入家庭', '低保边缘家庭'] },
  ],
} as const satisfies ExtractCodeList<number>;

/** 人社: pension insurance scheme. */
export const EXTRACT_PENSION_SCHEMES = {
  id: 'pension-scheme',
  label: '养老保险参保险种',
  provisional: true,
  basis: '本项目拟定：登记表 R22（职工基本养老保险）与 R23（城乡居民基本养老保险）的两个险种',
  codes: [
    { code: 1, label: '城乡居民基本养老保险', aliases: ['城乡居民养老保险', '居民养老保险', '城乡居保', '城居保', '新农保'] },
    { code: 2, label: '职工基本养老保险', aliases: ['职工养老保险', '企业职工基本养老保险', '城镇职工养老保险', '机关事业单位养老保险'] },
    { code: 3, label: '未参保', aliases: ['未参加', '无'] },
  ],
} as const satisfies ExtractCodeList<number>;

/** 医保: medical insurance scheme. */
export const EXTRACT_MEDICAL_SCHEMES = {
  id: 'medical-scheme',
  label: '医疗保险参保险种',
  provisional: true,
  basis: '本项目拟定：登记表 R22（职工基本医疗保险）与 R25（城乡居民基本医疗保险，含原城镇居民医保/新农合）',
  codes: [
    { code: 1, label: '城乡居民基本医疗保险', aliases: ['城乡居民医保', '居民医保', '城镇居民医保', '新农合', '新型农村合作医疗'] },
    { code: 2, label: '职工基本医疗保险', aliases: ['职工医保', '城镇职工医保', '城镇职工基本医疗保险'] },
    { code: 3, label: '未参保', aliases: ['未参加', '无'] },
  ],
} as const satisfies ExtractCodeList<number>;

/** 住建: rural dangerous-house appraisal grade. */
export const EXTRACT_HOUSE_GRADES = {
  id: 'house-grade',
  label: '危房鉴定等级',
  provisional: true,
  basis:
    '农村住房安全性鉴定的 A/B/C/D 四级（C 级局部危险、D 级整体危险）为住建部门通行分级；本项目直接以字母为代码，未见比对数据的官方格式',
  codes: [
    { code: 'A', label: 'A级（安全）', aliases: ['A级'] },
    { code: 'B', label: 'B级（基本安全）', aliases: ['B级'] },
    { code: 'C', label: 'C级（局部危房）', aliases: ['C级', 'C级危房', '局部危房'] },
    { code: 'D', label: 'D级（整栋危房）', aliases: ['D级', 'D级危房', '整栋危房', '整体危房'] },
  ],
} as const satisfies ExtractCodeList<'A' | 'B' | 'C' | 'D'>;

/** 住建: urban housing security (R9 sub-types). */
export const EXTRACT_HOUSING_SECURITY = {
  id: 'housing-security',
  label: '城镇住房保障方式',
  provisional: true,
  basis: '登记表 R9 的子项（公租房、廉租房、租赁补贴，来源 S5、S11 [2+]）；代码为本项目拟定',
  codes: [
    { code: 1, label: '公租房', aliases: ['公共租赁住房'] },
    { code: 2, label: '廉租房', aliases: ['廉租住房'] },
    { code: 3, label: '租赁补贴', aliases: ['租赁补助', '住房租赁补贴'] },
  ],
} as const satisfies ExtractCodeList<number>;

/** 乡村振兴/扶贫: status of a registered (建档立卡) or monitored household. */
export const EXTRACT_POVERTY_STATUSES = {
  id: 'poverty-status',
  label: '贫困/监测状态',
  provisional: true,
  basis:
    '本项目拟定：省级系统显示的建档立卡库状态为"脱贫/返贫/稳定脱贫"（来源 S5 [1]）；2021 年起的防返贫监测对象分为脱贫不稳定户、边缘易致贫户、突发严重困难户（通行口径，未核对原文）',
  codes: [
    { code: 1, label: '未脱贫', aliases: ['贫困户', '在贫'] },
    { code: 2, label: '已脱贫', aliases: ['脱贫', '稳定脱贫', '标注脱贫', '脱贫户'] },
    { code: 3, label: '返贫', aliases: ['返贫户'] },
    { code: 4, label: '监测对象（未细分）', aliases: ['监测户', '监测对象', '防返贫监测对象'] },
    { code: 5, label: '脱贫不稳定户', aliases: ['脱贫不稳定'] },
    { code: 6, label: '边缘易致贫户', aliases: ['边缘易致贫'] },
    { code: 7, label: '突发严重困难户', aliases: ['突发严重困难'] },
  ],
} as const satisfies ExtractCodeList<number>;

/** 公安: household-registration status. */
export const EXTRACT_REGISTRATION_STATUSES = {
  id: 'registration-status',
  label: '户籍状态',
  provisional: true,
  basis:
    '本项目拟定：公安比对内容为生存状态、户口和住址（湘残联字〔2019〕7号，D6）；"正常/迁出/死亡/注销"为户籍系统常见人口状态，代码未见官方比对格式',
  codes: [
    { code: 1, label: '正常', aliases: ['在册', '有效', '正常户口'] },
    { code: 2, label: '迁出', aliases: ['已迁出', '迁出注销', '外迁'] },
    { code: 3, label: '死亡', aliases: ['已死亡', '死亡注销'] },
    { code: 4, label: '注销（其他原因）', aliases: ['注销', '已注销', '其他注销'] },
  ],
} as const satisfies ExtractCodeList<number>;

/** Every extract code list, by id. */
export const extractCodeLists = [
  EXTRACT_YES_NO,
  EXTRACT_SCHOOL_TYPES,
  EXTRACT_SCHOOL_STAGES,
  EXTRACT_CIVIL_AFFAIRS_BENEFITS,
  EXTRACT_PENSION_SCHEMES,
  EXTRACT_MEDICAL_SCHEMES,
  EXTRACT_HOUSE_GRADES,
  EXTRACT_HOUSING_SECURITY,
  EXTRACT_POVERTY_STATUSES,
  EXTRACT_REGISTRATION_STATUSES,
] as const;
