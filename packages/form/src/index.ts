/**
 * @canji/form — the registration forms of the disability data dynamic update (动态1表 残疾人登记表,
 * 动态2表 村（社区）基本公共服务) as versioned typed data: code lists, item metadata, skip logic as
 * data, approved local extensions, zod schemas, one-pass validation, flat rows and JSON Schema.
 *
 * A person record is a plain object whose keys are the flat machine column names (`region_code`,
 * `name`, `certificate_no`, `r3` … `r41`, sub-items `r16_2` …); see RECORD.md.
 *
 * @packageDocumentation
 */
export type {
  AnswerType,
  CheckCoverage,
  CodeEntry,
  CodeList,
  Condition,
  Confidence,
  ExtensionInfo,
  FormDefinition,
  IdentifierClass,
  Implication,
  ItemDef,
  OptionRule,
  PersonFormVersion,
  SectionDef,
  SkipRule,
  VillageFormVersion,
} from './types.js';
export {
  codes,
  codeLabel,
  isCodeOf,
  withCodeLabels,
  withFormCodeLabels,
  type CodeLabels,
  type CodeListId,
  type CodeOf,
  type TypedCodeList,
  type WithCodeLabelsOptions,
  type WithCodeLabelsResult,
} from './codes.js';
export {
  COLLECTION_CHANNEL_MOBILE,
  COLLECTION_CHANNEL_PAPER,
  COLLECTION_MODE_FACE_TO_FACE,
  COLLECTION_MODE_HOME_VISIT,
  COLLECTION_MODE_PHONE,
  PERSON_STATUS_NORMAL,
} from './code-constants.js';
export { PERSON_FORM_VERSIONS, personForm, villageForm } from './forms/index.js';
export { PERSON_2016_TO_2017, convert2016To2017, type ConvertIssue } from './forms/person2016.js';
export {
  itemCorrespondence,
  itemFrom2017,
  itemIn2017,
  viewAs2017,
  viewFrom2017,
  type ItemCorrespondence,
  type ItemRelation,
} from './forms/correspondence.js';
export { validateVillage, villageLookupFromTable, type ValidateVillageOptions, type VillageRegionLookup } from './village.js';
export {
  applicableItems,
  compileValidator,
  itemApplicability,
  requiredItemCounts,
  validatePerson,
  type ApplicabilityStatus,
  type ApplicableItemsOptions,
  type RequiredItemCountsOptions,
  type DenseRecord,
  type FormValidator,
  type FormProblem,
  type ItemApplicability,
  type Severity,
  type ValidatePersonOptions,
  type ValidationResult,
} from './validate.js';
export {
  formRecordSchema,
  personRecordSchema,
  villageRecordSchema,
  type ItemValue,
  type PersonRecord2016,
  type PersonRecord2017,
  type PersonRecord2021,
  type RecordOfItems,
  type VillageRecord2017,
} from './schema.js';
export * from './extracts/index.js';
export {
  flatColumns,
  fromFlatRow,
  flatRowReader,
  toFlatRow,
  type FlatCell,
  type FlatIssue,
  type FlatIssueSeverity,
  type FlatRowOptions,
  type FlatRowReader,
  type FlatRowReaderOptions,
  type FromFlatRowResult,
  type ToFlatRowOptions,
} from './flat.js';
export { detectFormVersion, resolveFlatHeaders, type FlatHeaderResolution, type FormVersionDetection, type IgnoredHeader } from './header.js';
export { COMPARISON_KEYS, normalizeCondition, type Comparison, type DeptLeaf, type FactName, type ItemLeaf, type LegacyLeaf, type PreviousLeaf, type Scalar } from './condition.js';
export { compileBoolCondition, ConditionError, leafRef, singleComparison, valueTest, type Leaf, type LeafRef, type ValueTest } from './compile-condition.js';
export { isAnswered } from './answered.js';
export { extendForm, type ExtendFormErrorCode, type ExtendFormResult, type ExtensionItem, type FormExtension } from './extend.js';
export { CERTIFICATE_PATTERN, FORM_SCHEMA_KEYWORDS, JSON_SCHEMA_NOT_EXPRESSIBLE, RESIDENT_ID_PATTERN, conditionToJSONSchema, toJSONSchema, type JSONSchemaObject, type ToJSONSchemaOptions } from './jsonSchema.js';
export { describeCondition, type DescribeConditionOptions } from './describe.js';
export { renderDataDictionary } from './dictionary.js';
export { SOURCES, isSourceId, type SourceEntry, type SourceId } from './sources.js';
export { conditionSchema, FACT_NAMES } from './condition-schema.js';
export { jsonPath, parseSchemaData, type SchemaIssue, type SchemaParseResult } from './schema-issues.js';
export { parseJsonText, readDataFile, type DataFileError, type JsonTextResult, type ReadDataFileOptions } from './data-file.js';
export { codeEntrySchema, codeListSchema, extensionItemSchema, formExtensionFileSchema, formExtensionSchema, optionRuleSchema, skipRuleSchema } from './extension-schema.js';
export { formItem, itemTitle, valueLabel } from './value-label.js';
export {
  applyDepartmentSources,
  createDepartmentSourcer,
  DEPARTMENT_SOURCED_CODES,
  departmentSourcedAnswer,
  departmentSourcedItems,
  DEPT_NO,
  DEPT_NOT_IN_ROSTER,
  DEPT_YES,
  getDepartmentSourcedItem,
  type ApplyDepartmentSourcesOptions,
  type DepartmentRows,
  type DepartmentRowsById,
  type DepartmentSourcedItem,
  type DepartmentSourcedValue,
  type DepartmentSourceMeta,
  type DepartmentSourceProvenance,
  type DepartmentSourcer,
  type FormItemRef,
  type RosterCoverage,
} from './department-sources.js';
