/**
 * Streaming writers: JSON Lines and CSV (UTF-8 or GBK), to a file path or any Node `Writable`.
 * Records are serialised one by one and written in ~64 KiB chunks with back-pressure, so memory
 * stays flat however many records flow through.
 */
import type { Writable } from 'node:stream';
import { flatColumns } from '@canji/form';
import { PERSON_KEYS, type SynthPersonRecord } from './person.js';
import { FULL_RECORDS, type SynthFormVersion } from './synthesize-persons.js';

// node:fs and iconv-lite are loaded only when a writer needs them, so that the generators of this
// package also bundle for browsers (the writers themselves need Node streams and Buffer).
type Iconv = { encode(text: string, encoding: string): Buffer };
let iconvModule: Iconv | undefined;
async function loadIconv(): Promise<Iconv> {
  if (!iconvModule) {
    const m = (await import('iconv-lite')) as unknown as { default?: Iconv } & Iconv;
    const iconv = m.default ?? m;
    // In a browser bundle the package's "browser" field maps iconv-lite to an empty module.
    if (typeof iconv.encode !== 'function') throw new Error('GBK 编码的 CSV 写出只能在 Node.js 中使用（浏览器中请用 UTF-8，或用 csvLine 自行组装）');
    iconvModule = iconv;
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

/**
 * Output buffer of the writers. UTF-8 text is encoded into a byte arena in which the record being
 * written always lies whole; completed records leave in chunks of about 192 KiB, each chunk the
 * arena itself (a fresh one takes its place, so nothing is copied).
 * GBK text is gathered as a string and encoded by iconv-lite per chunk.
 */
class ChunkedSink {
  private buffer: Buffer;
  private offset = 0;
  /** Where the record being written starts. */
  private start = 0;
  private text = '';
  private readonly values: unknown[] = [];
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
   * concatenating a string per record); returns true when chunks are ready to be written (call
   * `flush`).
   */
  add(text: string, eol: 0 | 1 | 2 = 0): boolean {
    if (this.gbk) {
      this.text += eol === 0 ? text : eol === 1 ? text + '\n' : text + '\r\n';
      if (this.text.length >= CHUNK) this.cut();
      return this.ready.length > 0;
    }
    this.start = this.offset;
    this.raw(text);
    return this.endRecord(eol);
  }

  /** Ends the record being written with its line end; returns true when chunks are ready. */
  private endRecord(eol: 0 | 1 | 2): boolean {
    this.ensure(2);
    if (eol === 2) this.buffer[this.offset++] = 0x0d;
    if (eol !== 0) this.buffer[this.offset++] = 0x0a;
    this.start = this.offset;
    if (this.offset >= CHUNK * 3) this.cut();
    return this.ready.length > 0;
  }

  /** Room for `n` more bytes: completed records move out; a record larger than the arena grows it. */
  private ensure(n: number): void {
    if (this.offset + n <= this.buffer.length) return;
    // A new arena (chunks handed to the stream are never written again): the completed records
    // leave as they are, the record being written moves over; larger than before if it must.
    const pending = this.offset - this.start;
    const next = Buffer.allocUnsafe(Math.max(CHUNK * 4, pending + n > CHUNK * 2 ? 2 * (pending + n) : 0));
    this.buffer.copy(next, 0, this.start, this.offset);
    if (this.start > 0) this.ready.push(this.buffer.subarray(0, this.start));
    this.buffer = next;
    this.offset = pending;
    this.start = 0;
  }

  /** Any text, UTF-8 encoded. */
  private raw(t: string): void {
    this.ensure(t.length * 3);
    this.offset += this.buffer.write(t, this.offset, 'utf8');
  }

  /** ASCII text (number strings, literals). */
  private ascii(t: string): void {
    this.ensure(t.length);
    const b = this.buffer;
    let o = this.offset;
    for (let i = 0; i < t.length; i++) b[o++] = t.charCodeAt(i);
    this.offset = o;
  }

  private byte(c: number): void {
    this.ensure(1);
    this.buffer[this.offset++] = c;
  }

  /** Bytes of a precompiled piece (a key with its quotes and colon), from `from`. */
  private piece(p: Uint8Array, from: number): void {
    this.ensure(p.length);
    const b = this.buffer;
    let o = this.offset;
    for (let i = from; i < p.length; i++) b[o++] = p[i]!;
    this.offset = o;
  }

  /** A number as `'' + v` (= JSON for finite numbers): small non-negative integers digit by digit. */
  private number(v: number): void {
    if (v >= 0 && v < 1e9 && (v | 0) === v) {
      // (-0 lands here too and is written '0', as JSON.stringify and String write it.)
      this.ensure(9);
      const b = this.buffer;
      if (v < 10) {
        b[this.offset++] = 0x30 + v;
        return;
      }
      let o = this.offset + (v < 100 ? 2 : v < 1000 ? 3 : v < 1e4 ? 4 : v < 1e5 ? 5 : v < 1e6 ? 6 : v < 1e7 ? 7 : v < 1e8 ? 8 : 9);
      this.offset = o;
      for (let x = v; ; ) {
        const q = (x / 10) | 0;
        b[--o] = 0x30 + x - q * 10;
        if (q === 0) break;
        x = q;
      }
      return;
    }
    this.ascii('' + v);
  }

  /** Numbers joined by commas (a multiple-choice answer). */
  private numbers(a: readonly number[]): void {
    for (let j = 0; j < a.length; j++) {
      if (j) this.byte(0x2c);
      this.number(a[j]!);
    }
  }

  /**
   * A full person record (`PersonGenerator.generateFull`, values in `PERSON_KEYS` order) as a JSON
   * line: the bytes of `JSON.stringify(record) + '\n'`, without walking the record's keys.
   */
  jsonFull(r: SynthPersonRecord): boolean {
    this.start = this.offset;
    this.byte(0x7b);
    let first = true;
    let i = -1;
    // for-in over full records (one shape) reads the fields by position from V8's enum cache.
    for (const k in r) {
      i++;
      const v = r[k];
      if (v === undefined) continue;
      if (typeof v === 'number') {
        this.piece(JSON_KEYS[i]!, first ? 1 : 0);
        if (v - v === 0) this.number(v);
        else this.ascii('null');
      } else if (typeof v === 'string') {
        this.piece(JSON_KEYS[i]!, first ? 1 : 0);
        if (JSON_ESCAPE.test(v)) this.raw(JSON.stringify(v));
        else {
          this.ensure(v.length * 3 + 2);
          this.buffer[this.offset++] = 0x22;
          this.offset += (this.buffer as Utf8Writer).utf8Write(v, this.offset);
          this.buffer[this.offset++] = 0x22;
        }
      } else if (Array.isArray(v) && finiteNumbers(v)) {
        this.piece(JSON_KEYS[i]!, first ? 1 : 0);
        this.byte(0x5b);
        this.numbers(v as number[]);
        this.byte(0x5d);
      } else {
        const t = JSON.stringify(v);
        if (t === undefined) continue;
        this.piece(JSON_KEYS[i]!, first ? 1 : 0);
        this.raw(t);
      }
      first = false;
    }
    this.byte(0x7d);
    return this.endRecord(1);
  }

  /**
   * A full person record as a CSV row with CRLF: the bytes of the line `writeCsv` builds from
   * `csvField` cells, `slots[j]` being the `PERSON_KEYS` index of column j (-1: always empty).
   */
  csvFull(r: SynthPersonRecord, slots: Int32Array): boolean {
    // The values by PERSON_KEYS index, into a reused array (for-in over one shape: by position).
    const values = this.values;
    let i = 0;
    for (const k in r) values[i++] = r[k];
    this.start = this.offset;
    for (let j = 0; j < slots.length; j++) {
      if (j) this.byte(0x2c);
      const s = slots[j]!;
      if (s < 0) continue;
      const v = values[s];
      if (v === undefined || v === null) continue;
      if (typeof v === 'number') this.number(v);
      else if (typeof v === 'string') this.raw(NEEDS_QUOTES.test(v) ? csvField(v) : v);
      else if (Array.isArray(v) && allNumbers(v)) {
        if (v.length === 1) this.number(v[0] as number);
        else if (v.length > 1) {
          this.byte(0x22);
          this.numbers(v as number[]);
          this.byte(0x22);
        }
      } else this.raw(csvField(v));
    }
    return this.endRecord(2);
  }

  /** Moves what is buffered into the ready queue. */
  private cut(): void {
    if (this.gbk) {
      if (this.text) this.ready.push(this.gbk.encode(this.text, 'gbk'));
      this.text = '';
    } else if (this.offset) {
      this.ready.push(this.buffer.subarray(0, this.offset));
      this.buffer = Buffer.allocUnsafe(CHUNK * 4);
      this.offset = 0;
      this.start = 0;
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

/** Characters JSON.stringify escapes (and lone surrogates, which it escapes too; pairs go the slow way, still exact). */
const JSON_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;
/** `,"key":` of every `PERSON_KEYS` entry, as bytes (the first key written skips the comma). */
const JSON_KEYS: readonly Uint8Array[] = PERSON_KEYS.map((k) => new TextEncoder().encode(`,${JSON.stringify(k)}:`));

/** Node's Buffer#utf8Write (what `write(s, offset, 'utf8')` calls, without the argument checks). */
type Utf8Writer = Buffer & { utf8Write(s: string, offset: number): number };

/** Every element a finite number (holes and other values are left to JSON.stringify). */
function finiteNumbers(a: readonly unknown[]): boolean {
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    if (typeof x !== 'number' || x - x !== 0) return false;
  }
  return true;
}

/** Every element a number (`join` writes each as `'' + x`, NaN included). */
function allNumbers(a: readonly unknown[]): boolean {
  for (let i = 0; i < a.length; i++) if (typeof a[i] !== 'number') return false;
  return true;
}

/** The full records of a 2017 `PersonStream` handed to a writer as is (see `FULL_RECORDS`). */
function fullRecordsOf(records: unknown): (() => Iterable<SynthPersonRecord>) | undefined {
  return (records as { [FULL_RECORDS]?: () => Iterable<SynthPersonRecord> })[FULL_RECORDS];
}

async function openTarget(target: string | Writable): Promise<{ out: Writable; close: () => Promise<void> }> {
  if (typeof target !== 'string') return { out: target, close: async () => {} };
  const { createWriteStream } = await import('node:fs');
  // In a browser bundle the package's "browser" field maps node:fs to an empty module: a path
  // cannot be written there, a Writable (or csvLine) can.
  if (typeof createWriteStream !== 'function') throw new Error(`写入文件“${target}”只能在 Node.js 中使用；浏览器中请传入可写流，或用 csvLine / csvField 组装文本`);
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
 * Feeds every record to the sink (`put` writes it and says whether chunks are ready). Sync
 * iterables (preferred when both are offered) run in a plain loop that awaits only when a chunk is
 * flushed: an `await` per record would cost more than generating it.
 */
async function drain<T>(records: RecordSource<T>, sink: ChunkedSink, put: (r: T) => boolean): Promise<number> {
  let n = 0;
  if (Symbol.iterator in records) {
    for (const r of records as Iterable<T>) {
      n++;
      if (put(r)) await sink.flush();
    }
  } else {
    for await (const r of records) {
      n++;
      if (put(r)) await sink.flush();
    }
  }
  await sink.flush(true);
  return n;
}

/**
 * Writes records as JSON Lines (one `JSON.stringify` per line, UTF-8) to a file path or a stream.
 * Handed the stream of `synthesizePersons` itself, it writes the same bytes about twice as fast
 * (each record encoded straight to bytes); wrapped or mapped records take the JSON.stringify path.
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
  // A person stream of this package handed over as is: its full records are encoded straight to
  // bytes (same text as JSON.stringify of its records, about twice as fast in all).
  const full = fullRecordsOf(records);
  const n = full
    ? await drain(full(), sink, (r) => sink.jsonFull(r))
    : await drain(records, sink, (r) => sink.add(JSON.stringify(r), 1));
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
  // A person stream of this package handed over as is (UTF-8): cells straight from its full records.
  const full = !toRow && encoding !== 'gbk' ? fullRecordsOf(records) : undefined;
  const slots = Int32Array.from(options.columns, (c, i) => (column[c.key] === i ? PERSON_KEYS.indexOf(c.key) : -1)); // a repeated key fills its last column, as below
  const n = full
    ? await drain(full(), sink, (r) => sink.csvFull(r, slots))
    : await drain(records, sink, (r) => {
        const row = (toRow ? toRow(r) : r) as Record<string, unknown>;
        cells.fill('');
        for (const k in row) {
          const i = column[k];
          if (i !== undefined) cells[i] = csvField(row[k]);
        }
        return sink.add(cells.join(','), 2);
      });
  await close();
  return { records: n, bytes: sink.bytes };
}

/** Options of {@link writePersonsCsv}. */
export interface WritePersonsCsvOptions {
  /** `machine` (default): `r13`; `label`: `R13 受教育程度` (via `@canji/form`'s flat columns). */
  headers?: 'machine' | 'label';
  /** Default `'utf8'`; `'gbk'` for spreadsheet programs on Chinese Windows. */
  encoding?: CsvEncoding;
  /** Form version of the records (default `'2017'`): `'2021'` writes the 2021/22 form's columns (`hukou`, R3–R27). */
  version?: SynthFormVersion;
}

/**
 * Writes person records as the flat CSV of `@canji/form` (the cells of `toFlatRow`: form order,
 * multiple choices joined by `,`), with machine or Chinese headers, in UTF-8 or GBK. Keys that are
 * not items of the form are not written. Like `writeJsonLines`, fastest when handed the stream of
 * `synthesizePersons` itself (UTF-8).
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
