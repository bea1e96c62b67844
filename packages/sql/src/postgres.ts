/**
 * The PostgreSQL runner: the hybrid batch check's SQL part inside a PostgreSQL 15 database
 * (`canji check --engine postgres --db URL`). The batch and the extracts are written into
 * temporary tables of one session (`canji_records`, `canji_dept_<id>`: the tables the compiled
 * queries read, named as the DuckDB engine names them; dropped when the session ends), or the
 * batch is a table already in the database, read through a temporary view with the platform's
 * column names mapped to canji's ({@link PostgresEngine.useTable}). node-postgres (`pg`, an
 * optional dependency) is loaded only when a database is opened.
 */
import { DEPARTMENT_IDS, getExtractDepartment, personForm, type FormDefinition, type PersonFormVersion } from '@canji/form';
import type { DepartmentId, PersonRecord, Rule } from '@canji/rules';
import type { Client, ClientConfig } from 'pg';
import { extractCell, recordCell, recordColumns } from './cells.js';
import { sqlDialect } from './dialect.js';
import { defaultDepartmentTable } from './pipeline.js';
import { hybridFindingsWithDuckDb, type HybridCheckOptions, type HybridFindings } from './hybrid.js';

/** Stable codes of {@link PostgresEngineError}. */
export type PostgresEngineErrorCode =
  | 'PG_UNAVAILABLE'
  | 'PG_CONNECT'
  | 'PG_QUERY_FAILED'
  | 'PG_CLOSED'
  | 'PG_TABLE_NOT_FOUND'
  | 'PG_COLUMNS_INVALID'
  | 'PG_COLUMNS_UNKNOWN_KEY'
  | 'PG_COLUMNS_MISSING_COLUMN'
  | 'PG_INPUT_UNREADABLE';

/** A failure of the PostgreSQL runner; `message` is zh-CN and never holds the password of the URL. */
export class PostgresEngineError extends Error {
  readonly code: PostgresEngineErrorCode;
  constructor(code: PostgresEngineErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PostgresEngineError';
    this.code = code;
  }
}

/**
 * A connection string with its password masked (`***`), as it may be shown: in the userinfo
 * part and in a `password=` parameter (URL or key/value form).
 *
 * @example
 * ```ts
 * maskDatabaseUrl('postgresql://canji:s3cret@db.example/canji'); //=> 'postgresql://canji:***@db.example/canji'
 * maskDatabaseUrl('host=db password=s3cret dbname=canji'); //=> 'host=db password=*** dbname=canji'
 * ```
 */
export function maskDatabaseUrl(url: string): string {
  return url
    .replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/?#@]*):[^@/?#]*@/i, '$1:***@')
    .replace(/([?&]password=)[^&#]*/gi, '$1***')
    .replace(/(^|\s)(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S*)/gi, '$1$2***');
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Writes rows into a temporary table, a batch of rows per statement; `close` waits for the last (see {@link PostgresEngine.recordWriter}). */
export interface PostgresRowWriter<A extends unknown[]> {
  /** Queues a row (synchronous: it can be fed from a reader's callback). */
  add(...args: A): void;
  /** Writes what is queued and returns the number of rows written; rejects with the first failure. */
  close(): Promise<number>;
}

/** Rows per INSERT … SELECT FROM unnest(…) statement. */
const BATCH = 5000;

/**
 * A connection to a PostgreSQL 15 database holding one batch check: the records (a temporary
 * table, or a view over the platform's own table) and the departments' extracts (temporary
 * tables), the tables the compiled queries read. It offers what the DuckDB engine offers to the
 * hybrid check (`query`, `queryChunks`, writers, counts, `hybridFindings`).
 *
 * @example
 * ```ts
 * const pg = await PostgresEngine.open('postgresql://canji@localhost/canji?host=/tmp/pg');
 * const w = await pg.recordWriter({ formVersion: '2017' });
 * records.forEach((r, i) => w.add(i, r));
 * await w.close();
 * const found = await pg.hybridFindings(rules, { referenceDate: '2019-06-30' });
 * await pg.close();
 * ```
 */
export class PostgresEngine {
  /** The dialect of the compiled queries (read by the hybrid runner). */
  readonly dialect = 'postgres' as const;
  private closed = false;
  private readonly departments = new Set<DepartmentId>();
  private formVersion: PersonFormVersion = '2017';
  private cursors = 0;

  private constructor(
    private readonly client: Client,
    /** The URL as it may be shown (password masked). */
    readonly shownUrl: string,
  ) {}

  /**
   * Connects to the database at `url` (a libpq connection string or URI). Rejects with
   * `PG_UNAVAILABLE` when node-postgres (`pg`) is not installed and with `PG_CONNECT` when the
   * server cannot be reached or refuses the login (the message names the URL with its password masked).
   */
  static async open(url: string): Promise<PostgresEngine> {
    let pg: typeof import('pg');
    try {
      // A specifier the bundler does not follow: `pg` stays an optional dependency, loaded from
      // node_modules when a database is opened (not bundled into dist).
      const specifier = 'pg';
      const mod = (await import(specifier)) as typeof import('pg') & { default?: typeof import('pg') };
      pg = mod.default ?? mod;
    } catch (e) {
      throw new PostgresEngineError('PG_UNAVAILABLE', `无法加载 PostgreSQL 客户端（node-postgres，npm 包 pg）：${message(e)}；请安装 pg（pnpm add pg）`, { cause: e });
    }
    const shown = maskDatabaseUrl(url);
    // BIGINT (count, sum) and NUMERIC as numbers, as the DuckDB engine hands them over.
    const types = { getTypeParser: (oid: number, format?: 'text' | 'binary') => (oid === 20 || oid === 1700 ? Number : pg.types.getTypeParser(oid, format as 'text')) };
    const config: ClientConfig = { connectionString: url, types: types as ClientConfig['types'], connectionTimeoutMillis: 15_000, application_name: 'canji' };
    const client = new pg.Client(config);
    // A server that goes away later is reported by the query that fails, not as an unhandled event.
    client.on('error', () => {});
    try {
      await client.connect();
    } catch (e) {
      await client.end().catch(() => {});
      const why = message(e).split(url).join(shown);
      throw new PostgresEngineError('PG_CONNECT', `无法连接 PostgreSQL 数据库 ${shown}：${why}`, { cause: e });
    }
    const engine = new PostgresEngine(client, shown);
    // For this session only: no JIT (compiling the generated query's many expressions cost more
    // than running it: 23 s against 6.5 s on 5 × 10^4 persons with seven extracts), and at least
    // 64 MB per sort or hash (the server's default 4 MB spills the joins to disk: 6.5 s → 3.4 s).
    await engine.query(`SET jit = off; SELECT set_config('work_mem', '64MB', false) WHERE pg_size_bytes(current_setting('work_mem')) < 64 * 1024 * 1024`).catch(() => {});
    return engine;
  }

  private live(): Client {
    if (this.closed) throw new PostgresEngineError('PG_CLOSED', 'PostgreSQL 连接已关闭');
    return this.client;
  }

  /** Runs SQL (one statement, or several without parameters) and returns the rows as arrays (BIGINT as number). Rejects with `PG_QUERY_FAILED`. */
  async query(sql: string, values?: unknown[]): Promise<unknown[][]> {
    const c = this.live();
    try {
      const r = await c.query({ text: sql, rowMode: 'array', ...(values ? { values } : {}) });
      const last = Array.isArray(r) ? r[r.length - 1] : r;
      return (last?.rows ?? []) as unknown[][];
    } catch (e) {
      throw new PostgresEngineError('PG_QUERY_FAILED', `PostgreSQL 执行 SQL 失败：${message(e)}`, { cause: e });
    }
  }

  /** Runs a query through a cursor and hands its rows over a chunk at a time (for a result too large to hold at once). */
  async *queryChunks(sql: string, chunk = 20_000): AsyncGenerator<unknown[][]> {
    const name = `canji_cursor_${++this.cursors}`;
    await this.query('BEGIN');
    try {
      await this.query(`DECLARE ${name} NO SCROLL CURSOR FOR ${sql}`);
      for (;;) {
        const rows = await this.query(`FETCH FORWARD ${chunk} FROM ${name}`);
        if (rows.length) yield rows;
        if (rows.length < chunk) break;
      }
    } finally {
      if (!this.closed) await this.query('COMMIT').catch(() => {});
    }
  }

  /** A writer of rows into `table` (created by the caller), `columns` cast as given, a batch per statement. */
  private batchWriter<A extends unknown[]>(table: string, casts: readonly string[], toCells: (...args: A) => unknown[]): PostgresRowWriter<A> {
    const sql = `INSERT INTO ${table} SELECT * FROM unnest(${casts.map((c, i) => `$${i + 1}::${c}[]`).join(', ')})`;
    let columns: unknown[][] = casts.map(() => []);
    let queued = 0;
    let written = 0;
    let pending: Promise<void> = Promise.resolve();
    let failure: unknown;
    const flush = () => {
      if (!queued) return;
      const batch = columns;
      const n = queued;
      columns = casts.map(() => []);
      queued = 0;
      pending = pending.then(async () => {
        if (failure) return;
        try {
          await this.query(sql, batch);
          written += n;
        } catch (e) {
          failure = e;
        }
      });
    };
    return {
      add: (...args: A) => {
        const cells = toCells(...args);
        for (let i = 0; i < cells.length; i++) columns[i]!.push(cells[i]);
        if (++queued >= BATCH) flush();
      },
      close: async () => {
        flush();
        await pending;
        if (failure) throw failure;
        return written;
      },
    };
  }

  /**
   * Creates the temporary table `canji_records` (replacing the records loaded before) for records
   * written one at a time under their batch positions, cells as `toFlatRow` writes them, as the
   * DuckDB engine's `recordWriter` does; with `columns`, only those items get a column.
   */
  async recordWriter(options: { formVersion?: PersonFormVersion; form?: FormDefinition; columns?: readonly string[] } = {}): Promise<PostgresRowWriter<[number, PersonRecord]>> {
    const form = options.form ?? personForm(options.formVersion ?? '2017');
    const { keys, paths, unknown } = recordColumns(form, options.columns);
    if (unknown !== undefined) throw new PostgresEngineError('PG_INPUT_UNREADABLE', `“${unknown}”不是 ${options.formVersion ?? '2017'} 版登记表的列`);
    this.formVersion = (options.formVersion ?? '2017') as PersonFormVersion;
    const d = sqlDialect('postgres');
    await this.query(`DROP VIEW IF EXISTS canji_records; DROP TABLE IF EXISTS canji_records; CREATE TEMP TABLE canji_records (canji_row INTEGER${keys.map((k) => `, ${d.ident(k)} TEXT`).join('')})`);
    return this.batchWriter('canji_records', ['int', ...keys.map(() => 'text')], (index: number, record: PersonRecord) => [
      index,
      ...paths.map((p) => recordCell(record, p) ?? null),
    ]);
  }

  /** Creates the temporary table `canji_dept_<id>` for one department's extract rows (normalised records), every field as text, in the order written. */
  async departmentWriter(department: DepartmentId): Promise<PostgresRowWriter<[Readonly<Record<string, unknown>>]>> {
    const d = sqlDialect('postgres');
    const fields = getExtractDepartment(department).fields.map((f) => f.key);
    const table = defaultDepartmentTable(department);
    await this.query(`DROP TABLE IF EXISTS ${table}; CREATE TEMP TABLE ${table} (canji_row INTEGER, ${fields.map((k) => `${d.ident(k)} TEXT`).join(', ')})`);
    this.departments.add(department);
    let n = 0;
    return this.batchWriter(table, ['int', ...fields.map(() => 'text')], (row: Readonly<Record<string, unknown>>) => [n++, ...fields.map((k) => extractCell(row[k]) ?? null)]);
  }

  /** What a department's loaded extract holds (rows, rows without a resident ID, distinct persons), as the DuckDB engine counts it. */
  async departmentCounts(department: DepartmentId): Promise<{ rows: number; rowsWithoutKey: number; people: number }> {
    const t = defaultDepartmentTable(department);
    await this.query(`ANALYZE ${t}`);
    const [[rows, withoutKey, people]] = (await this.query(
      `SELECT count(*), count(*) FILTER (WHERE resident_id IS NULL OR resident_id = ''), count(DISTINCT resident_id) FILTER (WHERE resident_id <> '') FROM ${t}`,
    )) as [[number, number, number]];
    return { rows, rowsWithoutKey: withoutKey, people };
  }

  /** The departments loaded so far, in `DEPARTMENT_IDS` order. */
  loadedDepartments(): DepartmentId[] {
    return DEPARTMENT_IDS.filter((d) => this.departments.has(d));
  }

  /**
   * The SQL part of a hybrid batch check over the loaded records and departments, run in
   * PostgreSQL (see `hybridFindingsWithDuckDb`, which runs the same statements in either database).
   */
  async hybridFindings(rules: readonly Rule[], options: Omit<HybridCheckOptions, 'departments' | 'idFromCertificate' | 'dialect'> = {}): Promise<HybridFindings> {
    await this.query('ANALYZE canji_records').catch(() => {});
    return hybridFindingsWithDuckDb(this, rules, { formVersion: this.formVersion, ...options, dialect: 'postgres' });
  }

  /**
   * A table (or view) of the database as `canji check --table` names it — `name` or
   * `schema.name`, matched exactly; an unqualified name is looked up along the `search_path` —
   * with its columns in their order (from `information_schema`); `undefined` when there is none.
   *
   * @example
   * ```ts
   * await pg.tableColumns('ods.cjr_jbxx'); //=> { schema: 'ods', name: 'cjr_jbxx', columns: ['sfzh', 'xm', 'xb', …] }
   * ```
   */
  async tableColumns(table: string): Promise<{ schema: string; name: string; columns: string[] } | undefined> {
    const dot = table.indexOf('.');
    const [schemaGiven, name] = dot > 0 ? [table.slice(0, dot), table.slice(dot + 1)] : [undefined, table];
    const found = schemaGiven
      ? await this.query(`SELECT table_schema FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2`, [schemaGiven, name])
      : await this.query(
          `SELECT table_schema FROM information_schema.tables WHERE table_name = $1 AND table_schema = ANY (current_schemas(false)) ORDER BY array_position(current_schemas(false), table_schema::text) LIMIT 1`,
          [name],
        );
    if (!found.length) return undefined;
    const schema = String(found[0]![0]);
    const columns = (await this.query(`SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`, [schema, name])).map((r) => String(r[0]));
    return { schema, name, columns };
  }

  /**
   * The rows of a table, every cell as text (NULL as `null`), the columns `select` names under
   * the names given (`SELECT "sfzh"::text AS "resident_id", …`), in the table's physical order
   * (a table has no other; not the order the rows were inserted in), a chunk at a time through a cursor.
   */
  selectText(table: { schema: string; name: string }, select: readonly { column: string; as: string }[]): AsyncGenerator<unknown[][]> {
    const d = sqlDialect('postgres');
    const cols = select.map((c) => `${d.ident(c.column)}::text AS ${d.ident(c.as)}`).join(', ');
    const from = `SELECT ${cols} FROM ${d.ident(table.schema)}.${d.ident(table.name)}`;
    const self = this;
    return (async function* () {
      // The table's physical order, the same from run to run while the table does not change (a
      // synchronised scan of a large table would start where another scan is).
      await self.query('SET synchronize_seqscans TO off');
      yield* self.queryChunks(from);
    })();
  }

  /** Closes the connection (idempotent); the temporary tables go with it. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.client.end().catch(() => {});
  }
}
