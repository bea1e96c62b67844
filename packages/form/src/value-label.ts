/**
 * Values as a person reads them: a code with its label (`农业（1）`), a multiple choice as its
 * labels joined by `、`, an item as its number and label (`R13 受教育程度`). One owner for the
 * lists and reports every package prints for people.
 */
import { codeLabel } from './codes.js';
import type { FormDefinition, ItemDef } from './types.js';

const byKey = new WeakMap<FormDefinition, Map<string, ItemDef>>();

/** The item of `form` whose record key is `key` (`r13`, `region_code`), if any. */
export function formItem(form: FormDefinition, key: string): ItemDef | undefined {
  let m = byKey.get(form);
  if (!m) byKey.set(form, (m = new Map(form.items.map((i) => [i.key, i]))));
  return m.get(key);
}

/**
 * An item as a person reads it: its number on the form and its label (`R13 受教育程度`), the
 * label alone for unnumbered fields (`公民身份号码`), the key itself when the form has no such item.
 *
 * @example
 * ```ts
 * itemTitle(personForm('2017'), 'r3'); //=> 'R3 户口性质'
 * ```
 */
export function itemTitle(form: FormDefinition, key: string): string {
  const it = formItem(form, key);
  if (!it) return key;
  return it.code ? `${it.code} ${it.label}` : it.label;
}

/**
 * A recorded value as a person reads it: codes of a code-list item as `label（code）` (the code
 * alone when its label is unknown or the code is not in the list: `9（代码表中没有）`), several
 * codes joined by `、`, anything else as text. `undefined`, `null` and `''` are `''`.
 *
 * @example
 * ```ts
 * const form = personForm('2017');
 * valueLabel(form, 'r3', 1); //=> '农业（1）'
 * valueLabel(form, 'r27', [1, 4]); //=> e.g. '最低生活保障（1）、…（4）'
 * valueLabel(form, 'name', '张三'); //=> '张三'
 * ```
 */
export function valueLabel(form: FormDefinition, key: string, value: unknown): string {
  if (value === undefined || value === null || value === '') return '';
  const it = formItem(form, key);
  const list = it?.codeList ? form.codeLists[it.codeList] : undefined;
  const one = (v: unknown): string => {
    if (list && typeof v === 'number' && Number.isInteger(v)) {
      const label = codeLabel(list, v);
      if (label) return `${label}（${v}）`;
      return list.entries.some((e) => e.code === v) || list.open ? String(v) : `${v}（代码表中没有）`;
    }
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
    try {
      return JSON.stringify(v) ?? String(v);
    } catch {
      return String(v);
    }
  };
  return Array.isArray(value) ? value.map(one).join('、') : one(value);
}
