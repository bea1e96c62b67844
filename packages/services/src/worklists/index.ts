/**
 * Service work lists (服务工作清单) and resource allocation tables (资源分配表): need–service pairs
 * as data, the gaps of a batch, the read-back of what was done, and counts by unit.
 */
export {
  PAIR_FILE_ERROR_CODES,
  PAIR_FORM_VERSIONS,
  checkPairs,
  pairBasisSchema,
  pairFileSchema,
  pairReferences,
  pairVariantSchema,
  parsePairFile,
  servicePairSchema,
  type LoadedPairs,
  type PairCheckOptions,
  type PairFile,
  type PairFileError,
  type PairFileErrorCode,
  type PairFormVersion,
  type ParsePairFileResult,
  type ServicePair,
  type ServicePairVariant,
} from './pairs.js';
export { BUILT_IN_PAIRS } from './builtin-pairs.js';
export {
  compileServicePairs,
  evaluateRecord,
  type CompilePairsOptions,
  type CompiledServicePair,
  type EvaluatedRecord,
  type PairOutcome,
  type ServicePairSet,
  type SkippedPair,
} from './evaluate.js';
export {
  applyPreviousActions,
  pairBasisText,
  findServiceGaps,
  worklistEntryId,
  type FindGapsOptions,
  type GapsAfterActions,
  type ListedGap,
  type ServiceGap,
  type ShownValue,
} from './gaps.js';
export {
  ACTION_RESULTS,
  CLOSING_RESULTS,
  actionsFileSchema,
  isClosingResult,
  manifestEntrySchema,
  parseActionResult,
  parseActionsFile,
  parseWorklistManifest,
  serviceActionSchema,
  worklistManifestSchema,
  type ActionResult,
  type ActionResultParse,
  type ActionsFile,
  type ServiceAction,
  type ServiceFileErrorCode,
  type ServiceFileResult,
  type WorklistManifest,
} from './actions.js';
export {
  WORKLIST_FINDING_CODES,
  WORKLIST_HEADERS,
  readBackWorklists,
  type ReturnedTable,
  type WorklistFinding,
  type WorklistFindingCode,
  type WorklistReadBack,
} from './readback.js';
export {
  ALLOCATION_LEVELS,
  allocateServices,
  type AllocationCell,
  type AllocationCount,
  type AllocationLevel,
  type AllocationOptions,
  type AllocationTable,
  type AllocationUnit,
} from './allocation.js';
export { shortHash } from './hash.js';
