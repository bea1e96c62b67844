/**
 * Cutting a text file's bytes into chunks of whole records, in bounded memory whatever the file
 * holds. A CSV record ends at a line end outside quotes, a JSON Lines record at any line end; the
 * quote (0x22), CR (0x0D) and LF (0x0A) bytes never occur inside a multi-byte UTF-8 or
 * GBK/GB18030 character, so the cut works on the raw bytes of both encodings.
 *
 * Line ends: LF, CRLF, a lone CR (classic Mac, some exports) and mixtures of them read the same
 * way. A run of CRs followed by LF (`\r\r\n`, what a CRLF → CRLF conversion applied twice leaves)
 * is one line end; CRs not followed by LF are one line end each. Chunks whose line ends are all
 * LF or CRLF pass through untouched (the fast path); any other chunk has its line ends outside
 * quotes rewritten as LF, so the chunk reader and csv-parse only ever see LF or CRLF, and line
 * numbers are the same with one thread and with workers (the main thread cuts for both).
 *
 * Bounded look-ahead: a record may not grow past `maxRecordBytes` without ending. An unclosed
 * quote (everything after it would be one field) is reported at the line it opens on, that line is
 * rejected, and reading resumes on the next line as if the quote were not there; a line with no
 * line end within the bound (a missing line ending, an absurd cell) is reported and skipped up to
 * its end, without keeping its bytes.
 */
import type { RowError } from './rows.js';

/** The default bound on one record (line, or quoted field across lines): 8 MiB. */
export const DEFAULT_MAX_RECORD_BYTES = 8 << 20;

/** @internal Whole records (bytes, LF or CRLF line ends) and the file line they start on; or a record that could not be read (`broken`, no bytes). */
export interface TextChunk {
  bytes: Buffer;
  firstLine: number;
  /** A record rejected while cutting (unclosed quote, too long): reported at `firstLine`. */
  broken?: RowError;
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const EMPTY = Buffer.alloc(0);

/** Whether every CR of `buf` is directly followed by an LF in `buf` (also true without any CR). */
function crlfOnly(buf: Buffer): boolean {
  for (let i = buf.indexOf(CR); i !== -1; i = buf.indexOf(CR, i + 1)) if (buf[i + 1] !== LF) return false;
  return true;
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
  for (let i = buf.indexOf(QUOTE); i !== -1; i = buf.indexOf(QUOTE, i + 1)) {
    q = !q;
    last = i;
  }
  if (q) return -2;
  const lf = buf.lastIndexOf(LF);
  if (lf > last) return lf;
  return last < 0 ? -1 : -2;
}

/** Number of line feeds in a byte range (the lines of a chunk the splitter made: its line ends are LF or CRLF). */
export function countLines(bytes: Uint8Array): number {
  let n = 0;
  let i = -1;
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  while ((i = b.indexOf(LF, i + 1)) !== -1) n++;
  return n;
}

const mib = (n: number) => `${(n / (1 << 20)).toFixed(n < 1 << 20 ? 2 : 0)} MB`;

/**
 * @internal Cuts a byte stream into chunks of whole records (see the module comment); keeps the
 * quote state, a pending CR and the line number across pushes.
 *
 * @example
 * ```ts
 * const s = new RecordSplitter('csv');
 * s.push(Buffer.from('a,"x\ny"\rb,'))[0]?.bytes.toString(); //=> 'a,"x\ny"\n' (the LF inside quotes is not a line end; the lone CR is)
 * s.end()[0]?.bytes.toString(); //=> 'b,'
 * ```
 */
export class RecordSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private inQuote = false;
  /** CRs outside quotes at the end of the last push: a line end, LF or not yet known. */
  private heldCr = 0;
  /** Dropping the rest of a line that was too long, up to its line end. */
  private discarding = false;
  /** After a dropped line that ended in CR: an LF at the start of the next push belongs to it. */
  private skipLf = false;
  /** File line the pending bytes start on. */
  private line = 1;
  private readonly max: number;

  constructor(
    private readonly format: 'csv' | 'jsonl',
    opts: { maxRecordBytes?: number } = {},
  ) {
    this.max = Math.max(1, opts.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES);
  }

  /** Adds bytes; returns the chunks of the records completed by them (often one, possibly none). */
  push(input: Buffer): TextChunk[] {
    const out: TextChunk[] = [];
    let buf = input;
    if (this.skipLf && buf.length) {
      this.skipLf = false;
      if (buf[0] === LF) buf = buf.subarray(1);
    }
    if (this.discarding) {
      const rest = this.discard(buf);
      if (!rest) return out;
      buf = rest;
    }
    if (!buf.length) return out;
    let data = buf;
    let cut: number;
    if (this.heldCr === 0 && crlfOnly(buf)) {
      if (this.format === 'jsonl') cut = buf.lastIndexOf(LF);
      else {
        cut = this.inQuote ? -2 : plainCut(buf);
        if (cut === -2) cut = this.scanQuotes(buf);
      }
    } else {
      const n = this.normalise(buf);
      data = n.data;
      cut = n.cut;
    }
    if (cut < 0) {
      if (data.length) {
        this.pending.push(data === input ? Buffer.from(data) : data);
        this.pendingBytes += data.length;
      }
    } else {
      const head = this.pendingBytes ? Buffer.concat([...this.pending, data.subarray(0, cut + 1)], this.pendingBytes + cut + 1) : Buffer.from(data.subarray(0, cut + 1));
      out.push(this.chunk(head));
      const rest = data.subarray(cut + 1);
      this.pending = rest.length ? [Buffer.from(rest)] : [];
      this.pendingBytes = rest.length;
    }
    if (this.pendingBytes > this.max && this.heldCr === 0) for (const c of this.overflow()) out.push(c);
    return out;
  }

  /** What is left at the end of the file: the last record (without a line end), an unclosed quote reported. */
  end(): TextChunk[] {
    const out: TextChunk[] = [];
    if (this.heldCr) {
      // CRs at the very end of the file: line ends.
      const lfs = Buffer.alloc(this.heldCr, LF);
      this.heldCr = 0;
      this.pending.push(lfs);
      this.pendingBytes += lfs.length;
    }
    if (this.inQuote && this.pendingBytes && this.format === 'csv') {
      for (const c of this.unclosedQuote(this.take(), true)) out.push(c);
      for (const c of this.end()) out.push(c);
      return out;
    }
    if (this.pendingBytes) out.push(this.chunk(this.take()));
    this.discarding = false;
    return out;
  }

  private take(): Buffer {
    const b = Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    return b;
  }

  private chunk(bytes: Buffer): TextChunk {
    const c = { bytes, firstLine: this.line };
    this.line += countLines(bytes);
    return c;
  }

  private broken(code: string, message: string): TextChunk {
    const c: TextChunk = { bytes: EMPTY, firstLine: this.line, broken: { code, message } };
    this.line++;
    return c;
  }

  /** The last LF outside quotes of a buffer whose line ends are LF or CRLF, byte by byte, carrying the quote state. */
  private scanQuotes(buf: Buffer): number {
    let cut = -1;
    let q = this.inQuote;
    for (let i = 0; i < buf.length; i++) {
      const b = buf[i];
      if (b === QUOTE) q = !q;
      else if (b === LF && !q) cut = i;
    }
    this.inQuote = q;
    return cut;
  }

  /**
   * A copy of `buf` with the line ends outside quotes (and the CRs held from the last push) as LF,
   * and the last of them; CRs at the end are held (an LF may follow in the next push).
   */
  private normalise(buf: Buffer): { data: Buffer; cut: number } {
    const data = Buffer.allocUnsafe(buf.length + this.heldCr);
    const csv = this.format === 'csv';
    let o = 0;
    let cut = -1;
    let q = this.inQuote;
    let held = this.heldCr;
    for (let i = 0; i < buf.length; i++) {
      const b = buf[i]!;
      if (held) {
        if (b === CR) {
          held++;
          continue;
        }
        if (b === LF) {
          held = 0;
          cut = o;
          data[o++] = LF;
          continue;
        }
        for (; held; held--) {
          cut = o;
          data[o++] = LF;
        }
      }
      if (b === QUOTE && csv) q = !q;
      else if (!q && b === CR) {
        held = 1;
        continue;
      } else if (!q && b === LF) cut = o;
      data[o++] = b;
    }
    this.inQuote = q;
    this.heldCr = held;
    return { data: data.subarray(0, o), cut };
  }

  /** Drops bytes up to the end of the line being skipped; the bytes after it, or undefined when the line goes on. */
  private discard(buf: Buffer): Buffer | undefined {
    const lf = buf.indexOf(LF);
    const cr = buf.indexOf(CR);
    const e = lf < 0 ? cr : cr < 0 ? lf : Math.min(lf, cr);
    if (e < 0) return undefined;
    this.discarding = false;
    if (buf[e] === CR) {
      if (e + 1 === buf.length) {
        this.skipLf = true;
        return EMPTY;
      }
      return buf.subarray(buf[e + 1] === LF ? e + 2 : e + 1);
    }
    return buf.subarray(e + 1);
  }

  /** The pending record passed the bound without ending. */
  private overflow(): TextChunk[] {
    const bytes = this.take();
    if (this.inQuote) return this.unclosedQuote(bytes, false);
    this.discarding = true;
    return [this.broken('CSV_RECORD_TOO_LONG', `这一行超过 ${mib(this.max)} 仍未结束（缺少换行符，或有一个过长的单元格）：已跳过这一行，从下一行起继续读取`)];
  }

  /**
   * A quote opened on the first line of `bytes` and not closed (within the bound, or before the
   * end of the file): that line is rejected and the bytes after it are read again without the quote.
   */
  private unclosedQuote(bytes: Buffer, atEnd: boolean): TextChunk[] {
    this.inQuote = false;
    const where = atEnd ? '直到文件末尾' : `其后 ${mib(this.max)} 内`;
    const reject = this.broken('CSV_QUOTE_UNCLOSED', `这一行的引号没有闭合（${where}没有配对的引号，其后的内容会被当作同一个单元格）：已拒收这一行，从下一行起继续读取；请检查这一行是否多了或少了一个英文双引号`);
    // The first line end after the quote (CRs inside the quote were left as they are).
    const lf = bytes.indexOf(LF);
    const cr = bytes.indexOf(CR);
    const e = lf < 0 ? cr : cr < 0 ? lf : Math.min(lf, cr);
    if (e < 0) {
      if (!atEnd) this.discarding = true;
      return [reject];
    }
    const next = bytes[e] === CR && bytes[e + 1] === LF ? e + 2 : e + 1;
    const out = [reject];
    for (const c of this.push(bytes.subarray(next))) out.push(c);
    return out;
  }
}
