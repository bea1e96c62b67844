/**
 * The two sides of a department discrepancy as a person reads them: the recorded value in the
 * labels of the form item's code list, the department's value in the labels of the extract
 * field's code list — each `label（code）`, so that the two lists' codes are never confused.
 */
import { getExtractDepartment, itemTitle, valueLabel, type ExtractField, type FormDefinition } from '@canji/form';
import { MERGED_FIELDS } from './departments.js';
import type { DepartmentId, DiscrepancyCorrectionSpec } from './model.js';
import type { DiscrepancyCorrection } from './report.js';

/** Shown for a value that is absent. */
export const VALUE_NOT_RECORDED = '（未填）';
/** Shown for the department's side when the person is not in its extract. */
export const VALUE_NOT_IN_EXTRACT = '（名册中无此人）';
/** Shown for the department's side when the person is in the extract but the field is empty. */
export const VALUE_NOT_GIVEN = '（部门未提供）';

const SEX: Record<string, string> = { male: '男', female: '女' };

const empty = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
const withCode = (label: string | undefined, code: unknown) => (label === undefined || label === String(code) ? String(code) : `${label}（${String(code)}）`);

/**
 * @internal A recorded value in the labels of its item's code list (`valueLabel` of
 * `@canji/form`), sex in words, and {@link VALUE_NOT_RECORDED} when absent.
 *
 * @example
 * ```ts
 * recordedValueLabel(personForm('2017'), 'r27', [1, 3]); //=> '最低生活保障（1）、医疗救助（3）'
 * recordedValueLabel(personForm('2017'), 'r27', undefined); //=> '（未填）'
 * ```
 */
export function recordedValueLabel(form: FormDefinition, item: string, value: unknown): string {
  if (empty(value)) return VALUE_NOT_RECORDED;
  if (item === 'sex' && typeof value === 'string' && SEX[value]) return SEX[value]!;
  return valueLabel(form, item, value);
}

/**
 * The department's value in the labels of its extract field's code list.
 *
 * @example
 * ```ts
 * departmentValueLabel('public-security', 'registration_status', 2, true); //=> '迁出（2）'
 * departmentValueLabel('civil-affairs', 'benefits', undefined, false); //=> '（名册中无此人）'
 * ```
 */
export function departmentValueLabel(department: DepartmentId, field: string, value: unknown, matched: boolean): string {
  if (!matched) return VALUE_NOT_IN_EXTRACT;
  if (empty(value)) return VALUE_NOT_GIVEN;
  const key = MERGED_FIELDS[department]?.[field] ?? field;
  const f: ExtractField | undefined = (getExtractDepartment(department)?.fields as readonly ExtractField[] | undefined)?.find((x) => x.key === key);
  const one = (v: unknown): string => {
    if (f?.type === 'sex' && typeof v === 'string') return SEX[v] ?? v;
    if (f?.type === 'yes-no') return withCode(v === 1 ? '是' : v === 2 ? '否' : undefined, v);
    if (f?.codes) return withCode(f.codes.codes.find((c) => c.code === v)?.label, v);
    return String(v);
  };
  return Array.isArray(value) ? value.map(one).join('、') : one(value);
}

const includes = (v: unknown, x: number | string) => (Array.isArray(v) ? v.includes(x) : v === x);

/**
 * The correction of the record that confirming the department's value implies (see
 * `CrossCheckRule.corrects`), or `undefined` when it must be made by hand.
 *
 * @example
 * ```ts
 * correctionOf(personForm('2017'), { kind: 'toggle', item: 'r27', code: 1, when: 1 }, [1, 3], true);
 * //=> { item: 'r27', op: 'add', value: 1, label: 'R27 … 增加“最低生活保障（1）”' }
 * ```
 */
export function correctionOf(form: FormDefinition, spec: DiscrepancyCorrectionSpec, departmentValue: unknown, matched: boolean): DiscrepancyCorrection | undefined {
  const title = itemTitle(form, spec.item);
  switch (spec.kind) {
    case 'copy':
      if (!matched || empty(departmentValue)) return undefined;
      return { item: spec.item, op: 'set', value: departmentValue, label: `${title} 改为“${recordedValueLabel(form, spec.item, departmentValue)}”` };
    case 'map': {
      const to = matched && !empty(departmentValue) ? spec.map[String(departmentValue)] : undefined;
      if (to === undefined) return undefined;
      return { item: spec.item, op: 'set', value: to, label: `${title} 改为“${recordedValueLabel(form, spec.item, to)}”` };
    }
    case 'toggle': {
      const on = matched && includes(departmentValue, spec.when);
      const code = recordedValueLabel(form, spec.item, spec.code);
      return { item: spec.item, op: on ? 'add' : 'remove', value: spec.code, label: `${title} ${on ? '增加' : '去掉'}“${code}”` };
    }
  }
}
