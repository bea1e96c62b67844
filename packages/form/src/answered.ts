/**
 * Whether an answer counts as given: not `undefined`, `null`, `''` or an empty array.
 *
 * @example
 * ```ts
 * isAnswered([]); //=> false
 * isAnswered(2); //=> true
 * ```
 */
export function isAnswered(v: unknown): boolean {
  if (v === undefined || v === null || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  return true;
}
