/**
 * @canji/deid — de-identification of the real-name disability records before they leave the
 * disability office (GB/T 37964-2019 vocabulary: direct identifier, quasi-identifier, sensitive
 * attribute): display masks with named presets, keyed pseudonyms (HMAC-SHA-256 over the canonical
 * ID number), generalisation hierarchies as data, record policies over (async) streams,
 * k-anonymity / ℓ-diversity measurement and enforcement, and small-cell suppression of published
 * tables. Nothing here throws on bad input: fallible calls return `{ ok, value | error }` with a
 * stable `DEID_*` code.
 *
 * @packageDocumentation
 */
export type { DeidError, DeidErrorCode, DeidResult } from './errors.js';
export {
  COMPOUND_SURNAMES,
  MASK_PRESETS,
  applyMask,
  maskAddress,
  maskCertificateNo,
  maskName,
  maskPhone,
  maskResidentId,
  parseAddressLevels,
  phoneKind,
  splitChineseName,
  type AddressLevel,
  type AddressMaskPreset,
  type CertificateMaskPreset,
  type MaskPreset,
  type MaskPresetInfo,
  type NameMaskPreset,
  type PhoneKind,
  type PhoneMaskPreset,
  type ResidentIdMaskPreset,
} from './mask.js';
export { maskAddressByRegion, regionNameAt, type RegionAddressOptions } from './region-address.js';
export {
  MIN_KEY_BYTES,
  checkPseudonymKey,
  keyFromFileBytes,
  pseudonymKeyFingerprint,
  createPseudonymizer,
  generatePseudonymKey,
  parsePseudonym,
  pseudonymSubject,
  type PseudonymEngine,
  type PseudonymResult,
  type Pseudonymizer,
  type PseudonymizerOptions,
} from './pseudonym.js';
export {
  HIERARCHIES,
  SUPPRESSED,
  ageHierarchy,
  generalize,
  hierarchyHeight,
  levelLabel,
  validateHierarchy,
  type Hierarchy,
} from './hierarchy.js';
export { FREE_TEXT_FIELDS, ID_FIELDS, RECORD_FIELD_CLASSES, identifierClassOf, type ClassifiedField } from './classes.js';
export {
  defaultPolicy,
  deidentifyAll,
  deidentifyRecords,
  describePolicy,
  recordDeidentifier,
  holdsIdLikeNumber,
  validatePolicy,
  type DefaultPolicyOptions,
  type DeidPolicy,
  type DeidentifiedRecord,
  type FieldOutcome,
  type FieldRule,
} from './policy.js';
export {
  KAnonymityCounter,
  measureKAnonymity,
  measureKAnonymityAsync,
  type ClassSizeBin,
  type KAnonymityOptions,
  type KAnonymityReport,
  type LDiversityReport,
} from './kanonymity.js';
export {
  enforceKAnonymity,
  type EnforceKAnonymityOptions,
  type EnforceKAnonymityReport,
  type EnforceKAnonymityResult,
  KAnonymityPlanner,
  type KAnonymityPlan,
  type LatticeNode,
} from './enforce.js';
export {
  countTableFromPivot,
  suppressLinkedCells,
  type LinkedCells,
  type LinkedSuppression,
  suppressSmallCells,
  type PivotLike,
  type CellStatus,
  type CountTable,
  type SuppressSmallCellsOptions,
  type SuppressedTable,
} from './cells.js';
export {
  deidPolicyFileSchema,
  deidPolicySchema,
  fieldRuleSchema,
  hierarchySchema,
  policyFromFile,
  type DeidPolicyFile,
} from './policy-schema.js';
