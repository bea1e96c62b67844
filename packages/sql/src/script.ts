/**
 * The findings query as a script for a database team: a header of SQL comments saying what it is
 * (generator and versions, dialect, form version, reference date, the tables and columns it
 * reads, the rules compiled and those left to the JavaScript engine, with the reason), then the
 * query.
 */
import { DEPARTMENT_NAMES } from '@canji/form';
import type { CompiledRulesSql } from './findings.js';
import { sqlDialect } from './dialect.js';
import { defaultDepartmentTable, type SqlTables } from './pipeline.js';
import { SQL_VERSION } from './version.js';

/** Options of {@link renderSqlScript}. */
export interface SqlScriptOptions {
  /** Who generated it, e.g. `canji 0.1.0` (default `@canji/sql <version>`). */
  generator?: string;
  /** The tables the query was compiled for (as given to `compileRulesToSql`). */
  tables?: SqlTables;
  /** Extra header lines (without the comment marker), e.g. rules that run elsewhere. */
  notes?: readonly string[];
}

const comment = (line: string) => `-- ${line}`.trimEnd();

/**
 * The findings query with its header comment (zh-CN, rule ids as they are).
 *
 * @example
 * ```ts
 * const q = compileRulesToSql(consistencyRules('2017'), { dialect: 'spark', referenceDate: '2017-06-30' });
 * renderSqlScript(q, { generator: 'canji 0.1.0' }).split('\n')[0];
 * //=> '-- canji 0.1.0 · @canji/sql 0.1.0：动态更新校验规则的 SQL（Spark SQL 3.4+）'
 * ```
 */
export function renderSqlScript(compiled: CompiledRulesSql, options: SqlScriptOptions = {}): string {
  const d = sqlDialect(compiled.dialect);
  const t = options.tables ?? {};
  const generator = options.generator ? `${options.generator} · @canji/sql ${SQL_VERSION}` : `@canji/sql ${SQL_VERSION}`;
  const lines: string[] = [
    `${generator}：动态更新校验规则的 SQL（${d.title}）`,
    `登记表版本 ${compiled.formVersion}；参照日期 ${compiled.referenceDate ?? '取每条记录的 reference_date'}（计算年龄）`,
    `记录表 ${t.records ?? 'canji_records'}：平面表格式（列名为登记表机器列名，单元格为文本，多选题为以逗号分隔的代码，如 1,3），键列 ${t.recordKey ?? 'canji_row'}；读取列 ${compiled.recordColumns.join(', ')}`,
  ];
  for (const dept of compiled.departments) {
    lines.push(`部门数据 ${t.departments?.[dept] ?? defaultDepartmentTable(dept)}：${DEPARTMENT_NAMES[dept]}，按身份证号（规范化后）匹配，行序列 ${t.departmentOrder ?? 'canji_row'}（同一人多行时后者为准）`);
  }
  lines.push('结果：每个（记录，规则）一行：record_key, rule_id, severity, region_code, department');
  lines.push(`已编译规则 ${compiled.rules.length} 条：`);
  for (const r of compiled.rules) lines.push(`  ${r.id}（${r.severity === 'error' ? '错误' : '警告'}${r.department ? `，${DEPARTMENT_NAMES[r.department]}` : ''}）`);
  if (compiled.notCompiled.length) {
    lines.push(`未编译 ${compiled.notCompiled.length} 条（在 JavaScript 引擎中运行）：`);
    for (const r of compiled.notCompiled) lines.push(`  ${r.id} [${r.code}]：${r.reason}`);
  }
  if (compiled.skipped.length) {
    lines.push(`未比对 ${compiled.skipped.length} 条（没有该部门的数据表）：`);
    for (const r of compiled.skipped) lines.push(`  ${r.id}（${DEPARTMENT_NAMES[r.department]}）`);
  }
  for (const n of options.notes ?? []) lines.push(n);
  return `${lines.map(comment).join('\n')}\n${compiled.sql};\n`;
}
