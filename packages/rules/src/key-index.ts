/**
 * Keys numbered 0, 1, 2 … in the order first added, for indexes whose size grows with the data
 * (a department's extract, the previous round, a reconciliation of rounds): a JavaScript `Map`
 * stops at 16,777,216 keys (a national extract holds 3.5–3.8 × 10^7) and keeps an object per key
 * the garbage collector walks again and again. Here a canonical resident ID (17 digits and a digit
 * or X) packs into two integers of an open-addressing table over one `Int32Array`; any other key
 * (a keyed pseudonym, a certificate number, an ID written another way) goes to string maps sharded
 * by hash, so no single `Map` comes near its limit. Keys are compared exactly.
 */
import { packed, packResidentId, PackedKeyTable } from './id-table.js';

/** String keys are spread over this many maps (each far below the `Map` limit at national scale). */
const SHARDS = 64;

function stringHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** @internal A copy of `a` at least `min + 1` long (doubling). */
export function growInt32(a: Int32Array, min: number): Int32Array<ArrayBuffer> {
  let n = a.length;
  while (n <= min) n *= 2;
  const b = new Int32Array(n);
  b.set(a);
  return b;
}

/**
 * A set of string keys, each numbered by when it was first added (0, 1, 2 …), with no limit on
 * their number but memory: the caller keeps its values in arrays by that number.
 *
 * @example
 * ```ts
 * import { KeyIndex } from '@canji/rules';
 * const keys = new KeyIndex();
 * keys.add('11010519491231002X'); //=> 0 (keys.added true)
 * keys.add('pseudonym-7f3a');     //=> 1
 * keys.add('11010519491231002X'); //=> 0 (keys.added false)
 * keys.get('pseudonym-7f3a');     //=> 1
 * keys.get('nobody');             //=> -1
 * keys.size;                      //=> 2
 * ```
 */
export class KeyIndex {
  private readonly ids = new PackedKeyTable(1024);
  /** Key number of each packed-table entry (the table numbers its own keys). */
  private tableKey = new Int32Array(1024);
  private readonly other: (Map<string, number> | undefined)[] = new Array(SHARDS);
  /** Number of keys. */
  size = 0;
  /** Whether the last {@link add} added its key. */
  added = false;
  /** Whether any key went to the string maps (packed keys' numbers then differ from the table's). */
  private mixed = false;

  /** The last key looked up and its number: the indexes sharing this numbering look one record up in turn. */
  private lastKey: string | undefined;
  private lastNumber = -1;

  /** The number of `key`, or -1 when it was never added. */
  get(key: string): number {
    if (key === this.lastKey) return this.lastNumber;
    const n = this.find(key);
    this.lastKey = key;
    this.lastNumber = n;
    return n;
  }

  private find(key: string): number {
    if (packResidentId(key)) {
      const t = this.ids.get(packed.hi, packed.lo, 0);
      // Until another key comes, the table numbers its keys as this index does (no second look-up).
      return t < 0 || !this.mixed ? t : this.tableKey[t]!;
    }
    return this.other[stringHash(key) % SHARDS]?.get(key) ?? -1;
  }

  /** The number of `key`, adding it (as number {@link size}) when it is new; sets {@link added}. */
  add(key: string): number {
    // A person's rows come one after another (one per benefit and period): the same key again.
    if (key === this.lastAddKey) {
      this.added = false;
      return this.lastAddNumber;
    }
    const n = packResidentId(key) ? this.addPacked(packed.hi, packed.lo) : this.addString(key);
    this.lastAddKey = key;
    this.lastAddNumber = n;
    return n;
  }

  /** The last key added and its number. */
  private lastAddKey: string | undefined;
  private lastAddNumber = -1;
  private addPacked(hi: number, lo: number): number {
    const t = this.ids.add(hi, lo, 0);
    this.added = this.ids.added;
    // Until another key comes, the table numbers its keys as this index does.
    if (!this.added) return this.mixed ? this.tableKey[t]! : t;
    this.lastKey = undefined;
    if (t >= this.tableKey.length) this.tableKey = growInt32(this.tableKey, t);
    const n = this.size++;
    this.tableKey[t] = n;
    return n;
  }

  private addString(key: string): number {
    this.mixed = true;
    const shard = stringHash(key) % SHARDS;
    let m = this.other[shard];
    if (!m) m = this.other[shard] = new Map();
    const e = m.get(key);
    if (e !== undefined) {
      this.added = false;
      return e;
    }
    this.added = true;
    this.lastKey = undefined;
    const n = this.size++;
    m.set(key, n);
    return n;
  }
}
