import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { HIERARCHIES, ageHierarchy, enforceKAnonymity, generalize, hierarchyHeight, measureKAnonymity, type Hierarchy } from '@canji/deid';

const hierarchies: Record<string, Hierarchy> = {
  region_code: HIERARCHIES.regionCode,
  birth_date: ageHierarchy('2024-10-31', [10, 20]),
  disability_level: HIERARCHIES.disabilityLevel,
};
const QIS = ['region_code', 'birth_date', 'sex', 'disability_level'];

const recordArb = fc.record({
  region_code: fc.constantFrom('430104001001', '430104001002', '430104002001', '430105001001', '430181003004'),
  birth_date: fc.date({ min: new Date('1930-01-01T00:00:00Z'), max: new Date('2020-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  sex: fc.constantFrom('male', 'female'),
  disability_level: fc.constantFrom(1, 2, 3, 4),
  disability_category: fc.constantFrom(1, 4, 5, 6),
  r16: fc.constantFrom(1, 2),
});

/** Brute force over one lattice node: records left in classes smaller than k. */
function suppressedAt(records: readonly Record<string, unknown>[], levels: Record<string, number>, k: number): number {
  const gen = records.map((r) => Object.fromEntries(QIS.map((q) => [q, levels[q]! >= (hierarchies[q] ? hierarchyHeight(hierarchies[q]!) : 1) ? '*' : hierarchies[q] ? generalize(r[q], hierarchies[q]!, levels[q]!) : r[q]])));
  const sizes = new Map<string, number>();
  for (const g of gen) sizes.set(JSON.stringify(g), (sizes.get(JSON.stringify(g)) ?? 0) + 1);
  return gen.filter((g) => sizes.get(JSON.stringify(g))! < k).length;
}

function allNodes(): Record<string, number>[] {
  let nodes: Record<string, number>[] = [{}];
  for (const q of QIS) {
    const h = hierarchies[q] ? hierarchyHeight(hierarchies[q]!) : 1;
    nodes = nodes.flatMap((n) => Array.from({ length: h + 1 }, (_, l) => ({ ...n, [q]: l })));
  }
  return nodes;
}

describe('enforceKAnonymity', () => {
  it('releases only classes of size ≥ k, suppresses at most the allowed share, and finds the least precision loss', () => {
    const nodes = allNodes();
    fc.assert(
      fc.property(fc.array(recordArb, { minLength: 1, maxLength: 60 }), fc.integer({ min: 2, max: 5 }), fc.constantFrom(0, 0.05, 0.2), (records, k, maxSuppression) => {
        const r = enforceKAnonymity(records, { quasiIdentifiers: QIS, k, hierarchies, maxSuppression });
        const budget = Math.floor(maxSuppression * records.length + 1e-9);
        const feasible = nodes.filter((n) => suppressedAt(records, n, k) <= budget);
        if (!feasible.length) {
          expect(r.ok ? 'ok' : r.error.code).toBe('DEID_K_UNREACHABLE');
          return;
        }
        if (!r.ok) throw new Error(r.error.message);
        const { records: out, suppressed, report, levels } = r.value;
        expect(out.length + suppressed.length).toBe(records.length);
        expect(suppressed.length).toBeLessThanOrEqual(budget);
        expect(report.suppressedRecords).toBe(suppressedAt(records, levels, k));
        if (out.length) expect(measureKAnonymity(out, QIS).k).toBeGreaterThanOrEqual(k);
        // non-QI fields untouched, in order
        const kept = records.filter((x) => !suppressed.includes(x));
        expect(out.map((x) => [x.disability_category, x.r16])).toEqual(kept.map((x) => [x.disability_category, x.r16]));
        // optimal: no feasible node loses less precision
        const loss = (n: Record<string, number>) => QIS.reduce((s, q) => s + n[q]! / (hierarchies[q] ? hierarchyHeight(hierarchies[q]!) : 1), 0) / QIS.length;
        expect(report.precisionLoss).toBeCloseTo(Math.min(...feasible.map(loss)));
        // minimal: lowering any one level breaks the constraint
        for (const q of QIS) if (levels[q]! > 0) expect(suppressedAt(records, { ...levels, [q]: levels[q]! - 1 }, k)).toBeGreaterThan(budget);
      }),
      { numRuns: 40 },
    );
  });

  it('can require distinct ℓ-diversity of a sensitive attribute', () => {
    const records = fc.sample(recordArb, { numRuns: 80, seed: 17 });
    const r = enforceKAnonymity(records, { quasiIdentifiers: QIS, k: 3, hierarchies, maxSuppression: 0.1, sensitive: 'disability_category', l: 2 });
    if (!r.ok) throw new Error(r.error.message);
    const m = measureKAnonymity(r.value.records, QIS, { sensitive: 'disability_category' });
    expect(m.lDiversity!.l).toBeGreaterThanOrEqual(2);
    expect(r.value.report.achievedL).toBe(m.lDiversity!.l);
  });

  it('reports levels with labels and skips nodes above a solution', () => {
    const records = fc.sample(recordArb, { numRuns: 200, seed: 3 });
    const r = enforceKAnonymity(records, { quasiIdentifiers: QIS, k: 2, hierarchies, maxSuppression: 0.05 });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.report.latticeSize).toBe(6 * 4 * 2 * 3);
    expect(r.value.report.nodesEvaluated).toBeLessThan(r.value.report.latticeSize);
    expect(r.value.report.quasiIdentifiers.map((q) => q.field)).toEqual(QIS);
    expect(r.value.report.minimalNodes[0]!.levels).toEqual(r.value.levels);
  });

  it('returns stable error codes for bad options', () => {
    const recs = [{ a: 1 }];
    const code = (r: ReturnType<typeof enforceKAnonymity>) => (r.ok ? 'ok' : r.error.code);
    expect(code(enforceKAnonymity(recs, { quasiIdentifiers: [], k: 2 }))).toBe('DEID_QUASI_IDENTIFIERS_EMPTY');
    expect(code(enforceKAnonymity(recs, { quasiIdentifiers: ['a'], k: 0 }))).toBe('DEID_K_INVALID');
    expect(code(enforceKAnonymity(recs, { quasiIdentifiers: ['a'], k: 2, maxSuppression: 5 }))).toBe('DEID_SUPPRESSION_INVALID');
    expect(code(enforceKAnonymity(recs, { quasiIdentifiers: ['a'], k: 2 }))).toBe('DEID_K_UNREACHABLE');
    expect(code(enforceKAnonymity(recs, { quasiIdentifiers: ['a'], k: 1, hierarchies: { a: { kind: 'interval', widths: [3, 4] } } }))).toBe('DEID_HIERARCHY_INVALID');
    expect(code(enforceKAnonymity(recs, { quasiIdentifiers: ['a', 'b', 'c'], k: 1, maxLatticeSize: 4 }))).toBe('DEID_LATTICE_TOO_LARGE');
  });
});
