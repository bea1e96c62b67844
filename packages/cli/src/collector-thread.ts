/**
 * The collector section (信息采集员情况) computed on a second thread: its figures cost a few
 * microseconds a record (each record's applicable items and a hash of its answers), as much as a
 * sixth of a province's check. Where a second core is free, a worker thread reads the batch again
 * for them while the check runs, and the check's own thread skips them; the report is the same
 * (the same reader, the same figures). Without a second core (or in the browser workbench, which
 * has no worker threads) the check's own pass computes them (`collectorPass`).
 */
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { CollectorOutcome, WithCollectorSectionOptions } from './collector-section.js';
import type { CollectorWorkerData, CollectorWorkerReply } from './collector-worker.js';
import { startCliWorker } from './worker-start.js';

/** Batches smaller than this (8 MiB: about 30,000 records of the 2017 form as CSV) are not given a thread. */
export const COLLECTOR_THREAD_MIN_BYTES = 8 * 1024 * 1024;

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** A running collector thread. */
export interface CollectorThread {
  /** The figures' outcome once the thread has read the batch (a `failed` outcome if it stopped). */
  outcome(): Promise<CollectorOutcome>;
  /** Stops the thread (the check failed or was interrupted); idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts the collector figures of the batch at `path` on a worker thread; `undefined` when the
 * machine has one core or the file is smaller than {@link COLLECTOR_THREAD_MIN_BYTES} (unless
 * `force`): the caller computes them in its own pass.
 *
 * @example
 * ```ts
 * const thread = startCollectorThread('/data/长沙县.csv', { formVersion: '2017' });
 * try { … the check … ; report = withCollectorOutcome(io, report, await thread!.outcome()); } finally { await thread?.stop(); }
 * ```
 */
export function startCollectorThread(path: string, options: WithCollectorSectionOptions = {}, when: { force?: boolean } = {}): CollectorThread | undefined {
  if (availableParallelism() < 2) return undefined;
  // A small batch is checked in about the time the thread takes to start: its own pass computes them.
  if (!when.force && !(fileSize(path) >= COLLECTOR_THREAD_MIN_BYTES)) return undefined;
  const data: CollectorWorkerData = { path, options };
  const worker = startCliWorker('collector-worker', { workerData: data });
  // It never keeps the process alive by itself: the check waits for it when it needs it.
  worker.unref();
  const outcome = new Promise<CollectorOutcome>((resolve) => {
    worker.once('message', (m: CollectorWorkerReply) => resolve(m.ok ? m.outcome : { kind: 'failed', code: m.code, message: m.message }));
    worker.once('error', (e: Error) => resolve({ kind: 'failed', code: 'COLLECTOR_THREAD', message: e.message }));
    worker.once('exit', (code) => resolve({ kind: 'failed', code: 'COLLECTOR_THREAD', message: `采集员统计线程提前退出（退出码 ${code}）` }));
  });
  let stopped: Promise<void> | undefined;
  const stop = () => (stopped ??= worker.terminate().then(() => undefined));
  return {
    outcome: async () => {
      const o = await outcome;
      await stop();
      return o;
    },
    stop,
  };
}
