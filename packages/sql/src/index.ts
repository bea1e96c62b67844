/**
 * @canji/sql — canji's definitions where the data lives: the condition language, the derived
 * facts and the record and cross-check rules of `@canji/rules` compiled to SQL for DuckDB (the
 * embedded default), PostgreSQL 15 and Spark SQL, with the same findings as the JavaScript
 * engine (tested, not assumed), a DuckDB runner and a PostgreSQL one.
 *
 * @packageDocumentation
 */
export { JS_WHITESPACE, SQL_DIALECT_NAMES, isSqlDialectName, sqlDialect, type SqlDialect, type SqlDialectName } from './dialect.js';
export { ABSENT, SqlCompileError, compileConditionToSql, type SqlCompileErrorCode, type SqlConditionScope, type SqlValue } from './conditions.js';
export { certificateStages, residentIdStages, type SqlColumn, type SqlStage } from './identity.js';
export { defaultDepartmentTable, type SqlTables } from './pipeline.js';
export {
  compileConditionsToSql,
  compileFactsToSql,
  compileRulesToSql,
  type CompileToSqlOptions,
  type CompiledConditionsSql,
  type CompiledFactsSql,
  type CompiledRulesSql,
  type SqlCompiledRule,
  type SqlNotCompiledCode,
  type SqlNotCompiledRule,
  type SqlSkippedRule,
} from './findings.js';
export {
  DuckDbEngine,
  SqlEngineError,
  findingsWithDuckDb,
  type DuckDbFindings,
  type DuckDbOpenOptions,
  type LoadRecordsOptions,
  type SqlEngineErrorCode,
  type SqlFinding,
  type SqlRecordWriter,
  type SqlRowWriter,
} from './duckdb.js';
export {
  HYBRID_KEYED,
  extractRowFromCells,
  hybridFindingsWithDuckDb,
  planHybridCheck,
  type HybridCheckOptions,
  type HybridCheckPlan,
  type HybridFindings,
  type HybridSqlEngine,
} from './hybrid.js';
export { PostgresEngine, PostgresEngineError, maskDatabaseUrl, type PostgresEngineErrorCode, type PostgresRowWriter } from './postgres.js';
export { renderSqlScript, type SqlScriptOptions } from './script.js';
export { SQL_VERSION } from './version.js';
export {
  SqlIndicatorError,
  compileIndicatorsToSql,
  groupBySets,
  indicatorAsOf,
  indicatorGroupingSets,
  indicatorResultFromSql,
  indicatorsWithDuckDb,
  type IndicatorSqlEngine,
  renderIndicatorSqlScript,
  type CompileIndicatorsOptions,
  type CompiledIndicatorsSql,
  type DuckDbIndicators,
  type DuckDbIndicatorsOptions,
  type IndicatorResultOptions,
  type IndicatorSqlScriptOptions,
  type SqlCompiledDimension,
  type SqlCompiledIndicator,
  type SqlDimensionNotCompiledCode,
  type SqlIndicatorDepartmentItem,
  type SqlIndicatorNotCompiledCode,
  type SqlNotCompiledDimension,
  type SqlNotCompiledIndicator,
} from './indicators/index.js';
