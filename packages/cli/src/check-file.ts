/**
 * The main job of canji as a library call: check a file of person records (CSV, XLSX or JSON
 * Lines) against the form, consistency, batch and (with department extracts) cross-check rules,
 * and return the validation report. `canji check` is this call plus printing and report files.
 */
import { resolve } from 'node:path';
import { PERSON_FORM_VERSIONS, type PersonFormVersion } from '@canji/form';
import { loadAllVillages, loadVillages, normalizeRegionLevel, REGION_SOURCES } from '@canji/regions';
import { buildPreviousRound, messageWithRow, RULES_VERSION, type PreviousRound, type BatchChecker, type DepartmentId, type DepartmentIndex, type Discrepancy, type Issue, type PersonRecord, type RegionLevel, type Rule, type RuleContext, type RuleFile, type ValidationReport } from '@canji/rules';
import { departmentSummary, loadDepartment } from './departments.js';
import { detectFileEncoding, type TextEncoding } from './encoding.js';
import { assertAsOf } from './as-of.js';
import { parseFormOption } from './form-version.js';
import { CliError, type CliIo } from './io.js';
import { checkWithWorkers } from './pool.js';
import type { Progress } from './progress.js';
import { emptyCellStats, readPersonRecords, type ReadStats, type Reject } from './read.js';
import { regionName } from './region-name.js';
import { inputDigest, withRunMeta } from './report-meta.js';
import { batchCheckerFor, unreadableRow, type RuleSetSpec } from './rule-set.js';
import { formatOfPath, type FileFormat } from './sources.js';
import { reportRounds } from '@canji/rounds';
import { createRoundCheck, type RoundCheckResult } from './round-check.js';
import { collectorPass, withCollectorOutcome, withCollectorSection, type WithCollectorSectionOptions } from './collector-section.js';
import { startCollectorThread, type CollectorThread } from './collector-thread.js';
import { withoutUnreadable } from './records.js';
import { SqlCheck, parseColumnMapping, parseEngineOption, validateEngineDbOptions, type CheckEngineName, type ColumnMapping } from './check-engine.js';

/** Form versions `checkFile` (and `canji check --form`) accepts. */
export const FORM_VERSIONS: readonly PersonFormVersion[] = PERSON_FORM_VERSIONS;

export { regionName };

/** How far a {@link checkFile} run has got: rows read, bytes of the file read, the file's size. */
export interface CheckProgress {
  rows: number;
  bytesRead: number;
  totalBytes: number;
  /** Set on the last call, when the file has been read. */
  done?: boolean;
}

/** Options of {@link checkFile}: what `canji check` takes on its command line, as data. */
export interface CheckFileOptions {
  /**
   * Form version of the records (`--form`: `'2016'`, `'2017'` or `'2021'`). Absent: recognised
   * from the file's header, and said which in a notice (`按 2021 版登记表读取（由表头识别）`).
   */
  formVersion?: string;
  /** Reference date for ages, `YYYY-MM-DD` (`--as-of`; default: each record's `reference_date`). */
  asOf?: string;
  /** Region code of the batch, 2–12 digits (`--region`): records outside it are flagged. */
  region?: string;
  /** Level the report counts by (`--level`, default `'county'`). */
  regionLevel?: RegionLevel;
  /** Partner departments' extracts to compare with, department → file (`--dept education=FILE`). */
  departments?: Partial<Record<DepartmentId, string>>;
  /**
   * The previous round's batch (`--previous FILE`, any form version but 2016, recognised from its
   * header): the year-on-year rules compare each person found there (matched by canonical ID).
   */
  previous?: string;
  /**
   * The certificate roster (底册, `--roster FILE`): with it, and with `previous`, the report gets the
   * round-to-round reconciliation (`report.rounds`: continuing, new, exited and why, moved within,
   * not updated, not in the roster — per township — and the change rates), and the result its lists
   * (`CheckFileResult.rounds`). The public-security extract, when among `departments`, gives the
   * deaths and moves out.
   */
  roster?: string;
  /** Threads that read and run the record rules (`--workers`, 1–64, default 1: this thread). XLSX and UTF-16 files are read by this thread. */
  workers?: number;
  /**
   * Rules added to the built-in set (a local office's own, `RuleSetSpec.extraRules`). With
   * `workers` above 1 they are posted to the worker threads: plain data only (conditions, no
   * `check` or `gate` functions).
   */
  extraRules?: readonly Rule[];
  /**
   * Local rule files (`--rules`), as their JSON data (`docs/schemas/rule-file.schema.json`; read
   * with `parseRuleFile`, which every thread runs again on the same data). The report's rule-set
   * version names them.
   */
  ruleFiles?: readonly { name?: string; file: RuleFile }[];
  /** Text encoding of a CSV / JSON Lines file (default: detected). */
  encoding?: TextEncoding;
  /** File format (default: by the file extension). */
  format?: FileFormat;
  /** The worksheet of an XLSX batch (`--sheet`): its name or position from 1 (default the first). */
  sheet?: string;
  /** Report title (`--title`). */
  title?: string;
  /** Directory relative paths are resolved against (default: the process's working directory). */
  cwd?: string;
  /** Called for every department discrepancy, as found (e.g. to write the lists to send back), with the record's `rowNumber`. */
  onDiscrepancy?: (d: Discrepancy) => void;
  /**
   * Called for every record with errors or warnings, in file order, with its row in the file
   * (as a spreadsheet shows it) and all its issues — what a list of records to fix is made of.
   */
  onFindings?: (f: RecordFindings) => void;
  /** Called for every rejected row, in file order (e.g. to write them all to a file). */
  onReject?: (r: Reject) => void;
  /** Notices for the user (zh-CN lines ending in a newline): title rows skipped, departments read, files read on one thread. */
  onNotice?: (text: string) => void;
  /** Called when reading starts, after each chunk of the file, and once at the end (`done`). */
  onProgress?: (p: CheckProgress) => void;
  /**
   * Which engine runs the rules (`--engine`): `'js'` (default) or `'duckdb'` — the rules that
   * compile to SQL run in an embedded DuckDB, the rest in JavaScript, and the report is the same
   * (`check-engine.ts`); `'postgres'` does the same in the PostgreSQL database at {@link db}
   * (temporary tables of one session). With either the batch is read twice and `workers` is 1.
   */
  engine?: CheckEngineName;
  /**
   * Compute the report's collector section (信息采集员情况) on a second thread, which reads the
   * batch again beside the check. Default: when the machine has a second core and the batch is at
   * least 8 MiB; `true`: whenever there is a second core; `false`: in the check's own pass, on its
   * thread. The report is the same either way.
   */
  collectorThread?: boolean;
  /** `--db URL`: the PostgreSQL database of `engine: 'postgres'` (required there, refused elsewhere). */
  db?: string;
  /**
   * `--table T`: with `engine: 'postgres'`, the batch is this table of the database (`name` or
   * `schema.name`), not the file: read with one `SELECT` (mapped by {@link columns}) into a private
   * temporary CSV file that both passes read as a file (deleted at the end); `path` is ignored.
   */
  table?: string;
  /** `--columns MAP.json`: with {@link table}, canji key → the table's column (`{ "resident_id": "sfzh" }`). */
  columns?: string;
}

/** A record with issues, as {@link CheckFileOptions.onFindings} reports it. */
export interface RecordFindings {
  /** 0-based position of the record among the items checked (the report's `index`). */
  index: number;
  /** The record's row in the file, as a spreadsheet shows it (1 = the first line). */
  rowNumber: number;
  /** The record (with workers: its base columns — region, name, IDs — and the items rules compare). */
  record: PersonRecord;
  issues: readonly Issue[];
  /** Form version the file is read with (given, or recognised from the header). */
  formVersion: PersonFormVersion;
  /** The file row of the item at another index (e.g. the first occurrence a duplicate points to). */
  rowOf: (index: number) => number;
}

/** File row numbers by item index, growing as the file is read (4 bytes per row). */
class RowNumbers {
  private a = new Uint32Array(1 << 12);
  set(index: number, row: number): void {
    if (index >= this.a.length) {
      const b = new Uint32Array(Math.max(this.a.length * 2, index + 1));
      b.set(this.a);
      this.a = b;
    }
    this.a[index] = row;
  }
  get(index: number): number {
    return this.a[index] ?? 0;
  }
}

/** What {@link checkFile} returns: the report, and how the file and the department extracts were read. */
export interface CheckFileResult {
  report: ValidationReport;
  /** Rows read = processed + rejected, the first rejected rows, the columns ignored. */
  rows: ReadStats;
  /** Per department extract: rows read and rejected, people indexed. */
  departments: { department: DepartmentId; path: string; read: number; rejected: number; people: number; firstRejects: Reject[] }[];
  /** The round-to-round reconciliation and what its lists name, with `previous` or `roster`. */
  rounds?: RoundCheckResult;
}

/**
 * Reads the previous round's batch (its form version recognised from its header) and indexes it
 * by canonical ID for the year-on-year rules; says what it read. A 2016 file is a usage error.
 */
async function loadPreviousRound(
  io: CliIo,
  path: string,
  shown: string,
  o: CheckFileOptions,
  notice: (text: string) => void,
): Promise<{ round: PreviousRound; formVersion: '2017' | '2021'; read: (each: (record: PersonRecord, rowNumber: number) => void) => Promise<void> }> {
  const open = () => readPersonRecords(io, path, { quiet: true, label: '上一轮', ...(o.encoding ? { encoding: o.encoding } : {}) });
  const reader = await open();
  const records: PersonRecord[] = [];
  await reader.forEach((item) => void ('record' in item && records.push(item.record)));
  const version = reader.formVersion() ?? '2017';
  if (version !== '2017' && version !== '2021') {
    throw new CliError('USAGE_PREVIOUS_VERSION', `上一轮文件“${shown}”为 ${version} 版登记表：年度比对只支持 2017 版和 2021 版`);
  }
  const round = buildPreviousRound(records, { formVersion: version });
  // The records now live in the round's flat index; the reconciliation streams the file again.
  records.length = 0;
  const read = async (each: (record: PersonRecord, rowNumber: number) => void) => {
    const again = await open();
    await again.forEach((item) => void ('record' in item && each(item.record, item.rowNumber)));
  };
  const s = reader.stats;
  notice(`上一轮（${shown}，${version} 版）：读取 ${s.read} 行 = 采用 ${s.processed} 行 + 拒收 ${s.rejected} 行，${round.size} 人${round.rowsWithoutKey ? `，${round.rowsWithoutKey} 行无可用身份证号` : ''}${round.duplicateKeys ? `，${round.duplicateKeys} 行重复（取后一行）` : ''}\n`);
  return { round, formVersion: version, read };
}

/** Loads the village tables a report by village needs: the batch region's province, or every province. */
async function loadVillagesFor(region: string | undefined): Promise<void> {
  if (region && /^\d{2}/.test(region)) await loadVillages(region.slice(0, 2));
  else await loadAllVillages();
}

/** Whether a text file is (or is said to be) UTF-16; false when it cannot be read (the reader reports why). */
async function isUtf16(path: string, encoding: TextEncoding | undefined): Promise<boolean> {
  if (encoding) return encoding === 'utf16le' || encoding === 'utf16be';
  try {
    const e = (await detectFileEncoding(path)).encoding;
    return e === 'utf16le' || e === 'utf16be';
  } catch {
    return false;
  }
}

/**
 * Checks the options of {@link checkFile} the way `canji check` does: `USAGE_FORM`, `USAGE_DATE`,
 * `USAGE_REGION`, `USAGE_LEVEL`, `USAGE_WORKERS`.
 */
export function validateCheckFileOptions(o: CheckFileOptions): void {
  parseFormOption(o.formVersion);
  if (o.asOf !== undefined) assertAsOf(o.asOf);
  if (o.region !== undefined && !/^\d{2,12}$/.test(o.region)) throw new CliError('USAGE_REGION', `--region 应为 2–12 位区划代码（收到“${o.region}”）`);
  if (o.regionLevel !== undefined && !normalizeRegionLevel(o.regionLevel)) throw new CliError('USAGE_LEVEL', `--level 应为 province、prefecture、county、township、village 之一（收到“${String(o.regionLevel)}”）`);
  const workers = o.workers ?? 1;
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) throw new CliError('USAGE_WORKERS', `--workers 应为 1–64 的整数（收到“${workers}”）`);
  if (o.engine !== undefined || o.db !== undefined || o.table !== undefined || o.columns !== undefined) validateEngineDbOptions(parseEngineOption(o.engine), { db: o.db, table: o.table, columns: o.columns });
}

/**
 * Checks a file of person records — CSV (UTF-8, GBK, UTF-16; comma or tab), XLSX or JSON Lines,
 * headers as machine names, item numbers or Chinese labels — and returns the validation report
 * (数据校验报告), exactly as `canji check` makes it. Nothing is printed and nothing exits: notices
 * and progress go to the callbacks, and a problem with the input or the options is thrown as a
 * {@link CliError} with a stable code (`INPUT_NOT_FOUND`, `INPUT_HEADER_UNKNOWN`, `USAGE_WORKERS` …).
 * The report is the full one (`writeReport` masks every identifier as it writes) and names the input
 * file with its SHA-256 (`report.meta.input`), read beside the check.
 *
 * @example
 * ```ts
 * import { checkFile, writeReport } from '@canji/cli';
 * const { report, rows } = await checkFile('长沙县-2019.csv', { region: '430121', asOf: '2019-06-30', regionLevel: 'township' });
 * rows.read === rows.processed + rows.rejected; //=> true
 * report.counts.withErrors; //=> e.g. 57
 * await writeReport(report, '校验报告.html');
 * ```
 */
export async function checkFile(path: string, options: CheckFileOptions = {}): Promise<CheckFileResult> {
  validateCheckFileOptions(options);
  const engine = parseEngineOption(options.engine);
  if (engine === 'js') return checkFileWith(path, options, undefined);
  // The mapping is read before connecting: a mistake in it is found first.
  const mapping = options.table !== undefined && options.columns !== undefined ? await readColumnMapping(options.columns, options.cwd ?? process.cwd()) : undefined;
  const sql = engine === 'postgres' ? await SqlCheck.openPostgres(options.db!) : await SqlCheck.open();
  try {
    if (options.table !== undefined) return await checkTable(options.table, mapping, options, sql);
    return await checkFileWith(path, options, sql);
  } finally {
    await sql.close();
  }
}

/** Reads `--columns MAP.json` (`ENGINE_COLUMNS_NOT_FOUND`, `ENGINE_COLUMNS_INVALID`: exit 2). */
async function readColumnMapping(file: string, cwd: string): Promise<ColumnMapping> {
  const { readFile } = await import('node:fs/promises');
  let text: string;
  try {
    text = await readFile(resolve(cwd, file), 'utf8');
  } catch {
    throw new CliError('ENGINE_COLUMNS_NOT_FOUND', `找不到列名对照文件“${file}”`);
  }
  return parseColumnMapping(text, file);
}

/**
 * `--engine postgres --table T`: the table's rows, read with one `SELECT` (the mapping applied),
 * written to a private temporary CSV file (mode 0600, deleted at the end), which the check then
 * reads as a file — both passes, so the report is the one `canji check` gives on that export;
 * the report names the table as its input.
 */
async function checkTable(table: string, mapping: ColumnMapping | undefined, options: CheckFileOptions, sql: SqlCheck): Promise<CheckFileResult> {
  const { mkdtemp, rm } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = await mkdtemp(join(tmpdir(), 'canji-table-'));
  try {
    const file = join(dir, 'batch.csv');
    const rows = await sql.stageTable({ table, mapping, formVersion: parseFormOption(options.formVersion), file });
    options.onNotice?.(`PostgreSQL 表 ${table}：读出 ${rows} 行${mapping ? `（列名按 ${mapping.shown} 对照）` : ''}\n`);
    // The staged file is UTF-8 CSV; `--encoding` would also apply to it, so the encodings are recognised (as without --encoding).
    const { encoding: _encoding, format: _format, sheet: _sheet, ...rest } = options;
    const result = await checkFileWith(file, { ...rest, format: 'csv' }, sql);
    const meta = result.report.meta;
    return { ...result, report: { ...result.report, meta: { ...meta, ...(meta.input ? { input: { ...meta.input, name: table } } : {}) } } };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** How the collector section reads the batch: as the check reads it (form version, encoding, format, sheet). */
function collectorReading(o: CheckFileOptions, given: PersonFormVersion | undefined): WithCollectorSectionOptions {
  return { ...(given ? { formVersion: given } : {}), ...(o.encoding ? { encoding: o.encoding } : {}), ...(o.format ? { format: o.format } : {}), ...(o.sheet !== undefined ? { sheet: o.sheet } : {}) };
}

/** {@link checkFile} with the JavaScript engine (`sql` undefined) or a database (DuckDB, PostgreSQL). */
async function checkFileWith(path: string, options: CheckFileOptions, sql: SqlCheck | undefined): Promise<CheckFileResult> {
  const o = options;
  const given = parseFormOption(o.formVersion);
  const cwd = o.cwd ?? process.cwd();
  // The collector figures on a second thread where there is one, from the start (collector-thread.ts).
  const thread =
    o.collectorThread === false
      ? undefined
      : startCollectorThread(resolve(cwd, path), collectorReading(o, given), { force: o.collectorThread === true });
  try {
    return await checkFileBody(path, options, sql, thread);
  } finally {
    await thread?.stop();
  }
}

async function checkFileBody(path: string, options: CheckFileOptions, sql: SqlCheck | undefined, thread: CollectorThread | undefined): Promise<CheckFileResult> {
  const o = options;
  const given = parseFormOption(o.formVersion);
  const cwd = o.cwd ?? process.cwd();
  const notice = o.onNotice ?? (() => {});
  // The reading pipeline's notices go to onNotice; nothing to stdout.
  const io: CliIo = { stdout: () => {}, stderr: notice, isTTY: false, cwd };
  const progress = (totalBytes: number): Progress => {
    let rows = 0;
    let bytesRead = 0;
    o.onProgress?.({ rows, bytesRead, totalBytes });
    return {
      update(r, b) {
        rows = r;
        bytesRead = b;
        o.onProgress?.({ rows, bytesRead, totalBytes });
      },
      stop: () => o.onProgress?.({ rows, bytesRead, totalBytes, done: true }),
    };
  };

  const departments: Partial<Record<DepartmentId, DepartmentIndex>> = {};
  const loaded: CheckFileResult['departments'] = [];
  for (const [department, file] of Object.entries(o.departments ?? {}) as [DepartmentId, string][]) {
    const d = await loadDepartment(io, department, resolve(cwd, file), { ...(o.encoding ? { encoding: o.encoding } : {}), ...(o.asOf ? { asOf: o.asOf } : {}), ...(sql ? { indexer: sql.indexer(department) } : {}) });
    notice(departmentSummary({ ...d, path: file }));
    departments[department] = d.index;
    loaded.push({ department, path: file, read: d.read, rejected: d.rejected, people: d.index.size, firstRejects: d.firstRejects });
  }
  const withDepartments = loaded.length > 0;
  const previous = o.previous ? await loadPreviousRound(io, resolve(cwd, o.previous), o.previous, o, notice) : undefined;
  const previousRound = previous?.round;
  // The reconciliation reads this round's records as the check does (one pass on one thread).
  const publicSecurity = o.departments?.['public-security'];
  const roundCheck =
    previous || o.roster
      ? createRoundCheck(io, {
          ...(o.asOf ? { asOf: o.asOf } : {}),
          ...(o.region ? { region: o.region } : {}),
          level: o.regionLevel && normalizeRegionLevel(o.regionLevel) !== 'county' ? normalizeRegionLevel(o.regionLevel)! : 'township',
          ...(previous ? { previous: { formVersion: previous.formVersion, read: previous.read } } : {}),
          ...(o.roster ? { rosterPath: resolve(cwd, o.roster), rosterShown: o.roster } : {}),
          ...(publicSecurity ? { publicSecurityPath: resolve(cwd, publicSecurity) } : {}),
          ...(o.encoding ? { encoding: o.encoding } : {}),
        })
      : undefined;
  const withRounds = async (report: ValidationReport): Promise<{ report: ValidationReport; rounds?: RoundCheckResult }> => {
    if (!roundCheck) return { report };
    const rounds = await roundCheck.finish();
    return { report: { ...report, rounds: reportRounds(rounds.reconciliation, { regionName }) }, rounds };
  };
  // The form version joins the context once the header is read (given, or recognised from it).
  const context: RuleContext = {
    ...(o.asOf ? { referenceDate: o.asOf } : {}),
    ...(o.region ? { batchRegion: o.region } : {}),
    ...(withDepartments ? { departments } : {}),
    ...(previousRound ? { previousRound } : {}),
  };
  const files = o.ruleFiles ?? [];
  const meta = {
    ...(o.title ? { title: o.title } : {}),
    // The region table the names come from (the report's title block).
    ...(REGION_SOURCES[0] ? { regionTableVersion: REGION_SOURCES[0].edition } : {}),
    // The report says which local rules it includes.
    ...(files.length ? { ruleSetVersion: `@canji/rules ${RULES_VERSION} + 规则文件：${files.map((f, i) => f.name ?? f.file.name ?? `#${i + 1}`).join('、')}` } : {}),
  };
  const regionLevel = o.regionLevel;
  if (regionLevel && normalizeRegionLevel(regionLevel) === 'village') await loadVillagesFor(o.region);
  const rules: RuleSetSpec = { form: given ?? '2017', withDepartments, ...(previousRound ? { withPrevious: true } : {}), ...(files.length ? { ruleFiles: files.map((f) => f.file) } : {}), ...(o.extraRules?.length ? { extraRules: o.extraRules } : {}) };
  const input = resolve(cwd, path);
  // The file's SHA-256 for the report's title block, read beside the check.
  const digest = inputDigest(input);

  // The collector section (信息采集员情况) of the report, when the batch names its collectors.
  const withCollectors = async (report: ValidationReport): Promise<ValidationReport> =>
    thread ? withCollectorOutcome(io, report, await thread.outcome()) : withCollectorSection(io, input, report, collectorReading(o, given));
  let workers = o.workers ?? 1;
  if (workers > 1 && sql) {
    notice(o.engine === 'postgres' ? '提示：--engine postgres 由 PostgreSQL 运行能写成 SQL 的规则，其余规则在主线程运行；--workers 不起作用\n' : '提示：--engine duckdb 由 DuckDB 运行能写成 SQL 的规则，其余规则在主线程运行；--workers 不起作用\n');
    workers = 1;
  }
  const inputFormat = o.format ?? formatOfPath(input);
  if (workers > 1 && (inputFormat === 'xlsx' || inputFormat === 'parquet')) {
    notice(`提示：${inputFormat === 'xlsx' ? 'XLSX' : 'Parquet'} 文件按行流式读取，不分给多个线程；按单线程校验\n`);
    workers = 1;
  }
  if (workers > 1 && (await isUtf16(input, o.encoding))) {
    notice('提示：UTF-16 文件先转成 UTF-8 再读，不分给多个线程；按单线程校验\n');
    workers = 1;
  }
  if (workers > 1 && o.extraRules?.some((r) => Object.values(r).some((v) => typeof v === 'function'))) {
    throw new CliError('USAGE_WORKERS_RULES', '附加规则含有函数（check、gate、start），不能交给工作线程；请用条件（violation）写规则，或用单线程校验');
  }
  const reading = { ...(o.encoding ? { encoding: o.encoding } : {}), ...(o.format ? { format: o.format } : {}), ...(o.sheet !== undefined ? { sheet: o.sheet } : {}), ...(o.onReject ? { onReject: o.onReject } : {}) };
  let formNow = (): PersonFormVersion => given ?? '2017';
  // The file row of every item (4 bytes per row): lists and the report's examples name the row
  // the clerk sees in the spreadsheet, not the item's position.
  const rowNumbers = new RowNumbers();
  const rowOf = (i: number) => rowNumbers.get(i);
  let stats = (): ReadStats => ({ read: 0, processed: 0, rejected: 0, normalised: 0, normalisations: [], blankLines: 0, emptyRows: 0, firstRejects: [], unknownColumns: [], cells: emptyCellStats('keep') });
  const withRows = (report: ValidationReport): ValidationReport => {
    const examples: ValidationReport['examples'] = {};
    // A batch rule's example pointing at another record (a duplicate's first occurrence) says that record's file row.
    const batch = new Set(report.rules.filter((r) => r.scope === 'batch').map((r) => r.id));
    for (const [id, list] of Object.entries(report.examples)) {
      examples[id] = list.map((e) => ({
        ...e,
        rowNumber: rowNumbers.get(e.index),
        ...(batch.has(id) && typeof e.recorded === 'number' ? { message: messageWithRow(e.message, e.recorded, rowNumbers.get(e.recorded)) } : {}),
      }));
    }
    return { ...report, examples, normalisations: stats().normalisations, departments: report.departments.map((d) => ({ ...d, discrepancies: d.discrepancies.map((x) => ({ ...x, rowNumber: rowNumbers.get(x.index) })) })) };
  };
  const onDiscrepancy = o.onDiscrepancy;
  const onFindings = o.onFindings;
  const checkerOptions = {
    context,
    meta,
    regionName,
    ...(regionLevel ? { regionLevel } : {}),
    ...(onDiscrepancy ? { onDiscrepancy: (d: Discrepancy) => onDiscrepancy({ ...d, rowNumber: rowNumbers.get(d.index) }) } : {}),
    ...(onFindings ? { onIssues: (index: number, record: PersonRecord, issues: Issue[]) => onFindings({ index, rowNumber: rowNumbers.get(index), record, issues, formVersion: formNow(), rowOf }) } : {}),
  };
  if (workers > 1) {
    const { report, stats: read } = await checkWithWorkers(io, input, {
      workers,
      rules,
      ...(given ? { formVersion: given } : {}),
      quiet: true,
      progress,
      ...checkerOptions,
      onRow: (i: number, row: number) => rowNumbers.set(i, row),
      ...reading,
    });
    stats = () => read;
    if (roundCheck) {
      // The workers do not hand the records back: the reconciliation reads the file once more.
      const again = await readPersonRecords(io, input, { quiet: true, label: '比对', ...(given ? { formVersion: given } : {}), ...reading });
      let first = true;
      await again.forEach((item) => {
        if (first) roundCheck.setFormVersion(again.formVersion() ?? given ?? '2017');
        first = false;
        if ('record' in item) roundCheck.addCurrent(item.record, item.rowNumber);
      });
    }
    const done = await withRounds(withRows(report));
    return { report: withRunMeta(await withCollectors(done.report), { input: await digest }), rows: read, departments: loaded, ...(done.rounds ? { rounds: done.rounds } : {}) };
  }
  // The database engine's first pass over the batch and its SQL (check-engine.ts).
  if (sql) {
    const { onReject: _second, ...firstPass } = reading;
    notice(await sql.prepare(io, { input, given, reading: firstPass, spec: rules, referenceDate: o.asOf, progress }));
  }
  // Unreadable cells stay in the record as written: the record rules report them at their item.
  const reader = await readPersonRecords(io, input, { quiet: true, label: '校验', requiredKeys: ['resident_id'], unreadableCells: 'keep', ...(given ? { formVersion: given } : {}), progress, ...reading });
  formNow = () => reader.formVersion() ?? given ?? '2017';
  stats = () => reader.stats;
  // Made once the header is read: the form version is known before the first row.
  const makeChecker = (form: PersonFormVersion) => (sql ? sql.checker(form, rules, checkerOptions) : batchCheckerFor(form, rules, checkerOptions));
  let checker: BatchChecker | undefined;
  let index = 0;
  // The collector section's figures from this pass (the records as a `drop` reader gives them): the batch is read once.
  // (Unless the collector thread computes them.)
  const collectors = thread ? undefined : collectorPass(reader);
  await reader.forEach((item) => {
    rowNumbers.set(index++, item.rowNumber);
    if (!checker) roundCheck?.setFormVersion(reader.formVersion() ?? '2017');
    // Before the checker sees it: the figures are of the record as read.
    if (collectors && 'record' in item) collectors.add(withoutUnreadable(item.record, item.issues));
    (checker ??= makeChecker(reader.formVersion() ?? '2017')).add('record' in item ? item.record : unreadableRow(item.rowNumber, item.reject));
    if ('record' in item) roundCheck?.addCurrent(item.record, item.rowNumber);
  });
  const done = await withRounds(withRows((checker ?? makeChecker(reader.formVersion() ?? '2017')).report()));
  return { report: withRunMeta(collectors ? collectors.finish(io, done.report) : await withCollectors(done.report), { input: await digest }), rows: reader.stats, departments: loaded, ...(done.rounds ? { rounds: done.rounds } : {}) };
}
