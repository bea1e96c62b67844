/**
 * Review states as data (审核状态): per unit and round, 未提交 → 县级已审核 → 市级已复核 → 省级已终审 with
 * 退回 at each level; the levels configurable; a unit approved only after every unit below it;
 * approvals locked to the batch's SHA-256; an append-only, hash-chained log from which the state
 * is recomputed; a file (JSON Lines) store and a DuckDB store behind one interface.
 */
export { DEFAULT_REVIEW_LEVELS, TOWNSHIP_REVIEW_LEVEL, KNOWN_REVIEW_LEVEL_IDS, reviewLevels, checkReviewLevels, type ReviewLevel } from './levels.js';
export { REVIEW_ERROR_CODES, REVIEW_TRANSITION_CODES, ReviewError, type ReviewErrorCode } from './errors.js';
export type {
  ReviewConfig,
  ReviewEvent,
  ReviewEventDraft,
  ReviewEventKind,
  ReviewStateCode,
  ReviewApproval,
  UnitReviewState,
  ReviewRoundState,
  ReviewInvalidation,
  UnitReviewStatus,
  ReviewRoundStatus,
} from './types.js';
export { replayReview, type ReviewCommand, type ConfigureCommand, type SubmitCommand, type ApproveCommand, type ReturnCommand } from './machine.js';
export { reviewConfigFromRegions, type ReviewConfigFromRegionsOptions } from './tree.js';
export { INVALIDATION_LABELS, type CurrentBatchHashes } from './status.js';
export { openReviewStore, REVIEW_LOG_FILE, type ReviewStore, type ReviewStoreKind, type OpenReviewStoreOptions } from './store.js';
export { GENESIS_CHAIN } from './log.js';
export {
  configureReview,
  submitUnit,
  approveUnit,
  approveWithBelow,
  type ApproveWithBelowCommand,
  returnUnit,
  reviewState,
  reviewStatus,
  hashBatchFile,
  type ReviewCommandResult,
  type ReviewStatusOptions,
} from './review.js';
