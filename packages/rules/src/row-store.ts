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

/**
 * A value its reader numbered once (`ExtractRememberedValue` of `@canji/form`: one distinct
 * value of a column): the store's column keeps its dictionary number on it, so a value that
 * repeats is numbered by the column once, not looked up on every row.
 */
export interface NumberedValue {
  readonly value: unknown;
  owner: unknown;
  number: number;
}

/** @internal The fields of rows handed over as values by slot (see {@link RowStore.writeValues}), with their columns once written. */
export interface RowShape {
  readonly fields: readonly string[];
  /** The column of each slot, once a value of it was written. */
  readonly columns: (Column | undefined)[];
  /** The slot of the key field (-1: none). */
  readonly keySlot: number;
}

/**
 * @internal How {@link RowStore.writeValues} writes a row at its entry: `Fresh`, the entry was just
 * added (its columns hold nothing yet); `Replace`, the row replaces the entry's row, every other
 * column cleared (as `write`); `Over`, the row's values written over the entry's row, the others
 * kept (`{ ...previous, ...row }`).
 */
export const WriteMode = { Fresh: 0, Replace: 1, Over: 2 } as const;
/** @internal See {@link WriteMode}. */
export type WriteMode = (typeof WriteMode)[keyof typeof WriteMode];

/** @internal One column of a {@link RowStore}. */
export class Column {
  constructor(private readonly limit: number) {}
  /** The number of the last write that set this column (see `RowStore.write`). */
  stamp = 0;
  /** Value numbers by entry (0: no value); `null` once the column holds values directly. */
  private ids: Int32Array | null = new Int32Array(1024);
  private readonly dict = new Map<unknown, number>();
  private readonly values: unknown[] = [undefined];
  /** Values by entry, once the dictionary would grow past {@link DICTIONARY_LIMIT}. */
  private direct: unknown[] | null = null;

  /** Sets the value at an entry; gives its number in the dictionary (0: no value; -1: the column holds values directly). */
  set(entry: number, v: unknown): number {
    const none = v === undefined || v === null || v === '';
    if (this.direct) {
      this.direct[entry] = none ? undefined : Array.isArray(v) ? [...v] : v;
      return -1;
    }
    let ids = this.ids!;
    if (entry >= ids.length) ids = this.ids = growInt32(ids, entry);
    if (none) {
      ids[entry] = 0;
      return 0;
    }
    const k = typeof v === 'object' ? valueKey(v) : v;
    let id = this.dict.get(k);
    if (id === undefined) {
      if (this.values.length > this.limit) {
        this.toDirect();
        this.direct![entry] = Array.isArray(v) ? [...v] : v;
        return -1;
      }
      id = this.values.length;
      this.values.push(Array.isArray(v) ? Object.freeze([...v]) : v);
      this.dict.set(k, id);
    }
    ids[entry] = id;
    return id;
  }

  /** {@link set} of a value its reader numbered: the dictionary looked up once per value, its number kept on `cell`. */
  setNumbered(entry: number, v: unknown, cell: NumberedValue | undefined): void {
    let ids = this.ids;
    if (cell !== undefined && cell.owner === this && ids !== null) {
      if (entry >= ids.length) ids = this.ids = growInt32(ids, entry);
      ids[entry] = cell.number;
      return;
    }
    const id = this.set(entry, v);
    if (cell !== undefined && id > 0) {
      cell.owner = this;
      cell.number = id;
    }
  }

  /** The dictionary number at an entry (0: no value), or -1 when the column holds values directly. */
  numberAt(entry: number): number {
    const ids = this.ids;
    if (ids === null) return -1;
    return entry < ids.length ? ids[entry]! : 0;
  }

  /** Sets a dictionary number (from {@link set} or {@link numberAt} of this column) at an entry. */
  setNumber(entry: number, id: number): void {
    let ids = this.ids!;
    if (entry >= ids.length) ids = this.ids = growInt32(ids, entry);
    ids[entry] = id;
  }

  /** Whether the column holds values directly (its numbers are gone). */
  get isDirect(): boolean {
    return this.direct !== null;
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

  /** @internal The column of a field, created (after the others) when it has none yet. */
  column(name: string): Column {
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

  /** @internal The column of a field, if it has one. */
  columnNamed(name: string): Column | undefined {
    return this.columns.get(name);
  }

  /** The fields of rows to be written as values by slot ({@link writeValues}). */
  shape(fields: readonly string[]): RowShape {
    return { fields, columns: new Array<Column | undefined>(fields.length).fill(undefined), keySlot: this.keyField === undefined ? -1 : fields.indexOf(this.keyField) };
  }

  /** The column of a slot of a shape, if the store has one (by name: another shape may have made it). */
  columnOf(shape: RowShape, slot: number): Column | undefined {
    let c = shape.columns[slot];
    if (c === undefined) {
      c = this.columns.get(shape.fields[slot]!);
      if (c !== undefined) shape.columns[slot] = c;
    }
    return c;
  }

  /**
   * Writes a row given as values by slot of `shape` (`undefined`: no value) — the row object
   * `{ [fields[s]]: values[s] }` — at an entry of `key`, as {@link write} writes it (`mode`
   * {@link WriteMode.Replace}; {@link WriteMode.Fresh}: a new entry), or over the entry's row
   * ({@link WriteMode.Over}: the row `{ ...previous, ...row }`). `numbered[s]`: the slot's value
   * as its reader numbered it (see {@link NumberedValue}).
   */
  writeValues(entry: number, shape: RowShape, values: readonly unknown[], numbered: readonly (NumberedValue | undefined)[] | undefined, key: string | undefined, mode: WriteMode): void {
    const kf = this.keyField;
    const ks = shape.keySlot;
    let asKey = false;
    if (kf !== undefined) {
      const kv = ks >= 0 ? values[ks] : undefined;
      asKey = key !== undefined && kv !== undefined && kv === key;
      if (mode !== WriteMode.Over || kv !== undefined) {
        const w = entry >>> 5;
        if (w >= this.keyIsField.length) this.keyIsField = growInt32(this.keyIsField, w);
        if (asKey) this.keyIsField[w]! |= 1 << (entry & 31);
        else this.keyIsField[w]! &= ~(1 << (entry & 31));
      }
    }
    const stamp = ++this.writes;
    const columns = shape.columns;
    for (let s = 0; s < values.length; s++) {
      const v = values[s];
      if (v === undefined || (asKey && s === ks)) continue;
      let c = columns[s];
      if (c === undefined) c = columns[s] = this.column(shape.fields[s]!);
      c.setNumbered(entry, v, numbered !== undefined ? numbered[s] : undefined);
      c.stamp = stamp;
    }
    if (mode === WriteMode.Fresh) return;
    if (mode === WriteMode.Replace) {
      const list = this.list;
      for (let k = 0; k < list.length; k++) if (list[k]!.stamp !== stamp) list[k]!.set(entry, undefined);
      return;
    }
    // Over: a key field equal to the key is not kept in its column (see `write`).
    if (asKey) this.columns.get(kf!)?.set(entry, undefined);
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
