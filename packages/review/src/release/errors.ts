/**
 * Errors of the release gate: a stable code and a zh-CN message; `field` names the part of the
 * input at fault when there is one.
 *
 * @example
 * const e: ReleaseError = { code: 'RELEASE_APPROVAL_INVALID', message: '批准记录缺少批准文号（approvalNo）', field: 'approvalNo' };
 */
export interface ReleaseError {
  readonly code: ReleaseErrorCode;
  readonly message: string;
  readonly field?: string;
}

/**
 * - `RELEASE_APPROVAL_INVALID`: the approval record is missing a field or a field is malformed.
 * - `RELEASE_AUDIENCE_NOT_APPROVED`: the release is for a wider audience than the approval allows.
 * - `RELEASE_APPROVAL_DATE`: the approval is dated after the release date.
 * - `RELEASE_OPTIONS_INVALID`: threshold, protection interval or dates invalid.
 * - `RELEASE_INPUT_INVALID`: the input is not an indicator result as `canji indicators` writes it.
 * - `RELEASE_INPUT_SUPPRESSED`: the input was already suppressed (the gate needs the internal counts).
 * - `RELEASE_INDICATOR_UNKNOWN`: an indicator asked for is not in the input.
 * - `RELEASE_NOT_ADDITIVE`: the input's roll-ups do not add up (suppression cannot protect it).
 * - `RELEASE_AUDIT_FAILED`: some hidden count stays recomputable or too narrowly bounded: nothing is released.
 *
 * @example
 * const c: ReleaseErrorCode = 'RELEASE_AUDIT_FAILED';
 */
export type ReleaseErrorCode =
  | 'RELEASE_APPROVAL_INVALID'
  | 'RELEASE_AUDIENCE_NOT_APPROVED'
  | 'RELEASE_APPROVAL_DATE'
  | 'RELEASE_OPTIONS_INVALID'
  | 'RELEASE_INPUT_INVALID'
  | 'RELEASE_INPUT_SUPPRESSED'
  | 'RELEASE_INDICATOR_UNKNOWN'
  | 'RELEASE_NOT_ADDITIVE'
  | 'RELEASE_AUDIT_FAILED';

/**
 * A value or a {@link ReleaseError}.
 *
 * @example
 * const r: ReleaseResult<number> = { ok: true, value: 1 };
 */
export type ReleaseResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ReleaseError };

export const releaseFail = (code: ReleaseErrorCode, message: string, field?: string): { ok: false; error: ReleaseError } => ({
  ok: false,
  error: { code, message, ...(field ? { field } : {}) },
});

/** `YYYY-MM-DD` and a real calendar date. */
export function isIsoDate(v: unknown): v is string {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}
