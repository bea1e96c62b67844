import { codes } from '../codes.js';
import type { FormDefinition, ItemDef, PersonFormVersion } from '../types.js';
import { checks2017, implications2017, items2017, sections2017, skipRules2017 } from './person2017.js';

function freezeForm(f: FormDefinition): FormDefinition {
  return Object.freeze(f);
}

const person2017: FormDefinition = freezeForm({
  kind: 'person',
  version: '2017',
  title: '残疾人登记表（动态1表，2017 版 R1–R41）',
  provisional: false,
  note: '按 registration-form.md §3 重建（2017–2020 年使用）；个别代码表为临时（provisional），见各代码表说明。',
  sections: sections2017,
  items: items2017 as readonly ItemDef[],
  codeLists: codes,
  skipRules: skipRules2017,
  implications: implications2017,
  checks: checks2017,
  extensions: [],
});

const registry: Partial<Record<PersonFormVersion, FormDefinition>> = { '2017': person2017 };

/** Registers a lazily built version (2016, 2021 live in their own modules). */
export function registerPersonForm(version: PersonFormVersion, form: FormDefinition): void {
  registry[version] = form;
}

/**
 * The definition of 动态1表 (残疾人登记表) in a version: sections, items (with answer type,
 * code list, exclusive options, who answers, identifier class), code lists, skip rules,
 * implications and where each consistency check of the reference is enforced — all as data.
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
