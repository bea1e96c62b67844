/**
 * The indicators on the embedded engine: the compiled query run in DuckDB over the records and the
 * departments' extracts a `DuckDbEngine` holds, and its rows made into the result
 * `computeIndicators` of `@canji/indicators` returns.
 */
import type { DepartmentId } from '@canji/rules';

/**
 * What the runner needs of a `DuckDbEngine` (structural, so that this module and `duckdb.ts`,
 * which offers `engine.indicators(…)`, do not import each other).
 */
export interface IndicatorSqlEngine {
  query(sql: string): Promise<unknown[][]>;
  loadedDepartments(): DepartmentId[];
}
import { compileIndicatorsToSql, type CompileIndicatorsOptions, type CompiledIndicatorsSql } from './compile.js';
import { indicatorResultFromSql, type IndicatorResultOptions } from './result.js';
import type { IndicatorResult } from '@canji/indicators';

/** A dimension asked that cannot be grouped by in SQL (`code` stable, `message` zh-CN). */
export class SqlIndicatorError extends Error {
  readonly code: 'SQL_INDICATOR_DIMENSION';
  constructor(code: 'SQL_INDICATOR_DIMENSION', message: string) {
    super(message);
    this.name = 'SqlIndicatorError';
    this.code = code;
  }
}

/** Options of {@link indicatorsWithDuckDb}. */
export type DuckDbIndicatorsOptions = Omit<CompileIndicatorsOptions, 'dialect' | 'departments' | 'tables'> & IndicatorResultOptions;

/** What {@link indicatorsWithDuckDb} returns. */
export interface DuckDbIndicators {
  /** What `computeIndicators` returns (rows, checks, warnings, pass totals …). */
  result: IndicatorResult;
  /** The compiled query and what it left out (`notCompiled`, `dimensionsNotCompiled`, `notApplicable`, `skipped`). */
  compiled: CompiledIndicatorsSql;
}

/**
 * Computes indicators in DuckDB over the records loaded in `engine` (`loadRecords` /
 * `loadRecordsCsv`; pass the same `formVersion`, and `idFromCertificate` when the CSV has a
 * certificate column and no ID column) and the departments' extracts loaded
 * (`loadDepartment`: the department-sourced items of the 2021 built-ins come from them). Rejects
 * with `SqlEngineError` `SQL_QUERY_FAILED` when the query fails, and with
 * {@link SqlIndicatorError} `SQL_INDICATOR_DIMENSION` when a dimension asked cannot be compiled (a
 * result without it would be silently coarser); indicators that cannot be compiled are left out of
 * the result and listed in `compiled.notCompiled`.
 *
 * @example
 * ```ts
 * const engine = await DuckDbEngine.open();
 * await engine.loadRecords(records, { formVersion: '2017' });
 * const { result, compiled } = await indicatorsWithDuckDb(engine, { by: ['county', 'sex'], asOf: '2019-06-30', formVersion: '2017' });
 * indicatorRowsToCsv(result); // the renderers of @canji/indicators take it as they take computeIndicators'
 * compiled.notCompiled; //=> []   (every built-in is data)
 * ```
 */
export async function indicatorsWithDuckDb(engine: IndicatorSqlEngine, options: DuckDbIndicatorsOptions): Promise<DuckDbIndicators> {
  const { smallCell, regionName, departmentSources, ...compile } = options;
  const compiled = compileIndicatorsToSql({ ...compile, dialect: 'duckdb', departments: engine.loadedDepartments() });
  if (compiled.dimensionsNotCompiled.length) {
    throw new SqlIndicatorError('SQL_INDICATOR_DIMENSION', `分组维度无法编译为 SQL：${compiled.dimensionsNotCompiled.map((x) => `${x.id}（${x.code}：${x.reason}）`).join('；')}`);
  }
  const rows = await engine.query(compiled.sql);
  const result = indicatorResultFromSql(compiled, rows, {
    ...(smallCell ? { smallCell } : {}),
    ...(regionName ? { regionName } : {}),
    ...(departmentSources ? { departmentSources } : {}),
  });
  return { result, compiled };
}
