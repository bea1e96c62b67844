/**
 * 动态2表 村（社区）基本公共服务 — **provisional**. The form itself was not found; the 11 items are
 * the "村(社区)基本公共服务11项调查指标" (S4) as shown in S11's dashboard: 7 facilities + 5 services
 * − 康复站 counted twice; each most likely a yes/no per village/community (docs/guides/form-reconstruction.md §4).
 */
import { codes } from '../codes.js';
import type { FormDefinition, ItemDef } from '../types.js';

const yn = <const K extends string>(key: K, n: number, label: string, section: 'facilities' | 'services', note?: string) =>
  ({ key, code: `V${n}`, label, section, type: 'yesno', codeList: 'yesNo', identifier: 'other', confidence: 'inf', source: 'S4 (11 items), S11', ...(note ? { note } : {}) }) as const;

export const villageItems2017 = [
  { key: 'region_code', code: '', label: '村（社区）区划代码', section: 'cover', type: 'text', pattern: '^\\d{12}$', identifier: 'quasi', note: '12位统计用区划代码' },
  { key: 'survey_year', code: '', label: '调查年度', section: 'cover', type: 'number', min: 2015, max: 2100, identifier: 'other' },
  { key: 'collector', code: '', label: '填报人', section: 'cover', type: 'text', maxLength: 50, optional: true, identifier: 'direct' },
  { key: 'collected_on', code: '', label: '填报日期', section: 'cover', type: 'date', optional: true, identifier: 'other' },
  yn('v1', 1, '是否有综合服务中心', 'facilities'),
  yn('v2', 2, '是否有医院（卫生室）', 'facilities'),
  yn('v3', 3, '是否有学校（幼儿园）', 'facilities'),
  yn('v4', 4, '是否有商店（小卖部）', 'facilities'),
  yn('v5', 5, '是否有银行网点', 'facilities'),
  yn('v6', 6, '是否有文体活动中心', 'facilities'),
  yn('v7', 7, '是否有社区康复站', 'facilities', 'S11 also shows 社区康复站数量 (a count); stored here as yes/no'),
  yn('v8', 8, '是否有日间照料机构', 'services'),
  yn('v9', 9, '是否为残疾人提供居家服务', 'services'),
  yn('v10', 10, '是否组织残疾人参加的文化体育活动', 'services'),
  yn('v11', 11, '是否有体育健身指导员', 'services'),
] as const;

export const village2017: FormDefinition = Object.freeze({
  kind: 'village',
  version: '2017',
  title: '村（社区）基本公共服务（动态2表，临时）',
  provisional: true,
  note: '原表未找到；11 项按 S4 + S11 推断（docs/guides/form-reconstruction.md §4），均按是/否记录。',
  sections: [
    { id: 'cover', label: '封面' },
    { id: 'facilities', label: '公共设施' },
    { id: 'services', label: '开展的服务' },
  ],
  items: villageItems2017 as readonly ItemDef[],
  codeLists: codes,
  skipRules: [],
  implications: [],
  checks: [],
  extensions: [],
});
