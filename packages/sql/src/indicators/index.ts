/**
 * The indicators of `@canji/indicators` compiled to SQL: numerator, denominator and missing by any
 * disaggregation, the region roll-up as GROUPING SETS, for DuckDB, PostgreSQL 15 and Spark SQL.
 */
export {
  compileIndicatorsToSql,
  indicatorAsOf,
  indicatorGroupingSets,
  type CompileIndicatorsOptions,
  type CompiledIndicatorsSql,
  type SqlCompiledDimension,
  type SqlCompiledIndicator,
  type SqlDimensionNotCompiledCode,
  type SqlIndicatorDepartmentItem,
  type SqlIndicatorNotCompiledCode,
  type SqlNotCompiledDimension,
  type SqlNotCompiledIndicator,
} from './compile.js';
export { groupBySets } from './grouping.js';
export { indicatorResultFromSql, type IndicatorResultOptions } from './result.js';
export { SqlIndicatorError, indicatorsWithDuckDb, type DuckDbIndicators, type DuckDbIndicatorsOptions, type IndicatorSqlEngine } from './duckdb.js';
export { renderIndicatorSqlScript, type IndicatorSqlScriptOptions } from './script.js';
