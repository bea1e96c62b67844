/**
 * Blocks shared by every version of 动态1表: the cover (封面: where, when, who, status), the
 * identity block and the closing block (户主, 申报人 …). Keys are the flat machine column names.
 */
import type { Condition, SectionDef } from '../types.js';

export const coverItems = [
  { key: 'region_code', code: '', label: '村（社区）区划代码', section: 'cover', type: 'text', pattern: '^\\d{12}$', identifier: 'quasi', source: 'S1 cover (县/乡/村), NBS 12-digit code', note: '12位统计用区划代码（村级）。' },
  { key: 'survey_year', code: '', label: '调查年度', section: 'cover', type: 'number', min: 2015, max: 2100, identifier: 'other' },
  { key: 'reference_date', code: '', label: '标准时点', section: 'cover', type: 'date', identifier: 'other', note: '计算年龄的参考日期（asOf）。' },
  // 核查状态 tells whether the person died, moved away, was not found or is registered where they do not
  // live (空挂户): facts about the person, harmful if disclosed, not used to single anyone out — a
  // sensitive attribute (GB/T 37964-2019 敏感属性), not 'other'.
  { key: 'person_status', code: '', label: '核查状态', section: 'cover', type: 'single', codeList: 'personStatus', identifier: 'sensitive', source: 'S5, S8' },
  { key: 'collection_mode', code: '', label: '调查方式', section: 'cover', type: 'single', codeList: 'collectionMode', identifier: 'other', source: 'S3, S7, S8' },
  { key: 'collection_channel', code: '', label: '采集渠道', section: 'cover', type: 'single', codeList: 'collectionChannel', optional: true, identifier: 'other' },
  // The collector's name names a person (the collector) by itself: a direct identifier.
  { key: 'collector', code: '', label: '信息采集员', section: 'cover', type: 'text', maxLength: 50, optional: true, identifier: 'direct' },
  // The day of the visit narrows a village down to the few households visited that day: quasi.
  { key: 'collected_on', code: '', label: '采集日期', section: 'cover', type: 'date', optional: true, identifier: 'quasi' },
] as const;

/** R1 姓名 and R2 残疾人证号 keep their identity keys (`name`, `certificate_no`); `r1`/`r2` are header aliases. */
export const identityItems = [
  { key: 'name', code: 'R1', label: '姓名', section: 'identity', type: 'text', maxLength: 50, identifier: 'direct', source: 'S1, S5' },
  { key: 'certificate_no', code: 'R2', label: '残疾人证号', section: 'identity', type: 'text', identifier: 'direct', source: 'S1, S5, S6', note: '18位身份证号 + 残疾类别 + 残疾等级（补发证另加 B1–B9），20–22位。' },
  { key: 'resident_id', code: '', label: '公民身份号码', section: 'identity', type: 'text', identifier: 'direct', source: 'S5, S6, S8, S9', note: '须与残疾人证号前18位一致。' },
  { key: 'sex', code: '', label: '性别', section: 'identity', type: 'text', pattern: '^(male|female)$', optional: true, derivedFrom: 'certificate_no', identifier: 'quasi', note: "'male' | 'female'；由证号导出，填写时须一致。" },
  { key: 'birth_date', code: '', label: '出生日期', section: 'identity', type: 'date', optional: true, derivedFrom: 'certificate_no', identifier: 'quasi', note: '由证号导出，填写时须一致。' },
  { key: 'disability_category', code: '', label: '残疾类别', section: 'identity', type: 'single', codeList: 'disabilityCategory', optional: true, derivedFrom: 'certificate_no', identifier: 'quasi', note: '证号第19位；填写时须一致。' },
  { key: 'disability_level', code: '', label: '残疾等级', section: 'identity', type: 'single', codeList: 'disabilityLevel', optional: true, derivedFrom: 'certificate_no', identifier: 'quasi', note: '证号第20位；填写时须一致。' },
] as const;

/** 户主 / 身份证号 / 申报人 are not required of institution residents (R7 = 1) or when status ≠ 6 (§3.9). */
export function closingItems(institutionItem: string) {
  const household: Condition = { all: [{ item: 'person_status', eq: 6 }, { not: { item: institutionItem, eq: 1 } }] };
  return [
    { key: 'householder_name', code: '', label: '户主姓名', section: 'closing', type: 'text', maxLength: 50, requiredWhen: household, identifier: 'direct', source: 'S5, S6, S9, S10', note: '可填“集体户口”，此时户主身份证号不必填。' },
    {
      key: 'householder_id', code: '', label: '户主身份证号', section: 'closing', type: 'text', identifier: 'direct',
      requiredWhen: { all: [household, { not: { item: 'householder_name', eq: '集体户口' } }] },
      source: 'S5 (18-digit check)', note: '须通过18位校验；户主为“集体户口”时不必填。',
    },
    { key: 'declarant_name', code: '', label: '申报人', section: 'closing', type: 'text', maxLength: 50, requiredWhen: household, identifier: 'direct' },
    { key: 'declared_on', code: '', label: '填表日期', section: 'closing', type: 'date', optional: true, identifier: 'quasi' },
    { key: 'remarks', code: '', label: '调查备注', section: 'closing', type: 'text', maxLength: 500, optional: true, identifier: 'other' },
  ] as const;
}

export const coverSection: SectionDef = { id: 'cover', label: '封面（核查信息）' };
export const identitySection: SectionDef = { id: 'identity', label: '身份信息' };
export const closingSection: SectionDef = { id: 'closing', label: '结尾（户主、申报人）' };
