/**
 * A condition of the one condition language in words (zh-CN), for data dictionaries, rule listings
 * and review: item labels and code labels come from the form when it is given.
 */
import { COMPARISON_KEYS, normalizeCondition, type Comparison, type Condition } from './condition.js';
import { getExtractDepartment } from './extracts/departments.js';
import type { ExtractDepartmentId, ExtractField } from './extracts/types.js';
import type { FormDefinition, ItemDef } from './types.js';

/** Options of {@link describeCondition}. */
export interface DescribeConditionOptions {
  /** The partner department whose fields `{ dept: … }` names (labels and codes from its extract layout). */
  department?: ExtractDepartmentId;
}

const FACT_LABELS: Record<string, string> = {
  $age: '年龄',
  $category: '残疾类别',
  $level: '残疾等级',
  $birthDate: '出生日期',
  $idSex: '身份证号中的性别',
  $idBirthDate: '身份证号中的出生日期',
  $certCategory: '残疾人证号中的类别',
  $certLevel: '残疾人证号中的等级',
  $id: '公民身份号码',
  $certId: '残疾人证号中的身份证号',
};
/** Facts whose codes are those of a form item. */
const FACT_ITEMS: Record<string, string> = { $category: 'disability_category', $level: 'disability_level', $certCategory: 'disability_category', $certLevel: 'disability_level' };
const SEX: Record<string, string> = { male: '男', female: '女' };

/** How a value is named and its constants shown. */
interface Subject {
  name: string;
  show: (v: unknown) => string;
  /** Ordering comparisons read as `年龄 16–59 岁`. */
  unit: string;
}

const quoted = (s: string) => `“${s}”`;
const plain = (v: unknown): string => (typeof v === 'string' ? quoted(v) : typeof v === 'boolean' ? (v ? '是' : '否') : String(v));

const itemsOf = new WeakMap<FormDefinition, Map<string, ItemDef>>();
function itemMap(form: FormDefinition): Map<string, ItemDef> {
  let m = itemsOf.get(form);
  if (!m) itemsOf.set(form, (m = new Map(form.items.map((i) => [i.key, i]))));
  return m;
}

function codeShow(labels: ReadonlyMap<unknown, string>): (v: unknown) => string {
  return (v) => {
    const l = labels.get(v);
    return l === undefined ? plain(v) : quoted(l);
  };
}

function itemLabels(form: FormDefinition, item: ItemDef | undefined): ReadonlyMap<unknown, string> | undefined {
  const list = item?.codeList ? form.codeLists[item.codeList] : undefined;
  if (!list) return undefined;
  const m = new Map<unknown, string>();
  for (const e of list.entries) if (e.label !== null) m.set(e.code, e.label);
  return m;
}

function itemSubject(ref: string, form: FormDefinition | undefined): Subject {
  if (ref.startsWith('$')) {
    const name = FACT_LABELS[ref] ?? ref;
    if (ref === '$idSex') return { name, show: (v) => (typeof v === 'string' && SEX[v] ? quoted(SEX[v]) : plain(v)), unit: '' };
    const fromItem = FACT_ITEMS[ref];
    const labels = form && fromItem ? itemLabels(form, itemMap(form).get(fromItem)) : undefined;
    return { name, show: labels ? codeShow(labels) : plain, unit: ref === '$age' ? ' 岁' : '' };
  }
  const item = form ? itemMap(form).get(ref) : undefined;
  if (!form || !item) return { name: ref, show: plain, unit: '' };
  const labels = itemLabels(form, item);
  return { name: item.code ? `${item.code} ${item.label}` : item.label, show: labels ? codeShow(labels) : plain, unit: '' };
}

function fieldLabels(field: ExtractField | undefined): ReadonlyMap<unknown, string> | undefined {
  if (!field) return undefined;
  if (field.type === 'yes-no') return new Map<unknown, string>([[1, '是'], [2, '否']]);
  if (field.type === 'sex') return new Map<unknown, string>(Object.entries(SEX));
  if (field.type === 'code' && field.codes) return new Map<unknown, string>(field.codes.codes.map((c) => [c.code, c.label]));
  return undefined;
}

function deptSubject(ref: string, department: ExtractDepartmentId | undefined): Subject {
  const d = department ? getExtractDepartment(department) : undefined;
  // Civil affairs' rows are merged into `benefits` (the codes of `benefit`).
  const field = d?.fields.find((f) => f.key === ref) ?? (ref === 'benefits' ? d?.fields.find((f) => f.key === 'benefit') : undefined);
  const labels = fieldLabels(field);
  const name = field ? `部门数据“${field.label}”` : `部门数据 ${ref}`;
  return { name, show: labels ? codeShow(labels) : plain, unit: '' };
}

const list = (vs: readonly unknown[], s: Subject) => vs.map(s.show).join('、');

/** The comparisons of a leaf as phrases (each one a condition of its own). */
function phrases(c: Comparison, s: Subject): string[] {
  const out: string[] = [];
  const n = s.name;
  if (c.eq !== undefined) out.push(`${n} 为 ${s.show(c.eq)}`);
  if (c.ne !== undefined) out.push(`${n} 不为 ${s.show(c.ne)}`);
  if (c.in) out.push(c.in.length === 1 ? `${n} 为 ${s.show(c.in[0])}` : `${n} 为 ${list(c.in, s)} 之一`);
  if (c.notIn) out.push(c.notIn.length === 1 ? `${n} 不为 ${s.show(c.notIn[0])}` : `${n} 不为 ${list(c.notIn, s)} 中的任何一个`);
  // Bounds: `年龄 16–59 岁` for gte with lte, else one phrase each.
  const range = c.gte !== undefined && c.lte !== undefined;
  if (range) out.push(`${n} ${c.gte}–${c.lte}${s.unit}`);
  if (c.gt !== undefined) out.push(`${n} > ${c.gt}${s.unit}`);
  if (c.gte !== undefined && !range) out.push(`${n} ≥ ${c.gte}${s.unit}`);
  if (c.lt !== undefined) out.push(`${n} < ${c.lt}${s.unit}`);
  if (c.lte !== undefined && !range) out.push(`${n} ≤ ${c.lte}${s.unit}`);
  if (c.present !== undefined) out.push(`${n} ${c.present ? '已填' : '未填'}`);
  if (c.includes !== undefined) out.push(`${n} 含 ${s.show(c.includes)}`);
  if (c.includesAny) out.push(c.includesAny.length === 1 ? `${n} 含 ${s.show(c.includesAny[0])}` : `${n} 含 ${list(c.includesAny, s)} 中的至少一项`);
  if (c.includesNone) out.push(c.includesNone.length === 1 ? `${n} 不含 ${s.show(c.includesNone[0])}` : `${n} 不含 ${list(c.includesNone, s)} 中的任何一项`);
  return out;
}

/** Whether a row was found: `部门名册中有此人` rather than `… 为 是`. */
function matched(c: Comparison, yes: string, no: string): string | undefined {
  const keys = COMPARISON_KEYS.filter((k) => c[k] !== undefined);
  if (keys.length !== 1) return undefined;
  if (typeof c.eq === 'boolean') return c.eq ? yes : no;
  if (typeof c.ne === 'boolean') return c.ne ? no : yes;
  return undefined;
}

/** A description and how it joins: `and` / `or` / `xor` need brackets inside another combination. */
interface Text {
  text: string;
  join: 'leaf' | 'and' | 'or' | 'xor';
}

function describe(c: Condition, form: FormDefinition | undefined, opts: DescribeConditionOptions): Text {
  if ('all' in c) {
    if (c.all.length === 0) return { text: '总是成立', join: 'leaf' };
    const parts = c.all.map((x) => describe(x, form, opts));
    if (parts.length === 1) return parts[0]!;
    return { text: parts.map((p) => (p.join === 'or' || p.join === 'xor' ? `（${p.text}）` : p.text)).join(' 且 '), join: 'and' };
  }
  if ('any' in c) {
    if (c.any.length === 0) return { text: '从不成立', join: 'leaf' };
    const parts = c.any.map((x) => describe(x, form, opts));
    if (parts.length === 1) return parts[0]!;
    return { text: parts.map((p) => (p.join === 'and' || p.join === 'xor' ? `（${p.text}）` : p.text)).join(' 或 '), join: 'or' };
  }
  if ('not' in c) return { text: `非（${describe(c.not, form, opts).text}）`, join: 'leaf' };
  if ('xor' in c) {
    const [a, b] = c.xor.map((x) => describe(x, form, opts));
    const wrap = (p: Text) => (p.join === 'leaf' ? p.text : `（${p.text}）`);
    return { text: `${wrap(a!)} 与 ${wrap(b!)} 恰有一项成立`, join: 'xor' };
  }
  let ps: string[];
  if ('dept' in c) {
    const m = c.dept === '$matched' ? matched(c, '部门名册中有此人', '部门名册中无此人') : undefined;
    ps = m ? [m] : phrases(c, c.dept === '$matched' ? { name: '部门名册中有此人', show: plain, unit: '' } : deptSubject(c.dept, opts.department));
  } else if ('previous' in c) {
    const m = c.previous === '$matched' ? matched(c, '有上一轮记录', '无上一轮记录') : undefined;
    if (m) ps = [m];
    else {
      const s = c.previous === '$matched' ? { name: '有上一轮记录', show: plain, unit: '' } : itemSubject(c.previous, form);
      ps = phrases(c, { ...s, name: `上一轮的 ${s.name}` });
    }
  } else if ('item' in c && !('answered' in c)) {
    ps = phrases(c, itemSubject(c.item, form));
  } else {
    return describe(normalizeCondition(c), form, opts);
  }
  return ps.length === 1 ? { text: ps[0]!, join: 'leaf' } : { text: ps.join(' 且 '), join: 'and' };
}

/**
 * A condition in words (zh-CN), for data dictionaries, rule listings and review. With the form,
 * items are named by number and label and codes by their labels; without it, by key and value.
 * `{ dept: … }` fields are named from the partner department's extract layout when
 * `opts.department` is given.
 *
 * @example
 * ```ts
 * describeCondition({ all: [{ item: '$age', gte: 16 }, { item: 'r16', eq: 2 }] }, personForm('2017'));
 * //=> '年龄 ≥ 16 岁 且 R16 是否就业 为 “否”'
 * describeCondition({ any: [{ item: 'r17', in: [1, 2] }, { dept: '$matched', eq: false }] });
 * //=> 'r17 为 1、2 之一 或 部门名册中无此人'
 * ```
 */
export function describeCondition(c: Condition, form?: FormDefinition, opts: DescribeConditionOptions = {}): string {
  return describe(c, form, opts).text;
}
