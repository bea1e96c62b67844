/**
 * The reading pipeline every command shares: open a file as a row source, resolve its header,
 * turn rows into person records, count rows read = processed + rejected, report rejected rows by
 * row number and column, and show progress. The worker pool of `canji check` uses the same
 * header check and counting (see `pool.ts`).
 */
import { createWriteStream } from 'node:fs';
import type { PersonFormVersion } from '@canji/form';
import { formForHeader, parseFormOption } from './form-version.js';
import { CliError, type CliIo } from './io.js';
import { createProgress, type Progress } from './progress.js';
import type { RowItem } from './chunks.js';
import { personRowReader, type HeaderMapping, type PersonRowReader } from './records.js';
import { openRowSource, type FileFormat, type RowError, type RowSource } from './sources.js';
import type { TextEncoding } from './encoding.js';
import { csvLine } from './csv.js';
import { maskMessage } from '@canji/rules';
import { beginOutputSync, outputError, type AtomicOutput } from './output-file.js';
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
  /** Rows whose values were normalised (`1.农业` → 1, full-width digits …) but read. */
  normalised: number;
  /** What was changed, by kind and column, with examples (see `normalisations.ts`). */
  normalisations: NormalisationTally;
  /** The first rejected rows (all of them go to `onReject`, e.g. `--rejects FILE`). */
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
  /**
   * Form version of the file (`--form`): headers and rows are read for it. Absent: recognised
   * from the header. Either way the version used is said in a notice (`按 2021 版登记表读取（由表头识别）`).
   */
  formVersion?: string;
  /** Called for every rejected row, in file order (e.g. to write them all to a file). */
  onReject?: (r: Reject) => void;
  /** The progress display, given the file's size (default: on `io`'s stderr, by `quiet` and `label`). */
  progress?: (totalBytes: number) => Progress;
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
  // On the terminal (and in logs): ID and certificate numbers quoted in the reason masked.
  return `第 ${r.rowNumber} 行${col} ${r.error.code}：${maskMessage(r.error.message)}`;
}

/** The counts of one input file, and how a rejected row is counted. */
export function readCounter(onReject?: (r: Reject) => void): { stats: ReadStats; normalisations: NormalisationCounter; reject(r: Reject): void } {
  const normalisations = new NormalisationCounter();
  const stats: ReadStats = { read: 0, processed: 0, rejected: 0, normalised: 0, normalisations: normalisations.tally, firstRejects: [], unknownColumns: [] };
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

/** The progress display of a read (see {@link ReadOptions.progress}). */
export function readProgress(io: CliIo, opts: Pick<ReadOptions, 'quiet' | 'label' | 'progress'>, totalBytes: number): Progress {
  return opts.progress ? opts.progress(totalBytes) : createProgress({ io, quiet: opts.quiet, label: opts.label, totalBytes });
}

/**
 * Takes a file's header: says which title rows were skipped above it, resolves it for the form
 * version (given, or recognised from the header, and said which) and checks it (see
 * {@link assertPersonHeader}); the reader of the file's rows.
 */
export function acceptPersonHeader(io: CliIo, header: Extract<RowItem, { kind: 'header' }>, stats: ReadStats, opts: Pick<ReadOptions, 'formVersion' | 'requiredKeys'>): PersonRowReader & { formVersion: PersonFormVersion } {
  if (header.skipped) io.stderr(titleNotice(header.skipped));
  const form = formForHeader(parseFormOption(opts.formVersion), header.columns);
  const rows = personRowReader(header.columns, { formVersion: form.version });
  stats.unknownColumns = rows.mapping.unknown;
  assertPersonHeader(header, rows.mapping, opts.requiredKeys);
  io.stderr(form.notice);
  return { ...rows, formVersion: form.version };
}

/** The end of a read: a file without a header or without data rows is an input error. */
export function assertRowsRead(path: string, sawHeader: boolean, stats: ReadStats): void {
  if (!sawHeader) throw new CliError('INPUT_EMPTY', `文件“${path}”没有表头和数据行`);
  if (stats.read === 0) throw new CliError('INPUT_NO_ROWS', `文件“${path}”只有表头，没有数据行`);
}

/** Opens a file of person records (see {@link RecordReader}). Throws {@link CliError} on a missing file, an unknown format, an empty file or a header that is not the form's. */
export async function readPersonRecords(io: CliIo, path: string, opts: ReadOptions): Promise<RecordReader> {
  const source = await openInput(io, path, opts);
  const { stats, reject, normalisations } = readCounter(opts.onReject);
  let rows: (PersonRowReader & { formVersion: PersonFormVersion }) | undefined;
  const handle = (item: RowItem, emit: (item: RecordItem) => void) => {
    if (item.kind === 'header') {
      rows = acceptPersonHeader(io, item, stats, opts);
      return;
    }
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
        emit({ rowNumber: item.rowNumber, record: r.record });
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
  let out: { file: AtomicOutput; stream: ReturnType<typeof createWriteStream>; error?: unknown } | undefined;
  const open = () => {
    const file = beginOutputSync(path, { personal: true });
    const stream = createWriteStream(file.tmp);
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
  if (stats.rejected) {
    io.stderr(`拒收的行${stats.rejected > stats.firstRejects.length ? `（前 ${stats.firstRejects.length} 行）` : ''}：\n`);
    for (const r of stats.firstRejects) io.stderr(`  ${rejectLine(r)}\n`);
    if (extra.rejectsPath) io.stderr(`全部拒收行已写入 ${extra.rejectsPath}\n`);
  }
}
