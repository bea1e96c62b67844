/**
 * Row sources: a CSV (UTF-8, UTF-8 with BOM, GBK/GB18030), XLSX (first worksheet, streamed) or
 * JSON Lines file read as a stream of `{ rowNumber, row }`, with the rows that cannot be read
 * reported by row number instead of stopping the run. Memory stays flat whatever the file size.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { countLines, decodeChunk, RecordSplitter } from './chunks.js';
import { eachCsvRecord, fieldCountError } from './csv-chunk.js';
import { HeaderFinder, type HeaderFound, type TitleRow } from './header-finder.js';
import { rowBuilder } from './records.js';
import { detectEncoding, ENCODING_LABELS, readSample, type DetectedEncoding, type TextEncoding } from './encoding.js';

/** A cell as read: text from CSV, typed values from XLSX and JSON Lines. */
export type Cell = string | number | boolean | null | undefined | readonly unknown[];

/** Why a row could not be read. `code` is stable, `message` zh-CN. */
export interface RowError {
  code: string;
  message: string;
  /** Column (as headed in the file) the problem is in, when it is in one. */
  column?: string;
}

/** What a row source yields: its header once, then rows and rejected rows in file order. */
export type SourceItem =
  | { kind: 'header'; rowNumber: number; columns: string[]; /** Title rows above the header, skipped. */ skipped?: TitleRow[] }
  | { kind: 'row'; rowNumber: number; row: Record<string, Cell> }
  | { kind: 'reject'; rowNumber: number; error: RowError };

export type FileFormat = 'csv' | 'xlsx' | 'jsonl';

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
  items(): AsyncGenerator<SourceItem>;
  /** The same items in file order, a batch at a time (CSV: one chunk of about 64 KiB); fewer awaits than {@link items}. */
  batches(): AsyncGenerator<SourceItem[]>;
  /**
   * @internal CSV only: the same items one call each, as they are split — nothing of a row
   * outlives its turn (no chunk's worth of rows waiting), so a check of millions of rows keeps
   * the garbage collector's work small. `onChunk` after each chunk (progress).
   */
  eachCell?(onItem: (item: CellItem) => void, onChunk?: () => void): Promise<void>;
}

/** @internal A row as its cells (CSV), or any other source item. */
export type CellItem = Exclude<SourceItem, { kind: 'row' }> | { kind: 'cells'; rowNumber: number; cells: string[] };

export interface OpenRowSourceOptions {
  /** Overrides the detected encoding of a CSV / JSON Lines file. */
  encoding?: TextEncoding;
  /** Overrides the format told by the file extension. */
  format?: FileFormat;
}

/**
 * The format told by a file name: `.csv`/`.txt`/`.tsv` → csv, `.xlsx` → xlsx, `.jsonl`/`.ndjson`/`.json` → jsonl.
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
  return undefined;
}

/**
 * Opens a file as a row source; returns an error (stable code, zh-CN message) for a missing, empty
 * or unknown-format file instead of throwing.
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
    const hint = ext === '.xls' ? '（旧版 .xls 请在 Excel/WPS 中另存为 .xlsx 或 CSV）' : '';
    return { ok: false, error: { code: 'INPUT_FORMAT_UNKNOWN', message: `无法识别文件格式“${ext || '无扩展名'}”：支持 .csv、.xlsx、.jsonl${hint}` } };
  }
  if (size === 0) return { ok: false, error: { code: 'INPUT_EMPTY', message: `文件“${path}”是空的` } };
  let read = 0;
  const counted = (s: Readable): Readable => {
    s.on('data', (b: Buffer) => {
      read += b.length;
    });
    return s;
  };
  if (format === 'xlsx') {
    const items = () => xlsxItems(counted(createReadStream(path)));
    return { ok: true, value: { path, format, totalBytes: size, bytesRead: () => read, items, batches: () => batchesOf(items()) } };
  }
  const sample = await readSample(path);
  const detected = detectEncoding(sample);
  const encoding: DetectedEncoding = opts.encoding ? { encoding: opts.encoding, bom: detected.bom, label: `${ENCODING_LABELS[opts.encoding]}（指定）` } : detected;
  const text = (): Readable => {
    const raw = counted(createReadStream(path));
    return encoding.encoding === 'utf8' ? raw : (raw.pipe(iconv.decodeStream(encoding.encoding)) as unknown as Readable);
  };
  if (format === 'csv') {
    const delimiter = path.toLowerCase().endsWith('.tsv') ? '\t' : sniffDelimiter(sample, encoding.encoding);
    // UTF-16 is turned into UTF-8 bytes first: records are cut at line-feed bytes, which UTF-16 text
    // also has inside other characters.
    const utf16 = encoding.encoding === 'utf16le' || encoding.encoding === 'utf16be';
    const chunkEncoding: TextEncoding = utf16 ? 'utf8' : encoding.encoding;
    const open = (): Readable => {
      const raw = counted(createReadStream(path, { highWaterMark: 1 << 16 }));
      return utf16 ? (raw.pipe(iconv.decodeStream(encoding.encoding)).pipe(iconv.encodeStream('utf8')) as unknown as Readable) : raw;
    };
    const eachCell = (onItem: (item: CellItem) => void, onChunk?: () => void) => csvEachCell(open(), chunkEncoding, delimiter, onItem, onChunk);
    const batches = () => rowBatches(csvCellBatches(open(), chunkEncoding, delimiter));
    return { ok: true, value: { path, format, encoding, delimiter, totalBytes: size, bytesRead: () => read, items: () => itemsOf(batches()), batches, eachCell } };
  }
  const items = () => jsonlItems(text());
  return { ok: true, value: { path, format, encoding, totalBytes: size, bytesRead: () => read, items, batches: () => batchesOf(items()) } };
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
 * CSV rows: the bytes are cut into chunks of whole records (a line feed outside quotes), each
 * decoded (UTF-8, or GB18030 by iconv) and split — by hand when it is plain RFC 4180, by
 * csv-parse otherwise (see `eachCsvRecord`).
 */
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

/** Cell batches with each row as a row object `{ header: cell }` (see {@link rowBuilder}). */
async function* rowBatches(cells: AsyncGenerator<CellItem[]>): AsyncGenerator<SourceItem[]> {
  let build: ((cells: readonly string[]) => Record<string, Cell>) | undefined;
  for await (const batch of cells) {
    yield batch.map((it): SourceItem => {
      if (it.kind === 'header') build = rowBuilder(it.columns);
      return it.kind === 'cells' ? { kind: 'row', rowNumber: it.rowNumber, row: build!(it.cells) } : it;
    });
  }
}

/**
 * The CSV reader of one file: `chunk(bytes, onItem)` reads one chunk of whole records, calling
 * `onItem` for the header, each row (as its cells) and each rejected row, in file order.
 */
function csvChunkReader(encoding: TextEncoding, delimiter: string) {
  let header: string[] | undefined;
  const finder = new HeaderFinder<string[]>();
  let line = 1;
  let first = true;
  const dataRow = (rowNumber: number, record: string[], onItem: (item: CellItem) => void) => {
    const bad = fieldCountError(record, header!);
    if (bad) onItem({ kind: 'reject', rowNumber, error: bad });
    else onItem({ kind: 'cells', rowNumber, cells: record });
  };
  const found = (f: HeaderFound<string[]>, onItem: (item: CellItem) => void) => {
    header = f.cells;
    onItem({ kind: 'header', rowNumber: f.rowNumber, columns: header, ...(f.titles.length ? { skipped: f.titles } : {}) });
    for (const r of f.replay) dataRow(r.rowNumber, r.raw, onItem);
  };
  const chunk = (bytes: Buffer, onItem: (item: CellItem) => void): void => {
    let text = decodeChunk(bytes, encoding);
    if (first) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const firstLine = line;
    line += countLines(bytes);
    eachCsvRecord(text, delimiter, firstLine, (it) => {
      if ('reject' in it) {
        onItem({ kind: 'reject', rowNumber: it.rowNumber, error: it.reject });
        return;
      }
      if (header) {
        dataRow(it.rowNumber, it.cells, onItem);
        return;
      }
      const h = it.cells.map((c) => c.trim());
      if (h.every((c) => c === '')) return;
      const f = finder.push(it.rowNumber, h, it.cells);
      if (f) found(f, onItem);
    });
  };
  /** After the last chunk: a file of only narrow rows has its first one as the header. */
  const end = (onItem: (item: CellItem) => void): void => {
    const f = header ? undefined : finder.finish();
    if (f) found(f, onItem);
  };
  return { chunk, end };
}

/** Chunks of whole CSV records (see `RecordSplitter`). */
async function* csvChunks(input: Readable): AsyncGenerator<Buffer> {
  const splitter = new RecordSplitter('csv');
  for await (const buf of input as AsyncIterable<Buffer>) {
    const ready = splitter.push(buf);
    if (ready) yield ready;
  }
  const last = splitter.end();
  if (last) yield last;
}

async function* csvCellBatches(input: Readable, encoding: TextEncoding, delimiter: string): AsyncGenerator<CellItem[]> {
  const read = csvChunkReader(encoding, delimiter);
  for await (const bytes of csvChunks(input)) {
    const out: CellItem[] = [];
    read.chunk(bytes, (it) => out.push(it));
    yield out;
  }
  const out: CellItem[] = [];
  read.end((it) => out.push(it));
  if (out.length) yield out;
}

async function csvEachCell(input: Readable, encoding: TextEncoding, delimiter: string, onItem: (item: CellItem) => void, onChunk?: () => void): Promise<void> {
  const read = csvChunkReader(encoding, delimiter);
  for await (const bytes of csvChunks(input)) {
    read.chunk(bytes, onItem);
    onChunk?.();
  }
  read.end(onItem);
}

async function* jsonlItems(input: Readable): AsyncGenerator<SourceItem> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  let headerSent = false;
  for await (const raw of lines) {
    n++;
    const line = n === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      yield { kind: 'reject', rowNumber: n, error: { code: 'JSON_INVALID', message: `不是合法的 JSON：${(e as Error).message}` } };
      continue;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      yield { kind: 'reject', rowNumber: n, error: { code: 'JSON_NOT_OBJECT', message: '每行应为一个 JSON 对象（记录）' } };
      continue;
    }
    if (!headerSent) {
      headerSent = true;
      yield { kind: 'header', rowNumber: 0, columns: Object.keys(value) };
    }
    yield { kind: 'row', rowNumber: n, row: value as Record<string, Cell> };
  }
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

async function* xlsxItems(input: Readable): AsyncGenerator<SourceItem> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    entries: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
  });
  let header: string[] | undefined;
  const finder = new HeaderFinder<unknown[]>();
  function* dataRow(rowNumber: number, values: unknown[]): Generator<SourceItem> {
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
  }
  function* found(f: HeaderFound<unknown[]>): Generator<SourceItem> {
    header = f.cells;
    yield { kind: 'header', rowNumber: f.rowNumber, columns: header.filter((x) => x !== ''), ...(f.titles.length ? { skipped: f.titles } : {}) };
    for (const r of f.replay) yield* dataRow(r.rowNumber, r.raw);
  }
  try {
    for await (const sheet of reader) {
      for await (const row of sheet) {
        const values = (row as unknown as { values: unknown[] }).values;
        const rowNumber = (row as unknown as { number: number }).number;
        if (header) {
          yield* dataRow(rowNumber, values);
          continue;
        }
        const h: string[] = [];
        for (let i = 1; i < values.length; i++) h[i - 1] = String(xlsxCellValue(values[i]) ?? '').trim();
        if (h.every((x) => x === '')) continue;
        const f = finder.push(rowNumber, h, values);
        if (f) yield* found(f);
      }
      if (!header) {
        const f = finder.finish();
        if (f) yield* found(f);
      }
      break; // the first worksheet only
    }
  } finally {
    input.destroy();
  }
}
