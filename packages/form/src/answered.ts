/**
 * "Answered" — the one definition every package uses (skip-logic rules, indicator denominators,
 * completeness counts), so an item counts as filled in or not the same way everywhere.
 */

/**
 * Whether an item's value counts as an answer. Unanswered are:
 * - `undefined` and `null` (the item is absent);
 * - a string that is empty or holds only whitespace (spaces, tabs, the full-width space U+3000,
 *   no-break spaces — whatever `String.prototype.trim` removes): a cell of spaces is an empty cell
 *   in a spreadsheet, and an office's export pads cells with spaces;
 * - an empty array (a multiple-choice item with no choice);
 * - `NaN` (what a failed number conversion leaves behind, not a value anyone entered).
 *
 * Every other value is an answer — any other number, a non-blank string, a non-empty array, and
 * values of other types (`true`, an object): something was entered, and whether it is a *valid*
 * answer is the validator's business, not this predicate's (treating it as unanswered would let a
 * skip-logic rule pass a value that must not be there).
 *
 * @example
 * ```ts
 * import { isAnswered } from '@canji/form';
 * [isAnswered(2), isAnswered(0), isAnswered('张三'), isAnswered([1, 3])]; //=> [true, true, true, true]
 * [isAnswered(undefined), isAnswered(null), isAnswered(''), isAnswered(' \u3000'), isAnswered([]), isAnswered(NaN)];
 * //=> [false, false, false, false, false, false]
 * ```
 */
export function isAnswered(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  switch (typeof value) {
    case 'number':
      return value === value; // NaN is the only value unequal to itself
    case 'string':
      return isNonBlank(value);
    case 'object':
      return !Array.isArray(value) || value.length > 0;
    default:
      return true;
  }
}

// A first character that is printable ASCII (not a space) decides at once, without scanning the
// string; otherwise `\S` (the complement of what `trim` removes) looks for any non-blank character.
const NON_BLANK = /\S/;
function isNonBlank(s: string): boolean {
  const c = s.charCodeAt(0);
  if (c > 0x20 && c < 0x7f) return true;
  return NON_BLANK.test(s);
}
