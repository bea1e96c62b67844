/**
 * Types of the partner-department extract descriptors.
 *
 * A descriptor is plain data (JSON-serialisable): the zod schema and the record type are derived
 * from it in `define.ts`, so the field list is the single source of truth.
 */

/**
 * The seven partner departments (比对部门) that compare their records with the disability records,
 * in the order reports list them. This tuple is the one list of department ids: rules, indicators,
 * synth and the CLI import it.
 *
 * @example
 * ```ts
 * import { DEPARTMENT_IDS } from '@canji/form';
 * DEPARTMENT_IDS.includes('health'); //=> true
 * DEPARTMENT_IDS.length; //=> 7
 * ```
 */
export const DEPARTMENT_IDS = ['education', 'civil-affairs', 'social-security', 'housing', 'health', 'poverty-relief', 'public-security'] as const;

/** A partner department's id: one of {@link DEPARTMENT_IDS}. */
export type ExtractDepartmentId = (typeof DEPARTMENT_IDS)[number];

/**
 * zh-CN names of the partner departments as reports and the CLI print them: the department and,
 * in brackets, the records it compares (the extract descriptors' `name` is the department's full
 * name alone).
 *
 * @example
 * ```ts
 * import { DEPARTMENT_NAMES } from '@canji/form';
 * DEPARTMENT_NAMES.education; //=> '教育部门（学籍）'
 * ```
 */
export const DEPARTMENT_NAMES: Readonly<Record<ExtractDepartmentId, string>> = {
  education: '教育部门（学籍）',
  'civil-affairs': '民政部门（低保、特困、两项补贴）',
  'social-security': '人社部门（社会保险）',
  housing: '住建部门（农村危房改造）',
  health: '卫健部门（家庭医生签约）',
  'poverty-relief': '乡村振兴部门（建档立卡）',
  'public-security': '公安部门（户籍）',
};

/**
 * `true` when `value` is one of {@link DEPARTMENT_IDS} (narrows the type).
 *
 * @example
 * ```ts
 * import { isDepartmentId } from '@canji/form';
 * isDepartmentId('housing'); //=> true
 * isDepartmentId('transport'); //=> false
 * ```
 */
export function isDepartmentId(value: unknown): value is ExtractDepartmentId {
  return typeof value === 'string' && (DEPARTMENT_IDS as readonly string[]).includes(value);
}

/**
 * How a field's value is read and what it becomes in the record:
 * - `resident-id` → canonical 18-character ID number (15-digit legacy upgraded, `x`→`X`, full-width→ASCII)
 * - `text` → trimmed non-empty string
 * - `yes-no` → `1` (是) | `2` (否), as in the person form
 * - `code` → one `code` of the field's code list
 * - `sex` → `'male' | 'female'`, as in the person record
 * - `date` → `'YYYY-MM-DD'`; `month` → `'YYYY-MM'`; `period` → `'YYYY-MM'` or `'YYYY'`
 * - `year` → number (1900–2100); `amount` → non-negative number of yuan
 */
export type ExtractFieldType =
  | 'resident-id'
  | 'text'
  | 'yes-no'
  | 'code'
  | 'sex'
  | 'date'
  | 'month'
  | 'period'
  | 'year'
  | 'amount';

/** One entry of a code list. `aliases` are other spellings accepted on input (never output). */
export interface ExtractCode<C extends number | string = number | string> {
  readonly code: C;
  readonly label: string;
  readonly aliases?: readonly string[];
}

/** A code list of an extract field. */
export interface ExtractCodeList<C extends number | string = number | string> {
  readonly id: string;
  readonly label: string;
  /**
   * `true` when the codes and labels rest on no official exchange format (see `basis`): they are
   * this project's choice and may change before 1.0.
   */
  readonly provisional: boolean;
  readonly basis: string;
  readonly codes: readonly ExtractCode<C>[];
}

/** One field (column) of a department extract. */
export interface ExtractField {
  /** Machine column name (snake_case), the record's key. */
  readonly key: string;
  /** zh-CN label, also accepted as a header. */
  readonly label: string;
  /** Other headers accepted for this column (Chinese spellings, common database column names). */
  readonly aliases: readonly string[];
  readonly type: ExtractFieldType;
  /** A row without this field is rejected (`EXTRACT_MISSING_FIELD`). */
  readonly required: boolean;
  /** The code list, for `type: 'code'`. */
  readonly codes?: ExtractCodeList;
  /** zh-CN explanation: what the value means, and what is provisional about it. */
  readonly description: string;
}

/** A department's extract: who supplies it and which columns it has. */
export interface ExtractDepartment<Id extends string = string, F extends readonly ExtractField[] = readonly ExtractField[]> {
  readonly id: Id;
  /** zh-CN name of the department. */
  readonly name: string;
  /** zh-CN name of the extract (the roster the department holds). */
  readonly extractName: string;
  /** What the comparison is for, and what the layout rests on. */
  readonly description: string;
  /**
   * Always `true` for the built-in departments: no official exchange format for these extracts was
   * found, so the field list is this project's design (see each field's `description`).
   */
  readonly provisional: boolean;
  readonly fields: F;
}
