/**
 * Splitting a CSV / JSON Lines file into chunks of whole records, so worker threads can read them
 * in parallel, and reading one chunk. A CSV record ends at a line feed outside quotes; the quote
 * (0x22) and line feed (0x0A) bytes never occur inside a multi-byte UTF-8 or GBK/GB18030
 * character, so the split works on the raw bytes of both encodings.
 */
import iconv from 'iconv-lite';
import type { TextEncoding } from './encoding.js';
import { cellsReader, rowToRecord, type HeaderMapping } from './records.js';
import { eachCsvRecord, fieldCountError } from './csv-chunk.js';
import type { Cell, RowError } from './sources.js';

/**
 * Finds record boundaries in a byte stream; keeps the quote state across pushes.
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

export type ChunkItem = { rowNumber: number; record: Record<string, unknown> } | { rowNumber: number; reject: RowError };

/**
 * Reads the records of one chunk, calling `onItem` for each record or rejected row in file order as
 * soon as it is read. `firstLine` is the file line number of the chunk's first line.
 */
export function eachChunkItem(text: string, format: 'csv' | 'jsonl', delimiter: string, header: readonly string[], mapping: HeaderMapping, firstLine: number, onItem: (item: ChunkItem) => void): void {
  if (format === 'jsonl') {
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!.replace(/\r$/, '');
      if (line.trim() === '') continue;
      const rowNumber = firstLine + i;
      let v: unknown;
      try {
        v = JSON.parse(line);
      } catch (e) {
        onItem({ rowNumber, reject: { code: 'JSON_INVALID', message: `不是合法的 JSON：${(e as Error).message}` } });
        continue;
      }
      if (v === null || typeof v !== 'object' || Array.isArray(v)) {
        onItem({ rowNumber, reject: { code: 'JSON_NOT_OBJECT', message: '每行应为一个 JSON 对象（记录）' } });
        continue;
      }
      const r = rowToRecord(v as Record<string, Cell>, mapping);
      onItem(r.ok ? { rowNumber, record: r.record } : { rowNumber, reject: r.error });
    }
    return;
  }
  const read = readerFor(header, mapping);
  eachCsvRecord(text, delimiter, firstLine, (it) => {
    if ('reject' in it) {
      onItem(it);
      return;
    }
    const { rowNumber, cells: record } = it;
    const bad = fieldCountError(record, header);
    if (bad) {
      onItem({ rowNumber, reject: bad });
      return;
    }
    const r = read(record);
    onItem(r.ok ? { rowNumber, record: r.record } : { rowNumber, reject: r.error });
  });
}

let lastReader: { header: readonly string[]; mapping: HeaderMapping; read: ReturnType<typeof cellsReader> } | undefined;
/** The cells reader of a worker's header, made once. */
function readerFor(header: readonly string[], mapping: HeaderMapping) {
  if (lastReader?.header !== header || lastReader.mapping !== mapping) lastReader = { header, mapping, read: cellsReader(header, mapping) };
  return lastReader.read;
}

/** Number of line feeds in a byte range. */
export function countLines(bytes: Uint8Array): number {
  let n = 0;
  let i = -1;
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  while ((i = b.indexOf(0x0a, i + 1)) !== -1) n++;
  return n;
}
