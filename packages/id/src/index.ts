/**
 * @canji/id — resident identity numbers (GB 11643-1999, 18 and legacy 15 digits, 港澳台居民居住证,
 * 2023 外国人永久居留身份证) and disability certificate numbers (残疾人证号): parse, validate,
 * normalise, construct (the zod schemas are in `@canji/id/zod`, so this entry needs no zod). Never throws on bad input: parsers return
 * `{ ok: true, value, warnings, changes }` or `{ ok: false, error }` with a stable code.
 *
 * @packageDocumentation
 */
export type {
  DateInput,
  IdChange,
  IdChangeCode,
  IdError,
  IdErrorCode,
  IdWarning,
  IdWarningCode,
  ParseResidentIdOptions,
  ParseResult,
  RegionLookup,
  RegionLookupResult,
  ResidentId,
  ResidentIdKind,
  Sex,
  Ymd,
} from './types.js';
export { residentIdCheckCharacter } from './checksum.js';
export { dateNumber, isCalendarDate, isoDate } from './dates.js';
export { ageAt } from './age.js';
export {
  QUICK_ID_ASK_PARSER,
  QUICK_ID_PROBLEM,
  quickResidentIdAge,
  readIdentity,
  sexOfResidentId,
  type Identity,
  type IdentityField,
  type IdentityProblem,
  type IdentityProblemCode,
  type ReadIdentityOptions,
} from './identity.js';
export {
  BIRTH_YEARS,
  PROVINCE_NAMES,
  RESIDENCE_PERMIT_REGIONS,
  canonicalResidentId,
  isResidentId,
  parseResidentId,
  upgradeLegacyId,
} from './resident-id.js';
export {
  DISABILITY_CATEGORIES,
  DISABILITY_LEVELS,
  isDisabilityCertificateNo,
  parseDisabilityCertificateNo,
  type CertificateError,
  type CertificateErrorCode,
  type CertificateParseResult,
  type CertificateWarning,
  type DisabilityCategory,
  type DisabilityCertificateNo,
  type DisabilityLevel,
  type ParseCertificateOptions,
} from './certificate.js';
export { CanjiIdError, makeDisabilityCertificateNo, makeResidentId, type MakeCertificateInput, type MakeResidentIdInput } from './make.js';
export { assertDisabilityCertificateNo, assertResidentId } from './assert.js';
export {
  COMPOUND_SURNAMES,
  maskCertificateNo,
  maskIdentifier,
  maskName,
  maskResidentId,
  splitChineseName,
  type CertificateMaskPreset,
  type NameMaskPreset,
  type ResidentIdMaskPreset,
} from './mask.js';
