/**
 * Indicators → one aggregate query. Every person indicator of `@canji/indicators` whose
 * populations are data (denominator, answered, numerator given as conditions of canji's one
 * condition language) becomes three 0/1 flags per record — in the numerator, in the denominator,
 * missing — evaluated over the records relation of the findings query (`pipeline.ts`: the flat
 * records and their facts), and the flags are summed by the chosen disaggregations with the region
 * roll-up as `GROUPING SETS`, the same sets `computeIndicators` outputs (`groupingSets: 'cube'`:
 * every combination of the dimensions, each region level up to the one asked, and the grand total).
 *
 * What the calculator derives once per record is derived here the calculator's way
 * (`fillContext` of `@canji/indicators`, which is not `recordFacts` of `@canji/rules`): age from a
 * 10-character `birth_date` that is a date, else from the resident ID, else from the certificate
 * number's ID part; sex as recorded (`male` / `female`), else from the ID; category and level as
 * recorded when they are numbers, else from a valid certificate number (level 1–4).
 *
 * On 2021 data the built-ins written in 2017 numbering (`numbering: '2017'`) read each 2017 key
 * from the 2021 column `viewAs2017` of `@canji/form` puts there; the department-sourced items
 * (`dept_…`, `@canji/form`'s `departmentSourcedItems()`) are derived from the departments'
 * extracts joined as the cross-check rules join them (1 是, 2 否, 3 不在名册, as
 * `applyDepartmentSources` gives them).
 *
 * Nothing is dropped silently: an indicator that cannot be compiled is listed in `notCompiled`
 * with a stable code, one that does not apply to the form version in `notApplicable`, one whose
 * department table is not there in `skipped`; a dimension that cannot be compiled in
 * `dimensionsNotCompiled`.
 */
import { getDepartmentSourcedItem, personForm, viewAs2017, PERSON_FORM_VERSIONS, type Condition, type ExtractDepartmentId, type FormDefinition, type PersonFormVersion } from '@canji/form';
import { dateNumber, isoDate } from '@canji/id';
import { builtinPersonIndicators, DEFAULT_AGE_BANDS, REGION_LEVELS, REGION_LEVEL_DIGITS, type Dimension, type Indicator, type RegionLevel } from '@canji/indicators';
import type { DepartmentId } from '@canji/rules';
import { ABSENT, SqlCompileError, compileConditionToSql, type SqlCompileErrorCode, type SqlConditionScope, type SqlValue } from '../conditions.js';
import type { SqlDialect, SqlDialectName } from '../dialect.js';
import { resolveDialect } from '../findings.js';
import { idBirthNumber, idSex } from '../identity.js';
import { Pipeline, type SqlTables } from '../pipeline.js';
import { groupBySets } from './grouping.js';

/** Options of {@link compileIndicatorsToSql}. */
export interface CompileIndicatorsOptions {
  /** Indicators to compile, person indicators (default: `builtinPersonIndicators(formVersion)` of `@canji/indicators`). */
  indicators?: readonly Indicator[];
  /** Breakdowns, as `ComputeOptions.by` of `@canji/indicators` (default: none, totals only). */
  by?: readonly Dimension[];
  /** Reference date for ages, `YYYY-MM-DD` (or a Date: its local calendar day). Required, as for `computeIndicators`. */
  asOf: string | Date;
  /** `'cube'` (default): every combination of the dimensions and region levels, with the grand total; `'leaves'`: the full combination and the grand total. */
  groupingSets?: 'cube' | 'leaves';
  /** Dialect (default `'duckdb'`). */
  dialect?: SqlDialectName | SqlDialect;
  /** Form version of the records (default `'2017'`): indicators of other versions are in `notApplicable`, as `computeIndicators` leaves them out. */
  formVersion?: PersonFormVersion;
  /** A form definition (e.g. from `extendForm`) instead of the built-in one of `formVersion`. */
  form?: FormDefinition;
  /** Table and column names of the input (defaults: `canji_records`, `canji_row`, `canji_dept_<id>`). */
  tables?: SqlTables;
  /** Departments whose extract tables exist: the department-sourced items (`dept_…`) are derived from them; indicators reading another department's are in `skipped`. */
  departments?: readonly DepartmentId[];
  /** Records without a resident ID take the certificate number's first 18 characters (as `compileRulesToSql`). */
  idFromCertificate?: boolean;
}

/** Why an indicator is not in the query (stable codes). */
export type SqlIndicatorNotCompiledCode =
  /** A village (动态2表) indicator: the records relation is the person form's. */
  | 'SQL_INDICATOR_VILLAGE'
  /** A part (denominator, answered or numerator) given as a JavaScript function, not as a condition. */
  | 'SQL_INDICATOR_FUNCTION'
  /** The same id twice: the first is compiled (`computeIndicators` refuses the set). */
  | 'SQL_INDICATOR_DUPLICATE_ID'
  | SqlCompileErrorCode;

/** An indicator the SQL engine cannot compute. */
export interface SqlNotCompiledIndicator {
  id: string;
  code: SqlIndicatorNotCompiledCode;
  /** zh-CN: why. */
  reason: string;
}

/** Why a dimension is not in the query (stable codes). */
export type SqlDimensionNotCompiledCode =
  /** A custom dimension given by a function of the record. */
  | 'SQL_DIMENSION_FUNCTION'
  /** Not a dimension `computeIndicators` reads (unknown name, age bands not increasing, a duplicate). */
  | 'SQL_DIMENSION_INVALID';

/** A dimension the SQL engine cannot group by. */
export interface SqlNotCompiledDimension {
  /** The dimension's id, or what was given, as text. */
  id: string;
  code: SqlDimensionNotCompiledCode;
  reason: string;
}

/** A dimension in the query: one key column per roll-up level. */
export interface SqlCompiledDimension {
  id: string;
  title: string;
  /** Roll-up levels, coarsest first (region: `province` … the level asked); `[id]` for the others. */
  levels: readonly string[];
  /** The query's key column of each level. */
  columns: readonly string[];
}

/** A department-sourced item an indicator reads, with its query columns. */
export interface SqlIndicatorDepartmentItem {
  key: string;
  department: ExtractDepartmentId;
  /** Column: records of the indicator's population whose item is 3 不在名册. */
  notInRosterColumn: string;
}

/** An indicator compiled into the query. */
export interface SqlCompiledIndicator {
  index: number;
  id: string;
  indicator: Indicator;
  /** Read through 2017 keys on 2021 data (`numbering: '2017'`). */
  renumbered: boolean;
  /** The query's columns of its sums. */
  numeratorColumn: string;
  denominatorColumn: string;
  missingColumn: string;
  departmentItems: readonly SqlIndicatorDepartmentItem[];
}

/** What {@link compileIndicatorsToSql} returns. */
export interface CompiledIndicatorsSql {
  dialect: SqlDialectName;
  formVersion: PersonFormVersion;
  asOf: string;
  /**
   * The aggregate query: one row per group of each grouping set — the dimensions' key columns,
   * `GROUPING()` of each (`grouping_<key>`: 1 where the set does not group by it), `canji_records`
   * (records in the group) and, per indicator, the sums `n<i>`, `d<i>`, `m<i>` (numerator,
   * denominator, missing), `q<i>_<j>` (its population 不在名册 for its j-th department item), and
   * `s<k>` (records carrying department item k, for whether a department was applied).
   */
  sql: string;
  indicators: readonly SqlCompiledIndicator[];
  notCompiled: readonly SqlNotCompiledIndicator[];
  /** Indicators that do not apply to the form version (their items mean something else there). */
  notApplicable: readonly Indicator[];
  /** Indicators reading a department whose extract table is not there (`computeIndicators`: INDICATOR_DEPARTMENT_MISSING). */
  skipped: readonly { indicator: Indicator; departments: readonly ExtractDepartmentId[] }[];
  dimensions: readonly SqlCompiledDimension[];
  dimensionsNotCompiled: readonly SqlNotCompiledDimension[];
  /** The key columns of the query's select list, in order (the dimensions' level columns some grouping set groups by). */
  keyColumns: readonly string[];
  /** The grouping sets, in output order: per dimension the level index it is grouped by, or −1. */
  groupingSets: readonly (readonly number[])[];
  /** Department-sourced items read, with their `s<k>` column. */
  departmentItems: readonly { key: string; department: ExtractDepartmentId; seenColumn: string }[];
  /** Record columns the query reads. */
  recordColumns: readonly string[];
  /** Departments whose extract the query joins. */
  departments: readonly DepartmentId[];
}

const CODE_LABEL: Record<string, string> = { denominator: '分母', answered: '已答', numerator: '分子' };

/** `YYYY-MM-DD` of the reference date, as `computeIndicators` reads it; throws `SQL_CONDITION_SHAPE` (zh-CN) otherwise. */
export function indicatorAsOf(asOf: string | Date): string {
  if (asOf instanceof Date) {
    const s = isoDate(asOf);
    if (s !== undefined) return s;
  } else if (typeof asOf === 'string' && asOf.length === 10 && asOf.charCodeAt(4) === 45 && dateNumber(asOf) !== undefined) return asOf;
  throw new SqlCompileError('SQL_CONDITION_SHAPE', '参考日期须为 YYYY-MM-DD 格式的有效日期或 Date（指标的 asOf）');
}

function ageBandLabels(bands: readonly number[]): string[] {
  return bands.map((lo, i) => {
    const next = bands[i + 1];
    if (next === undefined) return `${lo}+`;
    return next - 1 === lo ? `${lo}` : `${lo}–${next - 1}`;
  });
}

/** The grouping sets `computeIndicators` outputs, in its order (per dimension −1 = all, else a level index). */
export function indicatorGroupingSets(levelCounts: readonly number[], mode: 'cube' | 'leaves'): number[][] {
  const full = levelCounts.map((n) => n - 1);
  if (mode === 'leaves') return levelCounts.length === 0 ? [[]] : [levelCounts.map(() => -1), full];
  let sets: number[][] = [[]];
  for (const n of levelCounts) {
    const next: number[][] = [];
    for (const s of sets) for (let j = -1; j < n; j++) next.push([...s, j]);
    sets = next;
  }
  const weight = (s: number[]) => s.reduce((a, j) => a + j + 1, 0);
  const cmp = (a: number[], b: number[]) => {
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
    return 0;
  };
  return sets.sort((a, b) => weight(a) - weight(b) || cmp(a, b));
}

interface DimPlan extends SqlCompiledDimension {
  exprs: string[];
}

const BUILTIN_DIMENSION_IDS = new Set<string>(['region', 'category', 'level', 'sex', 'hukou', 'age', ...REGION_LEVELS, 'city']);

/**
 * Compiles person indicators to one aggregate query over the flat records (layouts: see
 * `SqlTables`): numerator, denominator and missing of each indicator by every grouping set of the
 * chosen dimensions, the region roll-up by code prefix (province, prefecture, county, township,
 * village) as `GROUPING SETS`. The rows, with Wilson intervals computed in JavaScript from these
 * counts, equal `computeIndicators` of `@canji/indicators` (tested on DuckDB and PostgreSQL); see
 * `indicatorResultFromSql` and `indicatorsWithDuckDb`. Never throws for an indicator or dimension it
 * cannot compile (they are listed); throws {@link SqlCompileError} for an unknown dialect, form
 * version or an invalid `asOf`.
 *
 * @example
 * ```ts
 * import { builtinPersonIndicators } from '@canji/indicators';
 * const q = compileIndicatorsToSql({ indicators: builtinPersonIndicators('2017'), by: ['county', 'sex'], asOf: '2019-06-30', dialect: 'postgres' });
 * q.indicators.length; //=> 21
 * q.groupingSets.length; //=> 8   (total, province, prefecture, county, sex, and each with sex)
 * q.sql.includes('GROUPING SETS'); //=> true
 * ```
 */
export function compileIndicatorsToSql(options: CompileIndicatorsOptions): CompiledIndicatorsSql {
  const asOf = indicatorAsOf(options.asOf);
  const formVersion = options.formVersion ?? '2017';
  if (!options.form && !(PERSON_FORM_VERSIONS as readonly string[]).includes(formVersion)) {
    throw new SqlCompileError('SQL_CONDITION_REFERENCE', `未知的登记表版本“${formVersion}”：可用 ${PERSON_FORM_VERSIONS.join('、')}`);
  }
  const d = resolveDialect(options.dialect);
  const departments = options.departments ?? [];
  const p = new Pipeline({
    dialect: d,
    formVersion,
    ...(options.form ? { form: options.form } : {}),
    referenceDate: asOf,
    ...(options.tables ? { tables: options.tables } : {}),
    departments,
    ...(options.idFromCertificate ? { idFromCertificate: true } : {}),
  });
  const form = options.form ?? personForm(formVersion);
  const formKeys = new Set(form.items.map((i) => i.key));
  const base = p.scope(undefined);
  const col = (name: string) => `r.${d.ident(name)}`;
  const num = (name: string): string | undefined => {
    if (!formKeys.has(name)) return undefined;
    const v = base.item(name);
    return v.kind === 'number' ? v.expr : undefined;
  };
  const text = (name: string): string | undefined => (formKeys.has(name) ? base.item(name).expr : undefined);

  // --- the calculator's facts (fillContext), on the records relation ----------------------------
  const FACT = { age: 'canji_ind_age', sex: 'canji_ind_sex', category: 'canji_ind_category', level: 'canji_ind_level', birth: 'canji_ind_birth' };
  // The canonical resident ID as canji reads the flat row (`fromFlatRow`: a number a spreadsheet
  // turned into scientific notation is read from the certificate), what fillContext and the
  // department sourcer read.
  const rid = col('canji_id');
  const cert = col('canji_cert');
  // readIdentity without allowUnknownLevel: a certificate of level 9 gives nothing.
  const certOk = `(${cert} IS NOT NULL AND ${col('canji_cert_level')} BETWEEN 1 AND 4)`;
  const birthText = text('birth_date');
  const recordedBirth = birthText ? `CASE WHEN ${d.length(birthText)} = 10 THEN ${d.dateNumber(birthText)} END` : 'CAST(NULL AS INTEGER)';
  const sexText = text('sex');
  const cat = num('disability_category');
  const lvl = num('disability_level');
  const factStage1: [string, string][] = [
    [FACT.birth, `COALESCE(${recordedBirth}, CASE WHEN ${rid} IS NOT NULL THEN ${idBirthNumber(d, rid)} WHEN ${certOk} THEN ${idBirthNumber(d, cert)} END)`],
    [
      FACT.sex,
      `CASE${sexText ? ` WHEN ${d.inList(sexText, [d.text('male'), d.text('female')])} THEN ${sexText}` : ''} WHEN ${rid} IS NOT NULL THEN ${idSex(d, rid)} WHEN ${certOk} THEN ${idSex(d, cert)} END`,
    ],
    [FACT.category, `COALESCE(${cat ?? 'NULL'}, CASE WHEN ${certOk} THEN ${col('canji_cert_category')} END)`],
    [FACT.level, `COALESCE(${lvl ?? 'NULL'}, CASE WHEN ${certOk} THEN ${col('canji_cert_level')} END)`],
  ];
  const asOfNumber = d.num(dateNumber(asOf)!);
  const factStage2: [string, string][] = [[FACT.age, `CASE WHEN ${d.ident(FACT.birth)} <= ${asOfNumber} THEN ${d.ageInYears(d.ident(FACT.birth), asOfNumber)} END`]];
  const facts: Record<string, SqlValue> = {
    $age: { kind: 'number', expr: col(FACT.age), present: `(${col(FACT.age)} IS NOT NULL)` },
    $category: { kind: 'number', expr: col(FACT.category), present: `(${col(FACT.category)} IS NOT NULL)` },
    $level: { kind: 'number', expr: col(FACT.level), present: `(${col(FACT.level)} IS NOT NULL)` },
  };

  // --- department-sourced items (applyDepartmentSources) ----------------------------------------
  const deptItems = new Map<string, { key: string; department: ExtractDepartmentId; expr: string; seenColumn: string }>();
  const deptValue = (key: string): SqlValue | undefined => {
    const item = getDepartmentSourcedItem(key);
    if (!item) return undefined;
    if (!p.hasDepartment(item.department)) return ABSENT;
    let known = deptItems.get(key);
    if (!known) {
      const scope = p.scope(item.department);
      const yes = compileConditionToSql(item.yes, scope);
      const says = item.fields.map((f) => scope.dept(f).present);
      const no = item.no ? compileConditionToSql(item.no, scope) : `(${says.length ? `(${says.join(' OR ')})` : d.bool(false)} AND NOT ${yes})`;
      const matched = scope.dept('$matched').expr;
      p.join(item.department);
      // No key (no valid resident ID): no department row is looked up, the item is not set.
      const expr = `(CASE WHEN ${rid} IS NULL THEN NULL WHEN NOT ${matched} THEN 3 WHEN ${yes} THEN 1 WHEN ${no} THEN 2 END)`;
      known = { key, department: item.department, expr, seenColumn: `s${deptItems.size}` };
      deptItems.set(key, known);
    }
    return { kind: 'number', expr: known.expr, present: `(${known.expr} IS NOT NULL)` };
  };

  // 2017 keys on 2021 data: the column viewAs2017 moves to each key.
  const view2017 = (key: string): string | undefined => {
    const probe: Record<string, string> = {};
    for (const k of formKeys) probe[k] = k;
    if (!formKeys.has(key)) probe[key] = key;
    return viewAs2017(probe, formVersion)[key] as string | undefined;
  };

  const scopeFor = (renumbered: boolean): SqlConditionScope => ({
    dialect: d,
    item: (name) => {
      if (name.startsWith('$')) {
        const f = facts[name];
        if (!f) throw new SqlCompileError('SQL_CONDITION_REFERENCE', `指标条件中的派生事实“${name}”不可用：可用 $age、$category、$level`);
        return f;
      }
      const dept = deptValue(name);
      if (dept) return dept;
      if (renumbered) {
        const source = view2017(name);
        if (source === undefined) return ABSENT;
        return base.item(source);
      }
      return base.item(name);
    },
    dept: (name) => {
      throw new SqlCompileError('SQL_CONDITION_REFERENCE', `指标条件只能读记录的题目和派生事实，不能读部门数据 dept.${name}`);
    },
  });

  // --- indicators -----------------------------------------------------------------------------
  const asked = options.indicators ?? builtinPersonIndicators(formVersion);
  const compiled: SqlCompiledIndicator[] = [];
  const notCompiled: SqlNotCompiledIndicator[] = [];
  const notApplicable: Indicator[] = [];
  const skipped: { indicator: Indicator; departments: ExtractDepartmentId[] }[] = [];
  const flags: string[] = [];
  const sums: string[] = [];
  const seen = new Set<string>();
  for (const ind of asked) {
    if (seen.has(ind.id)) {
      notCompiled.push({ id: ind.id, code: 'SQL_INDICATOR_DUPLICATE_ID', reason: `指标编号 ${ind.id} 重复，只编译第一个` });
      continue;
    }
    seen.add(ind.id);
    if (ind.subject !== 'person') {
      notCompiled.push({ id: ind.id, code: 'SQL_INDICATOR_VILLAGE', reason: '村（社区）指标（动态2表）读村级记录，SQL 引擎的记录表为人员表（动态1表）' });
      continue;
    }
    if (!ind.formVersions.includes(formVersion as never)) {
      notApplicable.push(ind);
      continue;
    }
    const missingDepts = [...new Set((ind.departmentItems ?? []).map((x) => x.department))].filter((x) => !p.hasDepartment(x));
    if (missingDepts.length) {
      skipped.push({ indicator: ind, departments: missingDepts });
      continue;
    }
    const c = ind.conditions ?? {};
    const fn = (['denominator', 'answered', 'numerator'] as const).filter((part) => ind[part] !== undefined && c[part] === undefined);
    if (fn.length) {
      notCompiled.push({ id: ind.id, code: 'SQL_INDICATOR_FUNCTION', reason: `指标的${fn.map((x) => CODE_LABEL[x]).join('、')}由 JavaScript 函数给出，不能写成 SQL（在 JavaScript 引擎中计算）` });
      continue;
    }
    const renumbered = formVersion === '2021' && ind.numbering === '2017';
    const scope = scopeFor(renumbered);
    const i = compiled.length;
    let den: string, ans: string, nu: string;
    try {
      den = compileConditionToSql(c.denominator as Condition, scope);
      ans = c.answered === undefined ? d.bool(true) : compileConditionToSql(c.answered, scope);
      nu = compileConditionToSql(c.numerator as Condition, scope);
    } catch (e) {
      if (e instanceof SqlCompileError) {
        notCompiled.push({ id: ind.id, code: e.code, reason: e.message });
        continue;
      }
      throw e;
    }
    const [fd, fa, fnu] = [`canji_den${i}`, `canji_ans${i}`, `canji_num${i}`].map((x) => d.ident(x)) as [string, string, string];
    flags.push(`${den} AS ${fd}`, `${ans} AS ${fa}`, `${nu} AS ${fnu}`);
    const one = (cond: string) => `SUM(CASE WHEN ${cond} THEN 1 ELSE 0 END)`;
    const exclude = ind.missing === 'exclude';
    sums.push(`${one(`${fd} AND ${fa} AND ${fnu}`)} AS ${d.ident(`n${i}`)}`);
    sums.push(`${one(exclude ? `${fd} AND ${fa}` : fd)} AS ${d.ident(`d${i}`)}`);
    sums.push(`${exclude ? one(`${fd} AND NOT ${fa}`) : '0'} AS ${d.ident(`m${i}`)}`);
    const items: SqlIndicatorDepartmentItem[] = [];
    (ind.departmentItems ?? []).forEach((use, j) => {
      const v = scope.item(use.key);
      const column = `q${i}_${j}`;
      const nir = d.ident(`canji_nir${i}_${j}`);
      flags.push(`COALESCE(${v.expr} = 3, ${d.bool(false)}) AS ${nir}`);
      sums.push(`${one(`${fd} AND ${nir}`)} AS ${d.ident(column)}`);
      items.push({ key: use.key, department: use.department, notInRosterColumn: column });
    });
    compiled.push({ index: i, id: ind.id, indicator: ind, renumbered, numeratorColumn: `n${i}`, denominatorColumn: `d${i}`, missingColumn: `m${i}`, departmentItems: items });
  }

  // --- dimensions -------------------------------------------------------------------------------
  const dims: DimPlan[] = [];
  const dimsNot: SqlNotCompiledDimension[] = [];
  const region = text('region_code') ?? col('region_code');
  for (const given of options.by ?? []) {
    let plan: Omit<DimPlan, 'columns'> | undefined;
    let problem: SqlNotCompiledDimension | undefined;
    const label = typeof given === 'string' ? given : typeof given === 'object' && given !== null && 'id' in given ? String(given.id) : JSON.stringify(given);
    const regionLevel = (raw: unknown): RegionLevel | undefined => {
      const l = raw === 'city' ? 'prefecture' : raw;
      return (REGION_LEVELS as readonly unknown[]).includes(l) ? (l as RegionLevel) : undefined;
    };
    if (typeof given === 'string' && regionLevel(given)) plan = regionPlan(regionLevel(given)!);
    else if (typeof given === 'object' && given !== null && 'region' in given) {
      const l = regionLevel(given.region);
      if (l) plan = regionPlan(l);
      else problem = { id: 'region', code: 'SQL_DIMENSION_INVALID', reason: `未知的区划层级“${String(given.region)}”` };
    } else if (given === 'category') plan = { id: 'category', title: '残疾类别', levels: ['category'], exprs: [col(FACT.category)] };
    else if (given === 'level') plan = { id: 'level', title: '残疾等级', levels: ['level'], exprs: [col(FACT.level)] };
    else if (given === 'sex') plan = { id: 'sex', title: '性别', levels: ['sex'], exprs: [col(FACT.sex)] };
    else if (given === 'hukou') {
      // The record's own r3 (not renumbered), as the calculator's dimension reads it.
      const r3 = num('r3');
      plan = { id: 'hukou', title: '户口性质', levels: ['hukou'], exprs: [r3 ? `CASE WHEN ${d.inList(r3, ['1', '2'])} THEN ${r3} END` : 'CAST(NULL AS INTEGER)'] };
    } else if (given === 'age') plan = agePlan(DEFAULT_AGE_BANDS);
    else if (typeof given === 'object' && given !== null && 'age' in given && Array.isArray(given.age)) {
      const bands = given.age;
      if (bands.length === 0 || bands.some((b, i) => !Number.isInteger(b) || b < 0 || (i > 0 && b <= bands[i - 1]!))) {
        problem = { id: 'age', code: 'SQL_DIMENSION_INVALID', reason: '年龄段下限须为递增的非负整数' };
      } else plan = agePlan(bands);
    } else if (typeof given === 'object' && given !== null && 'key' in given && typeof given.key === 'function') {
      problem = BUILTIN_DIMENSION_IDS.has(given.id)
        ? { id: given.id, code: 'SQL_DIMENSION_INVALID', reason: `自定义维度编号“${given.id}”与内置维度重名` }
        : { id: given.id, code: 'SQL_DIMENSION_FUNCTION', reason: `自定义维度“${given.title ?? given.id}”由 JavaScript 函数给出，不能写成 SQL` };
    } else problem = { id: label, code: 'SQL_DIMENSION_INVALID', reason: `未知的分组维度“${label}”` };
    if (plan && dims.some((x) => x.id === plan!.id)) {
      problem = { id: plan.id, code: 'SQL_DIMENSION_INVALID', reason: `维度“${plan.id}”重复` };
      plan = undefined;
    }
    if (problem) dimsNot.push(problem);
    if (plan) {
      const k = dims.length;
      dims.push({ ...plan, columns: plan.levels.map((_l, j) => `k${k}_${j}`) });
    }
  }

  function regionPlan(level: RegionLevel): Omit<DimPlan, 'columns'> {
    const levels = REGION_LEVELS.slice(0, REGION_LEVELS.indexOf(level) + 1);
    const digits = REGION_LEVEL_DIGITS[level];
    // regionCodeAt: the first `digits` characters ASCII digits; a coarser level's code is its prefix, padded with zeros.
    const valid = `(${d.length(region)} >= ${digits} AND COALESCE(${d.regexMatch(d.substr(region, 1, digits), `^[0-9]{${digits}}$`)}, ${d.bool(false)}))`;
    const exprs = levels.map((l) => {
      const n = REGION_LEVEL_DIGITS[l];
      const width = n <= 6 ? 6 : 12;
      const prefix = d.substr(region, 1, n);
      return `CASE WHEN ${valid} THEN ${width > n ? d.concat([prefix, d.text('0'.repeat(width - n))]) : prefix} END`;
    });
    return { id: 'region', title: '行政区划', levels, exprs };
  }
  function agePlan(bands: readonly number[]): Omit<DimPlan, 'columns'> {
    const labels = ageBandLabels(bands);
    const age = col(FACT.age);
    const whens = [`WHEN ${age} < ${bands[0]} THEN ${d.text(`<${bands[0]}`)}`];
    for (let i = 1; i < bands.length; i++) whens.push(`WHEN ${age} < ${bands[i]} THEN ${d.text(labels[i - 1]!)}`);
    return { id: 'age', title: '年龄段', levels: ['age'], exprs: [`CASE WHEN ${age} IS NULL THEN NULL ${whens.join(' ')} ELSE ${d.text(labels[labels.length - 1]!)} END`] };
  }

  // Columns the facts read, registered before the pipeline is written.
  for (const k of ['sex', 'birth_date', 'disability_category', 'disability_level', 'region_code']) if (formKeys.has(k)) base.item(k);

  // --- the query ----------------------------------------------------------------------------------
  const { ctes, from } = p.write();
  const firstLine = from.split('\n')[0]!;
  const records = firstLine.replace(/ r$/, '');
  const stage = (name: string, prev: string, cols: readonly [string, string][]) =>
    ctes.push(`${name} AS (\n  SELECT *,\n    ${cols.map(([n, e]) => `${e} AS ${d.ident(n)}`).join(',\n    ')}\n  FROM ${prev} r${d.stageFence}\n)`);
  stage('canji_ind_f1', records, factStage1);
  stage('canji_ind_f2', 'canji_ind_f1', factStage2);
  const joined = ['canji_ind_f2 r', ...from.split('\n').slice(1)].join('\n');
  const keyCols = dims.flatMap((dim) => dim.exprs.map((e, j) => `${e} AS ${d.ident(dim.columns[j]!)}`));
  const seenCols = [...deptItems.values()].map((x) => `CASE WHEN ${x.expr} IS NOT NULL THEN 1 ELSE 0 END AS ${d.ident(`canji_seen_${x.seenColumn}`)}`);
  const flagCols = [`r.${d.ident('canji_row')} AS ${d.ident('canji_row')}`, ...keyCols, ...flags, ...seenCols];
  ctes.push(`canji_ind_x AS (\n  SELECT ${flagCols.join(',\n    ')}\n  FROM ${joined}${d.stageFence}\n)`);
  const sets = indicatorGroupingSets(
    dims.map((x) => x.levels.length),
    options.groupingSets ?? 'cube',
  );
  // The key columns some grouping set groups by ('leaves' leaves the coarser region levels out), in dimension order.
  const inSets = new Set(sets.flatMap((s) => s.flatMap((j, k) => (j < 0 ? [] : [dims[k]!.columns[j]!]))));
  const keys = dims.flatMap((dim) => dim.columns).filter((k) => inSets.has(k));
  const select = [
    ...keys.map((k) => d.ident(k)),
    ...keys.map((k) => `GROUPING(${d.ident(k)}) AS ${d.ident(`grouping_${k}`)}`),
    `COUNT(*) AS canji_records`,
    ...sums,
    ...[...deptItems.values()].map((x) => `SUM(${d.ident(`canji_seen_${x.seenColumn}`)}) AS ${d.ident(x.seenColumn)}`),
  ];
  const groupBy = keys.length ? `\n${groupBySets(d, sets.map((s) => s.flatMap((j, k) => (j < 0 ? [] : [d.ident(dims[k]!.columns[j]!)]))))}` : '';
  const sql = `WITH\n${ctes.join(',\n')}\nSELECT ${select.join(',\n  ')}\nFROM canji_ind_x${groupBy}`;
  return {
    dialect: d.name,
    formVersion,
    asOf,
    sql,
    indicators: compiled,
    notCompiled,
    notApplicable,
    skipped,
    dimensions: dims.map(({ exprs: _e, ...rest }) => rest),
    dimensionsNotCompiled: dimsNot,
    groupingSets: sets,
    keyColumns: keys,
    departmentItems: [...deptItems.values()].map(({ key, department, seenColumn }) => ({ key, department, seenColumn })),
    recordColumns: p.recordColumns(),
    departments: p.joinedDepartments(),
  };
}
