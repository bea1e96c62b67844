/**
 * The indicator query as a script for a database team: a header of SQL comments (generator,
 * dialect, form version, reference date, the tables and columns read, the result's columns, each
 * indicator compiled with its columns, and what was left out with the reason), then the query.
 */
import { DEPARTMENT_NAMES } from '@canji/form';
import { sqlDialect } from '../dialect.js';
import { defaultDepartmentTable, type SqlTables } from '../pipeline.js';
import { SQL_VERSION } from '../version.js';
import type { CompiledIndicatorsSql } from './compile.js';

/** Options of {@link renderIndicatorSqlScript}. */
export interface IndicatorSqlScriptOptions {
  /** Who generated it, e.g. `canji 0.1.0`. */
  generator?: string;
  /** The tables the query was compiled for. */
  tables?: SqlTables;
  /** Extra header lines. */
  notes?: readonly string[];
}

const comment = (line: string) => `-- ${line}`.trimEnd();

/**
 * The indicator query with its header comment (zh-CN).
 *
 * @example
 * ```ts
 * const q = compileIndicatorsToSql({ by: ['county'], asOf: '2019-06-30', dialect: 'spark' });
 * renderIndicatorSqlScript(q, { generator: 'canji 0.1.0' }).split('\n')[0];
 * //=> '-- canji 0.1.0 · @canji/sql 0.1.0：动态更新统计指标的 SQL（Spark SQL 3.4+）'
 * ```
 */
export function renderIndicatorSqlScript(compiled: CompiledIndicatorsSql, options: IndicatorSqlScriptOptions = {}): string {
  const d = sqlDialect(compiled.dialect);
  const t = options.tables ?? {};
  const generator = options.generator ? `${options.generator} · @canji/sql ${SQL_VERSION}` : `@canji/sql ${SQL_VERSION}`;
  const lines: string[] = [
    `${generator}：动态更新统计指标的 SQL（${d.title}）`,
    `登记表版本 ${compiled.formVersion}；参照日期 ${compiled.asOf}（计算年龄）`,
    `记录表 ${t.records ?? 'canji_records'}：平面表格式（列名为登记表机器列名，单元格为文本，多选题为以逗号分隔的代码），读取列 ${compiled.recordColumns.join(', ')}`,
  ];
  for (const dept of compiled.departments) lines.push(`部门数据 ${t.departments?.[dept] ?? defaultDepartmentTable(dept)}：${DEPARTMENT_NAMES[dept]}（部门来源项目 1 是、2 否、3 不在名册，按身份证号匹配）`);
  const dims = compiled.dimensions.map((x) => `${x.title}（${x.levels.map((l, j) => `${l}=${x.columns[j]}`).join('，')}）`);
  lines.push(`分组：${dims.length ? dims.join('；') : '无（仅合计）'}；共 ${compiled.groupingSets.length} 个分组集（GROUPING SETS），grouping_<列> 为 1 表示该列已汇总`);
  lines.push('结果：每个分组一行；canji_records 为记录数；每个指标 n<i> 分子、d<i> 分母、m<i> 未答（不计入分母）；置信区间由分子分母另行计算（Wilson）');
  lines.push(`已编译指标 ${compiled.indicators.length} 个：`);
  for (const i of compiled.indicators) lines.push(`  ${i.index}. ${i.id} ${i.indicator.name}${i.renumbered ? '（按 2017 版题号读取 2021 版记录）' : ''}`);
  if (compiled.notCompiled.length) {
    lines.push(`未编译 ${compiled.notCompiled.length} 个（在 JavaScript 引擎中计算）：`);
    for (const i of compiled.notCompiled) lines.push(`  ${i.id} [${i.code}]：${i.reason}`);
  }
  if (compiled.notApplicable.length) lines.push(`不适用于 ${compiled.formVersion} 版表 ${compiled.notApplicable.length} 个：${compiled.notApplicable.map((i) => i.id).join('、')}`);
  if (compiled.skipped.length) {
    lines.push(`未计算 ${compiled.skipped.length} 个（没有所需部门的数据表）：`);
    for (const s of compiled.skipped) lines.push(`  ${s.indicator.id}（${s.departments.map((x) => DEPARTMENT_NAMES[x]).join('、')}）`);
  }
  if (compiled.dimensionsNotCompiled.length) {
    lines.push(`未编译的分组维度 ${compiled.dimensionsNotCompiled.length} 个（查询中没有该分组）：`);
    for (const x of compiled.dimensionsNotCompiled) lines.push(`  ${x.id} [${x.code}]：${x.reason}`);
  }
  for (const n of options.notes ?? []) lines.push(n);
  return `${lines.map(comment).join('\n')}\n${compiled.sql};\n`;
}
