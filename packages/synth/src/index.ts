/**
 * @canji/synth — seeded generator of realistic synthetic records for the disability data dynamic
 * update: persons (动态1表), villages/communities (动态2表), partner-department extracts, labelled
 * error injection, and CSV (UTF-8 / GBK) and JSON Lines writers. No real personal data: names, ID
 * numbers and answers are drawn from documented distributions with a non-cryptographic PRNG.
 *
 * @packageDocumentation
 */
export { Random, Weighted, seedToUint32, type Seed } from './random.js';
export { DEFAULT_DISTRIBUTIONS, type PersonDistributions } from './distributions.js';
export { synthesizeName } from './names.js';
export { fabricateVillages, isCommunityCode, type SynthVillage } from './villages.js';
export type { SynthPersonRecord } from './person.js';
export {
  DEFAULT_AS_OF,
  DEFAULT_REGION,
  synthesizePersons,
  type PersonStream,
  type SynthFormVersion,
  type SynthesizePersonsOptions,
} from './synthesize-persons.js';
export { loadSynthVillages, resolveVillages } from './region-source.js';
export {
  ERROR_KINDS,
  injectErrors,
  injectErrorsLazily,
  spreadsheetMangle,
  type ErrorKind,
  type ErrorLabel,
  type InjectErrorsOptions,
  type InjectErrorsResult,
  type LazyInjectErrorsResult,
} from './errors.js';
export { injectErrorsAs2021, type InjectErrorsAs2021Result, type NotPlantedError } from './errors-2021.js';
export {
  streamDepartmentExtracts,
  synthesizeDepartmentExtracts,
  type DepartmentExtract,
  type ExtractItem,
  type StreamExtractsResult,
  type DisagreementKind,
  type DisagreementLabel,
  type NotPlantedDisagreement,
  type ExtractFormats,
  type SynthExtractRecord,
  type ExtractRow,
  type SynthesizeExtractsOptions,
  type SynthesizeExtractsResult,
} from './extracts.js';
export {
  csvField,
  csvLine,
  writeCsv,
  writeJsonLines,
  writePersonsCsv,
  type CsvColumn,
  type CsvEncoding,
  type RecordSource,
  type WriteCsvOptions,
  type WritePersonsCsvOptions,
  type WriteSummary,
} from './writers.js';
export { VILLAGE_ITEMS, synthesizeVillages, type SynthVillageRecord, type SynthesizeVillagesOptions } from './synthesize-villages.js';
export {
  DEFAULT_ROUND_RATES,
  SYNTH_ROUND_KINDS,
  synthesizeRounds,
  type SynthChangeGroup,
  type SynthRatedKind,
  type SynthRound,
  type SynthRoundClass,
  type SynthRoundKind,
  type SynthRoundLabel,
  type SynthYearOnYearRuleId,
  type SynthesizeRoundsOptions,
} from './rounds.js';
export type { SynthChangeEvent, SynthEventMode, SynthEventValue, SynthExitReason } from './rounds-events.js';
export type { SynthPublicSecurityRow, SynthRosterRow } from './rounds-roster.js';
