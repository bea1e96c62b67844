import { compileForm } from './engine.js';
import { renumberCondition } from './forms/renumber.js';
import type { CodeList, Condition, FormDefinition, ItemDef, SkipRule } from './types.js';

/** An item of a local extension: like `ItemDef`, with a short key (`g1`) local to the extension. */
export type ExtensionItem = ItemDef;

/**
 * An approved local extension of the national form (地方扩展, S21: only with approval). Its items
 * live in the record under `ext.<id>.<key>`; conditions may refer to the extension's own items by
 * their short key (`g12`) and to the national items by theirs (`r7`).
 */
export interface FormExtension {
  /** Short id, lower case (`sd2018`): the record keeps the items under `ext.<id>`. */
  id: string;
  /** Region the extension applies to (name or 6/12-digit code). */
  region: string;
  /** The approving authority. */
  approvedBy: string;
  /** The approval number (批准文号). */
  approvalNo: string;
  items: readonly ExtensionItem[];
  /** Code lists the items use that are not in the base form. */
  codeLists?: Readonly<Record<string, CodeList>>;
  /** A condition every item of the extension is asked under (e.g. "not in an institution"). */
  askedWhen?: Condition;
  skipRules?: readonly SkipRule[];
}

export type ExtendFormErrorCode =
  | 'EXT_ID'
  | 'EXT_APPROVAL_MISSING'
  | 'EXT_DUPLICATE'
  | 'EXT_ITEM_KEY'
  | 'EXT_CODE_LIST_UNKNOWN'
  | 'EXT_CODE_LIST_CONFLICT'
  | 'EXT_CONDITION';

/** What `extendForm` returns: the extended form, or the first problem of the extension (stable code, zh-CN message). */
export type ExtendFormResult = { ok: true; value: FormDefinition } | { ok: false; error: { code: ExtendFormErrorCode; message: string } };

const ID = /^[a-z][a-z0-9_]{0,31}$/;

/**
 * Adds an approved local extension to a form. The result is a new form definition that every
 * function of this package accepts (`validatePerson`, `applicableItems`, `fromFlatRow`,
 * `toJSONSchema` …, via their `form` option). Never throws on a bad extension: returns an error
 * with a stable code.
 *
 * @example
 * const r = extendForm(personForm('2017'), {
 *   id: 'demo', region: '某省', approvedBy: '某省统计局', approvalNo: '某统制〔2018〕1号',
 *   askedWhen: { not: { item: 'r7', eq: 1 } },
 *   items: [{ key: 'g16', code: 'G16', label: '残疾儿童康复项目救助', section: 'ext', type: 'yesno', codeList: 'yesNo', askedWhen: { age: { max: 18 } }, identifier: 'sensitive' }],
 * });
 * if (r.ok) validatePerson({ ext: { demo: { g16: 1 } } }, { form: r.value, partial: true }).ok //=> true
 */
export function extendForm(base: FormDefinition, extension: FormExtension): ExtendFormResult {
  const fail = (code: ExtendFormErrorCode, message: string): ExtendFormResult => ({ ok: false, error: { code, message } });
  const { id } = extension;
  if (typeof id !== 'string' || !ID.test(id)) return fail('EXT_ID', `扩展 id “${String(id)}” 应为小写字母开头的字母、数字、下划线`);
  for (const f of ['region', 'approvedBy', 'approvalNo'] as const) {
    if (typeof extension[f] !== 'string' || extension[f].trim() === '') return fail('EXT_APPROVAL_MISSING', `地方扩展须有批准信息：${f} 为空（S21：扩展须经批准）`);
  }
  if (base.extensions.some((e) => e.id === id)) return fail('EXT_DUPLICATE', `表中已有扩展“${id}”`);
  const own = new Set<string>();
  for (const it of extension.items) {
    if (!ID.test(it.key)) return fail('EXT_ITEM_KEY', `扩展项 key “${it.key}” 应为小写字母开头的字母、数字、下划线`);
    if (own.has(it.key)) return fail('EXT_ITEM_KEY', `扩展项 key “${it.key}” 重复`);
    own.add(it.key);
  }
  const codeLists: Record<string, CodeList> = { ...base.codeLists };
  for (const [listId, list] of Object.entries(extension.codeLists ?? {})) {
    if (codeLists[listId] && codeLists[listId] !== list) return fail('EXT_CODE_LIST_CONFLICT', `代码表 id “${listId}” 与基本表冲突`);
    codeLists[listId] = list;
  }
  const full = (k: string) => (own.has(k) ? `ext.${id}.${k}` : k);
  const items: ItemDef[] = [];
  for (const it of extension.items) {
    if (it.codeList !== undefined && !codeLists[it.codeList]) return fail('EXT_CODE_LIST_UNKNOWN', `扩展项 ${it.key} 的代码表“${it.codeList}”不存在`);
    const asked = it.askedWhen ? renumberCondition(it.askedWhen, full) : undefined;
    const combined: Condition | undefined = extension.askedWhen && asked ? { all: [extension.askedWhen, asked] } : (extension.askedWhen ?? asked);
    const out: ItemDef = {
      ...it,
      key: `ext.${id}.${it.key}`,
      section: `ext.${id}`,
      ...(combined ? { askedWhen: combined } : {}),
      ...(it.requiredWhen ? { requiredWhen: renumberCondition(it.requiredWhen, full) } : {}),
      ...(it.parent ? { parent: full(it.parent) } : {}),
      ...(it.optionRules ? { optionRules: it.optionRules.map((o) => ({ ...o, availableWhen: renumberCondition(o.availableWhen, full) })) } : {}),
    };
    items.push(out);
  }
  const skipRules: SkipRule[] = (extension.skipRules ?? []).map((r) => ({ ...r, id: `${id}:${r.id}`, when: renumberCondition(r.when, full), skip: r.skip.map(full) }));
  const value: FormDefinition = Object.freeze({
    ...base,
    title: `${base.title} + ${extension.region}扩展（${extension.approvalNo}）`,
    sections: [...base.sections.filter((s) => s.id !== 'closing'), { id: `ext.${id}`, label: `地方扩展：${extension.region}` }, ...base.sections.filter((s) => s.id === 'closing')],
    items: [...base.items, ...items],
    codeLists,
    skipRules: [...base.skipRules, ...skipRules],
    extensions: [...base.extensions, { id, region: extension.region, approvedBy: extension.approvedBy, approvalNo: extension.approvalNo }],
  });
  try {
    compileForm(value);
  } catch (e) {
    return fail('EXT_CONDITION', `扩展的条件或跳转无效：${(e as Error).message}`);
  }
  return { ok: true, value };
}
