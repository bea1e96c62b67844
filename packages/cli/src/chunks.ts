/**
 * The one reader of a chunk of whole records of a text file (CSV, JSON Lines), as cut by
 * `RecordSplitter` (`record-splitter.ts`: line ends, bounded look-ahead; UTF-16 is turned into
 * UTF-8 bytes before it is cut). The same reader serves one thread (every chunk in turn) and worker
 * threads (each reads the chunks it is given, with the header the main thread found).
 */
import iconv from 'iconv-lite';
import { rowsNotDecoded, type UndecodedRow } from './row-encoding.js';
import type { TextEncoding } from './encoding.js';
import { eachCsvRecord, fieldCountError } from './csv-chunk.js';
import { HeaderFinder, type HeaderFound, type TitleRow } from './header-finder.js';
import type { Cell, RowError } from './rows.js';
import { readReason } from './io.js';

export function decodeChunk(bytes: Uint8Array, encoding: TextEncoding): string {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return encoding === 'utf8' ? b.toString('utf8') : iconv.decode(b, encoding);
}

/**
 * What a row source yields, one call each in file order: the header once, then each row — as its
 * cells (CSV, in header order) or as a `{ header: value }` object (XLSX, JSON Lines) — or a row
 * that could not be read. A JSON Lines header is the keys of the first object (row number 0: the
 * object itself is a row).
 */
export type RowItem =
  | { kind: 'header'; rowNumber: number; columns: string[]; /** Title rows above the header, skipped. */ skipped?: TitleRow[] }
  | { kind: 'cells'; rowNumber: number; cells: string[] }
  | { kind: 'row'; rowNumber: number; row: Record<string, Cell> }
  | { kind: 'reject'; rowNumber: number; error: RowError }
  | SkippedLines;

/**
 * Lines that are not records, counted (once per chunk, when there are any): `blank` lines (empty
 * or only spaces), `empty` rows (only delimiters and spaces: what Excel writes below a table when
 * the sheet's used range is wider than the data, `,,,,`; XLSX rows without a value).
 */
export interface SkippedLines {
  kind: 'skipped';
  blank: number;
  empty: number;
}

/** A header found before: its columns and the last line it (and the title rows above it) take. */
export interface KnownHeader {
  columns: string[];
  /** Records ending at this line or before are the header and the rows above it (0 for JSON Lines). */
  throughLine: number;
}

/** The chunk reader of one text file (see {@link createChunkReader}). */
export interface ChunkReader {
  /**
   * Reads one chunk of whole records whose first line is file line `firstLine`; a chunk the
   * splitter could not cut into records (`broken`: an unclosed quote, a line too long) is one
   * rejected row at `firstLine`.
   */
  read(bytes: Uint8Array, firstLine: number, onItem: (item: RowItem) => void, broken?: RowError): void;
  /** After the last chunk: a CSV file of only narrow rows has its first one as the header. */
  end(onItem: (item: RowItem) => void): void;
}

/** Options of the chunked reader the worker threads use: format, encoding, delimiter and the header already read. */
export interface ChunkReaderOptions {
  format: 'csv' | 'jsonl';
  encoding: TextEncoding;
  /** CSV field delimiter (default `,`). */
  delimiter?: string;
  /** The header, when the main thread found it already (a worker thread's reader): no header item then. */
  header?: KnownHeader;
}

/**
 * The reader of a text file's chunks (see {@link RecordSplitter}): CSV records split by hand
 * where plain, by csv-parse otherwise (see `eachCsvRecord`), title rows above the header skipped
 * (see `HeaderFinder`), rows whose cells do not line up with the header rejected; JSON Lines parsed
 * line by line. A byte-order mark at the start of the file (line 1) is skipped.
 *
 * @example
 * ```ts
 * const reader = createChunkReader({ format: 'csv', encoding: 'utf8' });
 * reader.read(Buffer.from('resident_id,r3\n11010519491231002X,1\n'), 1, (item) => console.log(item.kind)); // header, cells
 * ```
 */
export function createChunkReader(o: ChunkReaderOptions): ChunkReader {
  return o.format === 'jsonl' ? jsonlChunkReader(o.encoding, o.header) : csvChunkReader(o.encoding, o.delimiter ?? ',', o.header);
}

function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Whether all cells of a record are empty or spaces (a blank line, or a line of only delimiters). */
function isEmptyRow(cells: readonly string[]): boolean {
  const c0 = cells[0]!;
  if (c0.length && c0.charCodeAt(0) > 32) return false;
  for (const c of cells) if (c.trim() !== '') return false;
  return true;
}

function csvChunkReader(encoding: TextEncoding, delimiter: string, known: KnownHeader | undefined): ChunkReader {
  let header = known?.columns;
  const throughLine = known?.throughLine ?? 0;
  const finder = new HeaderFinder<string[]>();
  // The rows of the chunk being read that did not decode cleanly (see `rowsNotDecoded`).
  let undecodable: UndecodedRow | undefined;
  const dataRow = (rowNumber: number, cells: string[], onItem: (item: RowItem) => void) => {
    const bad = undecodable?.(rowNumber, cells) ?? fieldCountError(cells, header!);
    if (bad) onItem({ kind: 'reject', rowNumber, error: bad });
    else onItem({ kind: 'cells', rowNumber, cells });
  };
  const found = (f: HeaderFound<string[]>, onItem: (item: RowItem) => void) => {
    header = f.cells;
    onItem({ kind: 'header', rowNumber: f.rowNumber, columns: header, ...(f.titles.length ? { skipped: f.titles } : {}) });
    for (const r of f.replay) dataRow(r.rowNumber, r.raw, onItem);
  };
  return {
    read(bytes, firstLine, onItem, broken) {
      if (broken) {
        onItem({ kind: 'reject', rowNumber: firstLine, error: broken });
        return;
      }
      const text = firstLine === 1 ? withoutBom(decodeChunk(bytes, encoding)) : decodeChunk(bytes, encoding);
      undecodable = rowsNotDecoded(bytes, text, firstLine, encoding);
      let empty = 0;
      // Lines of only spaces (a record of one blank cell); empty lines are counted by eachCsvRecord.
      let spaces = 0;
      const blank = eachCsvRecord(text, delimiter, firstLine, (it) => {
        if ('reject' in it) {
          onItem({ kind: 'reject', rowNumber: it.rowNumber, error: it.reject });
          return;
        }
        if (isEmptyRow(it.cells)) {
          if (it.cells.length === 1) spaces++;
          else empty++;
          return;
        }
        if (header) {
          // Given the header: the header and the title rows above it were read by the main thread.
          if (it.rowNumber > throughLine) dataRow(it.rowNumber, it.cells, onItem);
          return;
        }
        const h = it.cells.map((c) => c.trim());
        const f = finder.push(it.rowNumber, h, it.cells);
        if (f) found(f, onItem);
      });
      if (blank || spaces || empty) onItem({ kind: 'skipped', blank: blank + spaces, empty });
    },
    end(onItem) {
      const f = header ? undefined : finder.finish();
      if (f) found(f, onItem);
    },
  };
}

function jsonlChunkReader(encoding: TextEncoding, known: KnownHeader | undefined): ChunkReader {
  let headerSent = known !== undefined;
  return {
    read(bytes, firstLine, onItem, broken) {
      if (broken) {
        onItem({ kind: 'reject', rowNumber: firstLine, error: broken });
        return;
      }
      const text = firstLine === 1 ? withoutBom(decodeChunk(bytes, encoding)) : decodeChunk(bytes, encoding);
      const undecodable = rowsNotDecoded(bytes, text, firstLine, encoding);
      const lines = text.split('\n');
      // The text after the last line end is not a line (a chunk ends with its records' line end).
      const n = lines[lines.length - 1] === '' ? lines.length - 1 : lines.length;
      let blank = 0;
      for (let i = 0; i < n; i++) {
        const raw = lines[i]!;
        const line = raw.charCodeAt(raw.length - 1) === 13 ? raw.slice(0, -1) : raw;
        if (line.trim() === '') {
          blank++;
          continue;
        }
        const rowNumber = firstLine + i;
        const bad = undecodable?.(rowNumber, [line]);
        if (bad) {
          onItem({ kind: 'reject', rowNumber, error: bad });
          continue;
        }
        let value: unknown;
        try {
          value = JSON.parse(line);
        } catch (e) {
          onItem({ kind: 'reject', rowNumber, error: { code: 'JSON_INVALID', message: `不是合法的 JSON：${readReason(e)}` } });
          continue;
        }
        if (value === null || typeof value !== 'object' || Array.isArray(value)) {
          onItem({ kind: 'reject', rowNumber, error: { code: 'JSON_NOT_OBJECT', message: '每行应为一个 JSON 对象（记录）' } });
          continue;
        }
        if (!headerSent) {
          headerSent = true;
          onItem({ kind: 'header', rowNumber: 0, columns: Object.keys(value) });
        }
        onItem({ kind: 'row', rowNumber, row: value as Record<string, Cell> });
      }
      if (blank) onItem({ kind: 'skipped', blank, empty: 0 });
    },
    end() {},
  };
}
