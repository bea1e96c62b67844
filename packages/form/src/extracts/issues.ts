/** Stable codes of the problems and normalisations `parseExtractRow` reports. */
export const EXTRACT_ISSUE_CODES = {
  /** error: the department id is not a built-in one. */
  EXTRACT_UNKNOWN_DEPARTMENT: 'error',
  /** error: the row is not an object of column → value. */
  EXTRACT_ROW_NOT_OBJECT: 'error',
  /** error: a required field is absent or blank. */
  EXTRACT_MISSING_FIELD: 'error',
  /** error: an ID-number field does not hold a valid ID number (`detail` = the @canji/id error code). */
  EXTRACT_INVALID_ID: 'error',
  /** error: the value cannot be read as its field's type (date, month, yes/no …). */
  EXTRACT_INVALID_VALUE: 'error',
  /** error: the value is not in the field's code list, or its code and label disagree. */
  EXTRACT_UNKNOWN_CODE: 'error',
  /** error: two columns of the row map to one field and hold different values. */
  EXTRACT_COLUMN_CONFLICT: 'error',
  /** warning: a column that no field knows; its value is kept in `extra`. */
  EXTRACT_UNKNOWN_COLUMN: 'warning',
  /** warning: a warning from @canji/id about an ID number (`detail` = its code). */
  EXTRACT_ID_WARNING: 'warning',
  /** warning: sex or birth date given by the department differs from what the ID number says. */
  EXTRACT_ID_DISAGREES: 'warning',
  /** warning: a household registration moved out, deceased or cancelled without the event date. */
  EXTRACT_EVENT_DATE_MISSING: 'warning',
  /** info: two columns map to one field with the same value; the second was not needed. */
  EXTRACT_DUPLICATE_COLUMN: 'info',
  /** info: a column was read by its Chinese label or alias. */
  EXTRACT_HEADER_ALIAS: 'info',
  /** info: an ID number was normalised (`detail` = the @canji/id change codes, e.g. `LEGACY_15_UPGRADED,LOWERCASE_X`). */
  EXTRACT_ID_NORMALISED: 'info',
  /** info: a value was written another way and normalised (是 → 1, 2023年1月 → 2023-01, １ → 1 …). */
  EXTRACT_VALUE_NORMALISED: 'info',
} as const;

export type ExtractIssueCode = keyof typeof EXTRACT_ISSUE_CODES;
export type ExtractIssueSeverity = 'error' | 'warning' | 'info';

/** One problem or normalisation found in a row. */
export interface ExtractIssue {
  readonly code: ExtractIssueCode;
  /** `error` makes the row not `ok`; `warning` needs a look; `info` reports a normalisation. */
  readonly severity: ExtractIssueSeverity;
  /** zh-CN message. */
  readonly message: string;
  /** The field (machine column name) concerned. */
  readonly field?: string;
  /** The row's column (header as written) concerned. */
  readonly column?: string;
  /** The value as written. */
  readonly value?: unknown;
  /** The value it was normalised to. */
  readonly normalised?: unknown;
  /** A more specific code, e.g. the @canji/id error code `ID_CHECKSUM`. */
  readonly detail?: string;
}

export function issue(code: ExtractIssueCode, message: string, extra?: Omit<ExtractIssue, 'code' | 'severity' | 'message'>): ExtractIssue {
  return { code, severity: EXTRACT_ISSUE_CODES[code], message, ...extra };
}

/** A value as shown in a message: at most 40 characters. */
export function show(raw: unknown): string {
  const s = typeof raw === 'string' ? raw : JSON.stringify(raw) ?? String(raw);
  return s.length > 40 ? `${s.slice(0, 39)}…` : s;
}
