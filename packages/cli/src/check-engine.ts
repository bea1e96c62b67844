/**
 * `canji check --engine duckdb`: the same check, with the rules that compile to SQL run in an
 * embedded DuckDB (`@canji/sql`) and the rest in JavaScript, merged into the one report.
 * `--engine postgres --db URL` is the same with PostgreSQL 15 in DuckDB's place (`PostgresEngine`:
 * temporary tables of one session, the same statements); with `--table T [--columns MAP.json]`
 * the batch is first read from the database's table (see {@link SqlCheck.stageTable}).
 *
 * 1. The departments' extracts are read with `@canji/form`'s reader, as `--engine js` reads them
 *    (the same rejects, normalisations and notices), and appended to DuckDB tables instead of
 *    JavaScript indexes.
 * 2. First pass over the batch: the records, read as the check reads them, are appended to a
 *    DuckDB table under their position in the file (the columns the SQL reads only).
 * 3. DuckDB runs every record and cross-check rule that compiles, the pre-filters of the
 *    cross-check rules with functions, and which department each record is matched in
 *    (`hybridFindingsWithDuckDb`); it hands back the findings by position, the match bits and the
 *    extract rows of the persons whose findings or pre-filters need their department row (indexed
 *    here, in JavaScript: a small part of the extracts).
 * 4. Second pass: the JavaScript batch checker of `--engine js`, fed as `checkFile` feeds it, with
 *    each rule SQL decided replaced by one that says what SQL found for the record (same id, title,
 *    severity, basis, items: the same issue), the pre-filtered rules' functions run only where SQL's
 *    pre-filter holds, and department indexes that answer from the match bits and the rows handed
 *    back. The tally, the examples, the department lists and the report are the JavaScript
 *    engine's own code (`createBatchChecker`), so the report is the same.
 */
import type { HybridFindings, HybridSqlEngine, PostgresRowWriter, SqlRowWriter, SqlRecordWriter } from '@canji/sql';
import { buildDepartmentIndexAsync, compileRules, createBatchChecker, crossCheckCompares, type BatchChecker, type BatchOptions, type CrossCheckRule, type DepartmentId, type DepartmentIndex, type PersonRecord, type Rule } from '@canji/rules';
import { parseJsonText, type PersonFormVersion } from '@canji/form';
import { CliError, EXIT, type CliIo } from './io.js';
import type { Progress } from './progress.js';
import { readPersonRecords, type ReadOptions } from './read.js';
import { checkRuleSet, type RuleSetSpec } from './rule-set.js';

/** The engines of `canji check --engine`. */
export const CHECK_ENGINES = ['js', 'duckdb', 'postgres'] as const;
/** An engine of `canji check --engine` (`CheckFileOptions.engine`). */
export type CheckEngineName = (typeof CHECK_ENGINES)[number];

/**
 * Reads `--engine`: `js` (the default), `duckdb` or `postgres` (also `postgresql`); anything else
 * is `USAGE_ENGINE` (exit 2).
 *
 * @example
 * ```ts
 * parseEngineOption(undefined); //=> 'js'
 * parseEngineOption('duckdb'); //=> 'duckdb'
 * parseEngineOption('PostgreSQL'); //=> 'postgres'
 * parseEngineOption('sqlite'); // throws CliError USAGE_ENGINE
 * ```
 */
export function parseEngineOption(value: string | undefined): CheckEngineName {
  if (value === undefined) return 'js';
  const v = value.trim().toLowerCase();
  if (v === 'postgresql') return 'postgres';
  if ((CHECK_ENGINES as readonly string[]).includes(v)) return v as CheckEngineName;
  throw new CliError('USAGE_ENGINE', `--engine 应为 js（默认，JavaScript 引擎）、duckdb（内嵌 DuckDB 引擎）或 postgres（PostgreSQL 数据库，需 --db）：收到“${value}”`);
}

/**
 * Checks the database options of `canji check` against `--engine`: `postgres` needs `--db URL`
 * (`USAGE_ENGINE_DB`, exit 2), and `--db`, `--table`, `--columns` are for `postgres` only
 * (`USAGE_ENGINE_DB`, `USAGE_ENGINE_TABLE`); `--columns` needs `--table`.
 *
 * @example
 * ```ts
 * validateEngineDbOptions('postgres', { db: 'postgresql://canji@localhost/canji' }); // ok
 * validateEngineDbOptions('postgres', {}); // throws CliError USAGE_ENGINE_DB
 * validateEngineDbOptions('js', { table: 'persons' }); // throws CliError USAGE_ENGINE_TABLE
 * ```
 */
export function validateEngineDbOptions(engine: CheckEngineName, o: { db?: string | undefined; table?: string | undefined; columns?: string | undefined }): void {
  if (engine === 'postgres' && !o.db?.trim()) throw new CliError('USAGE_ENGINE_DB', '--engine postgres 需要 --db <URL>（PostgreSQL 连接串，如 postgresql://用户@主机/库名）');
  if (engine !== 'postgres' && o.db !== undefined) throw new CliError('USAGE_ENGINE_DB', `--db 只用于 --engine postgres（当前引擎：${engine}）`);
  if (engine !== 'postgres' && o.table !== undefined) throw new CliError('USAGE_ENGINE_TABLE', `--table 只用于 --engine postgres（当前引擎：${engine}）`);
  if (o.columns !== undefined && o.table === undefined) throw new CliError('USAGE_ENGINE_TABLE', '--columns（列名对照文件）只与 --table 同用');
}

/** A cell of a CSV file: quoted when it holds a comma, a quote, a line break or leading/trailing space. */
function csvCell(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The column mapping of `--columns MAP.json`: canji key → the table's column, in the file's order. */
export interface ColumnMapping {
  pairs: readonly (readonly [key: string, column: string])[];
  /** The file as the user named it. */
  shown: string;
}

/**
 * Reads the text of a `--columns` file: a JSON object of canji keys to the table's column names
 * (`{ "resident_id": "sfzh", "r3": "hkxz" }`). Not JSON, not an object of non-empty strings, or
 * two keys on one column: `ENGINE_COLUMNS_INVALID` (exit 2). Whether the keys are canji's and the
 * columns the table's is checked against the database (`SqlCheck.stageTable`).
 *
 * @example
 * ```ts
 * parseColumnMapping('{ "resident_id": "sfzh", "r3": "hkxz" }', 'map.json').pairs; //=> [['resident_id', 'sfzh'], ['r3', 'hkxz']]
 * parseColumnMapping('[1]', 'map.json'); // throws CliError ENGINE_COLUMNS_INVALID
 * ```
 */
export function parseColumnMapping(text: string, shown: string): ColumnMapping {
  const j = parseJsonText(text);
  if (!j.ok) throw new CliError('ENGINE_COLUMNS_INVALID', `列名对照文件 ${shown} 不是 JSON（${j.reason}）；应为 { "resident_id": "sfzh", "r3": "hkxz" } 这样的对象：canji 项目名 → 表中的列名`);
  const data = j.value;
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new CliError('ENGINE_COLUMNS_INVALID', `列名对照文件 ${shown} 应为 JSON 对象：canji 项目名 → 表中的列名，如 { "resident_id": "sfzh" }`);
  const pairs: [string, string][] = [];
  const byColumn = new Map<string, string>();
  for (const [key, column] of Object.entries(data as Record<string, unknown>)) {
    if (typeof column !== 'string' || !column.trim()) throw new CliError('ENGINE_COLUMNS_INVALID', `列名对照文件 ${shown}：“${key}”对照的列名应为非空字符串`);
    const other = byColumn.get(column);
    if (other !== undefined) throw new CliError('ENGINE_COLUMNS_INVALID', `列名对照文件 ${shown}：“${other}”和“${key}”对照同一列“${column}”`);
    byColumn.set(column, key);
    pairs.push([key, column]);
  }
  return { pairs, shown };
}

/**
 * `CANJI_ENGINE_PHASES=1`: each phase of the engine's check (extract loading, first pass, the
 * SQL, the rows handed back, second pass) with its wall and CPU time and the RSS after it, on
 * stderr — for the benchmarks (docs/benchmarks/sql.md); off by default.
 */
const PHASES = typeof process !== 'undefined' && process.env?.CANJI_ENGINE_PHASES === '1';
let phaseAt: { wall: number; cpu: NodeJS.CpuUsage } | undefined;
function phaseDone(name: string): void {
  if (!PHASES) return;
  phaseAt ??= { wall: performance.now(), cpu: process.cpuUsage() };
  const wall = performance.now();
  const cpu = process.cpuUsage();
  const u = process.cpuUsage(phaseAt.cpu);
  const m = process.memoryUsage();
  process.stderr.write(`[phase] ${name}: wall ${((wall - phaseAt.wall) / 1000).toFixed(1)} s, cpu ${((u.user + u.system) / 1e6).toFixed(1)} s, rss ${(m.rss / 2 ** 20).toFixed(0)} MB (heap ${(m.heapUsed / 2 ** 20).toFixed(0)} MB), peak ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB\n`);
  phaseAt = { wall, cpu };
}

/**
 * DuckDB's memory ceiling in `canji check --engine duckdb` (its `memory_limit`): with the second
 * pass's JavaScript heap after it, the province (1.5 × 10^6 persons, seven extracts) stays under
 * 2 GB; beyond it DuckDB spills to disk rather than failing.
 */
export const DUCKDB_MEMORY_LIMIT = '1GB';

/** Whether DuckDB ran out of the memory it may use (its `Out of Memory Error`, through `SqlEngineError` or as it is). */
function isOutOfMemory(e: unknown): boolean {
  for (let x: unknown = e; x instanceof Error; x = x.cause) if (/Out of Memory Error/i.test(x.message)) return true;
  return false;
}

/** `ENGINE_OUT_OF_MEMORY` (exit 3): the query did not fit DuckDB's ceiling `limit`. */
function outOfMemory(limit: string, cause: unknown): CliError {
  const e = new CliError('ENGINE_OUT_OF_MEMORY', `DuckDB 引擎的内存不够本批数据的查询（上限 ${limit}）：可用环境变量 CANJI_DUCKDB_MEMORY 提高上限（如 CANJI_DUCKDB_MEMORY=8GB），或改用默认的 --engine js`, EXIT.FAILURE);
  (e as Error & { cause?: unknown }).cause = cause;
  return e;
}

/** Removes a directory of the check's own, quietly (a leftover temporary directory is no failure of the check). */
async function removeDir(dir: string): Promise<void> {
  try {
    const { rmSync } = await import('node:fs');
    rmSync(dir, { recursive: true, force: true });
  } catch {
    // left for the system's cleaning of its temporary directory
  }
}

/** What the check needs of a database (a `DuckDbEngine` or a `PostgresEngine`). */
interface CheckSqlEngine extends HybridSqlEngine {
  departmentWriter(department: DepartmentId): Promise<SqlRowWriter | PostgresRowWriter<[Readonly<Record<string, unknown>>]>>;
  departmentCounts(department: DepartmentId): Promise<{ rows: number; rowsWithoutKey: number; people: number }>;
  recordWriter(options: { formVersion: PersonFormVersion; columns: readonly string[] }): Promise<SqlRecordWriter | PostgresRowWriter<[number, PersonRecord]>>;
  hybridFindings(rules: readonly Rule[], options: { referenceDate?: string }): Promise<HybridFindings>;
  close(): void | Promise<void>;
}

/**
 * The rule without its condition (SQL evaluated it), with what it compares said outright: the
 * discrepancy lists infer it from the condition when a rule does not say (`CrossCheckRule.compares`).
 */
function withoutViolation<R extends Rule>(rule: R): Omit<R, 'violation'> {
  const { violation, ...rest } = rule as R & { violation?: unknown };
  if (rule.scope !== 'cross-check' || (rule as CrossCheckRule).compares) return rest;
  const compares = crossCheckCompares(rule as CrossCheckRule);
  return compares ? { ...rest, compares } : rest;
}

/**
 * A department's extract as the DuckDB engine holds it, seen by the JavaScript checker: whether
 * the record being checked is in it comes from SQL's match bits, its row from the rows SQL handed
 * back (the persons whose findings or pre-filters read it).
 */
class SqlDepartmentIndex implements DepartmentIndex {
  rowsRead: number;
  rowsWithoutKey: number;
  duplicateKeys: number;
  size: number;
  /** The rows handed back, indexed as `--engine js` indexes a whole extract. */
  rows: DepartmentIndex | undefined;
  /** Bit of this department in the match bits. */
  bit = 0;

  constructor(
    readonly department: DepartmentId,
    counts: { rows: number; rowsWithoutKey: number; people: number },
    private readonly check: SqlCheck,
  ) {
    this.rowsRead = counts.rows;
    this.rowsWithoutKey = counts.rowsWithoutKey;
    this.size = counts.people;
    this.duplicateKeys = counts.rows - counts.rowsWithoutKey - counts.people;
  }

  get(key: string): Readonly<Record<string, unknown>> | undefined {
    return this.rows?.get(key);
  }

  /** Whether the record being checked (its `key`) is in the extract: SQL's answer. */
  has(_key: string): boolean {
    return this.check.matchedNow(this.bit);
  }
}

/** What the first pass needs: the batch, read as the second pass will read it. */
export interface SqlCheckPrepare {
  input: string;
  /** The form version given (`--form`), else the one recognised from the header. */
  given: PersonFormVersion | undefined;
  /** The reading options of the check (encoding, format, sheet; `onReject` is left to the second pass). */
  reading: Pick<ReadOptions, 'encoding' | 'format' | 'sheet'>;
  spec: RuleSetSpec;
  /** `--as-of`. */
  referenceDate: string | undefined;
  progress?: (totalBytes: number) => Progress;
}

/**
 * The database side of one `canji check --engine duckdb|postgres` (see the module comment): open,
 * load the departments through {@link indexer}, {@link prepare} (first pass and SQL), then
 * {@link checker} for the second pass, and {@link close}.
 */
export class SqlCheck {
  private found: HybridFindings | undefined;
  private formVersion: PersonFormVersion | undefined;
  private readonly indexes = new Map<DepartmentId, SqlDepartmentIndex>();
  /** Position of the item being checked, and its hits in `found.hits` (`lo` … `hi` − 1). */
  private cursor = -1;
  private lo = 0;
  private hi = 0;
  /** Records the JavaScript checker matched with the departments (it had a key) and, of those, ones SQL found no key for. */
  private jsKeyed = 0;
  private keyMismatch = 0;
  private lastKeyed = -1;

  private constructor(
    private readonly engine: CheckSqlEngine,
    /** The engine's name in notices: DuckDB, PostgreSQL. */
    private readonly label: string,
  ) {}

  /** A directory of this check's own (DuckDB's spill files), removed when the database closes. */
  private spill: string | undefined;
  /** DuckDB's memory ceiling, and whether the user set it (`CANJI_DUCKDB_MEMORY`). */
  private memory: { limit: string; explicit: boolean } | undefined;
  /** The ceiling it was raised to, when the query did not fit the default one. */
  private raised: string | undefined;

  /**
   * Opens an in-memory DuckDB; `ENGINE_UNAVAILABLE` (exit 3) when it cannot be loaded on this
   * machine. The session is set for a batch larger than memory: DuckDB's buffer pool stops at
   * {@link DUCKDB_MEMORY_LIMIT} (`CANJI_DUCKDB_MEMORY` overrides it, e.g. `4GB`) and spills the
   * findings query's joins and aggregates to a directory of its own under the system's temporary
   * directory; results keep no insertion order (every query that needs one says `ORDER BY`).
   */
  static async open(): Promise<SqlCheck> {
    const { DuckDbEngine } = await import('@canji/sql');
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const spill = mkdtempSync(join(tmpdir(), 'canji-duckdb-'));
    try {
      const given = process.env.CANJI_DUCKDB_MEMORY?.trim();
      const limit = given || DUCKDB_MEMORY_LIMIT;
      const engine = await DuckDbEngine.open({ memoryLimit: limit, tempDirectory: spill, preserveInsertionOrder: false });
      const check = new SqlCheck(engine, 'DuckDB');
      check.spill = spill;
      check.memory = { limit, explicit: !!given };
      return check;
    } catch (e) {
      await removeDir(spill);
      throw new CliError('ENGINE_UNAVAILABLE', `无法启动 DuckDB 引擎（${e instanceof Error ? e.message : String(e)}）；可改用默认的 --engine js`, EXIT.FAILURE);
    }
  }

  /** Closes the database and removes its spill directory (idempotent). */
  private async closeEngine(): Promise<void> {
    await this.engine.close();
    if (this.spill) await removeDir(this.spill);
    this.spill = undefined;
  }

  /**
   * Connects to the PostgreSQL database at `url`: `ENGINE_UNAVAILABLE` (exit 3) when node-postgres
   * (`pg`) is not installed, `ENGINE_CONNECT` (exit 3) when the server cannot be reached or refuses
   * the login — the URL shown with its password masked.
   */
  static async openPostgres(url: string): Promise<SqlCheck> {
    let sql: typeof import('@canji/sql');
    try {
      sql = await import('@canji/sql');
    } catch (e) {
      throw new CliError('ENGINE_UNAVAILABLE', `无法加载 SQL 引擎（${e instanceof Error ? e.message : String(e)}）；可改用默认的 --engine js`, EXIT.FAILURE);
    }
    try {
      return new SqlCheck(await sql.PostgresEngine.open(url), 'PostgreSQL');
    } catch (e) {
      const code = (e as { code?: string }).code;
      const text = e instanceof Error ? e.message : String(e);
      if (code === 'PG_UNAVAILABLE') throw new CliError('ENGINE_UNAVAILABLE', `${text}；或改用默认的 --engine js`, EXIT.FAILURE);
      if (code === 'PG_CONNECT') throw new CliError('ENGINE_CONNECT', `${text}；请检查 --db（主机、端口、用户、库名、口令）与数据库是否在运行`, EXIT.FAILURE);
      throw new CliError('ENGINE_CONNECT', `无法连接 PostgreSQL 数据库 ${sql.maskDatabaseUrl(url)}`, EXIT.FAILURE);
    }
  }

  /**
   * `--table T [--columns MAP.json]`: checks the table and the mapping against the database and
   * writes the table's rows, read with one `SELECT` (the mapping applied: `"sfzh"::text AS
   * "resident_id"`, every other column under its own name), to `file` as CSV (UTF-8, a header of
   * canji keys and the columns' own names) — the batch both passes then read as `canji check` reads a
   * file. Errors (exit 2): `ENGINE_TABLE_NOT_FOUND`, `ENGINE_COLUMNS_UNKNOWN_KEY`,
   * `ENGINE_COLUMNS_MISSING_COLUMN` (and {@link parseColumnMapping}'s). Returns the rows written.
   */
  async stageTable(p: { table: string; mapping: ColumnMapping | undefined; formVersion: PersonFormVersion | undefined; file: string }): Promise<number> {
    const pg = this.engine as CheckSqlEngine & Partial<Pick<import('@canji/sql').PostgresEngine, 'tableColumns' | 'selectText' | 'shownUrl'>>;
    if (!pg.tableColumns || !pg.selectText) throw new Error('SqlCheck.stageTable: --table needs the PostgreSQL engine');
    const table = await pg.tableColumns(p.table);
    if (!table) throw new CliError('ENGINE_TABLE_NOT_FOUND', `数据库 ${pg.shownUrl ?? ''} 中没有表“${p.table}”（按 search_path 查找；带模式名请写 模式.表名）`);
    const { PERSON_FORM_VERSIONS, personForm } = await import('@canji/form');
    const versions = p.formVersion ? [p.formVersion] : PERSON_FORM_VERSIONS;
    const keys = new Set(versions.flatMap((v) => personForm(v).items.map((i) => i.key)));
    const mapping = p.mapping?.pairs ?? [];
    for (const [key, column] of mapping) {
      if (!keys.has(key)) throw new CliError('ENGINE_COLUMNS_UNKNOWN_KEY', `列名对照文件 ${p.mapping!.shown}：“${key}”不是${p.formVersion ? ` ${p.formVersion} 版` : ''}登记表的项目（应为 canji 的项目名，如 resident_id、name、r3）`);
      if (!table.columns.includes(column)) throw new CliError('ENGINE_COLUMNS_MISSING_COLUMN', `列名对照文件 ${p.mapping!.shown}：表“${table.schema}.${table.name}”中没有列“${column}”（对照 ${key}）；表中的列：${table.columns.slice(0, 12).join('、')}${table.columns.length > 12 ? ' 等' : ''}`);
    }
    // The mapped columns under canji's keys; the others under their own names (read as a file's header is), a column named as a mapped key left out.
    const mapped = new Map(mapping.map(([key, column]) => [column, key]));
    const taken = new Set(mapping.map(([key]) => key));
    const select = table.columns.flatMap((column) => {
      const key = mapped.get(column);
      if (key !== undefined) return [{ column, as: key }];
      return taken.has(column) ? [] : [{ column, as: column }];
    });
    const { createWriteStream } = await import('node:fs');
    const out = createWriteStream(p.file, { encoding: 'utf8', mode: 0o600 });
    const failed = new Promise<never>((_, reject) => out.on('error', reject));
    failed.catch(() => {});
    const write = async (text: string) => {
      if (!out.write(text)) await Promise.race([new Promise<void>((r) => out.once('drain', () => r())), failed]);
    };
    let rows = 0;
    try {
      await write(`${select.map((c) => csvCell(c.as)).join(',')}\n`);
      for await (const chunk of pg.selectText(table, select)) {
        let text = '';
        for (const row of chunk) text += `${row.map((v) => (v === null || v === undefined ? '' : csvCell(String(v)))).join(',')}\n`;
        rows += chunk.length;
        await write(text);
      }
    } finally {
      await Promise.race([new Promise<void>((r) => out.end(() => r())), failed]);
    }
    return rows;
  }

  /** Where `loadDepartment` puts a department's rows: a DuckDB table; the index it returns answers as described at {@link SqlDepartmentIndex}. */
  indexer(department: DepartmentId): (rows: AsyncIterable<Record<string, unknown>[]>) => Promise<DepartmentIndex> {
    return async (rows) => {
      if (!this.indexes.size) phaseDone('start');
      let counts: Awaited<ReturnType<CheckSqlEngine['departmentCounts']>>;
      try {
        const writer = await this.engine.departmentWriter(department);
        try {
          for await (const batch of rows) for (let i = 0; i < batch.length; i++) writer.add(batch[i]!);
        } finally {
          await writer.close();
        }
        counts = await this.engine.departmentCounts(department);
      } catch (e) {
        throw this.memory && isOutOfMemory(e) ? outOfMemory(this.memory.limit, e) : e;
      }
      const index = new SqlDepartmentIndex(department, counts, this);
      this.indexes.set(department, index);
      phaseDone(`extract ${department}`);
      return index;
    };
  }

  /** The rules of the check for the form version, as the JavaScript engine compiles them. */
  private rulesFor(form: PersonFormVersion, spec: RuleSetSpec): readonly Rule[] {
    return checkRuleSet({ ...spec, form }).rules;
  }

  /**
   * The first pass and the SQL: reads the batch (as the check reads it, quietly), appends the
   * records under their positions, runs the SQL part and indexes the extract rows it hands back.
   * Returns the notice for the user (how the rules were shared).
   */
  async prepare(io: CliIo, p: SqlCheckPrepare): Promise<string> {
    try {
      return await this.firstPassAndSql(io, p);
    } catch (e) {
      throw this.memory && isOutOfMemory(e) ? outOfMemory(this.raised ?? this.memory.limit, e) : e;
    }
  }

  private async firstPassAndSql(io: CliIo, p: SqlCheckPrepare): Promise<string> {
    const quiet: CliIo = { ...io, stderr: () => {} };
    const reader = await readPersonRecords(quiet, p.input, { quiet: true, label: '装入', requiredKeys: ['resident_id'], unreadableCells: 'keep', ...(p.given ? { formVersion: p.given } : {}), ...(p.progress ? { progress: p.progress } : {}), ...p.reading });
    const engine = this.engine;
    const departments = engine.loadedDepartments();
    const open = async (form: PersonFormVersion) => {
      this.formVersion = form;
      const { planHybridCheck } = await import('@canji/sql');
      const plan = planHybridCheck(this.rulesFor(form, p.spec), { formVersion: form, departments, ...(p.referenceDate ? { referenceDate: p.referenceDate } : {}) });
      return engine.recordWriter({ formVersion: form, columns: plan.compiled.recordColumns });
    };
    // The form version is known once the header is read, in the first call; the table is made
    // then, and the rows read meanwhile wait for it (the reader awaits between chunks).
    let writer: Awaited<ReturnType<CheckSqlEngine['recordWriter']>> | undefined;
    let opening: Promise<void> | undefined;
    let failure: unknown;
    const waiting: [number, PersonRecord][] = [];
    const start = () =>
      (opening ??= open(reader.formVersion() ?? p.given ?? '2017').then(
        (w) => {
          writer = w;
          for (const [i, r] of waiting) w.add(i, r);
          waiting.length = 0;
        },
        (e) => void (failure = e),
      ));
    let index = 0;
    try {
      await reader.forEach((item) => {
        const i = index++;
        if (!('record' in item)) return;
        if (writer) writer.add(i, item.record);
        else {
          waiting.push([i, item.record]);
          void start();
        }
      });
      await start();
      if (failure) throw failure;
    } finally {
      await writer?.close();
    }
    phaseDone('pass 1 (records appended)');
    const found = await this.findingsWithinMemory(this.rulesFor(this.formVersion!, p.spec), p.referenceDate);
    this.found = found;
    phaseDone('findings query');
    for (const [d, index] of this.indexes) {
      index.bit = 1 << found.departments.indexOf(d);
      index.rows = await buildDepartmentIndexAsync(d, found.rows(d), { canonicalIds: true });
    }
    phaseDone('extract rows handed back');
    // The second pass needs nothing more of the database: DuckDB's memory goes back (PostgreSQL's
    // session and its temporary tables end) before the JavaScript checker runs.
    await this.closeEngine();
    const { plan } = found;
    const inJs = plan.inJs.length;
    return `${this.raised ? `提示：DuckDB 的内存上限 ${this.memory!.limit} 不够本批数据的查询，已提高到 ${this.raised} 重新运行（可用环境变量 CANJI_DUCKDB_MEMORY 设定上限）\n` : ''}${this.label} 引擎：${plan.inSql.length} 条规则在 SQL 中判断${plan.preFiltered.length ? `，${plan.preFiltered.length} 条部门比对规则由 SQL 预筛后在 JavaScript 中判断` : ''}${inJs ? `，${inJs} 条（登记表校验、批次规则、带函数的规则等）在 JavaScript 中运行` : ''}\n`;
  }

  /**
   * The SQL part, within DuckDB's memory ceiling: should the query not fit the default ceiling
   * (DuckDB's "Out of Memory Error": an operator that cannot spill), the ceiling is raised to half
   * the machine's memory and the query run once more (its tables are made again); a ceiling the
   * user set (`CANJI_DUCKDB_MEMORY`), or a second failure, is `ENGINE_OUT_OF_MEMORY` (exit 3).
   */
  private async findingsWithinMemory(rules: readonly Rule[], referenceDate: string | undefined): Promise<HybridFindings> {
    const options = referenceDate ? { referenceDate } : {};
    try {
      return await this.engine.hybridFindings(rules, options);
    } catch (e) {
      if (!this.memory || !isOutOfMemory(e)) throw e;
      if (this.memory.explicit || this.raised) throw outOfMemory(this.raised ?? this.memory.limit, e);
      const { totalmem } = await import('node:os');
      const raised = `${Math.max(2, Math.floor(totalmem() / 2 ** 30 / 2))}GB`;
      await this.engine.query(`SET memory_limit = '${raised}'`);
      this.raised = raised;
      try {
        return await this.engine.hybridFindings(rules, options);
      } catch (again) {
        throw isOutOfMemory(again) ? outOfMemory(raised, again) : again;
      }
    }
  }

  /** Moves to the next item of the second pass (the checker's position). */
  private next(): void {
    const i = ++this.cursor;
    const records = this.found!.hits.records;
    let lo = this.hi;
    while (lo < records.length && records[lo]! < i) lo++;
    let hi = lo;
    while (hi < records.length && records[hi] === i) hi++;
    this.lo = lo;
    this.hi = hi;
  }

  /** Whether SQL found the rule (or pre-filter) at `position` for the item being checked. */
  private fires(position: number): boolean {
    const rules = this.found!.hits.rules;
    for (let k = this.lo; k < this.hi; k++) if (rules[k] === position) return true;
    return false;
  }

  /** Whether the item being checked has a match key and is in the department of `bit` (asked by the checker only for records it has a key for). */
  matchedNow(bit: number): boolean {
    const m = this.found!.matched[this.cursor] ?? 0;
    if (this.lastKeyed !== this.cursor) {
      this.lastKeyed = this.cursor;
      this.jsKeyed++;
      if (!(m & 0x80)) this.keyMismatch++;
    }
    return (m & bit) !== 0;
  }

  /** The rules of the second pass: each rule SQL decided or pre-filtered replaced (same id, title, severity, basis, items). */
  private secondPassRules(rules: readonly Rule[]): Rule[] {
    const found = this.found!;
    const position = new Map(found.ruleIds.map((id, i) => [id, i]));
    const filter = new Map(found.plan.preFiltered.map((p) => [p.rule.id, p.filter]));
    return rules.map((rule): Rule => {
      const at = position.get(rule.id);
      if (at === undefined) return rule;
      const fires = () => this.fires(at);
      if (rule.scope === 'record') return { ...withoutViolation(rule), check: fires };
      if (rule.scope !== 'cross-check') return rule;
      const pre = filter.get(rule.id);
      // Pre-filtered by "has a key": the rule runs as it is, on the rows of every matched person.
      if (pre === 'always') return rule;
      if (pre === 'violation') {
        const check = rule.check!;
        const gated: CrossCheckRule['check'] = (record, row, facts, ctx) => fires() && check(record, row, facts, ctx);
        return { ...withoutViolation(rule), check: gated };
      }
      return { ...withoutViolation(rule), check: fires };
    });
  }

  /**
   * The batch checker of the second pass: `--engine js`'s (`createBatchChecker` over the check's
   * rule set) with the rules of {@link secondPassRules}. Each `add` is the next item of the file,
   * as in the first pass. Its report throws `ENGINE_MISMATCH` (exit 3) should SQL and JavaScript
   * have read a resident ID differently (they are tested to agree; this keeps a difference loud).
   */
  checker(form: PersonFormVersion, spec: RuleSetSpec, options: Omit<BatchOptions, 'rules'>): BatchChecker {
    if (!this.found || form !== this.formVersion) throw new Error(`SqlCheck: checker(${form}) before prepare, or for another form version (${this.formVersion})`);
    const rules = compileRules(this.secondPassRules(this.rulesFor(form, spec)), { formVersion: form });
    const checker = createBatchChecker({ ...options, rules, context: { ...options.context, formVersion: form } });
    return {
      add: (item) => {
        this.next();
        return checker.add(item);
      },
      addShard: () => {
        throw new Error('SqlCheck: no shards (one thread reads the second pass)');
      },
      progress: () => checker.progress(),
      report: () => {
        const found = this.found!;
        if (this.indexes.size && (this.keyMismatch > 0 || this.jsKeyed !== found.keyed)) {
          throw new CliError('ENGINE_MISMATCH', `${this.label} 引擎与 JavaScript 引擎读出的身份证号不一致（JavaScript ${this.jsKeyed} 条记录有可比对的身份证号，SQL ${found.keyed} 条）：报告未生成；请改用 --engine js，并报告此问题`, EXIT.FAILURE);
        }
        phaseDone('pass 2 (JavaScript batch check)');
        const report = checker.report();
        phaseDone('report');
        return report;
      },
    };
  }

  async close(): Promise<void> {
    await this.closeEngine();
  }
}
