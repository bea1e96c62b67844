/**
 * @internal Rows by key in flat memory, for the two indexes whose size grows with the data: a
 * partner department's extract (`buildDepartmentIndex`) and the previous round
 * (`buildPreviousRound`). A JavaScript `Map` stops at 16,777,216 keys (a national extract has
 * 3.5–3.8 × 10^7) and keeps one object per row that the garbage collector walks again and again;
 * here
 *
 * - keys are numbered by a `KeyIndex` (canonical resident IDs packed into integers, other keys in
 *   string maps sharded by hash, so no single `Map` reaches its limit);
 * - each column is an `Int32Array` of value numbers into the column's dictionary (codes, dates,
 *   periods and yes/no repeat: a few hundred distinct values for millions of rows); a column whose
 *   values hardly repeat (names, amounts) switches to a plain array of its values;
 * - `get` builds the row object when it is asked for (one short-lived object per look-up).
 *
 * Values are read back exactly as they were written (`===` for primitives; arrays as equal arrays,
 * a fresh copy per `get`). Absent, `undefined`, `null` and `''` are all "no value" and read back
 * absent, as the indexes always treated them.
 */
import { growInt32, KeyIndex } from './key-index.js';

type Row = Readonly<Record<string, unknown>>;
type Scalar = string | number | boolean;

/** Distinct values after which a column keeps its values as they are instead of in a dictionary. */
const DICTIONARY_LIMIT = 1 << 16;


/** The dictionary key of a value: primitives as themselves, arrays by their JSON text. */
function valueKey(v: unknown): unknown {
  return Array.isArray(v) ? `\u0000${JSON.stringify(v)}` : v;
}

class Column {
  constructor(private readonly limit: number) {}
  /** The number of the last write that set this column (see `RowStore.write`). */
  stamp = 0;
  /** Value numbers by entry (0: no value); `null` once the column holds values directly. */
  private ids: Int32Array | null = new Int32Array(1024);
  private readonly dict = new Map<unknown, number>();
  private readonly values: unknown[] = [undefined];
  /** Values by entry, once the dictionary would grow past {@link DICTIONARY_LIMIT}. */
  private direct: unknown[] | null = null;

  set(entry: number, v: unknown): void {
    const none = v === undefined || v === null || v === '';
    if (this.direct) {
      this.direct[entry] = none ? undefined : Array.isArray(v) ? [...v] : v;
      return;
    }
    let ids = this.ids!;
    if (entry >= ids.length) ids = this.ids = growInt32(ids, entry);
    if (none) {
      ids[entry] = 0;
      return;
    }
    const k = valueKey(v);
    let id = this.dict.get(k);
    if (id === undefined) {
      if (this.values.length > this.limit) {
        this.toDirect();
        this.direct![entry] = Array.isArray(v) ? [...v] : v;
        return;
      }
      id = this.values.length;
      this.values.push(Array.isArray(v) ? Object.freeze([...v]) : v);
      this.dict.set(k, id);
    }
    ids[entry] = id;
  }

  get(entry: number): unknown {
    if (this.direct) return this.direct[entry];
    const ids = this.ids!;
    return entry < ids.length ? this.values[ids[entry]!] : undefined;
  }

  private toDirect(): void {
    const ids = this.ids!;
    const direct: unknown[] = [];
    for (let e = 0; e < ids.length; e++) direct.push(ids[e] ? this.values[ids[e]!] : undefined);
    this.direct = direct;
    this.ids = null;
    this.dict.clear();
    this.values.length = 1;
  }
}

/** @internal Options of {@link RowStore}. */
export interface RowStoreOptions {
  /** A field that holds the key itself (`resident_id`): not stored again when it equals the key, put back by `get`. */
  keyField?: string;
  /** Distinct values after which a column stops using a dictionary (tests lower it). */
  dictionaryLimit?: number;
  /**
   * A key numbering shared with other stores (the seven departments of one check): each key packed
   * and placed once for all of them, a record's key looked up once for all (`KeyIndex` remembers
   * its last look-up); the store keeps its entry by the shared number. Default: its own.
   */
  keys?: KeyIndex;
}

/** @internal See the module comment. */
export class RowStore {
  private readonly keys: KeyIndex;
  /** With shared keys: entry + 1 by the key's shared number (0: not in this store); `null`: own keys, entry = number. */
  private local: Int32Array | null;
  private readonly keyField: string | undefined;
  private readonly limit: number;
  /** Bit per entry: the key field equals the key (not stored in its column). */
  private keyIsField = new Int32Array(64);
  private readonly columns = new Map<string, Column>();
  /** Number of distinct keys (entries). */
  size = 0;

  constructor(options: RowStoreOptions = {}) {
    this.keyField = options.keyField;
    this.limit = options.dictionaryLimit ?? DICTIONARY_LIMIT;
    this.keys = options.keys ?? new KeyIndex();
    this.local = options.keys ? new Int32Array(1024) : null;
  }

  /** The entry of a key, or -1. */
  entryOf(key: string): number {
    const n = this.keys.get(key);
    const local = this.local;
    if (local === null || n < 0) return n;
    return n < local.length ? local[n]! - 1 : -1;
  }

  /** The entry of a key, adding it when it is new (`added` tells which). */
  entryFor(key: string): { entry: number; added: boolean } {
    const entry = this.enter(key);
    return { entry, added: this.added };
  }

  /** Whether the last {@link enter} added its key. */
  added = false;

  /** The entry of a key, adding it when it is new ({@link added} tells which); no object made. */
  enter(key: string): number {
    const n = this.keys.add(key);
    let local = this.local;
    if (local === null) {
      this.added = this.keys.added;
      if (this.added) this.size = this.keys.size;
      return n;
    }
    if (n >= local.length) local = this.local = growInt32(local, n);
    const e = local[n]! - 1;
    if (e >= 0) {
      this.added = false;
      return e;
    }
    this.added = true;
    const entry = this.size++;
    local[n] = entry + 1;
    return entry;
  }

  private column(name: string): Column {
    let c = this.columns.get(name);
    if (!c) {
      c = new Column(this.limit);
      this.columns.set(name, c);
      this.names.push(name);
      this.list.push(c);
    }
    return c;
  }

  /** Column names and columns in the order first written (what `read` walks). */
  private readonly names: string[] = [];
  private readonly list: Column[] = [];
  /** The columns of the last row written, by its field order: rows of one file have one shape. */
  private lastShape: string[] = [];
  private lastColumns: Column[] = [];
  /** Numbers the writes, to tell the columns a write set from those it must clear. */
  private writes = 0;

  /**
   * Writes a row at an entry (of `key`): its fields set, every other column cleared. `fresh`: the
   * entry was just added (its columns hold no value yet, nothing to clear).
   */
  write(entry: number, row: Row, key?: string, fresh = false): void {
    const kf = this.keyField;
    const asKey = kf !== undefined && key !== undefined && row[kf] === key;
    if (kf !== undefined) {
      const w = entry >>> 5;
      if (w >= this.keyIsField.length) this.keyIsField = growInt32(this.keyIsField, w);
      if (asKey) this.keyIsField[w]! |= 1 << (entry & 31);
      else this.keyIsField[w]! &= ~(1 << (entry & 31));
    }
    const stamp = ++this.writes;
    const shape = this.lastShape;
    const shapeColumns = this.lastColumns;
    let i = 0;
    let same = true;
    for (const name in row) {
      if (!Object.hasOwn(row, name) || (asKey && name === kf)) continue;
      let c: Column;
      if (same && i < shape.length && shape[i] === name) c = shapeColumns[i]!;
      else {
        if (same) {
          same = false;
          shape.length = i;
          shapeColumns.length = i;
        }
        c = this.column(name);
        shape.push(name);
        shapeColumns.push(c);
      }
      i++;
      c.set(entry, row[name]);
      c.stamp = stamp;
    }
    if (same && i < shape.length) {
      shape.length = i;
      shapeColumns.length = i;
    }
    if (fresh) return;
    const list = this.list;
    for (let k = 0; k < list.length; k++) if (list[k]!.stamp !== stamp) list[k]!.set(entry, undefined);
  }

  /** The row at an entry of `key` (a fresh object; fields without a value absent). */
  read(entry: number, key?: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const kf = this.keyField;
    if (kf !== undefined && key !== undefined && (this.keyIsField[entry >>> 5]! >>> (entry & 31)) & 1) out[kf] = key;
    const names = this.names;
    const list = this.list;
    for (let k = 0; k < list.length; k++) {
      const v = list[k]!.get(entry);
      if (v !== undefined) out[names[k]!] = Array.isArray(v) ? [...(v as Scalar[])] : v;
    }
    return out;
  }

  /** Whether a key has an entry. */
  has(key: string): boolean {
    return this.keys.get(key) >= 0;
  }

  /** The row of a key, or `undefined`. */
  get(key: string): Record<string, unknown> | undefined {
    const e = this.entryOf(key);
    return e < 0 ? undefined : this.read(e, key);
  }
}
