/**
 * The exact binomial tails of the collector figures' rate tests, summed from the tail's first term
 * by recurrence, against a direct sum of every term in log space (the definition).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binomialLowerTail, binomialUpperTail } from '../src/stats.js';

function logGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  x -= 1;
  let a = c[0]!;
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}
const pmf = (k: number, n: number, p: number) => Math.exp(logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1) + k * Math.log(p) + (n - k) * Math.log(1 - p));
const upper = (x: number, n: number, p: number) => Math.min(1, Array.from({ length: Math.max(0, n - x + 1) }, (_, i) => pmf(x + i, n, p)).reduce((s, v) => s + v, x <= 0 ? 1 : 0));
const lower = (x: number, n: number, p: number) => Math.min(1, Array.from({ length: Math.max(0, x + 1) }, (_, i) => pmf(i, n, p)).reduce((s, v) => s + v, 0));

/** Equal to 1e-9 relative, or both below 1e-250 (underflow either way). */
function close(a: number, b: number): boolean {
  if (a < 1e-250 && b < 1e-250) return true;
  return Math.abs(a - b) <= 1e-9 * Math.max(a, b) + 1e-13;
}

describe('binomial tails', () => {
  it('equal the sum of every term, on both sides of the mean, for small and large n', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3000 }), fc.double({ min: 0.001, max: 0.999, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (n, p, at) => {
        const x = Math.round(at * n);
        const u = binomialUpperTail(x, n, p);
        const l = binomialLowerTail(x, n, p);
        expect(close(u, x <= 0 ? 1 : upper(x, n, p)), `upper ${x}/${n} p=${p}: ${u}`).toBe(true);
        expect(close(l, x >= n ? 1 : lower(x, n, p)), `lower ${x}/${n} p=${p}: ${l}`).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('keep a tiny p-value far in the tail (a copier: 31 of 100 identical where the county has 0.1 %)', () => {
    const p = binomialUpperTail(31, 100, 0.001);
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1e-40);
    expect(close(p, upper(31, 100, 0.001))).toBe(true);
  });
});
