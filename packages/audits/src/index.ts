/**
 * @canji/audits — quality control of the collection itself (全程质量控制): seeded re-visit samples,
 * back-check comparison with acceptance verdicts, per-collector figures, re-keying comparison,
 * trainee scoring and supervision coverage.
 *
 * @packageDocumentation
 */
export { AUDIT_CODES, type AuditCode, type AuditIssue, type AuditResult } from './errors.js';
export { AUDIT_UNIT_LABELS, NO_COLLECTOR, NO_REGION, personKeyOf, unitOf, type AuditUnitLevel } from './units.js';
export { ITEM_CLASSES, ITEM_CLASS_LABELS, defaultRevisitItems, itemClasses, type ClassifiedItem, type ItemClass } from './item-classes.js';
export { SAMPLE_PRNG } from './random.js';
export {
  SAMPLE_REASON_LABELS,
  drawSample,
  type ClusterDraw,
  type ClusterLevelSpec,
  type ClusterSampleSpec,
  type ClusterStage,
  type OversampleSpec,
  type Sample,
  type SampleDesign,
  type SampleReason,
  type SampleSize,
  type SampleSpec,
  type SampleStratum,
  type SampledRecord,
  type SimpleSampleSpec,
  type StratifiedSampleSpec,
} from './sample.js';
export type { DiscrepancyRate } from './intervals.js';
export {
  DEFAULT_TOLERANCES,
  VERDICT_LABELS,
  compareBackCheck,
  type AcceptanceVerdict,
  type BackCheckOptions,
  type BackCheckReport,
  type BackCheckDiscrepancy,
  type DiscrepancyTolerance,
  type GroupDiscrepancyRate,
  type ItemDiscrepancyRate,
  type RecollectEntry,
  type UnitDiscrepancy,
} from './back-check.js';
export {
  COLLECTOR_FIGURES,
  COLLECTOR_FIGURE_LABELS,
  collectorFigures,
  createCollectorFigures,
  type CollectorFiguresBuilder,
  type CollectorFigure,
  type CollectorFigures,
  type CollectorFiguresOptions,
  type CollectorFlag,
  type FigureCount,
  type IdenticalRun,
} from './collectors.js';
export {
  NO_KEYER,
  compareRekeying,
  type KeyerRate,
  type RekeyDisagreement,
  type RekeyItemRate,
  type RekeyOptions,
  type RekeyReport,
  type UnmatchedForm,
} from './rekey.js';
export {
  CASE_FIELD,
  NO_TRAINEE,
  TRAINEE_FIELD,
  scoreTrainees,
  trainingCases,
  type CaseFact,
  type ItemScore,
  type ScoreCount,
  type ScoreOptions,
  type ScoreReport,
  type TraineeMistake,
  type TraineeScore,
  type TrainingCase,
  type TrainingCasesOptions,
  type TrainingSet,
} from './trainee.js';
export {
  supervisionCoverage,
  type CountyCoverage,
  type Reached,
  type SupervisionOptions,
  type SupervisionReach,
  type SupervisionReport,
  type SupervisionVisit,
  type SupervisorSummary,
  type ValidVisit,
} from './supervision.js';
