/**
 * Streaming writers: JSON Lines and CSV (UTF-8 or GBK), to a file path or any Node `Writable`.
 * Records are serialised one by one and written in ~64 KiB chunks with back-pressure, so memory
 * stays flat however many records flow through.
 */
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import iconv from 'iconv-lite';

/** Records from a sync or async iterable. */
export type RecordSource<T> = Iterable<T> | AsyncIterable<T>;

/** What a writer wrote. */
export interface WriteSummary {
  records: number;
  bytes: number;
}

/** Text encodings of the CSV writer: UTF-8 (optionally with BOM, which Excel needs) or GBK (WPS/Excel on Chinese Windows). */
export type CsvEncoding = 'utf8' | 'utf8-bom' | 'gbk';

const CHUNK = 1 << 16;

/** Quotes a CSV field when it holds a comma, quote, CR or LF (RFC 4180). */
export function csvField(value: unknown): string {
  if (value === undefined || value === null) return '';
  const s = Array.isArray(value) ? value.join(';') : String(value);
  if (/[",\r\n]/.test(s)) return `"${s.replace(/"/g, '""')}"`;
  return s;
}

/** One CSV line (with CRLF, as spreadsheet programs expect). */
export function csvLine(values: readonly unknown[]): string {
  let out = '';
  for (let i = 0; i < values.length; i++) {
    if (i) out += ',';
    out += csvField(values[i]);
  }
  return out + '\r\n';
}

class ChunkedSink {
  private buf = '';
  bytes = 0;
  constructor(
    private readonly out: Writable,
    private readonly encode: (s: string) => Buffer,
  ) {}
  /** Appends text; returns true when the buffer should be flushed. */
  add(text: string): boolean {
    this.buf += text;
    return this.buf.length >= CHUNK;
  }
  async flush(): Promise<void> {
    if (!this.buf) return;
    const b = this.encode(this.buf);
    this.buf = '';
    this.bytes += b.length;
    if (!this.out.write(b)) await new Promise<void>((resolve) => this.out.once('drain', resolve));
  }
}

function openTarget(target: string | Writable): { out: Writable; close: () => Promise<void> } {
  if (typeof target !== 'string') return { out: target, close: async () => {} };
  const out = createWriteStream(target);
  return {
    out,
    close: () =>
      new Promise<void>((resolve, reject) => {
        out.once('error', reject);
        out.end(() => resolve());
      }),
  };
}

const utf8 = (s: string) => Buffer.from(s, 'utf8');

/**
 * Feeds every record's text to the sink. Sync iterables (preferred when both are offered) run in a
 * plain loop that awaits only when a chunk is flushed: an `await` per record would cost more than
 * generating it.
 */
async function drain<T>(records: RecordSource<T>, sink: ChunkedSink, text: (r: T) => string): Promise<number> {
  let n = 0;
  if (Symbol.iterator in records) {
    for (const r of records as Iterable<T>) {
      n++;
      if (sink.add(text(r))) await sink.flush();
    }
  } else {
    for await (const r of records) {
      n++;
      if (sink.add(text(r))) await sink.flush();
    }
  }
  await sink.flush();
  return n;
}

/**
 * Writes records as JSON Lines (one `JSON.stringify` per line, UTF-8) to a file path or a stream.
 *
 * @example
 * ```ts
 * await writeJsonLines(synthesizePersons({ seed: 1, count: 10_000 }), 'persons.jsonl');
 * //=> { records: 10000, bytes: … }
 * ```
 */
export async function writeJsonLines<T>(records: RecordSource<T>, target: string | Writable): Promise<WriteSummary> {
  const { out, close } = openTarget(target);
  const sink = new ChunkedSink(out, utf8);
  const n = await drain(records, sink, (r) => JSON.stringify(r) + '\n');
  await close();
  return { records: n, bytes: sink.bytes };
}

/** A CSV column: the record key and the header written for it. */
export interface CsvColumn {
  key: string;
  header: string;
}

/** Options of {@link writeCsv}. */
export interface WriteCsvOptions<T> {
  columns: readonly CsvColumn[];
  /** Turns a record into the values of the row, by column key (default: the record itself). */
  toRow?: (record: T) => Readonly<Record<string, unknown>>;
  /** Default `'utf8'`. */
  encoding?: CsvEncoding;
}

/**
 * Writes records as CSV with a header line, in UTF-8 (optionally with BOM) or GBK.
 * Multiple-choice arrays are joined with `;`.
 *
 * @example
 * ```ts
 * await writeCsv(records, 'out.csv', { columns: [{ key: 'name', header: '姓名' }], encoding: 'gbk' });
 * ```
 */
export async function writeCsv<T>(records: RecordSource<T>, target: string | Writable, options: WriteCsvOptions<T>): Promise<WriteSummary> {
  const encoding = options.encoding ?? 'utf8';
  const encode = encoding === 'gbk' ? (s: string) => iconv.encode(s, 'gbk') : utf8;
  const { out, close } = openTarget(target);
  const sink = new ChunkedSink(out, encode);
  const keys = options.columns.map((c) => c.key);
  const toRow = options.toRow ?? ((r: T) => r as unknown as Record<string, unknown>);
  sink.add((encoding === 'utf8-bom' ? '\uFEFF' : '') + csvLine(options.columns.map((c) => c.header)));
  const values: unknown[] = new Array(keys.length);
  const n = await drain(records, sink, (r) => {
    const row = toRow(r);
    for (let i = 0; i < keys.length; i++) values[i] = row[keys[i]!];
    return csvLine(values);
  });
  await close();
  return { records: n, bytes: sink.bytes };
}
