/**
 * `canji check --workers N`: the main thread splits the file into chunks of whole records and
 * hands them to N worker threads that decode and read them and run the record rules (the costly
 * part of the work: a shard checker of `@canji/rules` each); the main thread adds their results, in
 * file order, to one batch checker, which runs the cross-check and batch rules (duplicates across
 * the file) — so the report is exactly that of a single-threaded run.
 */
import { createReadStream } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { PersonFormVersion } from '@canji/form';
import { createBatchChecker, type BatchChecker, type BatchOptions, type RuleContext, type RuleFile, type ValidationReport } from '@canji/rules';
import { parse as parseCsvSync } from 'csv-parse/sync';
import { countLines, decodeChunk, RecordSplitter } from './chunks.js';
import type { WorkerReply, WorkerRequest } from './check-worker.js';
import { regionName } from './region-name.js';
import { checkRuleSet } from './rule-set.js';
import { csvLine } from './csv.js';
import type { TextEncoding } from './encoding.js';
import { CliError, type CliIo } from './io.js';
import { createProgress } from './progress.js';
import { openInput, titleNotice, type ReadStats, type Reject } from './read.js';
import { HeaderFinder, type HeaderFound } from './header-finder.js';
import { mapHeaders } from './records.js';
import { formForHeader } from './form-version.js';
import type { FileFormat } from './sources.js';
import { createWriteStream } from 'node:fs';

export interface PoolCheckOptions {
  workers: number;
  /** The form version (`--form`); absent: recognised from the header. */
  form?: PersonFormVersion;
  withDepartments: boolean;
  /** Rule files (`--rules`) as validated data; every worker compiles the same rules from it. */
  ruleFiles?: readonly RuleFile[];
  context: RuleContext;
  meta: BatchOptions['meta'];
  regionLevel?: BatchOptions['regionLevel'];
  onDiscrepancy?: BatchOptions['onDiscrepancy'];
  quiet: boolean;
  encoding?: TextEncoding;
  format?: FileFormat;
  rejectsPath?: string;
}

const CHUNK_BYTES = 1 << 16;

/** The built worker next to the built CLI; from the TypeScript sources (tests, tsx), the source worker through tsx. */
function startWorker(): Worker {
  const self = import.meta.url;
  // A reader holds one chunk (64 KiB of text and its few hundred records) at a time: a small heap
  // makes it collect early instead of growing, which keeps the whole process under 1 GB.
  const resourceLimits = { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 16 };
  if (!self.endsWith('.ts')) return new Worker(new URL('./check-worker.js', self), { resourceLimits });
  return new Worker(new URL('./check-worker-dev.mjs', self), { execArgv: [], resourceLimits });
}

export async function checkWithWorkers(io: CliIo, path: string, o: PoolCheckOptions): Promise<{ report: ValidationReport; stats: ReadStats }> {
  const source = await openInput(io, path, o);
  if (source.format === 'xlsx') throw new CliError('USAGE_WORKERS_XLSX', 'XLSX 文件按流读取，不能分给多个线程');
  const format = source.format;
  const encoding = source.encoding!.encoding;
  const delimiter = source.delimiter ?? ',';
  const stats: ReadStats = { read: 0, processed: 0, rejected: 0, normalised: 0, firstRejects: [], unknownColumns: [] };
  const rejectsOut = o.rejectsPath ? createWriteStream(o.rejectsPath) : undefined;
  rejectsOut?.write('\uFEFF' + csvLine(['row_number', 'column', 'code', 'message']));
  // Made when the header is read and the form version known (before any chunk is sent).
  let form: PersonFormVersion = o.form ?? '2017';
  let checker: BatchChecker | undefined;
  const startChecker = (headers: readonly string[]) => {
    const f = formForHeader(o.form, headers);
    form = f.version;
    checker = createBatchChecker({
      rules: checkRuleSet(form, o.withDepartments, o.ruleFiles),
      context: { ...o.context, formVersion: form },
      regionName,
      ...(o.regionLevel ? { regionLevel: o.regionLevel } : {}),
      ...(o.meta ? { meta: o.meta } : {}),
      ...(o.onDiscrepancy ? { onDiscrepancy: o.onDiscrepancy } : {}),
    });
    return f.notice;
  };
  const progress = createProgress({ io, quiet: o.quiet, label: '校验', totalBytes: source.totalBytes });

  const reject = (r: Reject) => {
    stats.rejected++;
    if (stats.firstRejects.length < 20) stats.firstRejects.push(r);
    rejectsOut?.write(csvLine([r.rowNumber, r.error.column ?? '', r.error.code, r.error.message]));
  };
  const consume = (m: WorkerReply) => {
    stats.read += m.read;
    stats.processed += m.read - m.rejects.length;
    for (const r of m.rejects) reject(r);
    checker!.addShard(m.part);
  };

  const pool: Worker[] = [];
  // N worker threads read (decoding, CSV, fromFlatRow) and run the record rules; the main thread runs the rest.
  const n = Math.max(1, o.workers);
  // Results arrive out of order; they are consumed in sequence.
  const done = new Map<number, WorkerReply>();
  let nextToConsume = 0;
  let failure: Error | undefined;
  let inflight = 0;
  let wake: (() => void) | undefined;
  const settle = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  for (let i = 0; i < n; i++) {
    const w = startWorker();
    w.on('message', (m: WorkerReply | { seq: number; error: string }) => {
      inflight--;
      if (m.error !== undefined) failure ??= new Error(m.error);
      else done.set(m.seq, m);
      while (done.has(nextToConsume)) {
        try {
          consume(done.get(nextToConsume)!);
        } catch (e) {
          failure ??= e as Error;
        }
        done.delete(nextToConsume);
        nextToConsume++;
      }
      progress.update(stats.read, source.bytesRead());
      settle();
    });
    w.on('error', (e) => {
      failure ??= e;
      settle();
    });
    pool.push(w);
  }

  const { departments: _d, recordKey: _k, ...workerContext } = o.context;
  const init = (header: string[]): WorkerRequest => ({
    type: 'init',
    format,
    encoding,
    delimiter,
    header,
    form,
    withDepartments: o.withDepartments,
    ruleFiles: o.ruleFiles ?? [],
    context: { ...workerContext, formVersion: form },
    ...(o.regionLevel ? { regionLevel: o.regionLevel } : {}),
  });
  let bytesRead = 0;
  let seq = 0;
  let line = 1;
  let header: string[] | undefined;
  let first = true;
  const splitter = new RecordSplitter(format);
  const send = async (chunk: Buffer) => {
    if (!header) {
      // The first record is the header (CSV) or the first object (JSON Lines, whose keys are read by each worker).
      const text = decodeChunk(chunk, encoding).replace(/^\uFEFF/, '');
      if (format === 'csv') {
        const recs = parseCsvSync(text, { delimiter, relax_column_count: true, skip_empty_lines: true, to_line: undefined, info: true }) as unknown as { record: string[]; info: { lines: number } }[];
        // The header as the one-thread reader finds it: title rows above it skipped (see HeaderFinder).
        const finder = new HeaderFinder<null>();
        let found: HeaderFound<null> | undefined;
        let at = -1;
        for (let k = 0; k < recs.length && !found; k++) {
          const h = recs[k]!.record.map((c) => c.trim());
          if (h.every((c) => c === '')) continue;
          found = finder.push(recs[k]!.info.lines, h, null);
          at = k;
        }
        found ??= finder.finish();
        if (!found) return;
        if (found.replay.length) at = recs.findIndex((r) => r.info.lines === found!.rowNumber);
        if (found.titles.length) io.stderr(titleNotice(found.titles));
        header = found.cells;
        const headerLines = recs[at]!.info.lines;
        const notice = startChecker(header);
        const mapping = mapHeaders(header, form);
        stats.unknownColumns = mapping.unknown;
        if (mapping.known.size === 0) throw new CliError('INPUT_HEADER_UNKNOWN', `无法识别表头：第 1 行“${header.slice(0, 5).join('，')}${header.length > 5 ? '…' : ''}”没有一列是登记表的列`);
        if (![...mapping.known.values()].includes('resident_id')) throw new CliError('INPUT_HEADER_MISSING', '表头缺少必需的列：resident_id');
        io.stderr(notice);
        for (const w of pool) w.postMessage(init(header));
        // Re-split the rest of this chunk after the header line.
        let off = 0;
        for (let k = 0, seen = 0; k < chunk.length; k++) if (chunk[k] === 0x0a && ++seen === headerLines) { off = k + 1; break; }
        line = headerLines + 1;
        chunk = chunk.subarray(off);
      } else {
        const firstLine = text.split('\n').find((l) => l.trim() !== '') ?? '{}';
        let keys: string[] = [];
        try {
          keys = Object.keys(JSON.parse(firstLine) as object);
        } catch {
          /* the worker reports it */
        }
        header = keys;
        io.stderr(startChecker(keys));
        const mapping = mapHeaders(keys, form);
        stats.unknownColumns = mapping.unknown;
        for (const w of pool) w.postMessage(init(header));
      }
      if (!chunk.length) return;
    }
    while (inflight >= pool.length + 1 && !failure) await new Promise<void>((r) => (wake = r));
    if (failure) throw failure;
    const copy = new Uint8Array(chunk.length);
    copy.set(chunk);
    const w = pool[seq % pool.length]!;
    inflight++;
    w.postMessage({ type: 'chunk', seq, bytes: copy, firstLine: line }, [copy.buffer]);
    seq++;
    line += countLines(chunk);
  };

  try {
    for await (const buf of createReadStream(path, { highWaterMark: CHUNK_BYTES }) as AsyncIterable<Buffer>) {
      bytesRead += buf.length;
      let b = buf;
      if (first) {
        first = false;
        if (encoding === 'utf8' && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) b = b.subarray(3);
      }
      const ready = splitter.push(b);
      if (ready) await send(ready);
    }
    const last = splitter.end();
    if (last) await send(last);
    while ((inflight > 0 || nextToConsume < seq) && !failure) await new Promise<void>((r) => (wake = r));
    if (failure) throw failure;
  } finally {
    progress.stop();
    await Promise.all(pool.map((w) => w.terminate()));
    if (rejectsOut) await new Promise<void>((res) => rejectsOut.end(() => res()));
  }
  void bytesRead;
  if (!header) throw new CliError('INPUT_EMPTY', `文件“${path}”没有表头和数据行`);
  if (stats.read === 0) throw new CliError('INPUT_NO_ROWS', `文件“${path}”只有表头，没有数据行`);
  return { report: checker!.report(), stats };
}
