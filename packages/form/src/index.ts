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
export { PERSON_FORM_VERSIONS, personForm, villageForm } from './forms/index.js';
export { PERSON_2016_TO_2017, convert2016To2017, type ConvertIssue } from './forms/person2016.js';
export { validateVillage, villageLookupFromTable, type ValidateVillageOptions, type VillageRegionLookup } from './village.js';
export {
  applicableItems,
  itemApplicability,
  validatePerson,
  type ApplicabilityStatus,
  type ApplicableItemsOptions,
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
export { resolveFlatHeaders, type FlatHeaderResolution, type IgnoredHeader } from './header.js';
export { compileTriCondition, F as TRI_NO, T as TRI_YES, U as TRI_UNKNOWN, type ItemCondition, type Tri, type TriFacts } from './tri.js';
export { extendForm, type ExtendFormErrorCode, type ExtendFormResult, type ExtensionItem, type FormExtension } from './extend.js';
export { FORM_SCHEMA_KEYWORDS, toJSONSchema, type JSONSchemaObject } from './jsonSchema.js';
export { describeCondition, type DescribeConditionOptions } from './describe.js';
export { renderDataDictionary } from './dictionary.js';
export { conditionSchema, FACT_NAMES } from './condition-schema.js';
/**
 * A condition of the one condition language (`conditionSchema`'s type): what rule files, form
 * extensions and `describeCondition` read. It becomes the form's `Condition` once the form engine
 * reads this language.
 */
export type { Condition as ConditionData } from './condition.js';
export { jsonPath, parseSchemaData, type SchemaIssue, type SchemaParseResult } from './schema-issues.js';
export { codeEntrySchema, codeListSchema, extensionItemSchema, formExtensionFileSchema, formExtensionSchema, optionRuleSchema, skipRuleSchema } from './extension-schema.js';
