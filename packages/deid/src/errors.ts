/**
 * Stable error codes of @canji/deid. A code never changes meaning once released; messages are zh-CN.
 *
 * @example
 * const r = await createPseudonymizer({ key: new Uint8Array(16), keyId: 'k1' });
 * !r.ok && r.error.code //=> 'DEID_KEY_TOO_SHORT'
 */
export type DeidErrorCode =
  | 'DEID_KEY_TOO_SHORT'
  | 'DEID_KEY_WEAK'
  | 'DEID_KEY_ID_INVALID'
  | 'DEID_TOKEN_LENGTH_INVALID'
  | 'DEID_CRYPTO_UNAVAILABLE'
  | 'DEID_ID_INVALID'
  | 'DEID_PSEUDONYMIZER_MISSING'
  | 'DEID_ID_PATTERN_FOUND'
  | 'DEID_HIERARCHY_INVALID'
  | 'DEID_LEVEL_INVALID'
  | 'DEID_RULE_INVALID'
  | 'DEID_QUASI_IDENTIFIERS_EMPTY'
  | 'DEID_K_INVALID'
  | 'DEID_SUPPRESSION_INVALID'
  | 'DEID_LATTICE_TOO_LARGE'
  | 'DEID_K_UNREACHABLE'
  | 'DEID_TABLE_SHAPE'
  | 'DEID_TABLE_NOT_ADDITIVE'
  | 'DEID_THRESHOLD_INVALID';

/**
 * An error with a stable machine code and a zh-CN message.
 *
 * @example
 * { code: 'DEID_K_UNREACHABLE', message: '即使完全泛化也无法…' }
 */
export interface DeidError {
  code: DeidErrorCode;
  message: string;
  /** The record field or quasi-identifier the error is about, when there is one. */
  field?: string;
}

/**
 * `{ ok: true, value }` or `{ ok: false, error }` — nothing in this package throws on bad input.
 *
 * @example
 * const r = validatePolicy(policy);
 * if (!r.ok) console.error(r.error.code, r.error.message);
 */
export type DeidResult<T> = { ok: true; value: T } | { ok: false; error: DeidError };

/** @internal */
export function deidFail(code: DeidErrorCode, message: string, field?: string): { ok: false; error: DeidError } {
  return { ok: false, error: field === undefined ? { code, message } : { code, message, field } };
}
