/**
 * `canji sql`: the SQL of the rules (`@canji/sql`) for a database team that runs the check inside
 * its own database — DuckDB, PostgreSQL 15 or Spark SQL — printed (or written to a file) with a
 * header saying what it reads, which rules it holds and which stay with the JavaScript engine.
 * With `--indicators`, the SQL of the indicators instead: numerator, denominator and missing of
 * each built-in indicator by the `--by` disaggregations, the region roll-up as GROUPING SETS.
 */
import { writeFile } from 'node:fs/promises';
import { DEPARTMENT_IDS, isDepartmentId, type ExtractDepartmentId, type PersonFormVersion } from '@canji/form';
import { batchRules, consistencyRules, crossCheckRules, formRules, parseRuleFile, type Rule } from '@canji/rules';
import { builtinPersonIndicators, type Dimension } from '@canji/indicators';
import { SQL_DIALECT_NAMES, compileIndicatorsToSql, compileRulesToSql, isSqlDialectName, renderIndicatorSqlScript, renderSqlScript, type SqlTables } from '@canji/sql';
import { assertAsOf } from '../as-of.js';
import { parseFormOption } from '../form-version.js';
import { CliError, EXIT, pathIn, type CliIo, type ExitCode } from '../io.js';
import { checkOutputPath, writeOutput } from '../output-file.js';
import { loadRuleFiles } from '../rule-files.js';
import { formDefinition } from '../rule-set.js';
import { CLI_VERSION } from '../version.js';

/** The options of `canji sql` as the command line gives them (see `canji sql --help`). */
export interface SqlOptions {
  dialect: string;
  form: string;
  /** Departments whose extract tables exist: ids, comma lists, or `all`. */
  dept: string[];
  asOf?: string;
  rules: string[];
  recordsTable?: string;
  recordKey?: string;
  /** `education=schema.xueji`: a department's table under another name. */
  deptTable: string[];
  deptOrder?: string;
  out?: string;
  /** `--indicators` (all built-ins of the form) or `--indicators employment-rate,…`: the indicators' SQL instead of the rules'. */
  indicators?: boolean | string;
  /** `--by county,sex`: the indicators' disaggregations (as `canji indicators --by`). */
  by?: string | string[];
}

const DIMENSIONS = ['province', 'prefecture', 'county', 'township', 'village', 'category', 'level', 'sex', 'hukou', 'age'] as const;

/** `--by county,sex` (repeatable): the dimensions, as `canji indicators` reads them. */
function dimensionsOf(by: string | readonly string[] | undefined): Dimension[] {
  const specs = by === undefined ? [] : typeof by === 'string' ? [by] : by;
  const out: Dimension[] = [];
  for (const spec of specs) {
    for (const raw of spec.split(/[,，]/)) {
      const t = raw.trim();
      if (t === '') continue;
      if (!(DIMENSIONS as readonly string[]).includes(t)) throw new CliError('USAGE_BY', `未知分组“${t}”：可用 ${DIMENSIONS.join('、')}`);
      out.push(t as Dimension);
    }
  }
  return out;
}

/** The indicators' SQL (`--indicators`). */
function indicatorScript(o: SqlOptions, form: PersonFormVersion, departments: readonly ExtractDepartmentId[], tables: SqlTables): { text: string; summary: string } {
  if (o.asOf === undefined) throw new CliError('USAGE_AS_OF', '--indicators 需要参照日期 --as-of YYYY-MM-DD（计算年龄，与 canji indicators 相同）');
  let indicators = [...builtinPersonIndicators(form)];
  if (typeof o.indicators === 'string') {
    const want = o.indicators.split(/[,，]/).map((x) => x.trim()).filter(Boolean);
    for (const id of want) if (!indicators.some((i) => i.id === id)) throw new CliError('USAGE_INDICATOR', `未知指标“${id}”：可用 ${indicators.map((i) => i.id).join('、')}`);
    if (want.length) indicators = indicators.filter((i) => want.includes(i.id));
  }
  const compiled = compileIndicatorsToSql({ asOf: o.asOf, dialect: o.dialect as (typeof SQL_DIALECT_NAMES)[number], formVersion: form, indicators, by: dimensionsOf(o.by), departments, tables });
  const notes = ['置信区间（Wilson）、目标达成与小格标记由分子分母计算，canji indicators 的输出可直接由本查询的结果生成（@canji/sql 的 indicatorResultFromSql）'];
  if (departments.length === 0 && compiled.skipped.length) notes.push('未给出部门数据（--dept education,civil-affairs… 或 --dept all）：读取部门来源项目的指标未编译');
  return {
    text: renderIndicatorSqlScript(compiled, { generator: `canji ${CLI_VERSION}`, tables, notes }),
    summary: `${compiled.indicators.length} 个指标编译为 ${compiled.dialect} SQL（${compiled.groupingSets.length} 个分组集），${compiled.notCompiled.length + compiled.skipped.length} 个未编译`,
  };
}

/** `--dept education,civil-affairs` (repeatable) or `--dept all`. */
function departmentsOf(specs: readonly string[]): ExtractDepartmentId[] {
  const out = new Set<ExtractDepartmentId>();
  for (const spec of specs) {
    for (const raw of spec.split(/[,，]/)) {
      const name = raw.trim();
      if (name === '') continue;
      if (name === 'all') DEPARTMENT_IDS.forEach((d) => out.add(d));
      else if (isDepartmentId(name)) out.add(name);
      else throw new CliError('USAGE_DEPT', `未知部门“${name}”：可用 ${DEPARTMENT_IDS.join('、')} 或 all`);
    }
  }
  return DEPARTMENT_IDS.filter((d) => out.has(d));
}

/** A SQL table or column name as given: letters, digits, `_`, `$`, dots between parts. */
function nameOption(option: string, value: string | undefined, dotted: boolean): string | undefined {
  if (value === undefined) return undefined;
  const re = dotted ? /^[\p{L}_][\p{L}\p{N}_$]*(\.[\p{L}_][\p{L}\p{N}_$]*)*$/u : /^[\p{L}_][\p{L}\p{N}_$]*$/u;
  if (!re.test(value)) throw new CliError('USAGE_SQL_NAME', `${option} 应为表名或列名（字母、数字、下划线${dotted ? '，可带模式名，如 ods.canji_records' : ''}），收到“${value}”`);
  return value;
}

function tablesOf(o: SqlOptions): SqlTables {
  const tables: SqlTables = {};
  const records = nameOption('--records-table', o.recordsTable, true);
  if (records) tables.records = records;
  const key = nameOption('--record-key', o.recordKey, false);
  if (key) tables.recordKey = key;
  const order = nameOption('--dept-order', o.deptOrder, false);
  if (order) tables.departmentOrder = order;
  for (const spec of o.deptTable) {
    const i = spec.indexOf('=');
    const dept = spec.slice(0, i).trim();
    if (i <= 0 || !isDepartmentId(dept)) throw new CliError('USAGE_DEPT', `--dept-table 的写法是 部门=表名，例如 --dept-table education=ods.xueji（收到“${spec}”）`);
    (tables.departments ??= {})[dept] = nameOption('--dept-table', spec.slice(i + 1).trim(), true)!;
  }
  return tables;
}

export async function runSql(io: CliIo, o: SqlOptions): Promise<ExitCode> {
  if (!isSqlDialectName(o.dialect)) throw new CliError('USAGE_SQL_DIALECT', `不支持的 SQL 方言“${o.dialect}”：可用 ${SQL_DIALECT_NAMES.join('、')}`);
  const form = parseFormOption(o.form) ?? '2017';
  if (o.asOf !== undefined) assertAsOf(o.asOf);
  const departments = departmentsOf(o.dept);
  const tables = tablesOf(o);
  if (o.indicators !== undefined && o.indicators !== false) {
    const { text, summary } = indicatorScript(o, form, departments, tables);
    if (o.out) {
      const path = pathIn(io, o.out);
      checkOutputPath(path);
      await writeOutput(path, (tmp) => writeFile(tmp, text));
      io.stderr(`已写入 ${o.out}：${summary}\n`);
    } else io.stdout(text);
    return EXIT.OK;
  }
  if (dimensionsOf(o.by).length) throw new CliError('USAGE_BY', '--by 只用于 --indicators（统计指标的分组）');
  const builtIn: Rule[] = [...consistencyRules(form), ...crossCheckRules(form), ...batchRules()];
  const rules = [...builtIn];
  for (const { file } of await loadRuleFiles(io, o.rules, form, builtIn.map((r) => r.id))) {
    const r = parseRuleFile(file, { form: formDefinition(form) });
    if (r.ok) rules.push(...r.value.rules);
  }
  const compiled = compileRulesToSql(rules, {
    dialect: o.dialect,
    formVersion: form,
    departments,
    tables,
    ...(o.asOf !== undefined ? { referenceDate: o.asOf } : {}),
  });
  const notes = [`登记表本身的校验（formRules，${formRules(form).length} 条：必答、跳转、代码、证号等）由 JavaScript 引擎逐条记录运行（canji check），未编译为 SQL`];
  if (departments.length === 0) notes.push('未给出部门数据（--dept education,civil-affairs… 或 --dept all）：部门比对规则未编译');
  const text = renderSqlScript(compiled, { generator: `canji ${CLI_VERSION}`, tables, notes });
  if (o.out) {
    const path = pathIn(io, o.out);
    checkOutputPath(path);
    await writeOutput(path, (tmp) => writeFile(tmp, text));
    io.stderr(`已写入 ${o.out}：${compiled.rules.length} 条规则编译为 ${compiled.dialect} SQL，${compiled.notCompiled.length} 条未编译\n`);
  } else io.stdout(text);
  return EXIT.OK;
}
