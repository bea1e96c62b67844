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
