/**
 * The reconciler's memory: one row per person key, in growable typed columns, holding only what
 * the classification and the change rates need (regions and collectors interned, certificate
 * numbers and section answers as 53-bit digests), never the records. About 150 bytes per person
 * plus the key string. @internal
 */

import { KeyIndex } from '@canji/rules';

/** Presence bits. */
export const IN_CURRENT = 1;
export const IN_PREVIOUS = 2;
export const IN_ROSTER = 4;
export const IN_PS = 8;

/** Roster standing codes in the table. */
export const R_VALID = 1;
export const R_CANCELLED = 2;
export const R_EXPIRED = 3;
export const R_OTHER = 9;

function grow<T extends Int32Array | Float64Array | Uint8Array | Int8Array>(a: T, n: number, fill?: number): T {
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  if (fill !== undefined) b.fill(fill, a.length);
  return b;
}

/** Interns strings as small integers. */
export class Interner {
  private readonly ids = new Map<string, number>();
  readonly values: string[] = [];
  id(s: string): number {
    let i = this.ids.get(s);
    if (i === undefined) {
      i = this.values.length;
      this.ids.set(s, i);
      this.values.push(s);
    }
    return i;
  }
}

export class PersonTable {
  /** Keys by row number (no `Map` key limit: a nation's certificate holders fit). */
  readonly index = new KeyIndex();
  readonly keys: string[] = [];
  readonly regions = new Interner();
  readonly collectors = new Interner();
  private cap = 0;
  flags = new Uint8Array(0);
  curRegion = new Int32Array(0);
  prevRegion = new Int32Array(0);
  rosterRegion = new Int32Array(0);
  curStatus = new Int8Array(0);
  curCollector = new Int32Array(0);
  curCert = new Float64Array(0);
  prevCert = new Float64Array(0);
  curRow = new Int32Array(0);
  prevRow = new Int32Array(0);
  rosterRow = new Int32Array(0);
  rosterStanding = new Uint8Array(0);
  rosterByDate = new Uint8Array(0);
  rosterCancel = new Uint8Array(0);
  rosterIssued = new Int32Array(0);
  ps = new Uint8Array(0);
  curDigest = new Float64Array(0);
  prevDigest = new Float64Array(0);

  constructor(readonly width: number) {}

  get size(): number {
    return this.keys.length;
  }

  /** The row of `key`, created when new. */
  row(key: string): number {
    const i = this.index.add(key);
    if (!this.index.added) return i;
    if (i >= this.cap) this.resize(Math.max(1024, this.cap * 2));
    this.keys.push(key);
    return i;
  }

  private resize(n: number): void {
    this.cap = n;
    this.flags = grow(this.flags, n);
    this.curRegion = grow(this.curRegion, n, -1);
    this.prevRegion = grow(this.prevRegion, n, -1);
    this.rosterRegion = grow(this.rosterRegion, n, -1);
    this.curStatus = grow(this.curStatus, n, -1);
    this.curCollector = grow(this.curCollector, n, -1);
    this.curCert = grow(this.curCert, n, NaN);
    this.prevCert = grow(this.prevCert, n, NaN);
    this.curRow = grow(this.curRow, n, -1);
    this.prevRow = grow(this.prevRow, n, -1);
    this.rosterRow = grow(this.rosterRow, n, -1);
    this.rosterStanding = grow(this.rosterStanding, n);
    this.rosterByDate = grow(this.rosterByDate, n);
    this.rosterCancel = grow(this.rosterCancel, n);
    this.rosterIssued = grow(this.rosterIssued, n);
    this.ps = grow(this.ps, n);
    this.curDigest = grow(this.curDigest, n * this.width);
    this.prevDigest = grow(this.prevDigest, n * this.width);
  }

  region(id: number): string | undefined {
    return id < 0 ? undefined : this.regions.values[id];
  }
}

/** A 53-bit FNV-1a digest of a string (two passes). */
export function digest53(s: string): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x5bd1e995;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x01000193) ^ (h2 >>> 15);
  }
  return (h1 >>> 0) * 2097152 + ((h2 >>> 0) >>> 11);
}
