/**
 * @canji/rounds — round-to-round reconciliation of the disability data dynamic update
 * (残疾人基本服务状况和需求信息数据动态更新): this round's batch against the previous round and the
 * certificate roster (底册). Who continues, who is new, who exited and why, who moved, who holds a
 * valid certificate and was not updated, who is in the batch without one — counted per township so
 * the counts add up, listed to act on, with change rates by unit.
 *
 * @packageDocumentation
 */
export {
  EVIDENCE_LABELS,
  EXIT_REASON_LABELS,
  EXIT_REASONS,
  ROSTER_STANDING_LABELS,
  ROUND_CLASS_LABELS,
  ROUND_CLASSES,
  type Evidence,
  type ExitReason,
  type RosterStanding,
  type RoundClass,
} from './classes.js';
export { classifyPerson, type Classification, type PersonFacts, type RosterFacts } from './classify.js';
export { type PersonKey, type PersonKeyFunction, type RoundSource } from './keys.js';
export {
  certificateRoster,
  parseRosterRow,
  ROSTER_CANCEL_REASONS,
  ROSTER_ISSUE_CODES,
  ROSTER_STATUSES,
  type ParseRosterRowOptions,
  type RosterIssue,
  type RosterIssueCode,
  type RosterRecord,
  type RosterRowResult,
} from './roster.js';
export { type ComparedSection } from './compare-items.js';
export { CHANGE_METHOD, twoProportionZ, type ChangeRates, type ChangeRow, type CollectorChangeRow, type RateCell } from './change-rates.js';
export {
  createReconciler,
  type ListEntry,
  type ReconcileIssue,
  type ReconcileOptions,
  type Reconciler,
  type RosterCount,
  type RoundReconciliation,
  type SourceCount,
  type SourceRecord,
  type UnitCounts,
} from './reconciler.js';
export { reconcileRounds, reconcileRoundsAsync, type ReconcileAsyncInput, type ReconcileInput } from './reconcile.js';
export { comparedSections } from './compare-items.js';
export {
  EVENT_ISSUE_CODES,
  EVENT_MODE_LABELS,
  EVENT_MODES,
  EVENT_OPS,
  parseChangeEvent,
  type AddEvent,
  type ChangeEvent,
  type EventIssue,
  type EventIssueCode,
  type EventMode,
  type EventOp,
  type EventValue,
  type ExitEvent,
  type ParseEventResult,
  type SetEvent,
} from './events.js';
export { reportRounds, type ReportRoundsOptions } from './report.js';
export { openRegister } from './register/open-register.js';
export { changeEventsBetween, type ChangeEventsBetweenOptions } from './register/events-between.js';
export {
  REGISTER_ERROR_CODES,
  REGISTER_EVENT_CODES,
  REGISTER_LOAD_CODES,
  REGISTER_RECOVERY_CODES,
  RegisterError,
  type RegisterErrorCode,
  type RegisterEventCode,
  type RegisterLoadCode,
  type RegisterRecoveryCode,
} from './register/codes.js';
export type {
  ApplyOptions,
  ApplyReport,
  AuditFilter,
  LoadOptions,
  LoadReport,
  OpenRegisterOptions,
  Register,
  RegisterChange,
  RegisterConflict,
  RegisterDetail,
  RegisterInfo,
  RegisterOutcome,
  RegisterPerson,
  RegisterRecovery,
  RegisterRejection,
  RegisterStore,
  RegisterWarning,
} from './register/types.js';
