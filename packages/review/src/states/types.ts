import type { RegionLevel } from '@canji/regions';
import type { ReviewLevel } from './levels.js';

/**
 * What a round's review is: the levels (bottom first) and the units, as region codes (canonical:
 * province 2 digits, prefecture 4, county 6, township 9). The hierarchy among the units is the
 * codes' (a unit is below another when its code starts with the other's). Kept in the log's first
 * event of the round, so replaying the log never depends on a region table's edition.
 */
export interface ReviewConfig {
  /** The top unit (the province, or a prefecture reviewing on its own). */
  readonly top: string;
  readonly levels: readonly ReviewLevel[];
  /** Every unit of the round, `top` included, in code order. */
  readonly units: readonly string[];
  /** Names of the units, for status trees (optional). */
  readonly names?: Readonly<Record<string, string>>;
}

/** The kinds of event in the log. */
export type ReviewEventKind = 'configure' | 'submit' | 'approve' | 'return';

/**
 * One entry of the append-only log: every transition, with who, when, which batch (SHA-256) and
 * why. `seq` counts the store's events from 1; `chain` is the SHA-256 of the previous event's
 * `chain` and this event's canonical JSON (without `chain`), so a changed or deleted line is found.
 */
export interface ReviewEvent {
  readonly seq: number;
  readonly round: string;
  readonly kind: ReviewEventKind;
  /** The unit concerned (for `configure`, the top unit). */
  readonly unit: string;
  /** The level that approved or sent back. */
  readonly level?: string;
  readonly by: string;
  /** When (ISO 8601, given by the caller — nothing reads the clock). */
  readonly at: string;
  /** SHA-256 of the batch file's bytes (submit: the batch sent; approve: the batch approved). */
  readonly hash?: string;
  /** Canonical hash of the batch's content, when the caller computed one (see README: 内容哈希). */
  readonly contentHash?: string;
  /** Where the batch was (as given), so a status can take its hash again. */
  readonly batch?: string;
  /** Why (required for a return; optional note otherwise). */
  readonly reason?: string;
  /** `configure` only. */
  readonly config?: ReviewConfig;
  /** The unit's state before and after (for a reader of the log; replay recomputes them). */
  readonly from?: ReviewStateCode;
  readonly to?: ReviewStateCode;
  readonly chain: string;
}

/** An event as a caller proposes it (the store adds `seq` and `chain`). */
export type ReviewEventDraft = Omit<ReviewEvent, 'seq' | 'chain'>;

/**
 * The state of a unit in its round:
 * - `unsubmitted` 未提交; `submitted` 已提交（待…审核）;
 * - `approved` — approved at `level` (县级已审核 …);
 * - `returned` — sent back by `level` with a reason (…退回), to be submitted again.
 */
export type ReviewStateCode = 'unsubmitted' | 'submitted' | 'approved' | 'returned';

/** One approval of the unit's current submission. */
export interface ReviewApproval {
  readonly level: string;
  readonly by: string;
  readonly at: string;
  /** SHA-256 of the batch approved (the lock). */
  readonly hash: string;
  readonly seq: number;
}

/** The state of one unit as the log says (no file consulted). */
export interface UnitReviewState {
  readonly unit: string;
  readonly state: ReviewStateCode;
  /** Approved: the highest level that approved; returned: the level that sent back. */
  readonly level?: string;
  /** 0 when not approved; i + 1 when approved at `levels[i]`. */
  readonly rank: number;
  /** The submission (absent while unsubmitted). */
  readonly submitted?: { readonly by: string; readonly at: string; readonly hash: string; readonly contentHash?: string; readonly batch?: string; readonly seq: number };
  /** Approvals of the current submission, bottom first. */
  readonly approvals: readonly ReviewApproval[];
  readonly returned?: { readonly level: string; readonly by: string; readonly at: string; readonly reason: string; readonly seq: number };
  /** The last event that changed the unit. */
  readonly lastSeq: number;
}

/** The state of a round: its config and each unit's state. */
export interface ReviewRoundState {
  readonly round: string;
  readonly config: ReviewConfig;
  readonly units: ReadonlyMap<string, UnitReviewState>;
  /** Events of the round replayed. */
  readonly events: number;
  readonly lastSeq: number;
}

/** Why an approval shown in a status no longer holds. */
export type ReviewInvalidation =
  | { readonly reason: 'BATCH_CHANGED'; readonly approvedHash: string; readonly currentHash: string }
  | { readonly reason: 'BATCH_MISSING'; readonly approvedHash: string; readonly batch: string }
  | { readonly reason: 'BELOW_INVALIDATED'; readonly units: readonly string[] };

/** A unit in a status tree: its logged state, and whether its approval still holds. */
export interface UnitReviewStatus extends UnitReviewState {
  readonly name?: string;
  readonly regionLevel: RegionLevel;
  /** The unit's depth in the round's tree (0 for the top). */
  readonly depth: number;
  /** zh-CN label: 未提交, 已提交（待县级审核）, 县级已审核, 市级退回, 已失效：数据已变更 … */
  readonly label: string;
  /** Approved and the approval still holds (the batch is the one approved, and so are those below). */
  readonly approved: boolean;
  /** The highest level that reviews the unit (省级 for every unit of a province's round): approved there, it is done. */
  readonly finalLevel: string;
  /** The level expected to act next (approve or send back), when any. */
  readonly awaiting?: string;
  /** Set when the unit is approved in the log but its approval no longer holds. */
  readonly invalidated?: ReviewInvalidation;
  /** SHA-256 of the batch now (when the status took it again). */
  readonly currentHash?: string;
}

/** A round's status: every unit in tree order, and counts by label. */
export interface ReviewRoundStatus {
  readonly round: string;
  readonly config: ReviewConfig;
  readonly units: readonly UnitReviewStatus[];
  /** Units by label (未提交: 3, 县级已审核: 10, 已失效：数据已变更: 1 …). */
  readonly counts: Readonly<Record<string, number>>;
  /** Every unit approved at the top level and every approval holding. */
  readonly complete: boolean;
  readonly lastSeq: number;
}
