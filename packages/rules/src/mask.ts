/**
 * Masks a resident ID (or the ID part of a certificate number) for examples in a report: the
 * 6-digit region code and the last 4 characters stay, the birth date is hidden. Certificate
 * numbers keep their category/level suffix.
 *
 * @example
 * ```ts
 * maskIdentifier('11010519491231002X'); //=> '110105********002X'
 * maskIdentifier('11010519491231002X42'); //=> '110105********002X42'
 * ```
 */
export function maskIdentifier(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const v = value.trim();
  if (v.length < 10) return '*'.repeat(v.length);
  if (v.length === 15) return `${v.slice(0, 6)}******${v.slice(12)}`;
  if (v.length < 18) return `${v.slice(0, 4)}${'*'.repeat(v.length - 6)}${v.slice(-2)}`;
  return `${v.slice(0, 6)}********${v.slice(14)}`;
}

/**
 * Masks a person's name for examples in a report: the first character stays.
 *
 * @example
 * ```ts
 * maskName('欧阳某某'); //=> '欧***'
 * ```
 */
export function maskName(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const chars = Array.from(value.trim());
  if (chars.length <= 1) return '*';
  return chars[0] + '*'.repeat(chars.length - 1);
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
  return /^[\dXx]{15,22}$/.test(v) ? maskIdentifier(v) : /\d{7,}/.test(v) ? maskMessage(v) : maskName(v);
}
