/**
 * @canji/rules — validation rules for the disability data dynamic update (残疾人基本服务状况和需求
 * 信息数据动态更新): the rule model, built-in rule sets (form, consistency, batch, partner-department
 * cross-checks, year on year), a streaming batch runner and the validation report (数据校验报告).
 *
 * @packageDocumentation
 */
export {
  RuleDefinitionError,
  defineRule,
  ruleAppliesTo,
  type BatchRule,
  type Certainty,
  type CheckResult,
  type CrossCheckRule,
  type DepartmentId,
  type DepartmentIndex,
  type DiscrepancyCorrectionSpec,
  type FormVersion,
  type Finding,
  type Issue,
  type PersonRecord,
  type RecordFacts,
  type RecordRule,
  type Rule,
  type RuleBasis,
  type RuleContext,
  type PreviousRound,
  type Severity,
  type YearOnYearRule,
} from './model.js';
export { buildPreviousRound, buildPreviousRoundAsync, type PreviousRoundOptions } from './previous-round.js';
export { yearOnYearRules } from './rulesets/year-on-year.js';
export { compileCondition, type CompiledCondition, type Comparison, type Condition, type FactName, type Scope } from './conditions.js';
export { recordFacts } from './facts.js';
export { checkRecord, compileRules, type CompiledRuleSet } from './compile.js';
export {
  buildDepartmentIndex,
  buildDepartmentIndexAsync,
  createDepartmentIndexBuilder,
  mergeDepartmentRows,
  type DepartmentIndexBuilder,
  type DepartmentIndexOptions,
} from './departments.js';
export type { NumberedValue } from './row-store.js';
export {
  checkBatch,
  checkBatchSync,
  createBatchChecker,
  createShardChecker,
  type BatchChecker,
  type ShardChecker,
  type ShardOptions,
  type ShardResult,
  type BatchItem,
  type BatchOptions,
  type BatchProgress,
} from './batch.js';
export { crossCheckCompares } from './batch/observers.js';
export type { RegionTally, ReportTally } from './batch/tally.js';
export {
  REGION_LEVEL_NAMES,
  REGION_PREFIX_LENGTH,
  messageWithRow,
  type Discrepancy,
  type HouseholdVisitTarget,
  type DiscrepancyCorrection,
  type RegionLevel,
  type ReportCollection,
  type ReportDepartment,
  type ReportDepartmentVerification,
  type ReportInput,
  type ReportMetaOptions,
  type ReportVerification,
  type ReportNormalisation,
  type ReportPreviousRound,
  type ReportRoundChangeRow,
  type ReportRoundCode,
  type ReportRoundRate,
  type ReportRounds,
  type ReportRoundSource,
  type ReportRoundUnit,
  type ReportExample,
  type ReportRegion,
  type ReportRule,
  type ValidationReport,
} from './report.js';
export { IDENTIFYING_COLUMNS, maskMessage } from './mask.js';
export { renderReportCsv, renderReportJson, renderReportJsonChunks, renderReportMarkdown, type ReportCsvTable } from './render/text.js';
export { jsonChunks } from './render/json-chunks.js';
export { errorRateChartSvg, renderReportHtml, type ReportHtmlOptions } from './render/html.js';
export { roundsCellText, roundsTables, type RoundsCell, type RoundsTable } from './render/rounds.js';
export { basisText, citedSources } from './render/basis.js';
export { maskReport } from './render/mask-report.js';
export { consistencyRules } from './rulesets/consistency.js';
export { formRules, type FormRulesOptions } from './rulesets/form.js';
export { batchRules } from './rulesets/batch.js';
export { crossCheckRules } from './rulesets/cross-check.js';
export {
  VALUE_NOT_GIVEN,
  VALUE_NOT_IN_EXTRACT,
  VALUE_NOT_RECORDED,
  correctionOf,
  departmentValueLabel,
} from './discrepancy-values.js';
export { RULES_VERSION } from './version.js';
export {
  RULE_FILE_ERROR_CODES,
  parseRuleFile,
  ruleFileSchema,
  type LoadedRuleFile,
  type ParseRuleFileOptions,
  type ParseRuleFileResult,
  type RuleFile,
  type RuleFileError,
  type RuleFileErrorCode,
  type RuleFileRule,
} from './rule-file.js';
export {
  LIST_HEADERS,
  VERIFICATION_ANSWERS,
  VERIFICATION_FINDING_CODES,
  openItemsFile,
  openItemsFileSchema,
  parseOpenItemsFile,
  parseVerificationAnswer,
  parseVerificationDate,
  parseVerificationManifest,
  parseVerificationStatus,
  verificationEntrySchema,
  verificationListSchema,
  verificationManifestSchema,
  verificationStatus,
  verificationStatusFileSchema,
  verifyReturnedLists,
  type AnswerParse,
  type ClosureRow,
  type DateParse,
  type OpenItemsFile,
  type OpenReason,
  type ReturnedLocation,
  type ReturnedRow,
  type VerificationAnswer,
  type VerificationCorrection,
  type VerificationEntry,
  type VerificationFinding,
  type VerificationFindingCode,
  type VerificationList,
  type VerificationManifest,
  type VerificationResult,
  type VerificationStatusFile,
  type VerifiedItem,
} from './verification.js';
export { KeyIndex } from './key-index.js';
