/**
 * The embedded engine: DuckDB (`@duckdb/node-api`, no server) runs the compiled findings query
 * over flat records loaded from JavaScript objects or read from a flat CSV file (what
 * `canji synth` writes and `canji check` reads), joined with the departments' extracts, and
 * returns the findings in the JavaScript engine's terms (rule id, severity, record index), so
 * they compare one to one with `checkRecord` / `checkBatch` of `@canji/rules`.
 */
import { DEPARTMENT_IDS, getExtractDepartment, personForm, resolveFlatHeaders, type Condition, type FormDefinition, type PersonFormVersion, type Severity } from '@canji/form';
import type { DepartmentId, PersonRecord, Rule } from '@canji/rules';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { sqlDialect } from './dialect.js';
import { compileConditionsToSql, compileFactsToSql, compileRulesToSql, type CompileToSqlOptions, type CompiledRulesSql } from './findings.js';
import { defaultDepartmentTable } from './pipeline.js';
import { indicatorsWithDuckDb, type DuckDbIndicatorsOptions } from './indicators/duckdb.js';
import { hybridFindingsWithDuckDb, type HybridCheckOptions, type HybridFindings } from './hybrid.js';
import { extractCell, recordCell, recordColumns } from './cells.js';

/** Stable codes of {@link SqlEngineError}. */
export type SqlEngineErrorCode = 'SQL_ENGINE_UNAVAILABLE' | 'SQL_INPUT_UNREADABLE' | 'SQL_QUERY_FAILED' | 'SQL_ENGINE_CLOSED';

/** A failure of the embedded engine (it could not be loaded, a file could not be read, a query failed); `message` is zh-CN. */
export class SqlEngineError extends Error {
  readonly code: SqlEngineErrorCode;
  constructor(code: SqlEngineErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SqlEngineError';
    this.code = code;
  }
}

/** One finding of the SQL engine, in the JavaScript engine's terms. */
export interface SqlFinding {
  /** The record's index in the batch (0-based, the order records were loaded or the CSV's data rows). */
  record: number;
  ruleId: string;
  severity: Severity;
  /** The record's `region_code`, as written. */
  regionCode: string | undefined;
  /** The department of a cross-check rule. */
  department?: DepartmentId;
}

/** What {@link DuckDbEngine.findings} returns. */
export interface DuckDbFindings {
  findings: SqlFinding[];
  /** The compiled query and what it left out. */
  compiled: CompiledRulesSql;
}

/** Options of {@link DuckDbEngine.loadRecords} and {@link DuckDbEngine.loadRecordsCsv}. */
export interface LoadRecordsOptions {
  /** Form version of the records (default `'2017'`): the flat columns. */
  formVersion?: PersonFormVersion;
  /** A form definition (e.g. from `extendForm`). */
  form?: FormDefinition;
}

const RECORDS = 'canji_records';

/**
 * Settings of the session {@link DuckDbEngine.open} opens (DuckDB's own names and meaning); unset
 * ones keep DuckDB's defaults (memory up to 80 % of the machine's, a thread per core, nothing spilled).
 */
export interface DuckDbOpenOptions {
  /** `memory_limit`: the buffer pool's ceiling, e.g. `'1GB'`; beyond it joins and aggregates spill to {@link tempDirectory}. */
  memoryLimit?: string;
  /** `threads`. */
  threads?: number;
  /** `temp_directory`: where DuckDB spills when {@link memoryLimit} is reached (created if missing). */
  tempDirectory?: string;
  /**
   * `preserve_insertion_order`: `false` lets a query's result come in any order unless it says
   * `ORDER BY` (less memory for large results). {@link DuckDbEngine.loadRecordsCsv} numbers the
   * file's rows by insertion order and sets it for its own statement.
   */
  preserveInsertionOrder?: boolean;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Writes rows into a table one at a time (see {@link DuckDbEngine.departmentWriter}). */
export interface SqlRowWriter {
  add(row: Readonly<Record<string, unknown>>): void;
  /** Closes the appender (idempotent); returns the number of rows written. */
  close(): number;
}

/** Writes records into `canji_records` one at a time under their batch positions (see {@link DuckDbEngine.recordWriter}). */
export interface SqlRecordWriter {
  /** Appends `record` as the record at `index` (its position in the batch). */
  add(index: number, record: PersonRecord): void;
  /** Closes the appender (idempotent); returns the number of records written. */
  close(): number;
}

/**
 * An in-memory DuckDB database holding one batch of flat records (`canji_records`) and the
 * departments' extracts (`canji_dept_<id>`), the tables the compiled queries read.
 *
 * @example
 * ```ts
 * const engine = await DuckDbEngine.open();
 * await engine.loadRecords(records);
 * await engine.loadDepartment('civil-affairs', extracts['civil-affairs'].records);
 * const { findings } = await engine.findings([...consistencyRules('2017'), ...crossCheckRules('2017')], { referenceDate: '2017-06-30' });
 * findings[0]; //=> { record: 3, ruleId: 'XC_CIVIL_DIBAO_DIFFERS', severity: 'warning', regionCode: '430121…', department: 'civil-affairs' }
 * engine.close();
 * ```
 */
export class DuckDbEngine {
  private closed = false;
  private readonly departments = new Set<DepartmentId>();
  private formVersion: PersonFormVersion = '2017';
  /** The loaded file has a certificate column and no resident ID column (see `idFromCertificate`). */
  private idFromCertificate = false;
  /** Insertion order is preserved (see {@link DuckDbOpenOptions.preserveInsertionOrder}). */
  private ordered = true;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  /**
   * Opens an in-memory database, with the session's `options` (memory ceiling, threads, spill
   * directory). Rejects with {@link SqlEngineError} `SQL_ENGINE_UNAVAILABLE` when
   * `@duckdb/node-api` cannot be loaded (no binary for this platform).
   *
   * @example
   * ```ts
   * const engine = await DuckDbEngine.open({ memoryLimit: '1GB', tempDirectory: '/tmp/canji-spill', preserveInsertionOrder: false });
   * ```
   */
  static async open(options: DuckDbOpenOptions = {}): Promise<DuckDbEngine> {
    let api: typeof import('@duckdb/node-api');
    try {
      api = await import('@duckdb/node-api');
    } catch (e) {
      throw new SqlEngineError('SQL_ENGINE_UNAVAILABLE', `无法加载 DuckDB（@duckdb/node-api）：${message(e)}`, { cause: e });
    }
    const config: Record<string, string> = {};
    if (options.memoryLimit !== undefined) config.memory_limit = options.memoryLimit;
    if (options.threads !== undefined) config.threads = String(options.threads);
    if (options.tempDirectory !== undefined) config.temp_directory = options.tempDirectory;
    if (options.preserveInsertionOrder !== undefined) config.preserve_insertion_order = String(options.preserveInsertionOrder);
    const instance = await api.DuckDBInstance.create(':memory:', config);
    const engine = new DuckDbEngine(instance, await instance.connect());
    engine.ordered = options.preserveInsertionOrder !== false;
    return engine;
  }

  private live(): DuckDBConnection {
    if (this.closed) throw new SqlEngineError('SQL_ENGINE_CLOSED', 'DuckDB 引擎已关闭');
    return this.connection;
  }

  /** Runs SQL and returns the rows as arrays of JavaScript values (BIGINT as number). Rejects with `SQL_QUERY_FAILED`. */
  async query(sql: string): Promise<unknown[][]> {
    const c = this.live();
    try {
      const reader = await c.runAndReadAll(sql);
      return reader.getRowsJS().map((row) => row.map((v) => (typeof v === 'bigint' ? Number(v) : v)));
    } catch (e) {
      throw new SqlEngineError('SQL_QUERY_FAILED', `SQL 执行失败：${message(e)}`, { cause: e });
    }
  }

  /**
   * Loads person records (the record shape of `@canji/form`: typed values, a multiple-choice
   * answer as an array) into `canji_records`, written as `toFlatRow` writes them; replaces the
   * records loaded before (the departments' extracts stay until {@link dropDepartments}). The
   * record key is the index in `records`. Returns the number of records.
   */
  async loadRecords(records: Iterable<PersonRecord>, options: LoadRecordsOptions = {}): Promise<number> {
    const writer = await this.recordWriter(options);
    let n = 0;
    try {
      for (const r of records) writer.add(n++, r);
    } finally {
      writer.close();
    }
    return n;
  }

  /**
   * Opens `canji_records` for records written one at a time, each under the key given (its
   * position in the batch, so that a row the reader rejected leaves a gap and the keys stay those
   * of the JavaScript engine), cells as `toFlatRow` writes them; replaces the records loaded before.
   * With `columns`, only those items get a column (what a compiled query reads: its
   * `recordColumns`), the others are left out. Synchronous per record: it can be fed from a
   * reader's callback.
   *
   * @example
   * ```ts
   * const q = compileRulesToSql(rules, { formVersion: '2017' });
   * const writer = await engine.recordWriter({ formVersion: '2017', columns: q.recordColumns });
   * writer.add(0, record0);
   * writer.add(2, record2); // row 1 was rejected by the reader
   * writer.close(); //=> 2
   * ```
   */
  async recordWriter(options: LoadRecordsOptions & { columns?: readonly string[] } = {}): Promise<SqlRecordWriter> {
    const c = this.live();
    const form = options.form ?? personForm(options.formVersion ?? '2017');
    const { keys, paths, unknown } = recordColumns(form, options.columns);
    if (unknown !== undefined) throw new SqlEngineError('SQL_INPUT_UNREADABLE', `“${unknown}”不是 ${options.formVersion ?? '2017'} 版登记表的列`);
    this.formVersion = (options.formVersion ?? '2017') as PersonFormVersion;
    this.idFromCertificate = false;
    const d = sqlDialect('duckdb');
    await this.dropRecords();
    await this.query(`CREATE TABLE ${RECORDS} (canji_row INTEGER${keys.map((k) => `, ${d.ident(k)} VARCHAR`).join('')})`);
    const appender = await c.createAppender(RECORDS);
    let n = 0;
    let open = true;
    return {
      add(index, record) {
        appender.appendInteger(index);
        for (const p of paths) {
          const cell = recordCell(record, p);
          if (cell === undefined) appender.appendNull();
          else appender.appendVarchar(cell);
        }
        appender.endRow();
        n++;
      },
      close() {
        if (open) appender.closeSync();
        open = false;
        return n;
      },
    };
  }

  /**
   * Reads a flat CSV file (UTF-8, a header row of machine names `r13` or labels `R13 受教育程度`,
   * as `canji synth` writes it) into `canji_records`, every cell as text; the record key is the
   * data row's index (0 = the first row after the header). Columns the form does not know are
   * left out; items without a column are empty. Rejects with `SQL_INPUT_UNREADABLE` when the file
   * cannot be read. Returns the number of records.
   */
  async loadRecordsCsv(path: string, options: LoadRecordsOptions = {}): Promise<number> {
    const d = sqlDialect('duckdb');
    const form = options.form ?? personForm(options.formVersion ?? '2017');
    this.formVersion = (options.formVersion ?? '2017') as PersonFormVersion;
    const source = `read_csv(${d.text(path)}, header = true, all_varchar = true, auto_detect = true)`;
    let header: string[];
    try {
      header = (await this.query(`SELECT column_name FROM (DESCRIBE SELECT * FROM ${source})`)).map((r) => String(r[0]));
    } catch (e) {
      throw new SqlEngineError('SQL_INPUT_UNREADABLE', `无法读取 CSV 文件 ${path}：${message(e)}`, { cause: e });
    }
    const resolved = resolveFlatHeaders(header, { form });
    const byKey = new Map<string, string>();
    for (const [h, key] of resolved.known) if (!byKey.has(key)) byKey.set(key, h);
    // As `canji check` reads such a file: each record's ID is taken from its certificate number.
    this.idFromCertificate = byKey.has('certificate_no') && !byKey.has('resident_id') && !resolved.labelMismatch.some((m) => m.key === 'certificate_no');
    const cols = form.items.map((i) => {
      const h = byKey.get(i.key);
      return h === undefined ? `CAST(NULL AS VARCHAR) AS ${d.ident(i.key)}` : `${d.ident(h)} AS ${d.ident(i.key)}`;
    });
    // Insertion order is kept (DuckDB's default), so `rowid` numbers the data rows as in the file.
    // (the session's setting put back after, when it was opened without it).
    if (!this.ordered) await this.query(`SET preserve_insertion_order = true`);
    try {
      await this.query(`CREATE OR REPLACE TABLE canji_records_csv AS SELECT ${cols.join(', ')} FROM ${source}`);
    } finally {
      if (!this.ordered) await this.query(`SET preserve_insertion_order = false`);
    }
    await this.dropRecords();
    await this.query(`CREATE VIEW ${RECORDS} AS SELECT CAST(rowid AS INTEGER) AS canji_row, * FROM canji_records_csv`);
    const [[count]] = (await this.query(`SELECT count(*) FROM canji_records_csv`)) as [[number]];
    return count;
  }

  /**
   * Loads one department's extract rows (normalised records, as `parseExtractRow` or
   * `synthesizeDepartmentExtracts` give them) into `canji_dept_<id>`, every field of the
   * department's layout as text, in the given order (of two rows of a person the later counts).
   * Returns the number of rows.
   */
  async loadDepartment(department: DepartmentId, rows: Iterable<Readonly<Record<string, unknown>>>): Promise<number> {
    const writer = await this.departmentWriter(department);
    try {
      for (const row of rows) writer.add(row);
    } finally {
      writer.close();
    }
    return writer.close();
  }

  /**
   * Opens `canji_dept_<id>` for one department's extract rows written one at a time, as
   * {@link loadDepartment} writes them (replacing the rows loaded before): for a reader that hands
   * its rows over as it reads the file, without holding them.
   *
   * @example
   * ```ts
   * const writer = await engine.departmentWriter('education');
   * for await (const batch of rowsOfTheFile) for (const row of batch) writer.add(row);
   * writer.close(); //=> rows written
   * ```
   */
  async departmentWriter(department: DepartmentId): Promise<SqlRowWriter> {
    const c = this.live();
    const d = sqlDialect('duckdb');
    const fields = getExtractDepartment(department).fields.map((f) => f.key);
    const table = defaultDepartmentTable(department);
    await this.query(`CREATE OR REPLACE TABLE ${table} (canji_row INTEGER, ${fields.map((k) => `${d.ident(k)} VARCHAR`).join(', ')})`);
    const appender = await c.createAppender(table);
    this.departments.add(department);
    let n = 0;
    let open = true;
    return {
      add(row) {
        appender.appendInteger(n++);
        for (const k of fields) {
          const v = extractCell(row[k]);
          if (v === undefined) appender.appendNull();
          else appender.appendVarchar(v);
        }
        appender.endRow();
      },
      close() {
        if (open) appender.closeSync();
        open = false;
        return n;
      },
    };
  }

  /**
   * What a department's loaded extract holds: rows, rows without a resident ID, and distinct
   * persons — keyed as `buildDepartmentIndex` keys the rows a reader gives (`canonicalIds`: the
   * ID as the reader wrote it), so the counts are those of the JavaScript engine's index.
   *
   * @example
   * ```ts
   * await engine.departmentCounts('education'); //=> { rows: 132, rowsWithoutKey: 0, people: 132 }
   * ```
   */
  async departmentCounts(department: DepartmentId): Promise<{ rows: number; rowsWithoutKey: number; people: number }> {
    const t = defaultDepartmentTable(department);
    const [[rows, withoutKey, people]] = (await this.query(
      `SELECT count(*), count(*) FILTER (WHERE resident_id IS NULL OR resident_id = ''), count(DISTINCT resident_id) FILTER (WHERE resident_id <> '') FROM ${t}`,
    )) as [[number, number, number]];
    return { rows, rowsWithoutKey: withoutKey, people };
  }

  /**
   * Runs SQL and hands its rows over a chunk at a time (arrays of JavaScript values, BIGINT as
   * number), for a result too large to hold at once. Rejects with `SQL_QUERY_FAILED`.
   */
  async *queryChunks(sql: string): AsyncGenerator<unknown[][]> {
    const c = this.live();
    let result: Awaited<ReturnType<DuckDBConnection['stream']>>;
    try {
      result = await c.stream(sql);
    } catch (e) {
      throw new SqlEngineError('SQL_QUERY_FAILED', `SQL 执行失败：${message(e)}`, { cause: e });
    }
    for await (const rows of result.yieldRowsJs()) yield rows.map((row) => row.map((v) => (typeof v === 'bigint' ? Number(v) : v)));
  }

  /** Drops what `canji_records` holds (a table from {@link loadRecords}, a view from {@link loadRecordsCsv}). */
  private async dropRecords(): Promise<void> {
    const kinds = await this.query(`SELECT table_type FROM information_schema.tables WHERE table_name = '${RECORDS}'`);
    for (const [kind] of kinds) await this.query(`DROP ${kind === 'VIEW' ? 'VIEW' : 'TABLE'} IF EXISTS ${RECORDS}`);
  }

  /** Drops the extracts of `departments` (default: all loaded), so that their cross-check rules are skipped again. */
  async dropDepartments(departments: readonly DepartmentId[] = this.loadedDepartments()): Promise<void> {
    for (const d of departments) {
      await this.query(`DROP TABLE IF EXISTS ${defaultDepartmentTable(d)}`);
      this.departments.delete(d);
    }
  }

  /** The departments loaded so far, in `DEPARTMENT_IDS` order. */
  loadedDepartments(): DepartmentId[] {
    return DEPARTMENT_IDS.filter((d) => this.departments.has(d));
  }

  /**
   * Runs `rules` (compiled with {@link compileRulesToSql}) over the loaded records and the loaded
   * departments' extracts. The form version defaults to the loaded records'; cross-check rules of
   * departments not loaded are skipped, as `checkRecord` skips them without an index.
   */
  async findings(rules: readonly Rule[], options: Omit<CompileToSqlOptions, 'dialect' | 'departments' | 'tables'> = {}): Promise<DuckDbFindings> {
    const compiled = compileRulesToSql(rules, { formVersion: this.formVersion, idFromCertificate: this.idFromCertificate, ...options, dialect: 'duckdb', departments: this.loadedDepartments() });
    const rows = await this.query(compiled.sql);
    const findings = rows.map(([record, ruleId, severity, region, department]) => {
      const f: SqlFinding = { record: record as number, ruleId: ruleId as string, severity: severity as Severity, regionCode: (region as string | null) ?? undefined };
      if (department !== null && department !== undefined) f.department = department as DepartmentId;
      return f;
    });
    return { findings, compiled };
  }

  /**
   * Evaluates conditions on every loaded record (see {@link compileConditionsToSql}): one array of
   * booleans per record, in record order, one value per condition.
   */
  async evaluate(conditions: readonly Condition[], options: Omit<CompileToSqlOptions, 'dialect' | 'tables'> & { department?: DepartmentId } = {}): Promise<boolean[][]> {
    const q = compileConditionsToSql(conditions, { formVersion: this.formVersion, idFromCertificate: this.idFromCertificate, ...options, dialect: 'duckdb', departments: this.loadedDepartments() });
    const rows = await this.query(q.sql);
    return rows.map((r) => r.slice(1).map((v) => v === true));
  }

  /**
   * The derived facts of every loaded record (see {@link compileFactsToSql}), in record order, as
   * `recordFacts` names them: `{ id, certId, certCategory, certLevel, birthDate, idBirthDate, idSex, age, category, level }`
   * (`undefined` where SQL gives NULL).
   */
  async facts(options: Pick<CompileToSqlOptions, 'referenceDate' | 'idFromCertificate'> = {}): Promise<Record<string, string | number | undefined>[]> {
    const q = compileFactsToSql({ formVersion: this.formVersion, idFromCertificate: this.idFromCertificate, ...options, dialect: 'duckdb' });
    const rows = await this.query(q.sql);
    return rows.map((r) => {
      const out: Record<string, string | number | undefined> = {};
      q.columns.forEach((c, i) => (out[c.slice(1)] = (r[i + 1] as string | number | null) ?? undefined));
      return out;
    });
  }

  /**
   * The indicators over the loaded records and departments (see `indicatorsWithDuckDb`): the same
   * result `computeIndicators` of `@canji/indicators` gives, the form version taken from the loaded records.
   *
   * @example
   * ```ts
   * const { result } = await engine.indicators({ asOf: '2019-06-30', by: ['county', 'sex'] });
   * ```
   */
  indicators(options: Omit<DuckDbIndicatorsOptions, 'formVersion' | 'idFromCertificate'> & Partial<Pick<DuckDbIndicatorsOptions, 'formVersion' | 'idFromCertificate'>>): ReturnType<typeof indicatorsWithDuckDb> {
    return indicatorsWithDuckDb(this, { formVersion: this.formVersion, idFromCertificate: this.idFromCertificate, ...options });
  }

  /**
   * The SQL part of a hybrid batch check over the loaded records and departments (see
   * `hybridFindingsWithDuckDb`): the findings of every rule that compiles, the match bits per
   * record, and the extract rows the JavaScript engine needs for the rest.
   *
   * @example
   * ```ts
   * const found = await engine.hybridFindings(rules, { referenceDate: '2019-06-30' });
   * found.plan.inSql.length; //=> rules decided in SQL
   * ```
   */
  hybridFindings(rules: readonly Rule[], options: Omit<HybridCheckOptions, 'departments' | 'idFromCertificate'> = {}): Promise<HybridFindings> {
    return hybridFindingsWithDuckDb(this, rules, { formVersion: this.formVersion, idFromCertificate: this.idFromCertificate, ...options });
  }

  /** Closes the database (idempotent). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

/**
 * One batch through DuckDB: opens an in-memory database, loads the records (objects, or a flat
 * CSV file with `{ csv: path }`) and the departments' extract rows, runs the rules and closes it.
 *
 * @example
 * ```ts
 * const { findings, compiled } = await findingsWithDuckDb(records, [...consistencyRules('2017'), ...crossCheckRules('2017')], {
 *   referenceDate: '2017-06-30',
 *   departments: { education: extracts.education.records },
 * });
 * compiled.notCompiled.length; //=> the rules left to the JavaScript engine
 * ```
 */
export async function findingsWithDuckDb(
  records: Iterable<PersonRecord> | { csv: string },
  rules: readonly Rule[],
  options: Omit<CompileToSqlOptions, 'dialect' | 'departments' | 'tables'> & { departments?: Partial<Record<DepartmentId, Iterable<Readonly<Record<string, unknown>>>>> } = {},
): Promise<DuckDbFindings & { records: number }> {
  const engine = await DuckDbEngine.open();
  try {
    const load: LoadRecordsOptions = {};
    if (options.formVersion) load.formVersion = options.formVersion;
    if (options.form) load.form = options.form;
    const n = 'csv' in records && typeof (records as { csv: unknown }).csv === 'string' ? await engine.loadRecordsCsv((records as { csv: string }).csv, load) : await engine.loadRecords(records as Iterable<PersonRecord>, load);
    for (const dept of DEPARTMENT_IDS) {
      const rows = options.departments?.[dept];
      if (rows) await engine.loadDepartment(dept, rows);
    }
    const { departments: _unused, ...compile } = options;
    return { ...(await engine.findings(rules, compile)), records: n };
  } finally {
    engine.close();
  }
}
