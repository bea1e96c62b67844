/**
 * The reading pipeline every command shares: open a file as rows, resolve its header, turn rows
 * into person records, count rows read = processed + rejected, report rejected rows by row number
 * and column, and show progress.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import type { PersonFormVersion } from '@canji/form';
import { formForHeader } from './form-version.js';
import { CliError, type CliIo } from './io.js';
import { createProgress } from './progress.js';
import { cellsReader, mapHeaders, rowToRecord, type HeaderMapping, type RowToRecord } from './records.js';
import { openRowSource, type Cell, type CellItem, type FileFormat, type RowError, type RowSource, type SourceItem } from './sources.js';
import type { TextEncoding } from './encoding.js';
import { csvLine } from './csv.js';
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
  /** Rows whose values were normalised (`1.农业` → 1, full-width digits …) but read. */
  normalised: number;
  /** The first rejected rows (all of them go to `--rejects FILE`). */
  firstRejects: Reject[];
  unknownColumns: { column: string; message: string }[];
}

export interface ReadOptions {
  encoding?: TextEncoding;
  format?: FileFormat;
  quiet: boolean;
  /** What the progress line says: `校验`, `统计`, `脱敏`. */
  label: string;
  /** Record keys that must have a column (e.g. `resident_id`). */
  requiredKeys?: readonly string[];
  /** Write every rejected row to this CSV file. */
  rejectsPath?: string;
  /** The form version (`--form`); absent: recognised from the header. Either way it is said on stderr. */
  form?: PersonFormVersion;
}

const KEEP_REJECTS = 20;

export async function openInput(io: CliIo, path: string, opts: Pick<ReadOptions, 'encoding' | 'format'>): Promise<RowSource> {
  const src = await openRowSource(path, opts);
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

/** A person record with its row number, or a rejected row. */
export type RecordItem = { rowNumber: number; record: Record<string, unknown> } | { rowNumber: number; reject: RowError };

/** A rejected row as one line: `第 12 行（列“R13 受教育程度”）FLAT_VALUE_INVALID：…`. */
export function rejectLine(r: Reject): string {
  const col = r.error.column ? `（列“${r.error.column}”）` : '';
  return `第 ${r.rowNumber} 行${col} ${r.error.code}：${r.error.message}`;
}

/** Opens a file of person records (see {@link RecordReader}). Throws {@link CliError} on a missing file, an unknown format, an empty file or a header that is not the form's. */
export async function readPersonRecords(io: CliIo, path: string, opts: ReadOptions): Promise<RecordReader> {
  const source = await openInput(io, path, opts);
  const stats: ReadStats = { read: 0, processed: 0, rejected: 0, normalised: 0, firstRejects: [], unknownColumns: [] };
  let mapping: HeaderMapping | undefined;
  let rejectsOut: WriteStream | undefined;
  const reject = (r: Reject) => {
    stats.rejected++;
    if (stats.firstRejects.length < KEEP_REJECTS) stats.firstRejects.push(r);
    if (opts.rejectsPath) {
      if (!rejectsOut) {
        rejectsOut = createWriteStream(opts.rejectsPath);
        rejectsOut.write('\uFEFF' + csvLine(['row_number', 'column', 'code', 'message']));
      }
      rejectsOut.write(csvLine([r.rowNumber, r.error.column ?? '', r.error.code, r.error.message]));
    }
  };
  let readCells: ((cells: readonly string[]) => RowToRecord) | undefined;
  const handle = (item: SourceItem | CellItem, emit: (item: RecordItem) => void) => {
    if (item.kind === 'header') {
      if (item.skipped) io.stderr(titleNotice(item.skipped));
      const form = formForHeader(opts.form, item.columns);
      mapping = mapHeaders(item.columns, form.version);
      readCells = cellsReader(item.columns, mapping);
      stats.unknownColumns = mapping.unknown;
      if (mapping.known.size === 0) {
        throw new CliError('INPUT_HEADER_UNKNOWN', `无法识别表头：第 ${item.rowNumber || 1} 行“${item.columns.slice(0, 5).join('，')}${item.columns.length > 5 ? '…' : ''}”没有一列是登记表的列（可用机器列名 resident_id、题号 R13 或中文名称“受教育程度”）`);
      }
      const keys = new Set(mapping.known.values());
      const missing = (opts.requiredKeys ?? []).filter((k) => !keys.has(k));
      if (missing.length) throw new CliError('INPUT_HEADER_MISSING', `表头缺少必需的列：${missing.join('、')}`);
      io.stderr(form.notice);
      return;
    }
    stats.read++;
    if (item.kind === 'reject') {
      reject({ rowNumber: item.rowNumber, error: item.error });
      emit({ rowNumber: item.rowNumber, reject: item.error });
    } else {
      const r = item.kind === 'cells' ? readCells!(item.cells) : rowToRecord(item.row as Record<string, Cell>, mapping!);
      if (r.ok) {
        stats.processed++;
        if (r.notes) stats.normalised++;
        emit({ rowNumber: item.rowNumber, record: r.record });
      } else {
        reject({ rowNumber: item.rowNumber, error: r.error });
        emit({ rowNumber: item.rowNumber, reject: r.error });
      }
    }
  };
  const forEach = async (fn: (item: RecordItem) => void): Promise<void> => {
    const progress = createProgress({ io, quiet: opts.quiet, label: opts.label, totalBytes: source.totalBytes });
    const update = () => progress.update(stats.read, source.bytesRead());
    try {
      if (source.eachCell) await source.eachCell((item) => handle(item, fn), update);
      else {
        for await (const batch of source.batches()) {
          for (const item of batch) handle(item, fn);
          update();
        }
      }
    } finally {
      progress.stop();
      if (rejectsOut) await new Promise<void>((res) => rejectsOut!.end(() => res()));
    }
    if (!mapping) throw new CliError('INPUT_EMPTY', `文件“${path}”没有表头和数据行`);
    if (stats.read === 0) throw new CliError('INPUT_NO_ROWS', `文件“${path}”只有表头，没有数据行`);
  };
  return { source, stats, mapping: () => mapping, formVersion: () => mapping?.flat.version, forEach };
}

/** The notice for title rows skipped above the header: `提示：表头前的标题行已跳过：第 1 行“…”`. */
export function titleNotice(rows: readonly TitleRow[]): string {
  return `提示：表头前的标题行已跳过：${rows.map((r) => `第 ${r.rowNumber} 行“${r.text.length > 40 ? `${r.text.slice(0, 40)}…` : r.text}”`).join('，')}\n`;
}

/** Prints `读取 N 行 = 处理 P 行 + 拒收 R 行`, the unknown columns and the first rejected rows. */
export function printReadSummary(io: CliIo, stats: ReadStats, extra: { rejectsPath?: string } = {}): void {
  for (const u of stats.unknownColumns) io.stderr(`警告：${u.message}\n`);
  io.stderr(`读取 ${stats.read} 行 = 处理 ${stats.processed} 行 + 拒收 ${stats.rejected} 行\n`);
  if (stats.rejected) {
    io.stderr(`拒收的行${stats.rejected > stats.firstRejects.length ? `（前 ${stats.firstRejects.length} 行）` : ''}：\n`);
    for (const r of stats.firstRejects) io.stderr(`  ${rejectLine(r)}\n`);
    if (extra.rejectsPath) io.stderr(`全部拒收行已写入 ${extra.rejectsPath}\n`);
  }
}
