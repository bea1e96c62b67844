/**
 * Streaming writers: JSON Lines and CSV (UTF-8 or GBK), to a file path or any Node `Writable`.
 * Records are serialised one by one and written in ~64 KiB chunks with back-pressure, so memory
 * stays flat however many records flow through.
 */
import type { Writable } from 'node:stream';
import { flatColumns } from '@canji/form';

// node:fs and iconv-lite are loaded only when a writer needs them, so that the generators of this
// package also bundle for browsers (the writers themselves need Node streams and Buffer).
type Iconv = { encode(text: string, encoding: string): Buffer };
let iconvModule: Iconv | undefined;
async function loadIconv(): Promise<Iconv> {
  if (!iconvModule) {
    const m = (await import('iconv-lite')) as unknown as { default?: Iconv } & Iconv;
    iconvModule = m.default ?? m;
  }
  return iconvModule;
}

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

const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One CSV cell: quoted when it holds a comma, quote, CR or LF (RFC 4180); multiple choices joined
 * by `,` as in `@canji/form`'s flat rows (and then quoted); absent → empty.
 *
 * @example
 * csvField([1, 3]) //=> '"1,3"'
 * csvField('张"三') //=> '"张""三"'
 */
export function csvField(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number') return '' + value;
  const s = typeof value === 'string' ? value : Array.isArray(value) ? value.join(',') : String(value);
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * One CSV line (with CRLF, as spreadsheet programs expect).
 *
 * @example
 * csvLine(['430121', [2, 3], undefined]) //=> '430121,"2,3",\r\n'
 */
export function csvLine(values: readonly unknown[]): string {
  let out = '';
  for (let i = 0; i < values.length; i++) {
    if (i) out += ',';
    out += csvField(values[i]);
  }
  return out + '\r\n';
}

class ChunkedSink {
  private readonly buffer: Buffer;
  private offset = 0;
  private text = '';
  private readonly ready: Buffer[] = [];
  bytes = 0;
  constructor(
    private readonly out: Writable,
    private readonly gbk: Iconv | undefined,
  ) {
    this.buffer = Buffer.allocUnsafe(gbk ? 0 : CHUNK * 4);
  }
  /**
   * Appends text and a line end (`eol`: 0 none, 1 LF, 2 CRLF — written as bytes, which spares
   * concatenating and flattening a string per record); returns true when chunks are ready to be
   * written (call `flush`).
   */
  add(text: string, eol: 0 | 1 | 2 = 0): boolean {
    if (this.gbk) {
      this.text += eol === 0 ? text : eol === 1 ? text + '\n' : text + '\r\n';
      if (this.text.length >= CHUNK) this.cut();
    } else {
      // UTF-8 takes at most 3 bytes per UTF-16 code unit.
      if (this.offset + text.length * 3 + 2 > this.buffer.length) this.cut();
      if (text.length * 3 + 2 > this.buffer.length) {
        this.ready.push(Buffer.from(eol === 0 ? text : eol === 1 ? text + '\n' : text + '\r\n', 'utf8'));
      } else {
        this.offset += this.buffer.write(text, this.offset, 'utf8');
        if (eol === 2) this.buffer[this.offset++] = 0x0d;
        if (eol !== 0) this.buffer[this.offset++] = 0x0a;
      }
      if (this.offset >= CHUNK * 3) this.cut();
    }
    return this.ready.length > 0;
  }
  /** Moves what is buffered into the ready queue. */
  private cut(): void {
    if (this.gbk) {
      if (this.text) this.ready.push(this.gbk.encode(this.text, 'gbk'));
      this.text = '';
    } else if (this.offset) {
      this.ready.push(Buffer.from(this.buffer.subarray(0, this.offset)));
      this.offset = 0;
    }
  }
  /** Writes the ready chunks (with back-pressure); `final` also writes what is still buffered. */
  async flush(final = false): Promise<void> {
    if (final) this.cut();
    while (this.ready.length) {
      const chunk = this.ready.shift()!;
      this.bytes += chunk.length;
      if (!this.out.write(chunk)) await new Promise<void>((resolve) => this.out.once('drain', resolve));
    }
  }
}

async function openTarget(target: string | Writable): Promise<{ out: Writable; close: () => Promise<void> }> {
  if (typeof target !== 'string') return { out: target, close: async () => {} };
  const { createWriteStream } = await import('node:fs');
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


/**
 * Feeds every record's text to the sink. Sync iterables (preferred when both are offered) run in a
 * plain loop that awaits only when a chunk is flushed: an `await` per record would cost more than
 * generating it.
 */
async function drain<T>(records: RecordSource<T>, sink: ChunkedSink, text: (r: T) => string, eol: 1 | 2): Promise<number> {
  let n = 0;
  if (Symbol.iterator in records) {
    for (const r of records as Iterable<T>) {
      n++;
      if (sink.add(text(r), eol)) await sink.flush();
    }
  } else {
    for await (const r of records) {
      n++;
      if (sink.add(text(r), eol)) await sink.flush();
    }
  }
  await sink.flush(true);
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
  const { out, close } = await openTarget(target);
  const sink = new ChunkedSink(out, undefined);
  const n = await drain(records, sink, (r) => JSON.stringify(r), 1);
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
 * Multiple-choice arrays are joined with `,` (and the field quoted), as in `@canji/form`'s flat rows.
 *
 * @example
 * ```ts
 * await writeCsv(records, 'out.csv', { columns: [{ key: 'name', header: '姓名' }], encoding: 'gbk' });
 * ```
 */
export async function writeCsv<T>(records: RecordSource<T>, target: string | Writable, options: WriteCsvOptions<T>): Promise<WriteSummary> {
  const encoding = options.encoding ?? 'utf8';
  const { out, close } = await openTarget(target);
  const sink = new ChunkedSink(out, encoding === 'gbk' ? await loadIconv() : undefined);
  // Column index by key, in a prototype-less object: a row is filled by walking its own keys, which
  // is several times faster than looking up every column (most are absent, and missing-key
  // lookups on records of many shapes are slow in V8).
  const column: Record<string, number> = Object.create(null) as Record<string, number>;
  options.columns.forEach((c, i) => (column[c.key] = i));
  const width = options.columns.length;
  const toRow = options.toRow;
  sink.add((encoding === 'utf8-bom' ? '\uFEFF' : '') + csvLine(options.columns.map((c) => c.header)));
  const cells: string[] = new Array<string>(width).fill('');
  const n = await drain(records, sink, (r) => {
    const row = (toRow ? toRow(r) : r) as Record<string, unknown>;
    cells.fill('');
    for (const k in row) {
      const i = column[k];
      if (i !== undefined) cells[i] = csvField(row[k]);
    }
    return cells.join(',');
  }, 2);
  await close();
  return { records: n, bytes: sink.bytes };
}

/** Options of {@link writePersonsCsv}. */
export interface WritePersonsCsvOptions {
  /** `machine` (default): `r13`; `label`: `R13 受教育程度` (via `@canji/form`'s flat columns). */
  headers?: 'machine' | 'label';
  /** Default `'utf8'`; `'gbk'` for spreadsheet programs on Chinese Windows. */
  encoding?: CsvEncoding;
  /** Form version (default `'2017'`). */
  version?: '2017';
}

/**
 * Writes person records as the flat CSV of `@canji/form` (the cells of `toFlatRow`: form order,
 * multiple choices joined by `,`), with machine or Chinese headers, in UTF-8 or GBK. Keys that are
 * not items of the form are not written.
 *
 * @example
 * ```ts
 * await writePersonsCsv(synthesizePersons({ seed: 1, count: 10_000 }), 'persons.csv', { headers: 'label', encoding: 'gbk' });
 * ```
 */
export async function writePersonsCsv(records: RecordSource<Readonly<Record<string, unknown>>>, target: string | Writable, options: WritePersonsCsvOptions = {}): Promise<WriteSummary> {
  const mode = options.headers ?? 'machine';
  const version = options.version ?? '2017';
  const machine = flatColumns({ version, headers: 'machine' });
  const shown = mode === 'machine' ? machine : flatColumns({ version, headers: 'label' });
  const columns = machine.map((key, i) => ({ key, header: shown[i]! }));
  // Each cell is what `toFlatRow` writes for the column (the tests compare the two); reading the
  // record's keys directly skips toFlatRow's per-call form walk, which costs more than generating.
  return writeCsv(records, target, { columns, encoding: options.encoding ?? 'utf8' });
}
