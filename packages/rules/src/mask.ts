/**
 * Masks for the examples of a validation report. The identifier and name masks are `@canji/id`'s
 * (`maskIdentifier`, `maskName`), the same ones `@canji/deid` uses, so `欧阳某某` is `欧阳**` in a report
 * and in a de-identified extract alike; this module adds the free-text mask and the report's view of
 * which columns identify a person.
 */
import { maskIdentifier, maskName } from '@canji/id';

/**
 * @internal A recorded name as a report example shows it: `@canji/id`'s `maskName` (default preset),
 * `undefined` when there is no name to show (absent, not a string, blank).
 */
export function maskExampleName(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  return maskName(value) || undefined;
}

const ID_LIKE = /\d{17}[\dXx]|\d{15}/g;
const LONG_DIGITS = /\d{7,}/g;

/**
 * Removes identifiers from a free-text message for a report: ID and certificate numbers are
 * masked like {@link maskIdentifier}; other runs of 7 or more digits (phone numbers) keep their
 * first 3 and last 2 digits.
 *
 * @example
 * ```ts
 * maskMessage('公民身份号码 11010519491231002X 与证号不一致'); //=> '公民身份号码 110105********002X 与证号不一致'
 * maskMessage('联系电话“13800001234”格式不符'); //=> '联系电话“138******34”格式不符'
 * ```
 */
export function maskMessage(message: string): string {
  return message
    .replace(ID_LIKE, (m) => maskIdentifier(m) ?? '')
    .replace(LONG_DIGITS, (m) => (m.includes('*') ? m : `${m.slice(0, 3)}${'*'.repeat(m.length - 5)}${m.slice(-2)}`));
}

/** Columns whose values identify a person: values of rules on them are masked in examples. */
export const IDENTIFYING_COLUMNS: ReadonlySet<string> = new Set(['name', 'resident_id', 'certificate_no', 'householder_id', 'householder_name', 'declarant_name', 'r1', 'r2', 'r5', 'r6']);

/** @internal Masks a recorded or department value of an identifying column. */
export function maskValue(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  return /^[\dXx]{15,22}$/.test(v) ? maskIdentifier(v) : /\d{7,}/.test(v) ? maskMessage(v) : maskExampleName(v);
}
