/**
 * The reading pipeline every command shares: open a file as a row source, resolve its header,
 * turn rows into person records, count rows read = processed + rejected, report rejected rows by
 * row number and column, and show progress. The worker pool of `canji check` uses the same
 * header check and counting (see `pool.ts`).
 */
import type { FlatIssue, PersonFormVersion } from '@canji/form';
import { formForHeader, parseFormOption } from './form-version.js';
import { CliError, type CliIo } from './io.js';
import { createProgress, type Progress } from './progress.js';
import type { RowItem } from './chunks.js';
import { personRowReader, type HeaderMapping, type PersonRowReader, type RowToRecord, type UnreadableCells } from './records.js';
import { openRowSource, type FileFormat, type RowError, type RowSource } from './sources.js';
import type { TextEncoding } from './encoding.js';
import { csvLine } from './csv.js';
import { maskMessage } from '@canji/rules';
import { beginOutputSync, openedWriteStream, outputError, PRIVATE_FILE_MODE, type AtomicOutput } from './output-file.js';
import { neutralizeCell, writeWorkbook, type SheetColumn, type SheetValue } from './sheets.js';
import { NormalisationCounter, type NormalisationTally } from './normalisations.js';
import type { TitleRow } from './header-finder.js';

export interface Reject {
  rowNumber: number;
  error: RowError;
}

/** Counts of one input file: `read === processed + rejected` always. */
export interface ReadStats {
  read: number;
  processed: number;
  rejected: number;
  /** Rows whose values were normalised (`1.农业` → 1, full-width digits …) or recovered, but read. */
  normalised: number;
  /** What was changed, by kind and column, with examples (see `normalisations.ts`). */
  normalisations: NormalisationTally;
  /** Lines skipped as not records, not counted in `read`: empty (or only spaces). */
  blankLines: number;
  /** Lines skipped as not records, not counted in `read`: only delimiters (`,,,,` below a table), XLSX rows without a value. */
  emptyRows: number;
  /** The first rejected rows (all of them go to `onReject`, e.g. `--rejects FILE`). */
  firstRejects: Reject[];
  unknownColumns: { column: string; message: string }[];
  /** What was changed or could not be read, cell by cell, in the processed rows (see {@link CellStats}). */
  cells: CellStats;
}

/**
 * The cells of the processed rows that were not read as written and not merely normalised: the
 * ones that could not be read at all (kept as a finding, or left out) and the ones recovered from
 * another cell (an ID from the certificate number). Normalisations are in `ReadStats.normalisations`
 * (a recovery is counted there too, as the change it made). Codes are `@canji/form`'s `FlatIssue` codes.
 */
export interface CellStats {
  /** Cells that could not be read (`FLAT_VALUE_INVALID` …): kept as written (a finding of the check at their item) or left out. */
  unreadable: number;
  /** Processed rows with at least one unreadable cell. */
  rowsWithUnreadable: number;
  /** Cells recovered from another cell (`FLAT_ID_FROM_CERTIFICATE` as a warning: the column is to be fixed at the source). */
  recovered: number;
  /** What became of unreadable cells: `keep` (`canji check`) or `drop` (`canji deid`, `canji indicators`). */
  unreadableCells: UnreadableCells;
  /** Unreadable and recovered cells by severity and code: `{ 'error:FLAT_VALUE_INVALID': 2, 'warning:FLAT_ID_FROM_CERTIFICATE': 3 }`. */
  byCode: Record<string, number>;
  /** The first unreadable and recovered cells, in file order, messages masked. */
  first: CellNote[];
}

/** One cell of {@link CellStats.first}: where it is, its code and what was done, identifiers masked. */
export interface CellNote {
  rowNumber: number;
  /** Column as headed in the file. */
  column: string;
  /** Record key of the item (`r4`, `resident_id`). */
  key?: string;
  code: string;
  severity: FlatIssue['severity'];
  /** zh-CN, ID numbers and long digit runs masked (`maskMessage` of `@canji/rules`). */
  message: string;
}

/** Options of `readPersonRecords`: encoding, format, worksheet, progress label, required columns and what becomes of unreadable cells. */
export interface ReadOptions {
  encoding?: TextEncoding;
  format?: FileFormat;
  /** The worksheet of an XLSX file: name or position from 1 (default the first; see `OpenRowSourceOptions.sheet`). */
  sheet?: string;
  quiet: boolean;
  /** What the progress line says: `校验`, `统计`, `脱敏`. */
  label: string;
  /** Record keys that must have a column (e.g. `resident_id`). */
  requiredKeys?: readonly string[];
  /**
   * Form version of the file (`--form`): headers and rows are read for it. Absent: recognised
   * from the header. Either way the version used is said in a notice (`按 2021 版登记表读取（由表头识别）`).
   */
  formVersion?: string;
  /** Bound on one record (line, quoted field) or XLSX cell in bytes (default: `CANJI_MAX_RECORD_MB`, else 8 MiB); see `openRowSource`. */
  maxRecordBytes?: number;
  /** Called for every rejected row, in file order (e.g. to write them all to a file). */
  onReject?: (r: Reject) => void;
  /** The progress display, given the file's size (default: on `io`'s stderr, by `quiet` and `label`). */
  progress?: (totalBytes: number) => Progress;
  /** What becomes of a cell that cannot be read (default `'drop'`; `canji check` keeps it for the checker). */
  unreadableCells?: UnreadableCells;
}

const KEEP_REJECTS = 20;
const KEEP_CELLS = 20;
/** Cells listed in the read summary on stderr. */
const SHOW_CELLS = 8;

/**
 * The bound on one record or cell (`maxRecordBytes` of `openRowSource`): the option, else the
 * environment's `CANJI_MAX_RECORD_MB` (megabytes), else the default (8 MiB).
 */
export function maxRecordBytesOf(opts: Pick<ReadOptions, 'maxRecordBytes'>): number | undefined {
  if (opts.maxRecordBytes !== undefined) return opts.maxRecordBytes;
  const env = process.env.CANJI_MAX_RECORD_MB;
  if (env === undefined || env === '') return undefined;
  const mb = Number(env);
  if (!(mb > 0) || !Number.isFinite(mb)) throw new CliError('USAGE_MAX_RECORD', `环境变量 CANJI_MAX_RECORD_MB 应为正数（兆字节），收到“${env}”`);
  return Math.round(mb * (1 << 20));
}

export async function openInput(io: CliIo, path: string, opts: Pick<ReadOptions, 'encoding' | 'format' | 'maxRecordBytes' | 'sheet'>): Promise<RowSource> {
  const max = maxRecordBytesOf(opts);
  const src = await openRowSource(path, { ...(opts.encoding ? { encoding: opts.encoding } : {}), ...(opts.format ? { format: opts.format } : {}), ...(max !== undefined ? { maxRecordBytes: max } : {}), ...(opts.sheet !== undefined ? { sheet: opts.sheet } : {}) });
  if (!src.ok) throw new CliError(src.error.code, src.error.message);
  return src.value;
}

export interface RecordReader {
  source: RowSource;
  stats: ReadStats;
  mapping(): HeaderMapping | undefined;
  /** The form version the rows are read with (known once the header is read, before the first row). */
  formVersion(): PersonFormVersion | undefined;
  /**
   * Calls `fn` with each person record and its row number, or `{ rowNumber, reject }` for a
   * rejected row, in file order. A CSV row is read and handed on as soon as it is split, so
   * nothing of it outlives the call (the fastest way through millions of rows).
   */
  forEach(fn: (item: RecordItem) => void): Promise<void>;
}

/**
 * A person record with its row number (and, when any, the issues of its cells: normalisations,
 * recoveries, unreadable cells — `from` / `to` unmasked), or a rejected row.
 */
export type RecordItem = { rowNumber: number; record: Record<string, unknown>; issues?: readonly FlatIssue[] } | { rowNumber: number; reject: RowError };

/** A rejected row as one line: `第 12 行（列“R13 受教育程度”）FLAT_VALUE_INVALID：…`. */
export function rejectLine(r: Reject): string {
  const col = r.error.column ? `（列“${r.error.column}”）` : '';
  // On the terminal (and in logs): ID and certificate numbers quoted in the reason masked.
  return `第 ${r.rowNumber} 行${col} ${r.error.code}：${maskMessage(r.error.message)}`;
}

/** Empty {@link CellStats}. */
export function emptyCellStats(unreadableCells: UnreadableCells = 'drop'): CellStats {
  return { unreadable: 0, rowsWithUnreadable: 0, recovered: 0, unreadableCells, byCode: {}, first: [] };
}

/** Counts the unreadable and recovered cells of one processed row into `cells` (see {@link CellStats}). */
export function countCells(cells: CellStats, rowNumber: number, r: Extract<RowToRecord, { ok: true }>): void {
  if (r.unreadable) {
    cells.unreadable += r.unreadable.length;
    cells.rowsWithUnreadable++;
    for (const i of r.unreadable) note(cells, rowNumber, i);
  }
  if (r.normalised) for (const i of r.normalised) if (i.severity === 'warning') {
    cells.recovered++;
    note(cells, rowNumber, i);
  }
}

function note(cells: CellStats, rowNumber: number, i: FlatIssue): void {
  const k = `${i.severity}:${i.code}`;
  cells.byCode[k] = (cells.byCode[k] ?? 0) + 1;
  if (cells.first.length < KEEP_CELLS) cells.first.push({ rowNumber, column: i.column, ...(i.key ? { key: i.key } : {}), code: i.code, severity: i.severity, message: maskMessage(i.message) });
}

/** Adds the cell counts of a part of a file (a worker's chunk) to `into`, parts in file order. */
export function mergeCellStats(into: CellStats, from: CellStats): void {
  into.unreadable += from.unreadable;
  into.rowsWithUnreadable += from.rowsWithUnreadable;
  into.recovered += from.recovered;
  for (const [k, n] of Object.entries(from.byCode)) into.byCode[k] = (into.byCode[k] ?? 0) + n;
  for (const c of from.first) if (into.first.length < KEEP_CELLS) into.first.push(c);
}

/** The counts of one input file, and how a rejected row is counted. */
export function readCounter(onReject?: (r: Reject) => void, unreadableCells: UnreadableCells = 'drop'): { stats: ReadStats; normalisations: NormalisationCounter; reject(r: Reject): void } {
  const normalisations = new NormalisationCounter();
  const stats: ReadStats = { read: 0, processed: 0, rejected: 0, normalised: 0, normalisations: normalisations.tally, blankLines: 0, emptyRows: 0, firstRejects: [], unknownColumns: [], cells: emptyCellStats(unreadableCells) };
  return {
    stats,
    normalisations,
    reject(r) {
      stats.rejected++;
      if (stats.firstRejects.length < KEEP_REJECTS) stats.firstRejects.push(r);
      onReject?.(r);
    },
  };
}

/** Adds lines skipped as not records (blank, only delimiters) to the counts. */
export function countSkipped(stats: ReadStats, s: { blank: number; empty: number }): void {
  stats.blankLines += s.blank;
  stats.emptyRows += s.empty;
}

/** The progress display of a read (see {@link ReadOptions.progress}). */
export function readProgress(io: CliIo, opts: Pick<ReadOptions, 'quiet' | 'label' | 'progress'>, totalBytes: number): Progress {
  return opts.progress ? opts.progress(totalBytes) : createProgress({ io, quiet: opts.quiet, label: opts.label, totalBytes });
}

/**
 * Takes a file's header: says which title rows were skipped above it, resolves it for the form
 * version (given, or recognised from the header, and said which) and checks it (see
 * {@link assertPersonHeader}); the reader of the file's rows.
 */
export function acceptPersonHeader(io: CliIo, header: Extract<RowItem, { kind: 'header' }>, stats: ReadStats, opts: Pick<ReadOptions, 'formVersion' | 'requiredKeys' | 'unreadableCells'>): PersonRowReader & { formVersion: PersonFormVersion } {
  if (header.skipped) io.stderr(titleNotice(header.skipped));
  const form = formForHeader(parseFormOption(opts.formVersion), header.columns);
  const rows = personRowReader(header.columns, { formVersion: form.version, unreadableCells: opts.unreadableCells ?? 'drop' });
  stats.unknownColumns = rows.mapping.unknown;
  assertPersonHeader(header, rows.mapping, opts.requiredKeys);
  io.stderr(form.notice);
  if (rows.mapping.idFromCertificate) io.stderr(idFromCertificateNotice(rows.mapping));
  return { ...rows, formVersion: form.version };
}

/** The notice of a file without an ID column: `提示：表头没有公民身份号码列，身份证号取残疾人证号（列“R2 残疾人证号”）的前 18 位`. */
export function idFromCertificateNotice(mapping: HeaderMapping): string {
  const column = [...mapping.known].find(([, k]) => k === 'certificate_no')?.[0] ?? 'certificate_no';
  return `提示：表头没有公民身份号码列，各行的身份证号取残疾人证号（列“${column}”）的前 18 位（号码无效的行按缺少身份证号报告）\n`;
}

/** The end of a read: a file without a header or without data rows is an input error. */
export function assertRowsRead(path: string, sawHeader: boolean, stats: ReadStats): void {
  if (!sawHeader) throw new CliError('INPUT_EMPTY', `文件“${path}”没有表头和数据行`);
  if (stats.read === 0) throw new CliError('INPUT_NO_ROWS', `文件“${path}”只有表头，没有数据行`);
}

/**
 * Reads every person record of a file into memory (what a command that needs the whole batch at
 * once does — a county's batch), prints the read summary on stderr, and gives the form version the
 * file was read with. Rejected rows are in `stats` (and printed), not in `records`.
 */
export async function readAllPersonRecords(io: CliIo, path: string, opts: ReadOptions): Promise<{ records: Record<string, unknown>[]; formVersion: PersonFormVersion | undefined; stats: ReadStats }> {
  const reader = await readPersonRecords(io, path, opts);
  const records: Record<string, unknown>[] = [];
  await reader.forEach((item) => void ('record' in item && records.push(item.record)));
  printReadSummary(io, reader.stats);
  return { records, formVersion: reader.formVersion(), stats: reader.stats };
}

/** Opens a file of person records (see {@link RecordReader}). Throws {@link CliError} on a missing file, an unknown format, an empty file or a header that is not the form's. */
export async function readPersonRecords(io: CliIo, path: string, opts: ReadOptions): Promise<RecordReader> {
  const source = await openInput(io, path, opts);
  const { stats, reject, normalisations } = readCounter(opts.onReject, opts.unreadableCells);
  let rows: (PersonRowReader & { formVersion: PersonFormVersion }) | undefined;
  const handle = (item: RowItem, emit: (item: RecordItem) => void) => {
    if (item.kind === 'header') {
      rows = acceptPersonHeader(io, item, stats, opts);
      return;
    }
    if (item.kind === 'skipped') return countSkipped(stats, item);
    stats.read++;
    if (item.kind === 'reject') {
      reject({ rowNumber: item.rowNumber, error: item.error });
      emit({ rowNumber: item.rowNumber, reject: item.error });
    } else {
      const r = rows!.read(item);
      if (r.ok) {
        stats.processed++;
        if (r.notes) {
          stats.normalised++;
          if (r.normalised) normalisations.add(item.rowNumber, r.normalised);
        }
        countCells(stats.cells, item.rowNumber, r);
        const issues = r.unreadable && r.normalised ? [...r.normalised, ...r.unreadable] : (r.unreadable ?? r.normalised);
        emit(issues ? { rowNumber: item.rowNumber, record: r.record, issues } : { rowNumber: item.rowNumber, record: r.record });
      } else {
        reject({ rowNumber: item.rowNumber, error: r.error });
        emit({ rowNumber: item.rowNumber, reject: r.error });
      }
    }
  };
  const forEach = async (fn: (item: RecordItem) => void): Promise<void> => {
    const progress = readProgress(io, opts, source.totalBytes);
    try {
      await source.each(
        (item) => handle(item, fn),
        () => progress.update(stats.read, source.bytesRead()),
      );
    } finally {
      progress.stop();
    }
    assertRowsRead(path, rows !== undefined, stats);
  };
  return { source, stats, mapping: () => rows?.mapping, formVersion: () => rows?.formVersion, forEach };
}

/**
 * Throws {@link CliError} when a header is not the form's (`INPUT_HEADER_UNKNOWN`: no column the
 * form knows) or lacks a required column (`INPUT_HEADER_MISSING`).
 */
export function assertPersonHeader(header: { rowNumber: number; columns: readonly string[] }, mapping: HeaderMapping, requiredKeys: readonly string[] = []): void {
  const { rowNumber, columns } = header;
  if (mapping.known.size === 0) {
    throw new CliError('INPUT_HEADER_UNKNOWN', `无法识别表头：第 ${rowNumber || 1} 行“${columns.slice(0, 5).join('，')}${columns.length > 5 ? '…' : ''}”没有一列是登记表的列（可用机器列名 resident_id、题号 R13 或中文名称“受教育程度”）`);
  }
  const keys = new Set(mapping.known.values());
  // Without an ID column the ID is read from the certificate number (see HeaderMapping.idFromCertificate).
  if (mapping.idFromCertificate) keys.add('resident_id');
  const missing = requiredKeys.filter((k) => !keys.has(k));
  if (missing.length) throw new CliError('INPUT_HEADER_MISSING', `表头缺少必需的列：${missing.join('、')}`);
}

/**
 * Writes every rejected row to a CSV file (`row_number, column, code, message`), created at the
 * first one; `close(true)` after a complete read also writes the file when no row was rejected
 * (the header line alone, so that no earlier run's file is left behind).
 */
/**
 * The file of rejected rows (`--rejects FILE`): every row that could not be read, with its row
 * number, column, code and reason — `.xlsx` for people (typed cells, Chinese headers) or `.csv`
 * (UTF-8 with BOM, streamed). Written atomically: `close(true)` puts the complete file in place,
 * `close(false)` (a failed run) leaves nothing. ID numbers quoted in reasons are masked unless
 * `fullIds`.
 */
export function rejectsFile(path: string, options: { fullIds?: boolean } = {}): { onReject: (r: Reject) => void; close: (complete: boolean) => Promise<void> } {
  const columns: SheetColumn[] = [{ header: '行号', kind: 'integer', width: 8 }, { header: '列', width: 20 }, { header: '代码', width: 24 }, { header: '原因', width: 80 }];
  const cells = (r: Reject): SheetValue[] => [r.rowNumber, r.error.column ?? '', r.error.code, options.fullIds ? r.error.message : maskMessage(r.error.message)];
  if (/\.xlsx$/i.test(path)) {
    const rows: SheetValue[][] = [];
    return {
      onReject: (r) => void rows.push(cells(r)),
      close: async (complete) => {
        if (complete) await writeWorkbook(path, [{ name: '拒收的行', caption: [`拒收的行：共 ${rows.length} 行（行号为原文件中的行号）`], columns, rows, spareRows: 0 }], { personal: true });
      },
    };
  }
  let out: { file: AtomicOutput; stream: ReturnType<typeof openedWriteStream>; error?: unknown } | undefined;
  const open = () => {
    const file = beginOutputSync(path, { personal: true });
    const stream = openedWriteStream(file.tmp, PRIVATE_FILE_MODE);
    out = { file, stream };
    stream.on('error', (e) => (out!.error ??= e));
    stream.write('\uFEFF' + csvLine(columns.map((c) => c.header)));
    return out;
  };
  return {
    onReject: (r) => void (out ?? open()).stream.write(csvLine(cells(r).map((v) => (typeof v === 'string' ? neutralizeCell(v) : v)))),
    async close(complete) {
      const o = out ?? (complete ? open() : undefined);
      if (!o) return;
      await new Promise<void>((res) => o.stream.end(() => res()));
      if (o.error !== undefined || !complete) {
        await o.file.abort();
        if (o.error !== undefined) throw outputError(o.error, path);
        return;
      }
      await o.file.commit();
    },
  };
}

/** The notice for title rows skipped above the header: `提示：表头前的标题行已跳过：第 1 行“…”`. */
export function titleNotice(rows: readonly TitleRow[]): string {
  return `提示：表头前的标题行已跳过：${rows.map((r) => `第 ${r.rowNumber} 行“${r.text.length > 40 ? `${r.text.slice(0, 40)}…` : r.text}”`).join('，')}\n`;
}

/** Prints `读取 N 行 = 处理 P 行 + 拒收 R 行`, the unknown columns and the first rejected rows. */
export function printReadSummary(io: CliIo, stats: ReadStats, extra: { rejectsPath?: string } = {}): void {
  for (const u of stats.unknownColumns) io.stderr(`警告：${u.message}\n`);
  io.stderr(`读取 ${stats.read} 行 = 处理 ${stats.processed} 行 + 拒收 ${stats.rejected} 行\n`);
  if (stats.normalisations.length) {
    const cells = stats.normalisations.reduce((a, n) => a + n.count, 0);
    io.stderr(`读入时规范化 ${cells} 处（${stats.normalised} 行，不改变含义，见报告“读入时的规范化”）：${stats.normalisations.slice(0, 6).map((n) => `${n.column} ${n.code} ${n.count} 处`).join('；')}${stats.normalisations.length > 6 ? ' …' : ''}\n`);
  }
  if (stats.blankLines || stats.emptyRows) io.stderr(`另跳过不是记录的行：空行 ${stats.blankLines} 行，只有分隔符（逗号）的行 ${stats.emptyRows} 行（不计入读取）\n`);
  const cellsLine = cellSummary(stats.cells);
  if (cellsLine) io.stderr(cellsLine);
  if (stats.rejected) {
    io.stderr(`拒收的行${stats.rejected > stats.firstRejects.length ? `（前 ${stats.firstRejects.length} 行）` : ''}：\n`);
    for (const r of stats.firstRejects) io.stderr(`  ${rejectLine(r)}\n`);
    if (extra.rejectsPath) io.stderr(`全部拒收行已写入 ${extra.rejectsPath}\n`);
  }
}

/**
 * The lines on the unreadable and recovered cells of a read, or `''` when there are none: how
 * many, what became of them, and the first ones with row and column, masked.
 *
 * @example
 * ```ts
 * cellSummary(stats.cells);
 * //=> '单元格：由其他列恢复 1 个；无法读取 2 个（在 2 行中，按原样保留，在校验结果中按问题报告）：\n  第 3 行（列“R4 婚姻状况”） FLAT_VALUE_INVALID：…\n'
 * ```
 */
export function cellSummary(cells: CellStats): string {
  if (cells.recovered === 0 && cells.unreadable === 0) return '';
  const parts: string[] = [];
  if (cells.recovered) parts.push(`由其他列恢复 ${cells.recovered} 个`);
  if (cells.unreadable) {
    const fate = cells.unreadableCells === 'keep' ? '按原样保留，在校验结果中按问题报告' : '未采用，按未填写处理';
    parts.push(`无法读取 ${cells.unreadable} 个（在 ${cells.rowsWithUnreadable} 行中，${fate}）`);
  }
  const total = cells.recovered + cells.unreadable;
  const shown = cells.first.slice(0, SHOW_CELLS);
  const lines = [`单元格：${parts.join('；')}${total > shown.length ? `；前 ${shown.length} 个：` : '：'}\n`];
  for (const c of shown) lines.push(`  第 ${c.rowNumber} 行（列“${c.column}”） ${c.code}：${c.message}\n`);
  return lines.join('');
}
