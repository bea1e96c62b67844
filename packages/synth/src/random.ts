/**
 * Seeded pseudo-random numbers for reproducible synthetic data.
 *
 * NOT cryptographic: sfc32 (Chris Doty-Humphrey's "small fast counting" generator, 128-bit state)
 * seeded through splitmix32. It is chosen because it is fast with 32-bit integer arithmetic in
 * JavaScript (`Math.imul`, no BigInt), passes PractRand to many terabytes, and is tiny. Never use it
 * for keys, tokens or pseudonyms — `@canji/deid` has keyed functions for that.
 *
 * Every record draws from its own stream, derived from `(seed, stream, index)`, so record *i* is the
 * same whatever `count` is and whatever was generated before it.
 */

/** A seed: any integer, or a string (hashed with FNV-1a). */
export type Seed = number | string;

/**
 * Reduces a seed to 32 bits: integers are mixed, strings hashed (FNV-1a 32-bit).
 *
 * @example
 * seedToUint32('canji') === seedToUint32('canji') //=> true
 */
export function seedToUint32(seed: Seed): number {
  if (typeof seed === 'number') {
    // Keep the high part of large integers too, so 1 and 2**32 + 1 differ.
    const lo = seed >>> 0;
    const hi = Math.floor(seed / 4294967296) >>> 0;
    return (Math.imul(lo ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(hi, 0xc2b2ae35)) >>> 0;
  }
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** splitmix32 finaliser: a good 32-bit integer hash. */
export function mix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  x = Math.imul(x ^ (x >>> 16), 0x21f0aaad);
  x = Math.imul(x ^ (x >>> 15), 0x735a2d97);
  return (x ^ (x >>> 15)) >>> 0;
}

/**
 * A seeded generator. Mutable and cheap: `reseed` reuses the object, so a loop over millions of
 * records allocates no generator per record.
 *
 * @example
 * const rng = new Random('my seed');
 * rng.between(1, 6); //=> the same die roll on every run
 */
export class Random {
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 0;

  constructor(seed: Seed = 0, stream = 0, index = 0) {
    this.reseed(seedToUint32(seed), stream, index);
  }

  /** Restarts the generator on the stream `(seed32, stream, index)`. */
  reseed(seed32: number, stream = 0, index = 0): this {
    let s = mix32(seed32 ^ Math.imul(stream + 1, 0x9e3779b1));
    s = mix32(s ^ index);
    s = mix32(s ^ Math.floor(index / 4294967296));
    this.a = mix32(s);
    this.b = mix32(this.a ^ 0x6a09e667);
    this.c = mix32(this.b ^ 0xbb67ae85);
    this.d = 1;
    // Discard the first outputs: sfc32 mixes its fresh state in about a dozen steps.
    for (let i = 0; i < 12; i++) this.uint32();
    return this;
  }

  /** Next 32-bit unsigned integer. */
  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform float in [0, 1) with 32 bits of resolution (enough for shares of 10^-9). */
  float(): number {
    return this.uint32() / 4294967296;
  }

  /** Uniform integer in [0, n) for 0 < n ≤ 2^32 (multiply-shift; bias < n / 2^32, irrelevant here). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** Uniform integer in [min, max], both inclusive. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  /** true with probability p. */
  chance(p: number): boolean {
    return this.float() < p;
  }

  /** One element of a non-empty array, uniformly. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
}

/**
 * A precomputed discrete distribution: values with weights (any positive scale), drawn by a scan
 * over cumulative thresholds: a linear scan for small tables (most have 2–10 entries), binary search
 * for large ones (single years of age).
 *
 * @example
 * const sex = new Weighted([['male', 56], ['female', 44]]);
 * sex.draw(new Random(1)); //=> 'male' or 'female', 56 : 44 over many draws
 */
export class Weighted<T> {
  readonly values: readonly T[];
  private readonly cumulative: Float64Array;

  constructor(entries: readonly (readonly [T, number])[]) {
    const total = entries.reduce((s, [, w]) => s + w, 0);
    if (!(total > 0)) throw new RangeError('Weighted: weights must sum to a positive number');
    this.values = entries.map(([v]) => v);
    this.cumulative = new Float64Array(entries.length);
    let acc = 0;
    entries.forEach(([, w], i) => {
      if (w < 0) throw new RangeError('Weighted: negative weight');
      acc += w / total;
      this.cumulative[i] = acc;
    });
    this.cumulative[entries.length - 1] = 1;
  }

  /** Draws one value. */
  draw(rng: Random): T {
    const u = rng.float();
    const c = this.cumulative;
    const n = c.length - 1;
    if (n < 16) {
      let i = 0;
      while (i < n && u >= c[i]!) i++;
      return this.values[i] as T;
    }
    // Larger tables (single years of age): binary search for the first threshold above u.
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (u >= c[mid]!) lo = mid + 1;
      else hi = mid;
    }
    return this.values[lo] as T;
  }

  /** The share of each value (for documentation and tests). */
  shares(): Map<T, number> {
    const m = new Map<T, number>();
    let prev = 0;
    this.values.forEach((v, i) => {
      m.set(v, (m.get(v) ?? 0) + this.cumulative[i]! - prev);
      prev = this.cumulative[i]!;
    });
    return m;
  }
}

/**
 * Shorthand for a `Weighted` over numeric codes.
 *
 * @example
 * weightedCodes({ 1: 0.3, 2: 0.7 }).draw(new Random(1)); //=> 1 or 2
 */
export function weightedCodes(shares: Readonly<Record<number, number>>): Weighted<number> {
  return new Weighted(Object.entries(shares).map(([k, w]) => [Number(k), w] as const));
}
