/** The `process` global the CLI's code reads (environment, working directory), for the Web Worker. */
export const process = {
  env: {} as Record<string, string | undefined>,
  cwd: () => '/',
  platform: 'browser',
  version: 'v20.0.0',
  versions: {} as Record<string, string>,
  argv: [] as string[],
  exitCode: undefined as number | undefined,
  stdout: { isTTY: false, write: () => true },
  stderr: { isTTY: false, write: () => true },
  nextTick: (fn: (...a: unknown[]) => void, ...a: unknown[]) => queueMicrotask(() => fn(...a)),
  on: () => process,
  once: () => process,
  off: () => process,
  emit: () => false,
  emitWarning: () => {},
  hrtime: Object.assign(() => [0, 0], { bigint: () => BigInt(Math.round(performance.now() * 1e6)) }),
  memoryUsage: () => ({ rss: 0, heapUsed: 0, heapTotal: 0, external: 0, arrayBuffers: 0 }),
  // The page measures no CPU time (a phase report of the database engines reads it).
  cpuUsage: (since?: { user: number; system: number }) => ({ user: 0 - (since?.user ?? 0), system: 0 - (since?.system ?? 0) }),
};
export { Buffer } from 'buffer';
export default process;
