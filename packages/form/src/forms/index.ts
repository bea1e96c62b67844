import { codes } from '../codes.js';
import type { FormDefinition, ItemDef, PersonFormVersion, VillageFormVersion } from '../types.js';
import { person2016 } from './person2016.js';
import { person2021 } from './person2021.js';
import { village2017 } from './village2017.js';
import { checks2017, implications2017, items2017, sections2017, skipRules2017 } from './person2017.js';

function freezeForm(f: FormDefinition): FormDefinition {
  return Object.freeze(f);
}

const person2017: FormDefinition = freezeForm({
  kind: 'person',
  version: '2017',
  title: '残疾人登记表（动态1表，2017 版 R1–R41）',
  provisional: false,
  note: '按 S1、S5、S6、S11 等来源重建（docs/guides/form-reconstruction.md §3；2017–2020 年使用）；个别代码表为临时（provisional），见各代码表说明。',
  sections: sections2017,
  items: items2017 as readonly ItemDef[],
  codeLists: codes,
  skipRules: skipRules2017,
  implications: implications2017,
  checks: checks2017,
  extensions: [],
});

const registry: Record<PersonFormVersion, FormDefinition> = { '2016': person2016, '2017': person2017, '2021': person2021 };

/**
 * The person form versions canji models, oldest first.
 *
 * @example
 * PERSON_FORM_VERSIONS //=> ['2016', '2017', '2021']
 */
export const PERSON_FORM_VERSIONS: readonly PersonFormVersion[] = ['2016', '2017', '2021'];

/**
 * The definition of 动态1表 (残疾人登记表) in a version: sections, items (with answer type,
 * code list, exclusive options, who answers, identifier class), code lists, skip rules,
 * implications and where each consistency check (docs/guides/form-reconstruction.md §5–§6) is enforced — all as data.
 *
 * @example
 * const form = personForm('2017');
 * form.items.find((i) => i.key === 'r13')?.label //=> '受教育程度'
 * form.skipRules.find((r) => r.id === 'SKIP_R7_INSTITUTION')?.skip.includes('r38') //=> true
 */
export function personForm(version: PersonFormVersion = '2017'): FormDefinition {
  const f = registry[version];
  if (!f) throw new Error(`unknown person form version ${String(version)}`);
  return f;
}

/**
 * The definition of 动态2表 (村（社区）基本公共服务): 11 yes/no items keyed by the 12-digit
 * village/community code. **Provisional** — the form itself was not found (docs/guides/form-reconstruction.md §4).
 *
 * @example
 * villageForm('2017').items.filter((i) => i.code.startsWith('V')).length //=> 11
 */
export function villageForm(version: VillageFormVersion = '2017'): FormDefinition {
  if (version !== '2017') throw new Error(`unknown village form version ${String(version)}`);
  return village2017;
}
