/**
 * What the batch rules keep per person, without a JavaScript string per key: a resident ID
 * (17 digits and a digit or X) packs into two 31-bit integers, a certificate number (the ID, two
 * digits, optionally `B` and a reissue digit) into three, and the keys live in an open-addressing
 * table over one `Int32Array`. A county batch of 1.5 million people kept three `Map`s of strings
 * (≈ 380 MB of small objects the garbage collector walks again and again); the packed tables hold
 * the same keys in ≈ 100 MB of flat arrays it never walks.
 *
 * Keys that do not have the packed shape (a certificate number written some other way) go to an
 * ordinary `Map` beside the table, so every key is still compared exactly.
 */

/** The key last packed by {@link packResidentId} / {@link packCertificateNo} (no allocation per call). */
export const packed = { hi: 0, lo: 0, ext: 0 };

const digitAt = (s: string, i: number): number => {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
};

/**
 * Packs `DDDDDDDDDDDDDDDDD[D|X]` at the start of `s` into `packed.hi` (digits 1–9) and `packed.lo`
 * (digits 10–17 × 11 + the check character, X = 10). False when `s` does not start that way.
 */
function packId18(s: string): boolean {
  let hi = 0;
  for (let i = 0; i < 9; i++) {
    const d = digitAt(s, i);
    if (d < 0) return false;
    hi = hi * 10 + d;
  }
  let lo = 0;
  for (let i = 9; i < 17; i++) {
    const d = digitAt(s, i);
    if (d < 0) return false;
    lo = lo * 10 + d;
  }
  const c = s.charCodeAt(17);
  const check = c === 88 ? 10 : c - 48;
  if (!(check >= 0 && check <= 10)) return false;
  packed.hi = hi;
  packed.lo = lo * 11 + check;
  packed.ext = 0;
  return true;
}

/**
 * Packs an 18-character resident ID (17 digits and a digit or upper-case X) into {@link packed}.
 *
 * @example
 * ```ts
 * packResidentId('11010519491231002X'); //=> true (packed.hi 110105194, packed.lo 91231002 × 11 + 10)
 * packResidentId('11010519491231002x'); //=> false (not canonical)
 * ```
 */
export function packResidentId(id: string): boolean {
  return id.length === 18 && packId18(id);
}

/**
 * Packs a certificate number of the usual shape — the 18-character ID, category and level digits,
 * optionally `B` and one reissue digit — into {@link packed} (`ext` = 1 + the two digits + 100 ×
 * (reissue + 1)). False for any other text.
 *
 * @example
 * ```ts
 * packCertificateNo('11010519491231002X42'); //=> true
 * packCertificateNo('11010519491231002X42B1'); //=> true (reissued once)
 * packCertificateNo('11010519491231002X4'); //=> false (another shape: keep it as text)
 * ```
 */
export function packCertificateNo(no: string): boolean {
  const n = no.length;
  if (n !== 20 && n !== 22) return false;
  const a = digitAt(no, 18);
  const b = digitAt(no, 19);
  if (a < 0 || b < 0) return false;
  let reissue = 0;
  if (n === 22) {
    const r = digitAt(no, 21);
    if (no.charCodeAt(20) !== 66 || r < 0) return false;
    reissue = r + 1;
  }
  if (!packId18(no)) return false;
  packed.ext = 1 + a * 10 + b + 100 * reissue;
  return true;
}

const EMPTY = -1;
const STRIDE = 4;

/**
 * Packed keys → entry numbers 0, 1, 2 … in the order keys were first added (the caller keeps its
 * values in arrays by entry number). Linear probing over `[hi, lo, ext, entry]` slots, grown at
 * 70 % load. Key parts must be non-negative 31-bit integers.
 *
 * @example
 * ```ts
 * const t = new PackedKeyTable();
 * t.add(1, 2, 0); //=> 0 (t.added true)
 * t.add(3, 4, 0); //=> 1
 * t.add(1, 2, 0); //=> 0 (t.added false)
 * t.get(3, 4, 0); //=> 1
 * t.get(5, 6, 0); //=> -1
 * ```
 */
export class PackedKeyTable {
  private slots: Int32Array;
  private mask: number;
  /** Number of keys. */
  size = 0;
  /** Whether the last {@link add} added its key. */
  added = false;

  constructor(initialCapacity = 1024) {
    let cap = 16;
    while (cap * 0.7 < initialCapacity) cap *= 2;
    this.slots = new Int32Array(cap * STRIDE).fill(EMPTY);
    this.mask = cap - 1;
  }

  private static hash(hi: number, lo: number, ext: number): number {
    let h = Math.imul(hi, 0x9e3779b1) ^ Math.imul(lo ^ (lo >>> 15), 0x85ebca77) ^ Math.imul(ext + 0x27d4eb2f, 0xc2b2ae3d);
    h ^= h >>> 16;
    h = Math.imul(h, 0x7feb352d);
    h ^= h >>> 15;
    return h;
  }

  /** The slot position of the key, or of the empty slot where it would go (then `slots[p]` is EMPTY). */
  private probe(hi: number, lo: number, ext: number): number {
    const s = this.slots;
    const mask = this.mask;
    let i = PackedKeyTable.hash(hi, lo, ext) & mask;
    for (;;) {
      const p = i * STRIDE;
      const h = s[p]!;
      if (h === EMPTY || (h === hi && s[p + 1] === lo && s[p + 2] === ext)) return p;
      i = (i + 1) & mask;
    }
  }

  /** The entry number of the key, or -1. */
  get(hi: number, lo: number, ext: number): number {
    const p = this.probe(hi, lo, ext);
    return this.slots[p] === EMPTY ? -1 : this.slots[p + 3]!;
  }

  /** The entry number of the key, adding the key (as entry number `size`) when it is new; sets {@link added}. */
  add(hi: number, lo: number, ext: number): number {
    const p = this.probe(hi, lo, ext);
    const s = this.slots;
    if (s[p] !== EMPTY) {
      this.added = false;
      return s[p + 3]!;
    }
    const entry = this.size++;
    s[p] = hi;
    s[p + 1] = lo;
    s[p + 2] = ext;
    s[p + 3] = entry;
    this.added = true;
    if (this.size > (this.mask + 1) * 0.7) this.grow();
    return entry;
  }

  private grow(): void {
    const old = this.slots;
    const cap = (this.mask + 1) * 2;
    const s = new Int32Array(cap * STRIDE).fill(EMPTY);
    const mask = cap - 1;
    for (let p = 0; p < old.length; p += STRIDE) {
      const hi = old[p]!;
      if (hi === EMPTY) continue;
      let i = PackedKeyTable.hash(hi, old[p + 1]!, old[p + 2]!) & mask;
      while (s[i * STRIDE] !== EMPTY) i = (i + 1) & mask;
      const q = i * STRIDE;
      s[q] = hi;
      s[q + 1] = old[p + 1]!;
      s[q + 2] = old[p + 2]!;
      s[q + 3] = old[p + 3]!;
    }
    this.slots = s;
    this.mask = mask;
  }
}

/** A growable array of 32-bit integers by entry number. */
export class Int32Column {
  private a = new Int32Array(1024);
  get(i: number): number {
    return this.a[i]!;
  }
  set(i: number, v: number): void {
    if (i >= this.a.length) {
      let n = this.a.length * 2;
      while (n <= i) n *= 2;
      const b = new Int32Array(n);
      b.set(this.a);
      this.a = b;
    }
    this.a[i] = v;
  }
}
