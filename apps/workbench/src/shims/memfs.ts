/**
 * The workbench's file system: the files the clerk dropped into the page (inputs) and the files
 * the CLI's writers produce (outputs), all in the Web Worker's memory — nothing is written to disk
 * and nothing leaves the page unless the clerk downloads it. The `node:fs` and `node:fs/promises`
 * shims serve the CLI's reading and writing code from here.
 */
const files = new Map<string, Uint8Array>();
const dirs = new Set<string>(['/']);

export function norm(p: string): string {
  const parts: string[] = [];
  for (const s of String(p).split('/')) {
    if (s === '' || s === '.') continue;
    if (s === '..') parts.pop();
    else parts.push(s);
  }
  return '/' + parts.join('/');
}

function enoent(p: string, syscall: string): Error {
  return Object.assign(new Error(`ENOENT: no such file or directory, ${syscall} '${p}'`), { code: 'ENOENT', syscall, path: p });
}

export const memfs = {
  put(path: string, bytes: Uint8Array): void {
    const p = norm(path);
    files.set(p, bytes);
    let d = p;
    while ((d = d.slice(0, d.lastIndexOf('/')) || '/') !== '/') dirs.add(d);
  },
  get(path: string): Uint8Array | undefined {
    return files.get(norm(path));
  },
  has(path: string): boolean {
    const p = norm(path);
    return files.has(p) || dirs.has(p);
  },
  read(path: string, syscall = 'open'): Uint8Array {
    const b = files.get(norm(path));
    if (!b) throw enoent(path, syscall);
    return b;
  },
  mkdir(path: string): void {
    let p = norm(path);
    while (p !== '/') {
      dirs.add(p);
      p = p.slice(0, p.lastIndexOf('/')) || '/';
    }
  },
  remove(path: string): void {
    const p = norm(path);
    files.delete(p);
    if (dirs.has(p)) {
      dirs.delete(p);
      for (const k of [...files.keys()]) if (k.startsWith(p + '/')) files.delete(k);
    }
  },
  rename(from: string, to: string): void {
    const b = memfs.read(from, 'rename');
    files.delete(norm(from));
    memfs.put(to, b);
  },
  list(dir: string): string[] {
    const p = norm(dir);
    const out = new Set<string>();
    for (const k of [...files.keys(), ...dirs]) if (k.startsWith(p === '/' ? '/' : p + '/') && k !== p) out.add(k.slice(p === '/' ? 1 : p.length + 1).split('/')[0]!);
    return [...out].sort();
  },
  /** Every file under `dir` (full paths), in name order. */
  under(dir: string): string[] {
    const p = norm(dir);
    return [...files.keys()].filter((k) => k.startsWith(p + '/')).sort();
  },
  clear(): void {
    files.clear();
    dirs.clear();
    dirs.add('/');
  },
};

export function statOf(path: string, syscall = 'stat') {
  const p = norm(path);
  const f = files.get(p);
  if (!f && !dirs.has(p)) throw enoent(path, syscall);
  return { size: f ? f.byteLength : 0, isFile: () => !!f, isDirectory: () => !f, mtime: new Date(0), mtimeMs: 0, mode: 0o600 };
}
