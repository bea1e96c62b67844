/**
 * The hybrid batch check: DuckDB decides every rule that compiles to SQL and hands back what the
 * JavaScript engine needs for the rest — the (record, rule) pairs found, which department each
 * record is matched in, and the extract rows of the persons whose findings or JavaScript-only
 * cross-check rules read their department row. The JavaScript engine then runs the form checks,
 * the batch and year-on-year rules and the rules with functions over those rows, and builds the
 * one report from both (`canji check --engine duckdb`).
 */
import { getExtractDepartment, type Condition, type ExtractField } from '@canji/form';
import type { CrossCheckRule, DepartmentId, Rule } from '@canji/rules';
import { compileRulesToSql, type CompileToSqlOptions, type CompiledRulesSql, type SqlNotCompiledRule } from './findings.js';
import { defaultDepartmentTable } from './pipeline.js';
import { sqlDialect } from './dialect.js';

/**
 * What the hybrid runner needs of a database: a `DuckDbEngine` or a `PostgresEngine`
 * (structural: each offers `engine.hybridFindings(…)`).
 */
export interface HybridSqlEngine {
  /** The database's dialect (default `'duckdb'`). */
  readonly dialect?: 'duckdb' | 'postgres';
  query(sql: string): Promise<unknown[][]>;
  queryChunks(sql: string): AsyncGenerator<unknown[][]>;
  loadedDepartments(): DepartmentId[];
}

/** Always holds: the pre-filter of a cross-check rule whose condition SQL cannot evaluate (every keyed record needs its row). */
const ALWAYS: Condition = { all: [] };
/** Pseudo-rule ids (not SCREAMING_SNAKE, so never a real rule's): a record is matched in a department, a record has a match key. */
const MATCHED = '#matched:';
const KEYED = '#keyed';

/** How the rules of a batch check are shared between SQL and JavaScript (see {@link planHybridCheck}). */
export interface HybridCheckPlan {
  /** Rules SQL decides: record and cross-check rules whose definition is a `violation` condition. */
  inSql: readonly Rule[];
  /**
   * Cross-check rules that stay with JavaScript (a `check` function, a condition SQL cannot
   * read): SQL evaluates their pre-filter — the `violation` condition, or, when there is none or
   * it does not compile, "the record has a match key" (`filter: 'always'`) — and hands back the
   * department rows of the records it holds for, on which JavaScript runs the rule.
   */
  preFiltered: readonly { rule: CrossCheckRule; filter: 'violation' | 'always' }[];
  /** The other rules, run in JavaScript: the form checks, batch and year-on-year rules, record rules with functions, and why each is not in SQL. */
  inJs: readonly SqlNotCompiledRule[];
  /** Cross-check rules of departments whose extract is not loaded (skipped, as the JavaScript engine skips them). */
  skipped: readonly string[];
  /** The query: one row per (record, rule or pre-filter) that holds, with `match_key`; also the match pseudo-rules `#matched:<dept>` and `#keyed` when departments are loaded. */
  compiled: CompiledRulesSql;
}

/** Options of {@link planHybridCheck} and {@link hybridFindingsWithDuckDb}. */
export type HybridCheckOptions = Omit<CompileToSqlOptions, 'dialect' | 'tables' | 'withMatchKey' | 'ordered'> & {
  /** The database the query runs in: `'duckdb'` (default) or `'postgres'`. */
  dialect?: 'duckdb' | 'postgres';
};

function pseudoRule(id: string, department: DepartmentId, violation: Condition): CrossCheckRule {
  return { id, title: id, severity: 'warning', scope: 'cross-check', department, formVersions: '*', items: [], basis: { kind: 'department', certainty: '2+' } as unknown as CrossCheckRule['basis'], violation };
}

/**
 * Shares the rules of a batch check between SQL and JavaScript, and writes the one query SQL runs
 * (see {@link HybridCheckPlan}). Rules are taken for `options.formVersion`, as `compileRules` takes them.
 *
 * @example
 * ```ts
 * const plan = planHybridCheck([...formRules('2017'), ...consistencyRules('2017'), ...batchRules(), ...crossCheckRules('2017')], {
 *   formVersion: '2017', referenceDate: '2019-06-30', departments: DEPARTMENT_IDS,
 * });
 * plan.inSql.length; //=> 38 (14 consistency rules, 24 cross-check rules)
 * plan.preFiltered.map((p) => p.rule.id); //=> ['XC_EDU_STAGE_DIFFERS', 'XC_PUBSEC_NAME_DIFFERS', 'XC_PUBSEC_SEX_DIFFERS', 'XC_PUBSEC_BIRTH_DATE_DIFFERS']
 * ```
 */
export function planHybridCheck(rules: readonly Rule[], options: HybridCheckOptions = {}): HybridCheckPlan {
  const departments = options.departments ?? [];
  const base = { ...options, dialect: options.dialect ?? 'duckdb', departments, withMatchKey: true, ordered: false } as const;
  const first = compileRulesToSql(rules, base);
  const byId = new Map(rules.map((r) => [r.id, r]));
  const inSql = first.rules.map((c) => byId.get(c.id)!);
  const preFiltered: { rule: CrossCheckRule; filter: 'violation' | 'always' }[] = [];
  const inJs: SqlNotCompiledRule[] = [];
  for (const n of first.notCompiled) {
    const rule = byId.get(n.id);
    if (rule?.scope === 'cross-check' && n.code !== 'SQL_RULE_DUPLICATE_ID') preFiltered.push({ rule, filter: rule.violation ? 'violation' : 'always' });
    else inJs.push(n);
  }
  const pseudo = (filters: typeof preFiltered): Rule[] => [
    ...filters.map(({ rule, filter }) => pseudoRule(rule.id, rule.department, filter === 'violation' ? rule.violation! : ALWAYS)),
    ...departments.map((d) => pseudoRule(`${MATCHED}${d}`, d, { dept: '$matched', eq: true })),
    ...(departments.length ? [pseudoRule(KEYED, departments[0]!, ALWAYS)] : []),
  ];
  let compiled = compileRulesToSql([...inSql, ...pseudo(preFiltered)], base);
  // A pre-filter SQL cannot read: the rule needs the row of every keyed record.
  const unread = new Set(compiled.notCompiled.map((n) => n.id));
  if (unread.size) {
    for (const p of preFiltered) if (unread.has(p.rule.id)) p.filter = 'always';
    compiled = compileRulesToSql([...inSql, ...pseudo(preFiltered)], base);
  }
  return { inSql, preFiltered, inJs, skipped: first.skipped.map((s) => s.id), compiled };
}

/** What {@link hybridFindingsWithDuckDb} returns: what SQL found, and what JavaScript needs for the rest. */
export interface HybridFindings {
  plan: HybridCheckPlan;
  /** The rules SQL decided and the pre-filters, by position: `hits` names them by their position here. */
  ruleIds: readonly string[];
  /** The (record, rule or pre-filter) pairs that hold, ordered by record, then position: record key and position in `ruleIds`. */
  hits: { records: Int32Array; rules: Uint16Array };
  /** The loaded departments, in the order of the bits of `matched`. */
  departments: readonly DepartmentId[];
  /**
   * Per record key (0 … the highest key; a key without a record is 0): bit `i` set when the record
   * has a match key and its person is in `departments[i]`'s extract; bit 7 ({@link HYBRID_KEYED})
   * when it has a match key (a valid resident ID). Empty without departments.
   */
  matched: Uint8Array;
  /** Records with a match key (bit 7 of `matched`). */
  keyed: number;
  /**
   * The extract rows (as `parseExtractRow` gave them, in the extract's order) of the persons whose
   * findings or pre-filters of `department` hold — what JavaScript indexes to describe the
   * discrepancies and run the pre-filtered rules. A chunk of rows at a time.
   */
  rows(department: DepartmentId): AsyncGenerator<Record<string, unknown>[]>;
}

/** A typed array grown by doubling (the hits of a province: some 5 × 10^6 pairs, no JavaScript array of numbers on the way). */
class Grow<A extends Int32Array | Uint16Array> {
  private a: A;
  private n = 0;
  constructor(private readonly make: new (length: number) => A) {
    this.a = new make(1024);
  }
  push(v: number): void {
    if (this.n === this.a.length) {
      const b = new this.make(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = v;
  }
  done(): A {
    return this.a.slice(0, this.n) as A;
  }
}

/** Bit of {@link HybridFindings.matched}: the record has a match key. */
export const HYBRID_KEYED = 0x80;

/**
 * An extract row as the loaded table holds it (text cells, in the department's field order) back
 * in the values `parseExtractRow` gives: numbers for yes/no, year and amount fields and for the
 * codes of numeric code lists, text otherwise; an empty cell is left out.
 *
 * @example
 * ```ts
 * extractRowFromCells('civil-affairs', ['430121194307201567', '钟慧', '4', '2019-06', '100', null]);
 * //=> { resident_id: '430121194307201567', name: '钟慧', benefit: 4, period: '2019-06', amount: 100 }
 * ```
 */
export function extractRowFromCells(department: DepartmentId, cells: readonly unknown[]): Record<string, unknown> {
  return rowReader(department)(cells);
}

/** A department's cells → row function (each field's conversion and code table worked out once). */
const rowReaders = new Map<DepartmentId, (cells: readonly unknown[]) => Record<string, unknown>>();

function rowReader(department: DepartmentId): (cells: readonly unknown[]) => Record<string, unknown> {
  let reader = rowReaders.get(department);
  if (reader) return reader;
  const fields = getExtractDepartment(department).fields as readonly ExtractField[];
  const convert = fields.map((f): ((text: string) => unknown) => {
    switch (f.type) {
      case 'yes-no':
      case 'year':
      case 'amount':
        return Number;
      case 'code': {
        // The first code whose text is the cell's (as a search of the list finds it).
        const codes = new Map<string, unknown>();
        for (const c of f.codes?.codes ?? []) if (!codes.has(String(c.code))) codes.set(String(c.code), c.code);
        return (text) => (codes.has(text) ? codes.get(text) : text);
      }
      default:
        return (text) => text;
    }
  });
  const keys = fields.map((f) => f.key);
  reader = (cells) => {
    const row: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) {
      const v = cells[i];
      if (v === null || v === undefined) continue;
      row[keys[i]!] = convert[i]!(typeof v === 'string' ? v : String(v));
    }
    return row;
  };
  rowReaders.set(department, reader);
  return reader;
}

/**
 * Runs a batch check's SQL part in DuckDB — or, for an engine whose `dialect` is `'postgres'`,
 * in PostgreSQL (the same statements) — over the records and extracts `engine` holds (loaded
 * with `recordWriter` / `departmentWriter`): the plan's query into a temporary table, then the
 * findings by position, the match bits per record and, on demand, the extract rows JavaScript needs.
 *
 * @example
 * ```ts
 * const found = await hybridFindingsWithDuckDb(engine, rules, { formVersion: '2017', referenceDate: '2019-06-30' });
 * found.hits.records.length; //=> (record, rule) pairs
 * for await (const rows of found.rows('education')) index.add(rows);
 * ```
 */
export async function hybridFindingsWithDuckDb(engine: HybridSqlEngine, rules: readonly Rule[], options: HybridCheckOptions = {}): Promise<HybridFindings> {
  const departments = engine.loadedDepartments();
  const dialect = options.dialect ?? engine.dialect ?? 'duckdb';
  const plan = planHybridCheck(rules, { ...options, dialect, departments });
  const d = sqlDialect(dialect);
  const ruleIds = [...plan.inSql.map((r) => r.id), ...plan.preFiltered.map((p) => p.rule.id)];
  // One compact row per (record, rule or pre-filter or match pseudo-rule) that holds: the rule's
  // position (-1 for a pseudo-rule), its match bit (0 for a rule), and — for a rule of a department
  // — the department's position and the record's match key (the persons whose rows JavaScript
  // reads). The findings query's text columns (rule id, severity, region, department) are not kept:
  // at a province's size its rows are some 10^7, mostly the match pseudo-rules.
  const entries = [
    ...ruleIds.map((id, i) => `(${d.text(id)}, ${i}, 0)`),
    ...departments.map((dep, i) => `(${d.text(`${MATCHED}${dep}`)}, -1, ${1 << i})`),
    ...(departments.length ? [`(${d.text(KEYED)}, -1, ${HYBRID_KEYED})`] : []),
  ];
  const deptIndex = departments.length ? `CASE f.department ${departments.map((dep, i) => `WHEN ${d.text(dep)} THEN ${i}`).join(' ')} END` : 'NULL';
  // DROP + CREATE (not CREATE OR REPLACE): the statements both databases read.
  await engine.query(`DROP TABLE IF EXISTS canji_found`);
  await engine.query(
    entries.length
      ? `CREATE TEMP TABLE canji_found AS SELECT CAST(f.record_key AS INTEGER) AS record_key, CAST(m.pos AS SMALLINT) AS pos, CAST(m.bit AS SMALLINT) AS bit, ` +
          `CAST(CASE WHEN m.pos >= 0 AND f.match_key IS NOT NULL THEN ${deptIndex} END AS SMALLINT) AS dept, CASE WHEN m.pos >= 0 AND f.department IS NOT NULL THEN f.match_key END AS match_key ` +
          `FROM (${plan.compiled.sql}) f JOIN (VALUES ${entries.join(', ')}) m(rule_id, pos, bit) ON m.rule_id = f.rule_id`
      : `CREATE TEMP TABLE canji_found AS SELECT CAST(NULL AS INTEGER) AS record_key, CAST(NULL AS SMALLINT) AS pos, CAST(NULL AS SMALLINT) AS bit, CAST(NULL AS SMALLINT) AS dept, CAST(NULL AS VARCHAR) AS match_key WHERE false`,
  );
  const records = new Grow(Int32Array);
  const positions = new Grow(Uint16Array);
  if (ruleIds.length) {
    for await (const rows of engine.queryChunks(`SELECT record_key, pos FROM canji_found WHERE pos >= 0 ORDER BY record_key, pos`)) {
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i]!;
        records.push(row[0] as number);
        positions.push(row[1] as number);
      }
    }
  }
  let matched = new Uint8Array(0);
  let keyed = 0;
  if (departments.length) {
    const [[top]] = (await engine.query(`SELECT COALESCE(max(record_key), -1) FROM canji_found`)) as [[number]];
    matched = new Uint8Array(top + 1);
    for await (const rows of engine.queryChunks(`SELECT record_key, CAST(bit_or(bit) AS INTEGER) FROM canji_found WHERE bit <> 0 GROUP BY record_key`)) {
      for (const [r, b] of rows) {
        matched[r as number] = b as number;
        if ((b as number) & HYBRID_KEYED) keyed++;
      }
    }
  }
  // The persons whose department row JavaScript reads: a finding or a pre-filter of that department holds for them.
  await engine.query(`DROP TABLE IF EXISTS canji_wanted`);
  await engine.query(`CREATE TEMP TABLE canji_wanted AS SELECT DISTINCT dept, match_key FROM canji_found WHERE dept IS NOT NULL AND match_key IS NOT NULL`);
  // canji_found is read: its memory goes back before the rows are handed over.
  await engine.query(`DROP TABLE canji_found`);
  return {
    plan,
    ruleIds,
    hits: { records: records.done(), rules: positions.done() },
    departments,
    matched,
    keyed,
    async *rows(department) {
      if (!departments.includes(department)) return;
      const fields = getExtractDepartment(department).fields.map((f) => d.ident(f.key));
      const sql =
        `SELECT ${fields.map((f) => `t.${f}`).join(', ')} FROM ${defaultDepartmentTable(department)} t ` +
        `WHERE t.resident_id IN (SELECT match_key FROM canji_wanted WHERE dept = ${departments.indexOf(department)}) ORDER BY t.canji_row`;
      const read = rowReader(department);
      for await (const rows of engine.queryChunks(sql)) yield rows.map(read);
    },
  };
}
