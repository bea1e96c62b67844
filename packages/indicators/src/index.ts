/**
 * @canji/indicators — the coverage and need indicators of the disability dynamic update
 * (残疾人基本服务状况和需求信息数据动态更新), as typed data, computed in one streaming pass,
 * disaggregated and rolled up from sums.
 *
 * @packageDocumentation
 */
export {
  ALL_FORM_VERSIONS,
  definePersonIndicator,
  defineVillageIndicator,
  indicatorMetadata,
  withTarget,
  type FormVersion,
  type Indicator,
  type IndicatorConditions,
  type IndicatorMetadata,
  type IndicatorTarget,
  type MissingPolicy,
  type PersonIndicator,
  type PersonIndicatorInput,
  type DepartmentItemUse,
  type TargetComparison,
  type VillageIndicator,
  type VillageIndicatorInput,
} from './model.js';
export { compilePersonCondition, compileVillageCondition, INDICATOR_FACTS, type PersonPredicate, type VillagePredicate } from './conditions.js';
export { hasChoice, hasChoiceIn, type PersonRecordLike, type RecordContext, type VillageRecordLike, type YesNo } from './record.js';
export {
  BUILTIN_PERSON_INDICATORS,
  PERSON_INDICATORS,
  householdVisitRate,
  mobileCollectionRate,
  type CompulsoryEducationOptions,
  type HouseholdVisitRateOptions,
  type MobileCollectionRateOptions,
} from './builtins.js';
export {
  PERSON_INDICATORS_2021,
  builtinPersonIndicators,
  compulsoryEducationEnrollment,
  compulsoryEducationEnrollment2021,
  dayCareServiceNeed2021,
  indicatorsForFormVersion,
  type DayCareServiceNeed2021Options,
} from './builtins-2021.js';
export { BUILTIN_VILLAGE_INDICATORS, VILLAGE_FACILITIES, villageFacilityShare, type VillageFacility } from './village.js';
export {
  DEFAULT_AGE_BANDS,
  REGION_LEVELS,
  REGION_LEVEL_DIGITS,
  REGION_LEVEL_LABELS,
  regionCodeAt,
  type CustomDimension,
  type Dimension,
  type DimensionInfo,
  type GroupValue,
  type RegionLevel,
  type RegionNameLookup,
} from './dimensions.js';
export {
  compareGroupValues,
  computeIndicators,
  createIndicatorCalculator,
  departmentMissingWarning,
  formVersionWarning,
  indicatorDepartmentSource,
  indicatorRowFromCounts,
  type ComputeOptions,
  type ComputeWarning,
  type IndicatorCalculator,
  type IndicatorDepartmentSource,
  type IndicatorResult,
  type IndicatorRow,
  type SmallCellOptions,
  type TargetStatus,
} from './compute.js';
export { indicatorRelations, type RowRelation } from './relations.js';
export { checkIndicatorResult, type CheckCode, type CheckProblem, type CheckReport, type CheckableResult } from './checks.js';
export { Z95, wilsonInterval } from './wilson.js';
export {
  departmentSourcesToCsv,
  departmentSourcesToMarkdown,
  groupValueLabel,
  indicatorResultToJson,
  indicatorResultToMarkdown,
  indicatorRowsToCsv,
  toChartData,
  toPivot,
  type ChartData,
  type ChartOptions,
  type CsvOptions,
  type LabelOptions,
  type MarkdownOptions,
  type Pivot,
  type PivotOptions,
} from './output.js';
export {
  compareIndicatorResults,
  computeYearOnYear,
  DIFFERENCE_METHOD_LABELS,
  indicatorComparisonToCsv,
  indicatorComparisonToMarkdown,
  newcombeDifferenceInterval,
  newcombePairedDifferenceInterval,
  overlappingDifferenceInterval,
  type ComparableResult,
  type CompareIndicatorsOptions,
  type ComparisonCsvOptions,
  type ComparisonMarkdownOptions,
  type ComparisonSide,
  type ComparisonWarning,
  type DifferenceMethod,
  type IndicatorComparison,
  type IndicatorComparisonRow,
  type PairedCounts,
  type PairedCountsRow,
  type YearOnYearInput,
  type YearOnYearKey,
  type YearOnYearPersons,
  type YearOnYearPopulation,
  type YearOnYearResult,
  type YearOnYearRound,
} from './year-on-year.js';
export {
  indicatorTrend,
  indicatorTrendToCsv,
  indicatorTrendToMarkdown,
  type IndicatorTrend,
  type TrendChange,
  type TrendCsvOptions,
  type TrendMarkdownOptions,
  type TrendPoint,
  type TrendRound,
  type TrendRow,
} from './trend.js';
export { trendSvg, type TrendSvgOptions } from './trend-svg.js';

import { BUILTIN_PERSON_INDICATORS } from './builtins.js';
import type { Indicator } from './model.js';
import { BUILTIN_VILLAGE_INDICATORS } from './village.js';

/**
 * Every built-in indicator (person and village), e.g. to list them in a UI.
 *
 * @example
 * ```ts
 * import { BUILTIN_INDICATORS } from '@canji/indicators';
 * BUILTIN_INDICATORS.some((i) => i.id === 'employment-rate'); //=> true
 * ```
 */
export const BUILTIN_INDICATORS: readonly Indicator[] = Object.freeze([...BUILTIN_PERSON_INDICATORS, ...BUILTIN_VILLAGE_INDICATORS]);
