/**
 * The stable codes of the register: why an event was not applied, what was found when a register
 * was opened, and why a register could not be opened. A code never changes meaning once released;
 * a new meaning is a new code.
 */

/**
 * Why an event was not applied (a rejection), or that it was a conflict:
 * - `REGISTER_EVENT_INVALID` — not a change event (the format's own issues, `EVENT_*` codes, in `details`);
 * - `REGISTER_PERSON_UNKNOWN` — a `set` or `exit` for a person the register does not hold;
 * - `REGISTER_PERSON_EXISTS` — an `add` of a person the register holds (and who has not exited);
 * - `REGISTER_PERSON_EXITED` — a `set` or `exit` for a person who has exited;
 * - `REGISTER_ITEM_UNKNOWN` — a `set` of a column the form does not have;
 * - `REGISTER_KEY_MISMATCH` — an `add` whose record's key (ID, certificate number or the caller's key) is not the event's `person`;
 * - `REGISTER_KEY_CHANGED` — a `set` that would change the person's key (an ID corrected: exit the old key, add the new one);
 * - `REGISTER_RECORD_INVALID` — the record after the edit has an error (of the form's rules or the
 *   consistency rules) that it did not have before; the rules' issues in `details`;
 * - `REGISTER_CONFLICT` — a `set` whose `old` is not the register's current value (two devices edited one person).
 *
 * @example
 * ```ts
 * import { REGISTER_EVENT_CODES } from '@canji/rounds';
 * REGISTER_EVENT_CODES.includes('REGISTER_CONFLICT'); //=> true
 * ```
 */
export const REGISTER_EVENT_CODES = [
  'REGISTER_EVENT_INVALID',
  'REGISTER_PERSON_UNKNOWN',
  'REGISTER_PERSON_EXISTS',
  'REGISTER_PERSON_EXITED',
  'REGISTER_ITEM_UNKNOWN',
  'REGISTER_KEY_MISMATCH',
  'REGISTER_KEY_CHANGED',
  'REGISTER_RECORD_INVALID',
  'REGISTER_CONFLICT',
] as const;
/** A code of {@link REGISTER_EVENT_CODES}. */
export type RegisterEventCode = (typeof REGISTER_EVENT_CODES)[number];

/**
 * What opening a register found and repaired (nothing committed is ever dropped):
 * - `REGISTER_JOURNAL_TORN` — the journal's last line was cut off (the process was killed while
 *   writing it); it was never committed and is dropped;
 * - `REGISTER_JOURNAL_UNCOMMITTED` — complete lines after the last commit mark (a batch being
 *   written when the process stopped); they are dropped, so a batch is applied whole or not at all.
 */
export const REGISTER_RECOVERY_CODES = ['REGISTER_JOURNAL_TORN', 'REGISTER_JOURNAL_UNCOMMITTED'] as const;
/** A code of {@link REGISTER_RECOVERY_CODES}. */
export type RegisterRecoveryCode = (typeof REGISTER_RECOVERY_CODES)[number];

/**
 * Why a register cannot be opened or used ({@link RegisterError}):
 * - `REGISTER_PATH_INVALID` — the path is not a directory (file store) or a file (DuckDB store), or cannot be created;
 * - `REGISTER_STORE_MISMATCH` — the path holds the other kind of store, or something that is not a register;
 * - `REGISTER_FORMAT_UNSUPPORTED` — the register was written by a newer canji;
 * - `REGISTER_OPTIONS_MISMATCH` — the form version or key given is not the register's;
 * - `REGISTER_CORRUPT` — a committed line's checksum does not match, or the base is damaged;
 * - `REGISTER_LOCKED` — another process has the register open;
 * - `REGISTER_STORE_UNAVAILABLE` — `@duckdb/node-api` cannot be loaded;
 * - `REGISTER_CLOSED` — the register was closed (or a write failed and it closed itself);
 * - `REGISTER_WRITE_FAILED` — the store could not write (a full disk): the batch was not committed;
 * - `REGISTER_DATE_INVALID` — a date given to `snapshot` or `notUpdatedSince` is not `YYYY-MM-DD`.
 */
export const REGISTER_ERROR_CODES = [
  'REGISTER_PATH_INVALID',
  'REGISTER_STORE_MISMATCH',
  'REGISTER_FORMAT_UNSUPPORTED',
  'REGISTER_OPTIONS_MISMATCH',
  'REGISTER_CORRUPT',
  'REGISTER_LOCKED',
  'REGISTER_STORE_UNAVAILABLE',
  'REGISTER_CLOSED',
  'REGISTER_WRITE_FAILED',
  'REGISTER_DATE_INVALID',
] as const;
/** A code of {@link REGISTER_ERROR_CODES}. */
export type RegisterErrorCode = (typeof REGISTER_ERROR_CODES)[number];

/**
 * A register that cannot be opened or used: a stable `code` and a zh-CN message. Bad events never
 * throw (they are rejections in the report); this is for the store itself.
 *
 * @example
 * ```ts
 * import { openRegister, RegisterError } from '@canji/rounds';
 * try {
 *   await openRegister({ path: 'county.duckdb', store: 'file' });
 * } catch (e) {
 *   if (e instanceof RegisterError) e.code; //=> 'REGISTER_STORE_MISMATCH'
 * }
 * ```
 */
export class RegisterError extends Error {
  constructor(
    readonly code: RegisterErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RegisterError';
  }
}

/**
 * The codes of a register load that cannot be done:
 * - `REGISTER_ALREADY_LOADED` — the register already has a base (or has applied events);
 * - `REGISTER_AS_OF_INVALID` — `asOf` is not a `YYYY-MM-DD` date;
 * - `REGISTER_SOURCE_MISSING` — no `source` given;
 * - `REGISTER_KEY_UNAVAILABLE` — the register is keyed by a caller's function that was not given to `openRegister`.
 */
export const REGISTER_LOAD_CODES = ['REGISTER_ALREADY_LOADED', 'REGISTER_AS_OF_INVALID', 'REGISTER_SOURCE_MISSING', 'REGISTER_KEY_UNAVAILABLE'] as const;
/** A code of {@link REGISTER_LOAD_CODES}. */
export type RegisterLoadCode = (typeof REGISTER_LOAD_CODES)[number];
