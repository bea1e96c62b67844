/**
 * Errors of research access records and tracing: a stable code and a zh-CN message; `field`
 * names the part of the input at fault.
 *
 * @example
 * const e: AccessError = { code: 'ACCESS_REQUEST_EXPIRED', message: '数据使用申请已于 2026-06-30 到期', field: 'expires' };
 */
export interface AccessError {
  readonly code: AccessErrorCode;
  readonly message: string;
  readonly field?: string;
}

/**
 * - `ACCESS_REQUEST_INVALID`: the request record is missing a field or a field is malformed.
 * - `ACCESS_REQUEST_EXPIRED`: the request's expiry date is before the issue date.
 * - `ACCESS_REQUEST_NOT_YET_APPROVED`: the request is approved after the issue date.
 * - `ACCESS_KEY_ID_MISMATCH`: the request names another key than the one used.
 * - `ACCESS_RECIPIENT_INVALID`: the recipient id is empty, too long or holds other characters than letters, digits, `.`, `_`, `-`.
 * - `ACCESS_KEY_INVALID`: the key is too short (fewer than 32 bytes) or key derivation failed.
 * - `ACCESS_RECORD_INVALID`: an access record (sidecar JSON) is not one canji wrote.
 *
 * @example
 * const c: AccessErrorCode = 'ACCESS_REQUEST_EXPIRED';
 */
export type AccessErrorCode =
  | 'ACCESS_REQUEST_INVALID'
  | 'ACCESS_REQUEST_EXPIRED'
  | 'ACCESS_REQUEST_NOT_YET_APPROVED'
  | 'ACCESS_KEY_ID_MISMATCH'
  | 'ACCESS_RECIPIENT_INVALID'
  | 'ACCESS_KEY_INVALID'
  | 'ACCESS_RECORD_INVALID';

/**
 * A value or an {@link AccessError}.
 *
 * @example
 * const r: AccessResult<string> = { ok: true, value: 'team-a' };
 */
export type AccessResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: AccessError };

export const accessFail = (code: AccessErrorCode, message: string, field?: string): { ok: false; error: AccessError } => ({
  ok: false,
  error: { code, message, ...(field ? { field } : {}) },
});
