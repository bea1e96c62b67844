/**
 * Text files (CSV, JSON Lines) as chunks of whole records, and the one reader of such a chunk.
 * A CSV record ends at a line feed outside quotes, a JSON Lines record at a line feed; the quote
 * (0x22) and line feed (0x0A) bytes never occur inside a multi-byte UTF-8 or GBK/GB18030
 * character, so the split works on the raw bytes of both encodings (UTF-16 is turned into UTF-8
 * bytes before it is cut). The same reader serves one thread (every chunk in turn) and worker
 * threads (each reads the chunks it is given, with the header the main thread found).
 */
import iconv from 'iconv-lite';
import type { TextEncoding } from './encoding.js';
import { eachCsvRecord, fieldCountError } from './csv-chunk.js';
import { HeaderFinder, type HeaderFound, type TitleRow } from './header-finder.js';
import type { Cell, RowError } from './rows.js';

/**
 * @internal Finds record boundaries in a byte stream; keeps the quote state across pushes.
 *
 * @example
 * ```ts
 * const s = new RecordSplitter('csv');
 * s.push(Buffer.from('a,"x\ny"\nb,'))?.toString(); //=> 'a,"x\ny"\n' (the line feed inside quotes is not a boundary)
 * s.end()?.toString(); //=> 'b,'
 * ```
 */
export class RecordSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private inQuote = false;
  constructor(private readonly format: 'csv' | 'jsonl') {}

  /** Adds bytes; returns the bytes up to the last complete record (or undefined) and keeps the rest. */
  push(buf: Buffer): Buffer | undefined {
    let cut = -1;
    if (this.format === 'jsonl') cut = buf.lastIndexOf(0x0a);
    else {
      cut = this.inQuote ? -2 : plainCut(buf);
      if (cut === -2) {
        cut = -1;
        let q = this.inQuote;
        for (let i = 0; i < buf.length; i++) {
          const b = buf[i];
          if (b === 0x22) q = !q;
          else if (b === 0x0a && !q) cut = i;
        }
        this.inQuote = q;
      }
    }
    if (cut < 0) {
      this.pending.push(buf);
      this.pendingBytes += buf.length;
      return undefined;
    }
    const head = Buffer.concat([...this.pending, buf.subarray(0, cut + 1)], this.pendingBytes + cut + 1);
    const rest = buf.subarray(cut + 1);
    this.pending = rest.length ? [Buffer.from(rest)] : [];
    this.pendingBytes = rest.length;
    return head;
  }

  /** What is left at the end of the file (a last record without a line feed). */
  end(): Buffer | undefined {
    if (!this.pendingBytes) return undefined;
    const b = Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    return b;
  }
}

/**
 * The last line feed outside quotes of bytes that start outside quotes, found with native
 * searches (quote to quote, then the last line feed) when the quotes pair up and a line feed
 * follows the last one; -1 when there is no line feed at all, -2 when the byte-by-byte scan must
 * decide (a quoted field open at the end, or no line feed after the last quote).
 */
function plainCut(buf: Buffer): number {
  let q = false;
  let last = -1;
  for (let i = buf.indexOf(0x22); i !== -1; i = buf.indexOf(0x22, i + 1)) {
    q = !q;
    last = i;
  }
  if (q) return -2;
  const lf = buf.lastIndexOf(0x0a);
  if (lf > last) return lf;
  return last < 0 ? -1 : -2;
}

export function decodeChunk(bytes: Uint8Array, encoding: TextEncoding): string {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return encoding === 'utf8' ? b.toString('utf8') : iconv.decode(b, encoding);
}

/** Number of line feeds in a byte range. */
export function countLines(bytes: Uint8Array): number {
  let n = 0;
  let i = -1;
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  while ((i = b.indexOf(0x0a, i + 1)) !== -1) n++;
  return n;
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
  | { kind: 'reject'; rowNumber: number; error: RowError };

/** A header found before: its columns and the last line it (and the title rows above it) take. */
export interface KnownHeader {
  columns: string[];
  /** Records ending at this line or before are the header and the rows above it (0 for JSON Lines). */
  throughLine: number;
}

/** The chunk reader of one text file (see {@link createChunkReader}). */
export interface ChunkReader {
  /** Reads one chunk of whole records whose first line is file line `firstLine`. */
  read(bytes: Uint8Array, firstLine: number, onItem: (item: RowItem) => void): void;
  /** After the last chunk: a CSV file of only narrow rows has its first one as the header. */
  end(onItem: (item: RowItem) => void): void;
}

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

function csvChunkReader(encoding: TextEncoding, delimiter: string, known: KnownHeader | undefined): ChunkReader {
  let header = known?.columns;
  const throughLine = known?.throughLine ?? 0;
  const finder = new HeaderFinder<string[]>();
  const dataRow = (rowNumber: number, cells: string[], onItem: (item: RowItem) => void) => {
    const bad = fieldCountError(cells, header!);
    if (bad) onItem({ kind: 'reject', rowNumber, error: bad });
    else onItem({ kind: 'cells', rowNumber, cells });
  };
  const found = (f: HeaderFound<string[]>, onItem: (item: RowItem) => void) => {
    header = f.cells;
    onItem({ kind: 'header', rowNumber: f.rowNumber, columns: header, ...(f.titles.length ? { skipped: f.titles } : {}) });
    for (const r of f.replay) dataRow(r.rowNumber, r.raw, onItem);
  };
  return {
    read(bytes, firstLine, onItem) {
      const text = firstLine === 1 ? withoutBom(decodeChunk(bytes, encoding)) : decodeChunk(bytes, encoding);
      eachCsvRecord(text, delimiter, firstLine, (it) => {
        if ('reject' in it) {
          onItem({ kind: 'reject', rowNumber: it.rowNumber, error: it.reject });
          return;
        }
        if (header) {
          // Given the header: the header and the title rows above it were read by the main thread.
          if (it.rowNumber > throughLine) dataRow(it.rowNumber, it.cells, onItem);
          return;
        }
        const h = it.cells.map((c) => c.trim());
        if (h.every((c) => c === '')) return;
        const f = finder.push(it.rowNumber, h, it.cells);
        if (f) found(f, onItem);
      });
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
    read(bytes, firstLine, onItem) {
      const text = firstLine === 1 ? withoutBom(decodeChunk(bytes, encoding)) : decodeChunk(bytes, encoding);
      const lines = text.split('\n');
      for (let i = 0; i < lines.length; i++) {
        const raw = lines[i]!;
        const line = raw.charCodeAt(raw.length - 1) === 13 ? raw.slice(0, -1) : raw;
        if (line.trim() === '') continue;
        const rowNumber = firstLine + i;
        let value: unknown;
        try {
          value = JSON.parse(line);
        } catch (e) {
          onItem({ kind: 'reject', rowNumber, error: { code: 'JSON_INVALID', message: `不是合法的 JSON：${(e as Error).message}` } });
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
    },
    end() {},
  };
}
