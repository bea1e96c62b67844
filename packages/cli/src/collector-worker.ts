/**
 * Worker thread of the collector section (信息采集员情况): reads the batch a second time, beside
 * the check, for the collector figures alone (see `collector-thread.ts`), and hands back their
 * outcome — plain data — or the error that stopped it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { collectorOutcomeOfFile, type CollectorOutcome, type WithCollectorSectionOptions } from './collector-section.js';

/** What the thread is given. */
export interface CollectorWorkerData {
  path: string;
  options: WithCollectorSectionOptions;
}

/** What it hands back. */
export type CollectorWorkerReply = { ok: true; outcome: CollectorOutcome } | { ok: false; code: string; message: string };

const data = workerData as CollectorWorkerData | undefined;
if (parentPort && data) {
  const port = parentPort;
  collectorOutcomeOfFile(data.path, data.options).then(
    (outcome) => port.postMessage({ ok: true, outcome } satisfies CollectorWorkerReply),
    (e: unknown) => port.postMessage({ ok: false, code: String((e as { code?: unknown })?.code ?? 'COLLECTOR_THREAD'), message: e instanceof Error ? e.message : String(e) } satisfies CollectorWorkerReply),
  );
}
