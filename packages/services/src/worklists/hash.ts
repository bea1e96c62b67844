/**
 * A short, stable, non-cryptographic hash for entry numbers and fingerprints: 60 bits of two
 * FNV-1a passes (different offsets) over the UTF-16 code units, written in Crockford's base 32
 * (no I, L, O, U: easy to read back from a printed list). Not a pseudonym: it hides nothing.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function fnv1a(text: string, offset: number): number {
  let h = offset >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * 12 base-32 characters (60 bits) of `text`.
 *
 * @example
 * ```ts
 * shortHash('abc').length; //=> 12
 * shortHash('abc') === shortHash('abc'); //=> true
 * ```
 */
export function shortHash(text: string): string {
  const a = fnv1a(text, 0x811c9dc5);
  const b = fnv1a(text, 0x01000193 ^ a);
  // 30 bits from each half.
  let out = '';
  for (const h of [a >>> 2, b >>> 2]) for (let i = 5; i >= 0; i--) out += ALPHABET[(h >>> (i * 5)) & 31];
  return out;
}
