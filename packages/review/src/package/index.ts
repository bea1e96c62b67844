/**
 * The yearly submission package (年度上报包): the summary figures of a round by unit, the manifest
 * (every file's SHA-256 and size, the versions, the approval state), its verification, the
 * combination of units' packages upward, and the documents (双签字报表, 工作总结草稿).
 */
export { sha256Hex } from './sha256.js';
export {
  FIGURE_LABELS,
  addModes,
  addUnitFigures,
  addVerification,
  summaryErrorRate,
  figuresFindings,
  figuresFromReport,
  summaryHomeVisitRate,
  type DepartmentVerificationFigures,
  type FiguresFinding,
  type FiguresFromReportOptions,
  type SummaryFigures,
  type SummaryUnitFigures,
} from './figures.js';
export {
  PACKAGE_MANIFEST_FILE,
  MANIFEST_FORMAT,
  MANIFEST_FORMAT_VERSION,
  PACKAGE_FILE_ROLES,
  buildManifest,
  isPackagePath,
  manifestIntact,
  manifestJson,
  parseManifest,
  type ManifestApproval,
  type ManifestChild,
  type ManifestError,
  type ManifestFile,
  type ManifestMeta,
  type PackageFileBytes,
  type PackageFileRole,
  type PackageManifest,
  type ParseManifestResult,
} from './manifest.js';
export { packageDataFindings, parseFigures, verifyPackage, type PackageFiles, type PackageFinding, type PackageFindingCode, type PackageVerification } from './verify.js';
export { combinePackages, type CombineParent, type PackageCombination } from './combine.js';
export {
  BLANK_MARK,
  cellText,
  renderSummaryHtml,
  renderWorkSummaryHtml,
  renderWorkSummaryMarkdown,
  summarySignatories,
  summaryTables,
  summaryTitle,
  workSummaryBlocks,
  type DocumentMeta,
  type SummaryCellKind,
  type SummarySignatories,
  type SummaryTable,
  type WorkSummaryBlock,
} from './documents.js';
