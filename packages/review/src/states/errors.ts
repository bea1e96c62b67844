/**
 * The stable codes of review: why a transition is refused, and why a review store cannot be
 * opened or read. A code never changes meaning once released; a new meaning is a new code.
 */

/**
 * Codes of {@link ReviewError}:
 * - `REVIEW_COMMAND_INVALID` — a command lacks a field (unit, round, by, at) or has one of the wrong kind;
 * - `REVIEW_CONFIG_INVALID` — the round's levels or units cannot be used (levels not bottom-up, a unit outside the top unit …);
 * - `REVIEW_ROUND_CONFIGURED` — the round is already configured with other levels or units;
 * - `REVIEW_ROUND_UNKNOWN` — the round has not been configured (nothing was submitted in it);
 * - `REVIEW_UNIT_UNKNOWN` — the unit is not one of the round's units;
 * - `REVIEW_LEVEL_UNKNOWN` — no such level in the round's levels;
 * - `REVIEW_LEVEL_NOT_APPLICABLE` — the level does not review this unit (a county is not reviewed by 乡镇级, a province not by 市级);
 * - `REVIEW_SUBMIT_APPROVED` — a unit already approved cannot submit again: the level that approved it must send it back first;
 * - `REVIEW_NOT_SUBMITTED` — approval of a unit that has not submitted (or was sent back and has not submitted again);
 * - `REVIEW_OUT_OF_ORDER` — the level is not the next one to review the unit (市级 before 县级, or approving twice);
 * - `REVIEW_BELOW_NOT_APPROVED` — a unit below has not been approved at this level or above (下一级合格方可申报上一级);
 * - `REVIEW_BATCH_CHANGED` — the batch approved is not the batch submitted (its SHA-256 differs);
 * - `REVIEW_REASON_REQUIRED` — sending back needs a reason;
 * - `REVIEW_NOTHING_TO_RETURN` — the unit has not submitted (or was already sent back);
 * - `REVIEW_RETURN_LEVEL` — the level has not reached the unit yet (县级 data cannot be sent back by 省级 before 市级 approved it);
 * - `REVIEW_ABOVE_APPROVED` — a unit above is approved and relies on this one: send that one back first;
 * - `REVIEW_STORE_PATH_INVALID` — the store's path is empty or cannot be created;
 * - `REVIEW_STORE_MISMATCH` — the path holds something that is not a review store of that kind;
 * - `REVIEW_STORE_LOCKED` — another process (or this one) has the store open;
 * - `REVIEW_STORE_UNAVAILABLE` — `@duckdb/node-api` cannot be loaded;
 * - `REVIEW_STORE_CLOSED` — the store was closed;
 * - `REVIEW_LOG_CORRUPT` — a line or row of the log was changed or lost (its chained hash does not match);
 * - `REVIEW_BATCH_UNREADABLE` — the batch file cannot be read to take its hash.
 *
 * @example
 * ```ts
 * REVIEW_ERROR_CODES.includes('REVIEW_BELOW_NOT_APPROVED'); //=> true
 * ```
 */
export const REVIEW_ERROR_CODES = [
  'REVIEW_COMMAND_INVALID',
  'REVIEW_CONFIG_INVALID',
  'REVIEW_ROUND_CONFIGURED',
  'REVIEW_ROUND_UNKNOWN',
  'REVIEW_UNIT_UNKNOWN',
  'REVIEW_LEVEL_UNKNOWN',
  'REVIEW_LEVEL_NOT_APPLICABLE',
  'REVIEW_SUBMIT_APPROVED',
  'REVIEW_NOT_SUBMITTED',
  'REVIEW_OUT_OF_ORDER',
  'REVIEW_BELOW_NOT_APPROVED',
  'REVIEW_BATCH_CHANGED',
  'REVIEW_REASON_REQUIRED',
  'REVIEW_NOTHING_TO_RETURN',
  'REVIEW_RETURN_LEVEL',
  'REVIEW_ABOVE_APPROVED',
  'REVIEW_STORE_PATH_INVALID',
  'REVIEW_STORE_MISMATCH',
  'REVIEW_STORE_LOCKED',
  'REVIEW_STORE_UNAVAILABLE',
  'REVIEW_STORE_CLOSED',
  'REVIEW_LOG_CORRUPT',
  'REVIEW_BATCH_UNREADABLE',
] as const;

/** A code of {@link REVIEW_ERROR_CODES}. */
export type ReviewErrorCode = (typeof REVIEW_ERROR_CODES)[number];

/** Codes that mean "this transition is not allowed now" (the CLI's exit code 2), as opposed to a store failure. */
export const REVIEW_TRANSITION_CODES: readonly ReviewErrorCode[] = REVIEW_ERROR_CODES.filter((c) => !c.startsWith('REVIEW_STORE_') && c !== 'REVIEW_LOG_CORRUPT' && c !== 'REVIEW_BATCH_UNREADABLE');

/**
 * A refused transition or a store that cannot be used: a stable `code`, a zh-CN `message`, and
 * the units concerned when there are any (the units below not yet approved, the unit above).
 *
 * @example
 * ```ts
 * try {
 *   await approveUnit(store, { round: '2019', unit: '4301', level: 'prefecture', by: '李四', at, hash });
 * } catch (e) {
 *   if (e instanceof ReviewError && e.code === 'REVIEW_BELOW_NOT_APPROVED') console.log(e.units); //=> ['430121', …]
 * }
 * ```
 */
export class ReviewError extends Error {
  override readonly name = 'ReviewError';
  constructor(
    readonly code: ReviewErrorCode,
    message: string,
    readonly units: readonly string[] = [],
  ) {
    super(message);
  }
}
