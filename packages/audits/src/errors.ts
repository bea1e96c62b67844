/**
 * Results and errors of the audits: a function given a bad specification returns
 * `{ ok: false, error }` with a stable UPPER_SNAKE code and a zh-CN message, never throws.
 */

/**
 * Stable codes of the audits' errors and notes:
 * - `AUDIT_SPEC_INVALID` — the sample specification is not one this package can draw (method, sizes, levels);
 * - `AUDIT_SEED_INVALID` — the seed is not an integer 0 … 2^32 − 1;
 * - `AUDIT_LEVELS_INVALID` — a cluster level's stages do not go down the region levels to villages;
 * - `AUDIT_OPTIONS_INVALID` — an option of the comparison or the collector figures is out of range;
 * - `AUDIT_RECORD_NOT_OBJECT` — an input record is not an object (left out, counted);
 * - `AUDIT_NO_REGION` — a record has no 12-digit region code (left out of a cluster sample);
 * - `AUDIT_NO_KEY` — a record has no usable resident ID (left out of matching);
 * - `AUDIT_DUPLICATE_KEY` — two records carry the same resident ID (the first is used);
 * - `AUDIT_REVISIT_UNMATCHED` — a re-visit record matches no original record;
 * - `AUDIT_ITEM_UNKNOWN` — a requested item is not an item of the form;
 * - `AUDIT_FORM_UNMATCHED` — a form of one entry (re-keying) or a case of the key (trainee scoring) has no counterpart in the other;
 * - `AUDIT_UNIT_UNKNOWN` — a supervision register names a unit code the region table does not know;
 * - `AUDIT_UNIT_OUTSIDE` — a supervision register names a unit outside the region audited;
 * - `AUDIT_FIELD_INVALID` — a row of a register lacks a required field or has one that cannot be read (a date that is no date).
 *
 * @example
 * ```ts
 * import { AUDIT_CODES } from '@canji/audits';
 * AUDIT_CODES.includes('AUDIT_SEED_INVALID'); //=> true
 * ```
 */
export const AUDIT_CODES = [
  'AUDIT_SPEC_INVALID',
  'AUDIT_SEED_INVALID',
  'AUDIT_LEVELS_INVALID',
  'AUDIT_OPTIONS_INVALID',
  'AUDIT_RECORD_NOT_OBJECT',
  'AUDIT_NO_REGION',
  'AUDIT_NO_KEY',
  'AUDIT_DUPLICATE_KEY',
  'AUDIT_REVISIT_UNMATCHED',
  'AUDIT_ITEM_UNKNOWN',
  'AUDIT_FORM_UNMATCHED',
  'AUDIT_UNIT_UNKNOWN',
  'AUDIT_UNIT_OUTSIDE',
  'AUDIT_FIELD_INVALID',
] as const;
export type AuditCode = (typeof AUDIT_CODES)[number];

/** An error or a note of the audits: a stable code and a zh-CN message (never an ID in full). */
export interface AuditIssue {
  readonly code: AuditCode;
  readonly message: string;
  /** Index of the record concerned in the input, when one is. */
  readonly index?: number;
}

/** The outcome of an audit function: the value, or why there is none. */
export type AuditResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: AuditIssue };

/** @internal */
export const fail = (code: AuditCode, message: string): { ok: false; error: AuditIssue } => ({ ok: false, error: { code, message } });
