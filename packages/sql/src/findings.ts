/**
 * Rules → one findings query. Every record and cross-check rule whose definition is data (a
 * `violation` condition, no `check` function) becomes one boolean per record, evaluated in a
 * single pass over the records joined with the departments' merged extracts; the query returns
 * one row per (record, rule) that fires: `record_key`, `rule_id`, `severity`, `region_code`,
 * `department`. What cannot be said in SQL is listed in `notCompiled`, with a reason.
 */
import { PERSON_FORM_VERSIONS, type Condition, type FormDefinition, type PersonFormVersion, type Severity } from '@canji/form';
import { ruleAppliesTo, type DepartmentId, type Rule } from '@canji/rules';
import { SqlCompileError, compileConditionToSql, type SqlCompileErrorCode } from './conditions.js';
import { isSqlDialectName, sqlDialect, type SqlDialect, type SqlDialectName } from './dialect.js';
import { FACT_COLUMNS, Pipeline, type SqlTables } from './pipeline.js';

/** Options of {@link compileRulesToSql} and {@link compileConditionsToSql}. */
export interface CompileToSqlOptions {
  /** Dialect (default `'duckdb'`). */
  dialect?: SqlDialectName | SqlDialect;
  /** Form version of the records (default `'2017'`); rules of other versions are left out, as `compileRules` does. */
  formVersion?: PersonFormVersion;
  /** A form definition (e.g. from `extendForm`) instead of the built-in one of `formVersion`. */
  form?: FormDefinition;
  /** Reference date for ages (`YYYY-MM-DD`, the rules' `context.referenceDate`); default: each record's `reference_date`. */
  referenceDate?: string;
  /** Departments whose extract tables exist; cross-check rules of the others are skipped (as the JavaScript engine skips them without an index). */
  departments?: readonly DepartmentId[];
  /** Table and column names of the input (defaults: `canji_records`, `canji_row`, `canji_dept_<id>`). */
  tables?: SqlTables;
  /**
   * Records without a resident ID take the certificate number's first 18 characters, as
   * `fromFlatRow` does with `idFromCertificate` (what `canji check` does for a file without an
   * ID column). Default false.
   */
  idFromCertificate?: boolean;
  /**
   * The findings query also returns `match_key`: the record's canonical resident ID, the key a
   * cross-check rule matches it on with the departments' extracts (NULL without a valid ID).
   * Default false. For a runner that fetches the extract rows of the persons found (`hybridFindingsWithDuckDb`).
   */
  withMatchKey?: boolean;
  /** Order the findings by record, then rule (default true); false leaves the order to the engine (a table that is read by key anyway). */
  ordered?: boolean;
}

/** A rule compiled into the findings query. */
export interface SqlCompiledRule {
  /** Position in the query's rule list (`rule_index`). */
  index: number;
  id: string;
  severity: Severity;
  scope: 'record' | 'cross-check';
  department?: DepartmentId;
  /** The rule's SQL condition over the joined relation (`r.` the record, `canji_d_<dept>.` the department's row). */
  condition: string;
}

/** Why a rule is not in the query (stable codes). */
export type SqlNotCompiledCode = 'SQL_RULE_CHECK_FUNCTION' | 'SQL_RULE_BATCH' | 'SQL_RULE_YEAR_ON_YEAR' | 'SQL_RULE_DUPLICATE_ID' | SqlCompileErrorCode;

/** A rule the SQL engine cannot run: it runs in JavaScript (its `check` function, a batch observer). */
export interface SqlNotCompiledRule {
  id: string;
  scope: Rule['scope'];
  department?: DepartmentId;
  code: SqlNotCompiledCode;
  /** zh-CN: why. */
  reason: string;
}

/** A cross-check rule left out because its department's extract is not there (the JavaScript engine skips it too). */
export interface SqlSkippedRule {
  id: string;
  department: DepartmentId;
}

/** What {@link compileRulesToSql} returns. */
export interface CompiledRulesSql {
  dialect: SqlDialectName;
  formVersion: PersonFormVersion;
  referenceDate: string | undefined;
  /**
   * The findings query: one row per (record, rule) that fires — `record_key` (the records'
   * key column), `rule_id`, `severity`, `region_code`, `department` (NULL for record rules) —
   * ordered by record, then rule (unless `ordered: false`); with `withMatchKey`, also `match_key`.
   */
  sql: string;
  rules: readonly SqlCompiledRule[];
  notCompiled: readonly SqlNotCompiledRule[];
  skipped: readonly SqlSkippedRule[];
  /** Record columns the query reads. */
  recordColumns: readonly string[];
  /** Departments whose extract the query joins. */
  departments: readonly DepartmentId[];
}

/** The dialect object of an option. */
export function resolveDialect(dialect: SqlDialectName | SqlDialect | undefined): SqlDialect {
  if (dialect === undefined) return sqlDialect('duckdb');
  if (typeof dialect === 'string') {
    if (!isSqlDialectName(dialect)) throw new SqlCompileError('SQL_CONDITION_SHAPE', `不支持的 SQL 方言“${String(dialect)}”：可用 duckdb、postgres、spark`);
    return sqlDialect(dialect);
  }
  return dialect;
}

function pipelineFor(options: CompileToSqlOptions): Pipeline {
  const formVersion = options.formVersion ?? '2017';
  if (!options.form && !(PERSON_FORM_VERSIONS as readonly string[]).includes(formVersion)) {
    throw new SqlCompileError('SQL_CONDITION_REFERENCE', `未知的登记表版本“${formVersion}”：可用 ${PERSON_FORM_VERSIONS.join('、')}`);
  }
  return new Pipeline({
    dialect: resolveDialect(options.dialect),
    formVersion,
    ...(options.form ? { form: options.form } : {}),
    ...(options.referenceDate !== undefined ? { referenceDate: options.referenceDate } : {}),
    ...(options.tables ? { tables: options.tables } : {}),
    departments: options.departments ?? [],
    ...(options.idFromCertificate ? { idFromCertificate: true } : {}),
  });
}

function notCompiled(rule: Rule, code: SqlNotCompiledCode, reason: string): SqlNotCompiledRule {
  const out: SqlNotCompiledRule = { id: rule.id, scope: rule.scope, code, reason };
  if (rule.scope === 'cross-check') out.department = rule.department;
  return out;
}

function withClause(ctes: readonly string[]): string {
  return `WITH\n${ctes.join(',\n')}`;
}

/**
 * Compiles rules to one findings query over the flat records and the departments' extracts
 * (layouts: see {@link SqlTables}). Record rules and cross-check rules with a `violation`
 * condition and no `check` function are compiled — for 2017, 14 of the 16 consistency rules and
 * 24 of the 28 cross-check rules; the rest are in `notCompiled` with a reason (a `check`
 * function, a batch observer, the previous round). A cross-check rule fires only on records with
 * a valid resident ID (the match key), as in `checkRecord`. Never throws for a rule it cannot
 * compile; throws {@link SqlCompileError} for an unknown dialect or form version.
 *
 * @example
 * ```ts
 * import { consistencyRules, crossCheckRules } from '@canji/rules';
 * const q = compileRulesToSql([...consistencyRules('2017'), ...crossCheckRules('2017')], {
 *   dialect: 'postgres',
 *   referenceDate: '2017-06-30',
 *   departments: ['education', 'civil-affairs'],
 * });
 * q.rules.length; //=> 14 + the education and civil-affairs rules
 * q.notCompiled.map((r) => r.id); //=> ['CON_COLLECTED_OUTSIDE_PERIOD', 'CON_HOUSEHOLDER_SELF_NAME', 'XC_EDU_STAGE_DIFFERS', …]
 * q.sql.startsWith('WITH'); //=> true
 * ```
 */
export function compileRulesToSql(rules: readonly Rule[], options: CompileToSqlOptions = {}): CompiledRulesSql {
  const p = pipelineFor(options);
  const d = p.d;
  const formVersion = p.options.formVersion;
  const compiled: SqlCompiledRule[] = [];
  const notIn: SqlNotCompiledRule[] = [];
  const skipped: SqlSkippedRule[] = [];
  const seen = new Set<string>();
  for (const rule of rules) {
    if (!ruleAppliesTo(rule, formVersion)) continue;
    if (seen.has(rule.id)) {
      notIn.push(notCompiled(rule, 'SQL_RULE_DUPLICATE_ID', `规则编号 ${rule.id} 重复，只编译第一条`));
      continue;
    }
    seen.add(rule.id);
    if (rule.scope === 'batch') {
      notIn.push(notCompiled(rule, 'SQL_RULE_BATCH', '批次规则（重复、一证多人、辖区外等）由 JavaScript 观察器在整批记录上运行'));
      continue;
    }
    if (rule.scope === 'year-on-year') {
      notIn.push(notCompiled(rule, 'SQL_RULE_YEAR_ON_YEAR', '年度比对规则需要上一轮数据，SQL 引擎尚不支持'));
      continue;
    }
    if (rule.check) {
      notIn.push(notCompiled(rule, 'SQL_RULE_CHECK_FUNCTION', `规则由 JavaScript 函数判断（check），不能写成 SQL${rule.violation ? '；其 violation 条件可在 SQL 中先行筛选' : ''}`));
      continue;
    }
    if (rule.scope === 'cross-check' && !p.hasDepartment(rule.department)) {
      skipped.push({ id: rule.id, department: rule.department });
      continue;
    }
    const department = rule.scope === 'cross-check' ? rule.department : undefined;
    let condition: string;
    try {
      condition = compileConditionToSql(rule.violation as Condition, p.scope(department));
    } catch (e) {
      if (e instanceof SqlCompileError) {
        notIn.push(notCompiled(rule, e.code, e.message));
        continue;
      }
      throw e;
    }
    // Without a match key a person cannot be compared with a department (`runCrossCheckRules`).
    if (department) {
      condition = `(r.${d.ident('canji_id')} IS NOT NULL AND ${condition})`;
      p.join(department);
    }
    const c: SqlCompiledRule = { index: compiled.length, id: rule.id, severity: rule.severity, scope: rule.scope, condition };
    if (department) c.department = department;
    compiled.push(c);
  }

  const { ctes, from } = p.write();
  const nullText = `CAST(NULL AS ${d.textType})`;
  const keyColumn = options.withMatchKey ? `, r.${d.ident('canji_id')} AS match_key` : '';
  if (compiled.length > 0) {
    const values = compiled.map((r) => `(${r.index}, ${d.text(r.id)}, ${d.text(r.severity)}, ${r.department ? d.text(r.department) : nullText})`);
    ctes.push(`canji_rules AS (\n  SELECT * FROM (VALUES\n    ${values.join(',\n    ')}\n  ) AS canji_v(rule_index, rule_id, severity, department)\n)`);
    const hits = compiled.map((r) => `CASE WHEN ${r.condition} THEN ${r.index} END`);
    ctes.push(`canji_hits AS (\n  SELECT r.${d.ident('canji_row')} AS canji_row, r.${d.ident('region_code')} AS region_code${keyColumn}, ${d.unnestNonNull(hits.map((h) => `\n    ${h}`))} AS canji_rule\n  FROM ${from}\n)`);
  } else {
    ctes.push(`canji_rules AS (\n  SELECT 0 AS rule_index, ${nullText} AS rule_id, ${nullText} AS severity, ${nullText} AS department FROM ${from.split('\n')[0]} WHERE ${d.bool(false)}\n)`);
    ctes.push(`canji_hits AS (\n  SELECT r.${d.ident('canji_row')} AS canji_row, r.${d.ident('region_code')} AS region_code${keyColumn}, 0 AS canji_rule FROM ${from.split('\n')[0]} WHERE ${d.bool(false)}\n)`);
  }
  const sql =
    `${withClause(ctes)}\n` +
    `SELECT h.canji_row AS record_key, k.rule_id, k.severity, h.region_code, k.department${options.withMatchKey ? ', h.match_key' : ''}\n` +
    `FROM canji_hits h JOIN canji_rules k ON k.rule_index = h.canji_rule` +
    (options.ordered === false ? '' : `\nORDER BY h.canji_row, k.rule_index`);
  return {
    dialect: d.name,
    formVersion,
    referenceDate: options.referenceDate,
    sql,
    rules: compiled,
    notCompiled: notIn,
    skipped,
    recordColumns: p.recordColumns(),
    departments: p.joinedDepartments(),
  };
}

/** What {@link compileConditionsToSql} returns. */
export interface CompiledConditionsSql {
  dialect: SqlDialectName;
  /** `SELECT record_key, c0, c1, … ` ordered by `record_key`: one boolean column per condition, never NULL. */
  sql: string;
  /** The condition columns, in the order given. */
  columns: readonly string[];
  recordColumns: readonly string[];
}

/**
 * Compiles conditions of the condition language to one query giving, per record, whether each
 * holds (a population of an indicator, a rule's violation, a filter for a list). With
 * `department`, `{ dept: … }` leaves read that department's merged row (records without a valid
 * resident ID see none), as a cross-check rule's condition does. Throws {@link SqlCompileError}
 * for a condition it cannot compile.
 *
 * @example
 * ```ts
 * const q = compileConditionsToSql([{ item: '$age', lt: 18 }, { item: 'r27', includes: 1 }], { referenceDate: '2017-06-30' });
 * q.columns; //=> ['c0', 'c1']
 * // SELECT record_key, c0, c1 FROM … ORDER BY record_key
 * ```
 */
export function compileConditionsToSql(conditions: readonly Condition[], options: CompileToSqlOptions & { department?: DepartmentId } = {}): CompiledConditionsSql {
  const dept = options.department;
  const p = pipelineFor(dept ? { ...options, departments: [...new Set([...(options.departments ?? []), dept])] } : options);
  const d = p.d;
  if (dept) p.join(dept);
  const scope = p.scope(dept);
  const columns = conditions.map((_, i) => `c${i}`);
  const exprs = conditions.map((c, i) => {
    const e = compileConditionToSql(c, scope);
    return `${dept ? `(r.${d.ident('canji_id')} IS NOT NULL AND ${e})` : e} AS ${d.ident(columns[i]!)}`;
  });
  const { ctes, from } = p.write();
  const sql = `${withClause(ctes)}\nSELECT r.${d.ident('canji_row')} AS record_key${exprs.map((e) => `,\n  ${e}`).join('')}\nFROM ${from}\nORDER BY record_key`;
  return { dialect: d.name, sql, columns, recordColumns: p.recordColumns() };
}

/** What {@link compileFactsToSql} returns. */
export interface CompiledFactsSql {
  dialect: SqlDialectName;
  /** `SELECT record_key, "$id", "$certId", … ` ordered by `record_key`: one column per fact, named by the fact. */
  sql: string;
  /** The fact columns (`$age`, `$category` …), in `FACT_NAMES` order. */
  columns: readonly string[];
}

/**
 * The derived facts of every record in SQL (what `recordFacts` of `@canji/rules` gives in
 * JavaScript): canonical resident ID, the certificate's ID part, category and level, birth date,
 * sex and age at the reference date — for a look at what the SQL engine read, or a table of
 * facts to keep.
 *
 * @example
 * ```ts
 * const q = compileFactsToSql({ dialect: 'postgres', referenceDate: '2017-06-30' });
 * q.columns.includes('$age'); //=> true
 * ```
 */
export function compileFactsToSql(options: CompileToSqlOptions = {}): CompiledFactsSql {
  const p = pipelineFor(options);
  const d = p.d;
  const { ctes, from } = p.write();
  const columns = Object.keys(FACT_COLUMNS);
  const sql = `${withClause(ctes)}\nSELECT r.${d.ident('canji_row')} AS record_key${columns.map((c) => `,\n  r.${d.ident(FACT_COLUMNS[c]!.column)} AS ${d.ident(c)}`).join('')}\nFROM ${from}\nORDER BY record_key`;
  return { dialect: d.name, sql, columns };
}
