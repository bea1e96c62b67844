import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { KAnonymityCounter, measureKAnonymity, measureKAnonymityAsync } from '@canji/deid';

const QIS = ['region', 'sex', 'age', 'level'] as const;
const recordArb = fc.record(
  {
    region: fc.constantFrom('430104', '430105', '430181'),
    sex: fc.constantFrom('male', 'female'),
    age: fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }),
    level: fc.constantFrom(1, 2, 3, 4),
    category: fc.constantFrom(1, 4, 5, 7),
    r27: fc.constantFrom([1], [1, 2], [] as number[]),
  },
  { requiredKeys: ['region', 'sex', 'level', 'category', 'r27'] },
);

/** Brute force: group by the JSON of the quasi-identifier values. */
function bruteForce(records: readonly Record<string, unknown>[], qis: readonly string[], sensitive?: string) {
  const groups = new Map<string, Record<string, unknown>[]>();
  for (const r of records) {
    const key = JSON.stringify(qis.map((q) => r[q] ?? null));
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const sizes = [...groups.values()].map((g) => g.length);
  const distinct = sensitive ? [...groups.values()].map((g) => new Set(g.map((r) => JSON.stringify(r[sensitive] ?? null))).size) : [];
  return { k: sizes.length ? Math.min(...sizes) : 0, classes: sizes.length, sizes, l: distinct.length ? Math.min(...distinct) : 0 };
}

describe('measureKAnonymity', () => {
  it('measured k, classes, histogram and ℓ equal a brute-force recount', () => {
    fc.assert(
      fc.property(fc.array(recordArb, { maxLength: 120 }), fc.subarray([...QIS, 'r27'], { minLength: 1 }), (records, qis) => {
        const r = measureKAnonymity(records, qis, { sensitive: 'category', threshold: 3 });
        const b = bruteForce(records, qis, 'category');
        expect(r.k).toBe(b.k);
        expect(r.classes).toBe(b.classes);
        expect(r.records).toBe(records.length);
        expect(r.classSizes.reduce((s, x) => s + x.records, 0)).toBe(records.length);
        expect(r.classSizes.reduce((s, x) => s + x.classes, 0)).toBe(b.classes);
        for (const bin of r.classSizes) expect(b.sizes.filter((s) => s === bin.size)).toHaveLength(bin.classes);
        expect(r.recordsAtRisk).toBe(b.sizes.filter((s) => s < 3).reduce((a, s) => a + s, 0));
        expect(r.lDiversity?.l).toBe(b.l);
        if (records.length) {
          expect(r.prosecutorRisk.maximum).toBeCloseTo(1 / b.k);
          expect(r.prosecutorRisk.average).toBeCloseTo(b.classes / records.length);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('agrees with brute force when the combined key space is too large for numeric keys', () => {
    const records = Array.from({ length: 600 }, (_, i) => ({ a: i % 300, b: `b${(i * 7) % 300}`, c: (i * 11) % 300, d: (i * 13) % 300, e: (i * 17) % 300, f: i % 2, s: i % 3 }));
    const qis = ['a', 'b', 'c', 'd', 'e', 'f'];
    const r = measureKAnonymity(records, qis, { sensitive: 's' });
    const b = bruteForce(records, qis, 's');
    expect([r.k, r.classes, r.lDiversity?.l]).toEqual([b.k, b.classes, b.l]);
  });

  it('an empty data set has k = 0 and no risk', () => {
    const r = measureKAnonymity([], ['region']);
    expect(r).toMatchObject({ k: 0, classes: 0, recordsAtRisk: 0, prosecutorRisk: { maximum: 0, average: 0 } });
  });

  it('treats missing values as one value and arrays by content', () => {
    const r = measureKAnonymity([{ a: undefined, m: [1, 2] }, { a: null, m: [1, 2] }, { a: '', m: [1, 2] }], ['a', 'm']);
    expect(r.k).toBe(3);
  });

  it('async and streaming counters agree with the array call', async () => {
    const records = fc.sample(recordArb, { numRuns: 300, seed: 5 });
    async function* gen() {
      yield* records;
    }
    const a = measureKAnonymity(records, ['region', 'sex'], { sensitive: 'level' });
    expect(await measureKAnonymityAsync(gen(), ['region', 'sex'], { sensitive: 'level' })).toEqual(a);
    const c = new KAnonymityCounter(['region', 'sex'], { sensitive: 'level' });
    for (const r of records) c.add(r);
    expect(c.report()).toEqual(a);
  });

  it('reports homogeneous classes (attribute disclosure) for ℓ-diversity', () => {
    const r = measureKAnonymity(
      [
        { g: 'a', c: 1 },
        { g: 'a', c: 1 },
        { g: 'b', c: 1 },
        { g: 'b', c: 2 },
      ],
      ['g'],
      { sensitive: 'c' },
    );
    expect(r.lDiversity).toEqual({ sensitive: 'c', l: 1, distinctValues: [{ distinct: 1, classes: 1, records: 2 }, { distinct: 2, classes: 1, records: 2 }], recordsInHomogeneousClasses: 2 });
  });
});
