/** `node:fs` over the workbench's in-memory files (see `memfs.ts`): what the CLI's readers and writers call. */
import { Readable, Writable } from 'readable-stream';
import { Buffer } from 'buffer';
import { memfs, norm, statOf } from './memfs.js';

export function createReadStream(path: string, o: { start?: number; end?: number; highWaterMark?: number } = {}): Readable {
  let bytes: Uint8Array;
  try {
    bytes = memfs.read(path);
  } catch (e) {
    const r = new Readable({ read() {} });
    queueMicrotask(() => r.destroy(e as Error));
    return r;
  }
  const start = o.start ?? 0;
  const end = Math.min(o.end === undefined ? bytes.byteLength : o.end + 1, bytes.byteLength);
  const step = o.highWaterMark ?? 1 << 16;
  let at = start;
  return new Readable({
    highWaterMark: step,
    read() {
      if (at >= end) {
        this.push(null);
        return;
      }
      const n = Math.min(step, end - at);
      this.push(Buffer.from(bytes.buffer, bytes.byteOffset + at, n));
      at += n;
    },
  });
}

/** Collects what is written and puts it in the in-memory store when the stream finishes (the file exists, empty, from the start). */
export function createWriteStream(path: string, o: { flags?: string } = {}): Writable {
  const parts: Uint8Array[] = [];
  if (o.flags === 'a') {
    const had = memfs.get(path);
    if (had) parts.push(had);
  }
  memfs.put(path, concat(parts));
  return new Writable({
    write(chunk: Uint8Array | string, _enc: string, cb: (e?: Error | null) => void) {
      parts.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
      cb();
    },
    final(cb: (e?: Error | null) => void) {
      memfs.put(path, concat(parts));
      cb();
    },
  });
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.byteLength;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

// Synchronous file descriptors: what the atomic writers of output-file.ts use.
const fds = new Map<number, { path: string; parts: Uint8Array[] }>();
let nextFd = 3;
export function openSync(path: string, flags = 'r'): number {
  if (flags.includes('x') && memfs.has(path)) throw Object.assign(new Error(`EEXIST: file already exists, open '${path}'`), { code: 'EEXIST' });
  if (flags.startsWith('r')) memfs.read(path);
  const fd = nextFd++;
  const parts = flags.startsWith('a') && memfs.get(path) ? [memfs.get(path)!] : [];
  fds.set(fd, { path: norm(path), parts });
  if (!flags.startsWith('r')) memfs.put(path, concat(parts));
  return fd;
}
export function writeSync(fd: number, data: string | Uint8Array): number {
  const f = fds.get(fd);
  if (!f) throw Object.assign(new Error('EBADF'), { code: 'EBADF' });
  const b = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  f.parts.push(b);
  return b.byteLength;
}
/** The file's bytes go to the store when it is closed (each write does not copy the whole file again). */
export function closeSync(fd: number): void {
  const f = fds.get(fd);
  if (f && f.parts.length) memfs.put(f.path, concat(f.parts));
  fds.delete(fd);
}
export const existsSync = (path: string): boolean => memfs.has(path);
export const statSync = (path: string) => statOf(path);
export const lstatSync = statSync;
export function mkdirSync(path: string): void {
  memfs.mkdir(path);
}
export function rmSync(path: string, o: { force?: boolean } = {}): void {
  if (!memfs.has(path) && !o.force) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
  memfs.remove(path);
}
export const unlinkSync = (path: string): void => rmSync(path);
let temporaries = 0;
/** A new directory `prefix` + a number (the page's code reaches it only in paths it never takes: the database engines' spill directory). */
export function mkdtempSync(prefix: string): string {
  let path: string;
  do path = `${prefix}${(++temporaries).toString(36).padStart(6, '0')}`;
  while (memfs.has(path));
  mkdirSync(path);
  return path;
}
export const renameSync = (from: string, to: string): void => memfs.rename(from, to);
export function readFileSync(path: string, enc?: string | { encoding?: string }): Uint8Array | string {
  const b = Buffer.from(memfs.read(path));
  const e = typeof enc === 'string' ? enc : enc?.encoding;
  return e ? b.toString(e as BufferEncoding) : b;
}
export function writeFileSync(path: string, data: string | Uint8Array): void {
  memfs.put(path, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
}
export const readdirSync = (path: string): string[] => memfs.list(path);
export const fsyncSync = (): void => {};
export const constants = { O_RDONLY: 0, F_OK: 0, R_OK: 4, W_OK: 2 };
export type WriteStream = Writable;
export default { createReadStream, createWriteStream, openSync, writeSync, closeSync, existsSync, statSync, lstatSync, mkdirSync, mkdtempSync, rmSync, unlinkSync, renameSync, readFileSync, writeFileSync, readdirSync, fsyncSync, constants };
export function accessSync(path: string): void {
  statOf(path, 'access');
}
