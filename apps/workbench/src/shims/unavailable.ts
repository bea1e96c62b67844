/**
 * Node built-ins the check's code paths never reach in the browser (worker threads, child
 * processes for PDF, zlib streams of the XLSX container check, the OS): importing them is fine,
 * calling them is an error that says so in zh-CN.
 */
function unavailable(what: string): never {
  throw Object.assign(new Error(`浏览器版不提供此功能（${what}）：请用命令行 canji`), { code: 'WORKBENCH_UNAVAILABLE' });
}
export class Worker {
  constructor() {
    unavailable('工作线程');
  }
}
export const isMainThread = true;
export const parentPort = null;
export const workerData = undefined;
export const spawn = (): never => unavailable('子进程');
export const execFile = (): never => unavailable('子进程');
export const spawnSync = (): never => unavailable('子进程');
export const tmpdir = (): string => '/tmp';
export const homedir = (): string => '/';
export const cpus = (): unknown[] => [{}];
export const availableParallelism = (): number => 1;
export const EOL = '\n';
export const platform = (): string => 'browser';
export const fileURLToPath = (u: string | URL): string => String(u).replace(/^file:\/\//, '');
export const pathToFileURL = (p: string): URL => new URL(`file://${p}`);
export const createInflateRaw = (): never => unavailable('zlib');
export const crc32 = (): never => unavailable('zlib');
export const createRequire = (): never => unavailable('require');
export const createInterface = (): never => unavailable('readline');
export default { Worker, spawn, execFile, tmpdir, homedir, cpus, EOL, fileURLToPath, pathToFileURL, createInflateRaw, crc32, createRequire, createInterface };
