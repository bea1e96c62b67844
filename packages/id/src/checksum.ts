/**
 * ISO 7064 MOD 11-2 as specified by GB 11643-1999 §5.2: weights W_i = 2^(i-1) mod 11 for positions
 * 18…2, sum mod 11 mapped through `10X98765432`.
 */
/** @internal */
export const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';
/** @internal Char codes of the check characters, indexed by the weighted sum mod 11. */
export const CHECK_CHAR_CODES: readonly number[] = Array.from(CHECK_CHARS, (c) => c.charCodeAt(0));

/** @internal Checksum of the first 17 characters, which must be ASCII digits (not checked). */
export function checkCharOfDigits(s: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (s.charCodeAt(i) - 48) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/**
 * The GB 11643-1999 check character (ISO 7064 MOD 11-2) of the first 17 digits.
 *
 * @summary Check character of a resident identity number
 * @param first17 - the first 17 digits (an 18-character number is accepted; its last character is ignored)
 * @returns `'0'`–`'9'` or `'X'`, or `''` when `first17` does not start with 17 ASCII digits
 * @example
 * residentIdCheckCharacter('11010519491231002') //=> 'X'  (the standard's own example)
 */
export function residentIdCheckCharacter(first17: string): string {
  if (typeof first17 !== 'string' || first17.length < 17) return '';
  for (let i = 0; i < 17; i++) {
    const c = first17.charCodeAt(i);
    if (c < 48 || c > 57) return '';
  }
  return checkCharOfDigits(first17);
}
