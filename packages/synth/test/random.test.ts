import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Random, Weighted, seedToUint32 } from '@canji/synth';

describe('Random (sfc32, not cryptographic)', () => {
  it('same seed and stream → same sequence; different streams, indexes or seeds → different', () => {
    const seq = (r: Random) => Array.from({ length: 8 }, () => r.uint32());
    expect(seq(new Random(1, 2, 3))).toEqual(seq(new Random(1, 2, 3)));
    expect(seq(new Random(1, 2, 3))).not.toEqual(seq(new Random(1, 2, 4)));
    expect(seq(new Random(1, 2, 3))).not.toEqual(seq(new Random(1, 3, 3)));
    expect(seq(new Random('a'))).not.toEqual(seq(new Random('b')));
    expect(seedToUint32(1)).not.toBe(seedToUint32(2 ** 32 + 1));
  });

  it('float ∈ [0, 1), int(n) ∈ [0, n), between(a, b) ∈ [a, b] (property)', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 2 ** 31 }), fc.integer({ min: -1000, max: 1000 }), fc.nat(1000), (seed, n, a, span) => {
        const r = new Random(seed);
        for (let i = 0; i < 20; i++) {
          const f = r.float();
          expect(f >= 0 && f < 1).toBe(true);
          const k = r.int(n);
          expect(Number.isInteger(k) && k >= 0 && k < n).toBe(true);
          const b = r.between(a, a + span);
          expect(b >= a && b <= a + span).toBe(true);
        }
      }),
    );
  });

  it('is roughly uniform (chi-square over 16 cells, 64,000 draws)', () => {
    const r = new Random('uniform');
    const cells = new Array(16).fill(0);
    for (let i = 0; i < 64000; i++) cells[r.int(16)]++;
    const chi = cells.reduce((s, c) => s + (c - 4000) ** 2 / 4000, 0);
    expect(chi).toBeLessThan(40); // 15 degrees of freedom: p ≈ 0.0005
  });
});

describe('Weighted', () => {
  it('draws each value with its share (small table and large table)', () => {
    for (const n of [3, 40]) {
      const entries = Array.from({ length: n }, (_, i) => [i, i + 1] as const);
      const total = (n * (n + 1)) / 2;
      const w = new Weighted(entries);
      const r = new Random(n);
      const counts = new Array(n).fill(0);
      const draws = 100000;
      for (let i = 0; i < draws; i++) counts[w.draw(r)]++;
      counts.forEach((c, i) => expect(Math.abs(c / draws - (i + 1) / total)).toBeLessThan(0.01));
      expect([...w.shares().values()].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    }
  });

  it('rejects empty or negative weights', () => {
    expect(() => new Weighted([])).toThrow(RangeError);
    expect(() => new Weighted([[1, -1], [2, 2]])).toThrow(RangeError);
  });
});
