/** The release gate for published indicator tables (issue 20 item 4). */
export { linearRanges, type LinearEquation, type LinearRanges, type LinearSystem } from './lp.js';
export { auditSuppression, type AuditInput, type CellRange, type SuppressionAudit } from './audit.js';
export type { ReleaseError, ReleaseErrorCode, ReleaseResult } from './errors.js';
export {
  RELEASE_AUDIENCES,
  RELEASE_AUDIENCE_LABELS,
  checkApprovalCovers,
  parseReleaseApproval,
  type ReleaseApproval,
  type ReleaseAudience,
} from './approval.js';
export {
  RELEASED_TABLE_HEADERS,
  parseIndicatorTable,
  releaseIndicatorTable,
  releasedTableRows,
  type HiddenReason,
  type ReleaseOptions,
  type ReleaseRecord,
  type ReleasedTable,
} from './gate.js';
