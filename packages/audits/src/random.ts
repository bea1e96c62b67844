/**
 * The seeded generator of the re-visit samples: mulberry32 (Tommy Ettinger, 2017; public domain), a
 * 32-bit generator with a full 2^32 period that passes gjrand and PractRand up to 2^32 outputs —
 * plenty for drawing a sample, and small enough that anyone can re-implement it from the design
 * record to re-draw a sample by hand. Each stratum gets its own stream, seeded with the FNV-1a hash
 * of `seed:stratum`, so adding a stratum (a township that had no records last time) never changes
 * the sample of another.
 */

/** The generator's name as written into a sample's design. */
export const SAMPLE_PRNG = 'mulberry32' as const;

/** FNV-1a, 32 bits, of a string's UTF-16 code units. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** A mulberry32 stream: `next()` is uniform on [0, 1). @internal */
export class SampleRandom {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** The stream of a stratum: seeded with FNV-1a of `seed:stratum`. */
  static forStratum(seed: number, stratum: string): SampleRandom {
    return new SampleRandom(fnv1a(`${seed >>> 0}:${stratum}`));
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Uniform integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.next() * n);
  }
  /**
   * `k` distinct positions of `0 … n-1` (a partial Fisher–Yates shuffle), in increasing order.
   * `k >= n` gives them all.
   */
  choose(n: number, k: number): number[] {
    if (k >= n) return Array.from({ length: n }, (_, i) => i);
    const a = Array.from({ length: n }, (_, i) => i);
    for (let i = 0; i < k; i++) {
      const j = i + this.below(n - i);
      const t = a[i]!;
      a[i] = a[j]!;
      a[j] = t;
    }
    return a.slice(0, k).sort((x, y) => x - y);
  }
}
