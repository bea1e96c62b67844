/** `node:fs/promises` over the workbench's in-memory files (see `memfs.ts`). */
import { Buffer } from 'buffer';
import { memfs, statOf } from './memfs.js';

export async function stat(path: string) {
  return statOf(path);
}
export const lstat = stat;
export async function readFile(path: string, enc?: string | { encoding?: string }): Promise<Uint8Array | string> {
  const b = Buffer.from(memfs.read(path));
  const e = typeof enc === 'string' ? enc : enc?.encoding;
  return e ? b.toString(e as BufferEncoding) : b;
}
export async function writeFile(path: string, data: string | Uint8Array): Promise<void> {
  memfs.put(path, typeof data === 'string' ? Buffer.from(data, 'utf8') : new Uint8Array(data));
}
export async function appendFile(path: string, data: string | Uint8Array): Promise<void> {
  const had = memfs.get(path) ?? new Uint8Array();
  const add = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const out = new Uint8Array(had.byteLength + add.byteLength);
  out.set(had);
  out.set(add, had.byteLength);
  memfs.put(path, out);
}
export async function mkdir(path: string): Promise<void> {
  memfs.mkdir(path);
}
export async function rm(path: string, o: { force?: boolean } = {}): Promise<void> {
  if (!memfs.has(path) && !o.force) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
  memfs.remove(path);
}
export const unlink = (path: string) => rm(path);
export async function rename(from: string, to: string): Promise<void> {
  memfs.rename(from, to);
}
export async function readdir(path: string): Promise<string[]> {
  return memfs.list(path);
}
export async function access(path: string): Promise<void> {
  statOf(path, 'access');
}
/** A read-only handle: `read(buffer, offset, length, position)` as Node's FileHandle. */
export async function open(path: string, flags = 'r') {
  if (flags.startsWith('w')) memfs.put(path, new Uint8Array());
  const bytes = () => memfs.read(path);
  return {
    async read(buffer: Uint8Array, offset: number, length: number, position: number) {
      const b = bytes();
      const n = Math.max(0, Math.min(length, b.byteLength - position));
      buffer.set(b.subarray(position, position + n), offset);
      return { bytesRead: n, buffer };
    },
    async stat() {
      return statOf(path);
    },
    async write(data: string | Uint8Array) {
      await appendFile(path, data);
    },
    async sync() {},
    async close() {},
  };
}
export default { stat, lstat, readFile, writeFile, appendFile, mkdir, rm, unlink, rename, readdir, access, open };
let temps = 0;
export async function mkdtemp(prefix: string): Promise<string> {
  const p = `${prefix}${(++temps).toString(36)}`;
  memfs.mkdir(p);
  return p;
}
