/**
 * Partner-department extracts (部门比对数据): what education, civil affairs, HR & social security,
 * housing, health, poverty relief and public security supply for comparison with the disability
 * records, keyed by the person's resident ID number.
 *
 * PROVISIONAL: no official exchange format for these extracts was found; the field lists and code
 * lists are this project's design (see `departments.ts` and `codes.ts`).
 */
export type {
  ExtractCode,
  ExtractCodeList,
  ExtractDepartment,
  ExtractDepartmentId,
  ExtractField,
  ExtractFieldType,
} from './types.js';
export { DEPARTMENT_IDS, DEPARTMENT_NAMES, isDepartmentId } from './types.js';
export {
  EXTRACT_CIVIL_AFFAIRS_BENEFITS,
  EXTRACT_HOUSE_GRADES,
  EXTRACT_HOUSING_SECURITY,
  EXTRACT_MEDICAL_SCHEMES,
  EXTRACT_PENSION_SCHEMES,
  EXTRACT_POVERTY_STATUSES,
  EXTRACT_REGISTRATION_STATUSES,
  EXTRACT_SCHOOL_STAGES,
  EXTRACT_SCHOOL_TYPES,
  EXTRACT_YES_NO,
  extractCodeLists,
} from './codes.js';
export { defineExtractDepartment } from './define.js';
export type { ExtractDepartmentWithSchema, ExtractFieldValue, ExtractShape } from './define.js';
export {
  civilAffairsExtract,
  educationExtract,
  extractDepartments,
  getExtractDepartment,
  healthExtract,
  housingExtract,
  povertyReliefExtract,
  publicSecurityExtract,
  socialSecurityExtract,
} from './departments.js';
export type { BuiltInExtractDepartment, ExtractDepartmentOf } from './departments.js';
export { EXTRACT_ISSUE_CODES } from './issues.js';
export type { ExtractIssue, ExtractIssueCode, ExtractIssueSeverity } from './issues.js';
export {
  createExtractReader,
  parseExtractRow,
  resolveExtractHeaders,
  type ExtractNoticeCount,
  type ExtractReader,
  type ExtractRememberedValue,
  type ExtractValueReader,
} from './parse-extract-row.js';
export type {
  AnyExtractDepartment,
  CivilAffairsExtract,
  EducationExtract,
  ExtractRecord,
  ExtractRecordOf,
  ExtractRowResult,
  HealthExtract,
  HousingExtract,
  ParseExtractRowOptions,
  PovertyReliefExtract,
  PublicSecurityExtract,
  SocialSecurityExtract,
} from './parse-extract-row.js';
