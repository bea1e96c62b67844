/**
 * How stable an item's answer is between the original visit and a re-visit some weeks later —
 * the three kinds of back-check question of IPA's bcstats (type 1: should never differ; type 2:
 * differs only when the collector erred; type 3: may differ anyway), derived from the sections of
 * `personForm()` in @canji/form rather than listed by hand, so a new form version is classified too:
 * - `stable` — the identity section (性别、出生日期、残疾类别、残疾等级: read from the certificate);
 * - `slow` — slow-changing situation: the basic, economy (housing), education, employment and
 *   social-security sections (户口性质、婚姻、受教育程度、就业、参保 …);
 * - `volatile` — needs and services: every item whose code list is a needs list (`…Need…`) or whose
 *   label asks what the person 需要 / 需求, and the health, accessibility and culture sections
 *   (services in the year, illness in the last two weeks, activities).
 * The cover (who collected when), the closing block and the direct identifiers (name, ID and
 * certificate numbers, contact person and phone) are not compared.
 */
import { personForm, type ItemDef, type PersonFormVersion } from '@canji/form';

/** The stability classes of {@link itemClasses}, most stable first. */
export const ITEM_CLASSES = ['stable', 'slow', 'volatile'] as const;
export type ItemClass = (typeof ITEM_CLASSES)[number];

/** zh-CN labels of {@link ITEM_CLASSES}. */
export const ITEM_CLASS_LABELS: Readonly<Record<ItemClass, string>> = {
  stable: '稳定项目（身份、类别等级）',
  slow: '缓变项目（户口、教育、就业、社保等）',
  volatile: '易变项目（需求、服务）',
};

/** One comparable item with its class. */
export interface ClassifiedItem {
  readonly key: string;
  /** The form's item code (`R13`), or `''` for unnumbered items. */
  readonly code: string;
  readonly label: string;
  /** Section id of the form (`education` …). */
  readonly section: string;
  readonly sectionLabel: string;
  readonly class: ItemClass;
  readonly type: ItemDef['type'];
}

const SLOW_SECTIONS = new Set(['basic', 'economy', 'education', 'employment', 'social']);
const VOLATILE_SECTIONS = new Set(['health', 'accessibility', 'culture']);
const NOT_COMPARED_SECTIONS = new Set(['cover', 'closing']);

function classOf(item: ItemDef): ItemClass | undefined {
  if (NOT_COMPARED_SECTIONS.has(item.section) || item.identifier === 'direct') return undefined;
  const codeList = (item as { codeList?: string }).codeList ?? '';
  if (/Need/.test(codeList) || /需要|需求/.test(item.label)) return 'volatile';
  if (item.section === 'identity') return 'stable';
  if (SLOW_SECTIONS.has(item.section)) return 'slow';
  if (VOLATILE_SECTIONS.has(item.section)) return 'volatile';
  // A section a later form adds: treated as slow-changing until classified (a discrepancy counts).
  return 'slow';
}

const cache = new Map<PersonFormVersion, ClassifiedItem[]>();

/**
 * The items a back-check compares, in form order, each with its stability class (see the module
 * comment for the rules).
 *
 * @example
 * ```ts
 * import { itemClasses } from '@canji/audits';
 * const items = itemClasses('2017');
 * items.find((i) => i.key === 'disability_level')?.class; //=> 'stable'
 * items.find((i) => i.key === 'r13')?.class; //=> 'slow'
 * items.find((i) => i.key === 'r37')?.class; //=> 'volatile'
 * items.some((i) => i.key === 'resident_id'); //=> false
 * ```
 */
export function itemClasses(version: PersonFormVersion = '2017'): readonly ClassifiedItem[] {
  const hit = cache.get(version);
  if (hit) return hit;
  const form = personForm(version);
  const sectionLabel = new Map(form.sections.map((s) => [s.id, s.label]));
  const out: ClassifiedItem[] = [];
  for (const item of form.items) {
    const c = classOf(item);
    if (c === undefined) continue;
    out.push({ key: item.key, code: item.code, label: item.label, section: item.section, sectionLabel: sectionLabel.get(item.section) ?? item.section, class: c, type: item.type });
  }
  cache.set(version, out);
  return out;
}

/**
 * The items a re-visit asks again by default: the stable and slow-changing items of
 * {@link itemClasses} (the volatile ones are asked only when the office lists them).
 *
 * @example
 * ```ts
 * import { defaultRevisitItems } from '@canji/audits';
 * defaultRevisitItems('2021').includes('r8'); //=> true  (受教育程度)
 * defaultRevisitItems('2021').includes('r22'); //=> false (康复需求)
 * ```
 */
export function defaultRevisitItems(version: PersonFormVersion = '2017'): string[] {
  return itemClasses(version)
    .filter((i) => i.class !== 'volatile')
    .map((i) => i.key);
}
