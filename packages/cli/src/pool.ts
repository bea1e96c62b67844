/**
 * `canji check --workers N`: the row source cuts the file into chunks of whole records; the main
 * thread finds the header in the first of them (with the chunk reader every thread uses) and hands
 * the chunks to N worker threads, which read them into person records and run the record rules
 * (the costly part of the work: a shard checker of `@canji/rules` each); the main thread merges
 * their tallies, in file order, into one batch checker, which runs the cross-check and batch rules
 * (duplicates across the file) — so the report is exactly that of a single-threaded run.
 */
import type { Worker } from 'node:worker_threads';
import { startCliWorker } from './worker-start.js';
import type { BatchChecker, BatchOptions, RuleContext, ValidationReport } from '@canji/rules';
import { createChunkReader, type RowItem } from './chunks.js';
import type { WorkerReply, WorkerRequest } from './check-worker.js';
import { batchCheckerFor, type RuleSetSpec } from './rule-set.js';
import { CliError, type CliIo } from './io.js';
import type { Progress } from './progress.js';
import { acceptPersonHeader, assertRowsRead, countSkipped, mergeCellStats, openInput, readCounter, readProgress, type ReadOptions, type ReadStats } from './read.js';
import type { TextChunk } from './record-splitter.js';

/** Options of `checkWithWorkers`: threads, rules, form version and the callbacks of `checkFile`. */
export interface PoolCheckOptions extends Pick<ReadOptions, 'encoding' | 'format' | 'formVersion' | 'onReject' | 'quiet'> {
  workers: number;
  rules: RuleSetSpec;
  context: RuleContext;
  meta: BatchOptions['meta'];
  regionLevel?: BatchOptions['regionLevel'];
  regionName?: BatchOptions['regionName'];
  onDiscrepancy?: BatchOptions['onDiscrepancy'];
  /** Every record with issues (the shards hand their issues over). */
  onIssues?: BatchOptions['onIssues'];
  /** The file row number of the item at `index` is known (set before its issues and discrepancies are reported). */
  onRow?: (index: number, rowNumber: number) => void;
  progress?: (totalBytes: number) => Progress;
}

/** A reading thread of the pool (see `worker-start.ts`). */
function startWorker(): Worker {
  // A reader holds one chunk (64 KiB of text and its few hundred records) at a time: a small heap
  // makes it collect early instead of growing, which keeps the whole process under 1 GB.
  return startCliWorker('check-worker', { resourceLimits: { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 16 } });
}

export async function checkWithWorkers(io: CliIo, path: string, o: PoolCheckOptions): Promise<{ report: ValidationReport; stats: ReadStats }> {
  const source = await openInput(io, path, o);
  if (!source.text) throw new CliError('USAGE_WORKERS_XLSX', 'XLSX 文件按流读取，不能分给多个线程');
  const text = source.text;
  const { stats, reject, normalisations } = readCounter(o.onReject, 'keep');
  // Made when the header is read and the form version known (given, or recognised from the
  // header), before any chunk is sent.
  let form = o.formVersion ?? '2017';
  let checker: BatchChecker | undefined;
  const makeChecker = () =>
    batchCheckerFor(form, o.rules, {
      context: o.context,
      ...(o.regionName ? { regionName: o.regionName } : {}),
      ...(o.regionLevel ? { regionLevel: o.regionLevel } : {}),
      ...(o.meta ? { meta: o.meta } : {}),
      ...(o.onDiscrepancy ? { onDiscrepancy: o.onDiscrepancy } : {}),
      ...(o.onIssues ? { onIssues: o.onIssues } : {}),
    });
  let merged = 0;
  const progress = readProgress(io, { quiet: o.quiet, label: '校验', ...(o.progress ? { progress: o.progress } : {}) }, source.totalBytes);

  const consume = (m: WorkerReply) => {
    stats.read += m.read;
    countSkipped(stats, m.skipped);
    stats.processed += m.read - m.rejects.length;
    stats.normalised += m.normalised;
    normalisations.merge(m.normalisations);
    mergeCellStats(stats.cells, m.cells);
    for (const r of m.rejects) reject(r);
    if (o.onRow) for (let i = 0; i < m.rows.length; i++) o.onRow(merged + i, m.rows[i]!);
    merged += m.rows.length;
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

  const { departments: _d, recordKey: _k, previousRound: _p, ...workerContext } = o.context;
  // The header, found by the main thread with the reader the workers use: title rows skipped,
  // checked like one thread's, then posted to every worker with the line it ends on.
  const finder = createChunkReader(text.reader);
  let header: Extract<RowItem, { kind: 'header' }> | undefined;
  const onItem = (it: RowItem) => {
    if (it.kind === 'header') header ??= it;
  };
  let waiting: TextChunk[] = [];
  const start = () => {
    form = acceptPersonHeader(io, header!, stats, { requiredKeys: ['resident_id'], unreadableCells: 'keep', ...(o.formVersion ? { formVersion: o.formVersion } : {}) }).formVersion;
    checker = makeChecker();
    const init: WorkerRequest = {
      type: 'init',
      reader: { ...text.reader, header: { columns: header!.columns, throughLine: header!.rowNumber } },
      formVersion: form,
      rules: { ...o.rules, form },
      context: { ...workerContext, formVersion: form },
      ...(o.regionLevel ? { regionLevel: o.regionLevel } : {}),
      ...(o.onIssues ? { keepIssues: true } : {}),
    };
    for (const w of pool) w.postMessage(init);
  };
  let seq = 0;
  const send = async (chunk: TextChunk) => {
    while (inflight >= pool.length + 1 && !failure) await new Promise<void>((r) => (wake = r));
    if (failure) throw failure;
    const copy = new Uint8Array(chunk.bytes.length);
    copy.set(chunk.bytes);
    const w = pool[seq % pool.length]!;
    inflight++;
    const m: WorkerRequest = { type: 'chunk', seq, bytes: copy, firstLine: chunk.firstLine, ...(chunk.broken ? { broken: chunk.broken } : {}) };
    w.postMessage(m, [copy.buffer]);
    seq++;
  };
  const flush = async () => {
    const chunks = waiting;
    waiting = [];
    for (const c of chunks) await send(c);
  };

  try {
    for await (const chunk of text.chunks()) {
      if (header) {
        await send(chunk);
        continue;
      }
      finder.read(chunk.bytes, chunk.firstLine, onItem, chunk.broken);
      waiting.push(chunk);
      if (header) {
        start();
        await flush();
      }
    }
    if (!header) {
      // A file of only narrow rows: its first row is the header.
      finder.end(onItem);
      if (header) start();
    }
    if (header) await flush();
    while ((inflight > 0 || nextToConsume < seq) && !failure) await new Promise<void>((r) => (wake = r));
    if (failure) throw failure;
  } finally {
    progress.stop();
    await Promise.all(pool.map((w) => w.terminate()));
  }
  assertRowsRead(path, header !== undefined, stats);
  return { report: (checker ?? makeChecker()).report(), stats };
}
