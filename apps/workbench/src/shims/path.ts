/** `node:path` (POSIX) for the workbench's in-memory files, whose working directory is `/`. */
import { norm } from './memfs.js';

export const sep = '/';
export const delimiter = ':';
export function resolve(...ps: string[]): string {
  let p = '';
  for (const x of ps) p = x.startsWith('/') ? x : `${p}/${x}`;
  return norm(p.startsWith('/') ? p : `/${p}`);
}
export const join = (...ps: string[]): string => {
  const j = ps.filter((x) => x !== '').join('/');
  const n = norm(j);
  return j.startsWith('/') ? n : n.slice(1) || '.';
};
export const normalize = (p: string): string => (p.startsWith('/') ? norm(p) : norm(p).slice(1) || '.');
export const isAbsolute = (p: string): boolean => p.startsWith('/');
export function basename(p: string, ext?: string): string {
  const b = p.replace(/\/+$/, '').split('/').pop() ?? '';
  return ext && b.endsWith(ext) ? b.slice(0, -ext.length) : b;
}
export function dirname(p: string): string {
  const i = p.replace(/\/+$/, '').lastIndexOf('/');
  return i < 0 ? '.' : i === 0 ? '/' : p.slice(0, i);
}
export function extname(p: string): string {
  const b = basename(p);
  const i = b.lastIndexOf('.');
  return i <= 0 ? '' : b.slice(i);
}
export function relative(from: string, to: string): string {
  const a = resolve(from).split('/').filter(Boolean);
  const b = resolve(to).split('/').filter(Boolean);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/');
}
export const parse = (p: string) => ({ root: p.startsWith('/') ? '/' : '', dir: dirname(p), base: basename(p), ext: extname(p), name: basename(p, extname(p)) });
export const posix = { sep, resolve, join, normalize, isAbsolute, basename, dirname, extname, relative, parse };
export default posix;
