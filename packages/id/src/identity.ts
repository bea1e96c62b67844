/**
 * The fast identity read: what a batch needs from an ID number on every record (is it a plain,
 * valid citizen number; the age it gives at the reference date) without building a parse result.
 * `parseResidentId` stays the authority: anything this read is not sure about is left to it.
 */
import { canonicalResidentId } from './resident-id.js';
import { yearsBetween } from './dates.js';

/** A calendar date as [year, month 1–12, day]. */
export type Ymd = readonly [number, number, number];

/** {@link quickResidentIdAge}: the number is valid but `parseResidentId` would not pass it without a problem or warning. */
export const QUICK_ID_PROBLEM = -1;
/** {@link quickResidentIdAge}: not a plain 18-character citizen number; ask `parseResidentId`. */
export const QUICK_ID_ASK_PARSER = -2;

/** The number written by `len` ASCII digits at `from`, or -1. */
function digitsAt(s: string, from: number, len: number): number {
  let n = 0;
  for (let i = from; i < from + len; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/**
 * Age in whole years on `at` of a person born on `birth` (the birthday itself counts: a person
 * born on 2010-07-01 is 7 on 2017-07-01). Negative when `at` is before `birth`.
 *
 * @example
 * ```ts
 * yearsOld([2010, 7, 1], [2017, 6, 30]); //=> 6
 * yearsOld([2010, 7, 1], [2017, 7, 1]); //=> 7
 * ```
 */
export function yearsOld(birth: Ymd, at: Ymd): number {
  return yearsBetween(birth as [number, number, number], at as [number, number, number]);
}

/**
 * The verdict `parseResidentId(s, { asOf })` gives a plain 18-character citizen number (digits
 * with an upper-case check character X, first digit 1–8), without building the parse result:
 * - the age in whole years at `at` (≥ 0) when the number passes the GB 11643-1999 checks with no
 *   warning (its canonical form is `s` itself, the birth date is not after `at`, the age is at
 *   most 120);
 * - {@link QUICK_ID_PROBLEM} when the parser would report an error or a warning (birth date after
 *   the reference date, age over 120);
 * - {@link QUICK_ID_ASK_PARSER} for anything else (other lengths, lower-case or full-width
 *   characters, 港澳台 and foreigners' numbers, a bad check character): the parser decides.
 *
 * @example
 * ```ts
 * const id = makeResidentId({ regionCode: '430102', birthDate: '2010-07-01', sex: 'female' });
 * quickResidentIdAge(id, [2017, 6, 30]); //=> 6
 * quickResidentIdAge(id, [2009, 1, 1]); //=> -1 (QUICK_ID_PROBLEM: born after the reference date)
 * quickResidentIdAge(id.toLowerCase().slice(0, 15), [2017, 6, 30]); //=> -2 (QUICK_ID_ASK_PARSER)
 * ```
 */
export function quickResidentIdAge(s: string, at: Ymd): number {
  if (s.length !== 18) return QUICK_ID_ASK_PARSER;
  const c0 = s.charCodeAt(0);
  if (c0 < 49 || c0 > 56) return QUICK_ID_ASK_PARSER; // foreign permanent residents (9…) and odd input
  if (canonicalResidentId(s) !== s) return QUICK_ID_ASK_PARSER;
  const y = digitsAt(s, 6, 4);
  const m = digitsAt(s, 10, 2);
  const d = digitsAt(s, 12, 2);
  if (y > at[0] || (y === at[0] && (m > at[1] || (m === at[1] && d > at[2])))) return QUICK_ID_PROBLEM;
  const age = yearsOld([y, m, d], at);
  return age > 120 ? QUICK_ID_PROBLEM : age;
}

/**
 * Sex carried by an 18-character ID number (17th digit odd = male), or `undefined` when that
 * character is not a digit.
 *
 * @example
 * ```ts
 * sexOfResidentId(makeResidentId({ regionCode: '430102', birthDate: '2010-07-01', sex: 'female' })); //=> 'female'
 * ```
 */
export function sexOfResidentId(id: string): 'male' | 'female' | undefined {
  const c = id.charCodeAt(16) - 48;
  if (c < 0 || c > 9) return undefined;
  return c % 2 === 1 ? 'male' : 'female';
}
