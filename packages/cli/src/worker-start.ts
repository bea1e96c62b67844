/**
 * Starts one of the CLI's worker threads: the built module next to the built CLI
 * (`dist/<name>.js`); from the TypeScript sources (tests, tsx), its `<name>-dev.mjs` entry, which
 * registers tsx in the thread (Node 20 does not carry the parent's loader into workers).
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** The CLI's worker modules (each an entry of the binary's build). */
export type CliWorkerName = 'check-worker' | 'collector-worker';

export function startCliWorker(name: CliWorkerName, options: WorkerOptions = {}): Worker {
  const self = import.meta.url;
  if (!self.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, self), options);
  return new Worker(new URL(`./${name}-dev.mjs`, self), { execArgv: [], ...options });
}
