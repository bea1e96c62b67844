/**
 * The row source every command reads through: a CSV (UTF-8, UTF-8 with BOM, GBK/GB18030, UTF-16;
 * comma- or tab-separated; title rows above the header skipped), XLSX (first worksheet, streamed)
 * or JSON Lines file read as its header and then its rows in file order, with the rows that cannot
 * be read reported by row number instead of stopping the run. Text files are cut into chunks of
 * whole records and read by one chunk reader (`chunks.ts`), in this thread or in worker threads.
 * Memory stays flat whatever the file size.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { createChunkReader, type ChunkReaderOptions, type RowItem, type SkippedLines } from './chunks.js';
import { HeaderFinder, type HeaderFound } from './header-finder.js';
import { detectEncoding, ENCODING_LABELS, readSample, type DetectedEncoding, type TextEncoding } from './encoding.js';
import { FILE_KIND_LABELS, fileKind } from './file-signature.js';
import { CliError } from './io.js';
import { DEFAULT_MAX_RECORD_BYTES, RecordSplitter, type TextChunk } from './record-splitter.js';
import type { Cell, RowError } from './rows.js';
import { checkXlsxContainer } from './xlsx-container.js';
import { PARQUET_MAGIC } from './parquet-magic.js';
import { xlsxWorksheets } from './xlsx-engine.js';

export type { Cell, RowError } from './rows.js';

/** What a row source yields: its header once, then rows (as `{ header: value }` objects) and rejected rows in file order. */
export type SourceItem = Exclude<RowItem, { kind: 'cells' } | SkippedLines>;

/** Lines of a file that are not records, counted as they are read (see {@link RowSource.skippedLines}). */
export interface SkippedLineCounts {
  /** Empty lines, or lines of only spaces. */
  blank: number;
  /** Lines of only delimiters (`,,,,`, what Excel writes below a table), XLSX rows without a value. */
  empty: number;
}

export type FileFormat = 'csv' | 'xlsx' | 'jsonl' | 'parquet';

export interface RowSource {
  path: string;
  format: FileFormat;
  /** Text files only. */
  encoding?: DetectedEncoding;
  /** CSV only: the field delimiter (`,`, or a tab for `.tsv` files and for text whose first line is split by tabs). */
  delimiter?: string;
  /** Size of the file in bytes, and how much of it has been read so far (for progress and ETA). */
  totalBytes: number;
  bytesRead(): number;
  /** Blank and empty lines skipped so far by {@link items} and {@link batches} (not records: not counted as rows read). */
  skippedLines(): SkippedLineCounts;
  items(): AsyncGenerator<SourceItem>;
  /** The same items in file order, a batch at a time (CSV: one chunk of about 64 KiB); fewer awaits than {@link items}. */
  batches(): AsyncGenerator<SourceItem[]>;
  /**
   * @internal The items one call each, as they are read — CSV rows as their cells — so that nothing
   * of a row outlives its turn (no chunk's worth of rows waiting) and a check of millions of rows
   * keeps the garbage collector's work small; lines skipped as `skipped` items. `onChunk` after
   * each chunk (progress).
   */
  each(onItem: (item: RowItem) => void, onChunk?: () => void): Promise<void>;
  /**
   * @internal Text files (CSV, JSON Lines): how a chunk is read (see `createChunkReader`), and the
   * file as chunks of whole records, each with the file line it starts on — what worker threads read.
   */
  text?: { reader: Omit<ChunkReaderOptions, 'header'>; chunks(): AsyncGenerator<TextChunk> };
}

/** Options of `openRowSource`: encoding, format, the bound on one record, the worksheet of a workbook. */
export interface OpenRowSourceOptions {
  /** Overrides the detected encoding of a CSV / JSON Lines file. */
  encoding?: TextEncoding;
  /** Overrides the format told by the file extension. */
  format?: FileFormat;
  /**
   * Bound on one record of a text file (a line, or a quoted field across lines) and on one XLSX
   * cell, in bytes (default 8 MiB): what is longer is reported at its row instead of read.
   */
  maxRecordBytes?: number;
  /**
   * The worksheet of an XLSX file to read: its name, or its position from 1 (default: the first).
   * A sheet the workbook does not have is an error item (`XLSX_SHEET_NOT_FOUND`) naming the sheets it has.
   */
  sheet?: string;
}

/**
 * The format told by a file name: `.csv`/`.txt`/`.tsv` → csv, `.xlsx` → xlsx, `.jsonl`/`.ndjson`/`.json` → jsonl,
 * `.parquet`/`.parq` → parquet.
 *
 * @example
 * ```ts
 * formatOfPath('县级导出.XLSX'); //=> 'xlsx'
 * formatOfPath('old.xls'); //=> undefined (save it as .xlsx or CSV)
 * ```
 */
export function formatOfPath(path: string): FileFormat | undefined {
  const ext = extname(path).toLowerCase();
  if (ext === '.csv' || ext === '.txt' || ext === '.tsv') return 'csv';
  if (ext === '.xlsx') return 'xlsx';
  if (ext === '.jsonl' || ext === '.ndjson' || ext === '.json') return 'jsonl';
  if (ext === '.parquet' || ext === '.parq') return 'parquet';
  return undefined;
}

/**
 * Opens a file as a row source; returns an error (stable code, zh-CN message) for a missing, empty
 * or unknown-format file instead of throwing, and for a file that is not what its name says (told
 * by its first bytes: `INPUT_BINARY` for a PDF, image, archive or workbook given as CSV / JSON Lines,
 * `INPUT_NOT_XLSX`, `XLSX_OLD_OR_ENCRYPTED`) or an XLSX whose container is broken (`XLSX_TRUNCATED`,
 * `XLSX_CORRUPT`, `XLSX_NO_WORKSHEET`, `XLSX_CELL_TOO_LONG`; see `checkXlsxContainer`). Rows that
 * cannot be read are rejected items, never an exception: line ends of any kind, unclosed quotes
 * and lines longer than `maxRecordBytes`, rows in another encoding (see `RecordSplitter` and
 * `rowsNotDecoded`).
 *
 * @example
 * ```ts
 * const src = await openRowSource('county.csv');
 * if (src.ok) for await (const item of src.value.items()) if (item.kind === 'reject') console.log(item.rowNumber, item.error.code);
 * else console.log(src.error.code); //=> e.g. 'INPUT_NOT_FOUND'
 * ```
 */
export async function openRowSource(path: string, opts: OpenRowSourceOptions = {}): Promise<{ ok: true; value: RowSource } | { ok: false; error: RowError }> {
  let size: number;
  try {
    const st = await stat(path);
    if (!st.isFile()) return { ok: false, error: { code: 'INPUT_NOT_A_FILE', message: `“${path}”不是文件` } };
    size = st.size;
  } catch {
    return { ok: false, error: { code: 'INPUT_NOT_FOUND', message: `找不到文件“${path}”` } };
  }
  const format = opts.format ?? formatOfPath(path);
  if (!format) {
    const ext = extname(path).toLowerCase();
    const hint = ext === '.xls' || ext === '.et' || ext === '.ett' ? `（${ext === '.xls' ? 'Excel 97–2003 的 .xls' : 'WPS 表格的 .et'} 请在 Excel/WPS 中另存为 .xlsx 或 CSV 再读）` : '';
    return { ok: false, error: { code: 'INPUT_FORMAT_UNKNOWN', message: `无法识别文件格式“${ext || '无扩展名'}”：支持 .csv、.xlsx、.jsonl、.parquet${hint}` } };
  }
  if (size === 0) return { ok: false, error: { code: 'INPUT_EMPTY', message: `文件“${path}”是空的` } };
  const maxRecordBytes = opts.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
  const sample = await readSample(path);
  const detected = detectEncoding(sample);
  const kind = fileKind(sample, detected.encoding === 'utf16le' || detected.encoding === 'utf16be');
  let read = 0;
  const counted = (s: Readable): Readable => {
    s.on('data', (b: Buffer) => {
      read += b.length;
    });
    return s;
  };
  const skipped: SkippedLineCounts = { blank: 0, empty: 0 };
  const skippedLines = () => ({ ...skipped });
  const count = (it: SkippedLines) => {
    skipped.blank += it.blank;
    skipped.empty += it.empty;
  };
  if (format === 'parquet') {
    // A Parquet file starts (and ends) with PAR1; anything else is another kind of file named so.
    if (String.fromCharCode(...sample.subarray(0, 4)) !== PARQUET_MAGIC) {
      return { ok: false, error: { code: 'INPUT_NOT_PARQUET', message: `“${path}”不是 Parquet 文件：内容是${kind === 'text' ? '文本（可能是 CSV）：请把扩展名改为 .csv（或用 --input-format csv）' : FILE_KIND_LABELS[kind]}` } };
    }
    const { parquetItems } = await import('./parquet-source.js');
    const items0 = () => parquetItems(path, (b: number) => (read = b));
    const each = async (onItem: (item: RowItem) => void, onChunk?: () => void) => {
      let n = 0;
      for await (const it of items0()) {
        onItem(it);
        if (++n % 1024 === 0) onChunk?.();
      }
      onChunk?.();
    };
    const items = () => withoutSkipped(items0(), count);
    return { ok: true, value: { path, format, totalBytes: size, bytesRead: () => read, skippedLines, items, batches: () => batchesOf(items()), each } };
  }
  if (format === 'xlsx') {
    const bad = kind === 'zip' ? await checkXlsxContainer(path, size, maxRecordBytes) : notXlsx(path, kind);
    if (bad) return { ok: false, error: bad };
    const each = async (onItem: (item: RowItem) => void, onChunk?: () => void) => {
      let n = 0;
      for await (const it of xlsxItems(counted(createReadStream(path)), path, opts.sheet)) {
        onItem(it);
        if (++n % 256 === 0) onChunk?.();
      }
      onChunk?.();
    };
    const items = () => withoutSkipped(xlsxItems(counted(createReadStream(path)), path, opts.sheet), count);
    return { ok: true, value: { path, format, totalBytes: size, bytesRead: () => read, skippedLines, items, batches: () => batchesOf(items()), each } };
  }
  if (kind !== 'text') {
    const parquet = String.fromCharCode(...sample.subarray(0, 4)) === PARQUET_MAGIC;
    const hint = kind === 'zip' ? '；若是 Excel 工作簿，请把扩展名改为 .xlsx（或用 --input-format xlsx）' : kind === 'ole' ? '；请在 Excel/WPS 中另存为 .xlsx 或 CSV' : parquet ? '；这是 Parquet 文件：请把扩展名改为 .parquet（或用 --input-format parquet）' : '';
    return { ok: false, error: { code: 'INPUT_BINARY', message: `文件“${path}”不是文本文件，不能按 ${format === 'csv' ? 'CSV' : 'JSON Lines'} 读取：内容是${FILE_KIND_LABELS[kind]}${hint}` } };
  }
  const encoding: DetectedEncoding = opts.encoding ? { encoding: opts.encoding, bom: detected.bom, label: `${ENCODING_LABELS[opts.encoding]}（指定）` } : detected;
  // UTF-16 is turned into UTF-8 bytes first: records are cut at line-feed bytes, which UTF-16 text
  // also has inside other characters.
  const utf16 = encoding.encoding === 'utf16le' || encoding.encoding === 'utf16be';
  const open = (): Readable => {
    const raw = counted(createReadStream(path, { highWaterMark: 1 << 16 }));
    return utf16 ? (raw.pipe(iconv.decodeStream(encoding.encoding)).pipe(iconv.encodeStream('utf8')) as unknown as Readable) : raw;
  };
  const delimiter = format === 'csv' ? (path.toLowerCase().endsWith('.tsv') ? '\t' : sniffDelimiter(sample, encoding.encoding)) : undefined;
  const reader: Omit<ChunkReaderOptions, 'header'> = { format, encoding: utf16 ? 'utf8' : encoding.encoding, ...(delimiter ? { delimiter } : {}) };
  const chunks = () => textChunks(open(), format, maxRecordBytes);
  const each = async (onItem: (item: RowItem) => void, onChunk?: () => void) => {
    const r = createChunkReader(reader);
    for await (const c of chunks()) {
      r.read(c.bytes, c.firstLine, onItem, c.broken);
      onChunk?.();
    }
    r.end(onItem);
  };
  const batches = () => textBatches(chunks(), reader, count);
  return {
    ok: true,
    value: { path, format, encoding, ...(delimiter ? { delimiter } : {}), totalBytes: size, bytesRead: () => read, skippedLines, items: () => itemsOf(batches()), batches, each, text: { reader, chunks } },
  };
}

/** Why a file given as XLSX is not one, from its first bytes. */
function notXlsx(path: string, kind: ReturnType<typeof fileKind>): RowError {
  if (kind === 'ole') return { code: 'XLSX_OLD_OR_ENCRYPTED', message: `“${path}”不是 .xlsx 工作簿，而是旧版 .xls 文件或设了打开密码的工作簿：请在 Excel/WPS 中去掉密码并另存为 .xlsx 或 CSV` };
  if (kind === 'text') return { code: 'INPUT_NOT_XLSX', message: `“${path}”的扩展名是 .xlsx，内容却是文本（可能是 CSV）：请把扩展名改为 .csv（或用 --input-format csv）` };
  return { code: 'INPUT_NOT_XLSX', message: `“${path}”不是 .xlsx 工作簿：内容是${FILE_KIND_LABELS[kind]}` };
}

/** The items of a row source as `items()` gives them: skipped lines counted, rows given as cells turned into row objects (see {@link rowObject}). */
async function* withoutSkipped(items: AsyncGenerator<RowItem>, count: (it: SkippedLines) => void): AsyncGenerator<SourceItem> {
  let header: string[] = [];
  for await (const it of items) {
    if (it.kind === 'header') header = it.columns;
    if (it.kind === 'skipped') count(it);
    else yield it.kind === 'cells' ? { kind: 'row', rowNumber: it.rowNumber, row: rowObject(header, it.cells) } : it;
  }
}

/**
 * The field delimiter of a delimited text file, from its first bytes: a tab when its first
 * non-empty line has more tabs than commas (Excel's and WPS's “Unicode 文本” and “文本文件（制表符
 * 分隔）”, saved as `.txt`), otherwise a comma.
 *
 * @example
 * ```ts
 * sniffDelimiter(iconv.encode('姓名\t公民身份号码\r\n', 'utf16le'), 'utf16le'); //=> '\t'
 * ```
 */
export function sniffDelimiter(sample: Uint8Array, encoding: TextEncoding): string {
  const text = iconv.decode(Buffer.from(sample.buffer, sample.byteOffset, sample.byteLength), encoding);
  const line = text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  const count = (c: string) => line.split(c).length - 1;
  return count('\t') > count(',') ? '\t' : ',';
}

/**
 * A CSV row as a row object `{ header: cell }` (empty cells left out; of two equal headers the
 * later cell wins), for callers that want rows rather than cells (`items`, department extracts).
 *
 * @example
 * ```ts
 * rowObject(['name', 'r3'], ['张三', '']); //=> { name: '张三' }
 * ```
 */
export function rowObject(header: readonly string[], cells: readonly string[]): Record<string, Cell> {
  const o: Record<string, Cell> = {};
  for (let i = 0; i < header.length; i++) {
    const v = cells[i];
    if (v !== undefined && v !== '') o[header[i]!] = v;
  }
  return o;
}

async function* itemsOf(batches: AsyncGenerator<SourceItem[]>): AsyncGenerator<SourceItem> {
  for await (const b of batches) yield* b;
}

async function* batchesOf(items: AsyncGenerator<SourceItem>): AsyncGenerator<SourceItem[]> {
  let b: SourceItem[] = [];
  for await (const it of items) {
    b.push(it);
    if (b.length === 256) {
      yield b;
      b = [];
    }
  }
  if (b.length) yield b;
}

/** A text file as chunks of whole records (see `RecordSplitter`), each with the file line it starts on. */
async function* textChunks(input: Readable, format: 'csv' | 'jsonl', maxRecordBytes: number): AsyncGenerator<TextChunk> {
  const splitter = new RecordSplitter(format, { maxRecordBytes });
  for await (const buf of input as AsyncIterable<Buffer>) yield* splitter.push(buf);
  yield* splitter.end();
}

/** A text file's items a chunk at a time, CSV rows as row objects (see {@link rowObject}). */
async function* textBatches(chunks: AsyncGenerator<TextChunk>, reading: Omit<ChunkReaderOptions, 'header'>, count: (it: SkippedLines) => void): AsyncGenerator<SourceItem[]> {
  const reader = createChunkReader(reading);
  let header: string[] = [];
  let out: SourceItem[] = [];
  const onItem = (it: RowItem) => {
    if (it.kind === 'header') header = it.columns;
    if (it.kind === 'skipped') count(it);
    else out.push(it.kind === 'cells' ? { kind: 'row', rowNumber: it.rowNumber, row: rowObject(header, it.cells) } : it);
  };
  for await (const c of chunks) {
    reader.read(c.bytes, c.firstLine, onItem, c.broken);
    yield out;
    out = [];
  }
  reader.end(onItem);
  if (out.length) yield out;
}

/**
 * A spreadsheet cell as a plain value: rich text joined, formula results, dates as `YYYY-MM-DD`.
 *
 * @example
 * ```ts
 * xlsxCellValue({ richText: [{ text: '长沙' }, { text: '县' }] }); //=> '长沙县'
 * xlsxCellValue(new Date(Date.UTC(2019, 5, 30))); //=> '2019-06-30'
 * ```
 */
export function xlsxCellValue(v: unknown): Cell {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return (o.richText as { text?: string }[]).map((t) => t.text ?? '').join('');
    if ('result' in o) return xlsxCellValue(o.result);
    if (typeof o.text === 'string') return o.text;
    if ('error' in o) return undefined;
  }
  return String(v);
}

/** The streaming reader's errors (after the container check, rare) as an input error with a code. */
function xlsxReadError(path: string, e: unknown): CliError {
  if (e instanceof CliError) return e;
  const what = (e as Error)?.message ?? String(e);
  return new CliError('XLSX_CORRUPT', `工作簿“${path}”无法读取（${what.slice(0, 80)}）：请在 Excel/WPS 中打开并重新保存，或另存为 CSV`);
}

/**
 * The rows of one worksheet of an XLSX file (the first, or `sheet`: a name or a position from 1),
 * rows without a value and missing rows counted as `skipped` (empty, blank).
 */
async function* xlsxItems(input: Readable, path: string, sheet?: string): AsyncGenerator<RowItem> {
  let header: string[] | undefined;
  const finder = new HeaderFinder<unknown[]>();
  function* dataRow(rowNumber: number, values: unknown[]): Generator<RowItem> {
    const out: Record<string, Cell> = {};
    let any = false;
    for (let i = 1; i < values.length; i++) {
      const v = xlsxCellValue(values[i]);
      if (v === undefined || v === '') continue;
      const col = header![i - 1];
      if (col === undefined || col === '') {
        yield { kind: 'reject', rowNumber, error: { code: 'ROW_FIELD_COUNT', message: `第 ${i} 列没有表头却有值“${String(v)}”` } };
        return;
      }
      out[col] = v;
      any = true;
    }
    if (any) yield { kind: 'row', rowNumber, row: out };
    else yield { kind: 'skipped', blank: 0, empty: 1 };
  }
  function* found(f: HeaderFound<unknown[]>): Generator<RowItem> {
    header = f.cells;
    yield { kind: 'header', rowNumber: f.rowNumber, columns: header.filter((x) => x !== ''), ...(f.titles.length ? { skipped: f.titles } : {}) };
    for (const r of f.replay) yield* dataRow(r.rowNumber, r.raw);
  }
  // Rows the worksheet does not list (nothing in them) are blank lines.
  let lastRow = 0;
  const wanted = sheet === undefined ? 1 : /^\d+$/.test(sheet) ? Number(sheet) : sheet;
  const seen: string[] = [];
  let matched = false;
  try {
    for await (const { name, rows } of xlsxWorksheets(input, path)) {
      seen.push(name);
      if (typeof wanted === 'number' ? seen.length !== wanted : name !== wanted) {
        for await (const _row of rows) void _row; // the reader streams: read past the sheets not asked for
        continue;
      }
      matched = true;
      for await (const row of rows) {
        const values = row.values;
        const rowNumber = row.number;
        if (rowNumber > lastRow + 1) yield { kind: 'skipped', blank: rowNumber - lastRow - 1, empty: 0 };
        lastRow = rowNumber;
        if (header) {
          yield* dataRow(rowNumber, values);
          continue;
        }
        const h: string[] = [];
        for (let i = 1; i < values.length; i++) h[i - 1] = String(xlsxCellValue(values[i]) ?? '').trim();
        if (h.every((x) => x === '')) {
          yield { kind: 'skipped', blank: 0, empty: 1 };
          continue;
        }
        const f = finder.push(rowNumber, h, values);
        if (f) yield* found(f);
      }
      if (!header) {
        const f = finder.finish();
        if (f) yield* found(f);
      }
      break; // one worksheet only
    }
    if (!matched) {
      throw new CliError('XLSX_SHEET_NOT_FOUND', `工作簿“${path}”没有工作表“${sheet}”：它有 ${seen.length} 张工作表（${seen.map((n, i) => `${i + 1} ${n}`).join('、')}）；--sheet 给工作表名称或从 1 起的序号`);
    }
  } catch (e) {
    throw xlsxReadError(path, e);
  } finally {
    input.destroy();
  }
}
