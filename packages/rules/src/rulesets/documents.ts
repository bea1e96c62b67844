/**
 * The documents the built-in rules rest on, as a rule's basis names them (`RuleBasis.document`).
 * Titles and 文号 are read from `SOURCES` (docs/sources.md), so a report and the source list
 * cannot name a document differently.
 */
import { isSourceId, SOURCES, type SourceId } from '@canji/form';

/** Title of a `D…` source with its 文号 when the title does not already carry it. */
function titled(id: SourceId): string {
  const s = SOURCES[id];
  return s.number === '—' || s.number.startsWith('不详') || s.title.includes(s.number) ? s.title : `${s.title}（${s.number}）`;
}

export const GUOFA_2015_52 = titled('D7');
export const XIANGZHENGFA_2015_54 = titled('D8');
export const GB_T_26341 = titled('D11');
export const GB_11643 = titled('D24');
export const CERTIFICATE_RULES = titled('D13');
export const GUOBANFA_2021_42 = titled('D36');
export const LAONIANREN_LAW = titled('D37');
/** The mechanism (D5) and the Hunan implementation opinion (D6): both only known by their 文号. */
export const DYNAMIC_UPDATE_MECHANISM = `${SOURCES.D5.number}、${SOURCES.D6.number}（动态更新工作机制及湖南省实施意见）`;
/** The provincial collection app (S5) whose hard and soft checks several rules reproduce. */
export const APP_CHECKS = '省级动态更新移动采集程序（2018 年度）的校验规则';

/** The person form (动态1表) of each version: its `D…` id. */
const FORM_SOURCE: Readonly<Record<string, SourceId>> = { '2016': 'D1', '2017': 'D2', '2021': 'D3' };

/** The person form of a version as a document, with its `D…` id (none for a version canji does not know). */
export function formDocument(version: string): { document: string; sources: SourceId[] } {
  const id = FORM_SOURCE[version];
  return id ? { document: SOURCES[id].title, sources: [id] } : { document: `《残疾人基本服务状况和需求信息数据动态更新 残疾人登记表》（${version} 版）`, sources: [] };
}

/** The ids of docs/sources.md named in a free-text source note such as `'S5 (perSta == 6), S8'`. */
export function sourceIdsIn(text: string): SourceId[] {
  const found: string[] = text.match(/\b[DSPC]\d+\b/g) ?? [];
  return found.filter((id): id is SourceId => isSourceId(id));
}
