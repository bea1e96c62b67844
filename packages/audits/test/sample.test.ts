import { synthesizePersons } from '@canji/synth';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { drawSample, unitOf, type ClusterLevelSpec, type Sample } from '../src/index.js';

const persons = [...synthesizePersons({ seed: 3, count: 3000, region: '430121' })] as Record<string, unknown>[];

const ok = (r: ReturnType<typeof drawSample>): Sample => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

/** A deterministic shuffle of the records (to show that order does not matter). */
function shuffled<T>(xs: readonly T[], seed: number): T[] {
  const a = [...xs];
  let s = seed >>> 0;
  for (let i = a.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

const LEVELS: ClusterLevelSpec[] = [
  { id: '乡镇验收', unit: 'township', stages: [{ level: 'village', count: 2 }], persons: { count: 5 } },
  { id: '县级验收', unit: 'county', stages: [{ level: 'township', count: 4 }, { level: 'village', count: 2 }], persons: { count: 5 } },
  { id: '市级验收', unit: 'prefecture', stages: [{ level: 'county', count: 1 }, { level: 'township', count: 3 }, { level: 'village', count: 1 }], persons: { rate: 0.5 } },
];

describe('drawSample', () => {
  it('same seed → same sample, whatever the order of the records; another seed → another sample', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer(), fc.constantFrom('township', 'village', 'collector') as fc.Arbitrary<'township' | 'village' | 'collector'>, (seed, order, by) => {
        const a = ok(drawSample(persons, { method: 'stratified', by, rate: 0.02, seed }));
        const b = ok(drawSample(shuffled(persons, order), { method: 'stratified', by, rate: 0.02, seed }));
        expect(b.records.map((r) => r.key).sort()).toEqual(a.records.map((r) => r.key).sort());
        expect(b.design).toEqual(a.design);
      }),
      { numRuns: 15 },
    );
    const a = ok(drawSample(persons, { method: 'simple', count: 60, seed: 1 }));
    const b = ok(drawSample(persons, { method: 'simple', count: 60, seed: 2 }));
    expect(a.records.map((r) => r.index)).not.toEqual(b.records.map((r) => r.index));
  });

  it('records the seed, the generator and the method', () => {
    const s = ok(drawSample(persons, { method: 'simple', rate: 0.02, seed: 42 }));
    expect(s.design).toMatchObject({ seed: 42, prng: 'mulberry32', method: 'simple', size: { rate: 0.02 }, records: 3000, excluded: 0, requested: 60, realised: 60 });
    expect(s.records.every((r) => r.reason === 'random' && r.inclusionProbability === 0.02 && r.weight === 50)).toBe(true);
  });

  it('realised size = requested in every stratum, or the whole stratum when it is smaller', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.oneof(fc.record({ count: fc.integer({ min: 0, max: 30 }) }), fc.record({ rate: fc.double({ min: 0.001, max: 1, noNaN: true }) })),
        fc.constantFrom('county', 'township', 'village', 'collector') as fc.Arbitrary<'county' | 'township' | 'village' | 'collector'>,
        (seed, size, by) => {
          const s = ok(drawSample(persons, { method: 'stratified', by, seed, ...size }));
          const drawn = new Map<string, number>();
          for (const r of s.records) {
            expect(unitOf(r.record, by)).toBe(r.unit);
            drawn.set(r.unit, (drawn.get(r.unit) ?? 0) + 1);
          }
          for (const st of s.design.strata) {
            const want = 'count' in size ? size.count : Math.max(1, Math.round(size.rate * st.population));
            expect(st.requested).toBe(want);
            expect(st.realised).toBe(Math.min(want, st.population));
            expect(drawn.get(st.unit) ?? 0).toBe(st.realised);
          }
          expect(s.design.strata.reduce((n, st) => n + st.population, 0)).toBe(persons.length);
          expect(new Set(s.records.map((r) => r.index)).size).toBe(s.records.length);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('multi-level cluster samples: levels never share a village (nor a person), and every stage is recorded', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.shuffledSubarray(LEVELS, { minLength: 1 }), (seed, levels) => {
        const s = ok(drawSample(persons, { method: 'cluster', levels, seed }));
        const villageLevel = new Map<string, string>();
        for (const r of s.records) {
          const v = unitOf(r.record, 'village');
          expect(r.unit).toBe(v);
          const seen = villageLevel.get(v);
          if (seen !== undefined) expect(seen).toBe(r.level);
          villageLevel.set(v, r.level!);
        }
        expect(new Set(s.records.map((r) => r.index)).size).toBe(s.records.length);
        for (const l of levels) expect(s.records.some((r) => r.level === l.id), l.id).toBe(true);
        // Every village cluster drawn in a stage holds the persons drawn there, at most `persons` of them.
        const villages = s.design.clusters!.filter((c) => c.stage === 'village').flatMap((c) => c.drawn.map((d) => `${c.level}|${d}`));
        expect(new Set(villages).size).toBe(villages.length);
        expect(new Set(villages.map((v) => v.split('|')[1])).size).toBe(villages.length);
        for (const st of s.design.strata) expect(st.realised).toBe(Math.min(st.requested, st.population));
      }),
      { numRuns: 15 },
    );
  });

  it('cluster stage sizes: each township level draws 2 villages per township while free villages last', () => {
    const s = ok(drawSample(persons, { method: 'cluster', levels: LEVELS.slice(0, 1), seed: 9 }));
    const stages = s.design.clusters!;
    expect(stages.length).toBe(new Set(persons.map((p) => unitOf(p, 'township'))).size);
    for (const c of stages) expect(c.drawn.length).toBe(Math.min(2, c.available));
    for (const r of s.records) {
      const c = stages.find((x) => x.drawn.includes(r.unit))!;
      const popVillage = persons.filter((p) => unitOf(p, 'village') === r.unit).length;
      expect(r.inclusionProbability).toBeCloseTo((c.drawn.length / c.available) * (Math.min(5, popVillage) / popVillage), 12);
    }
  });

  it('oversamples flagged records and collectors, with their own inclusion probabilities', () => {
    const warned = persons.map((_, i) => i).filter((i) => i % 10 === 0);
    const collector = String(persons[5]!.collector);
    const s = ok(drawSample(persons, { method: 'stratified', by: 'township', rate: 0.05, seed: 5, oversample: { records: warned, collectors: [collector], factor: 3 } }));
    const flagged = s.records.filter((r) => r.reason !== 'random');
    expect(flagged.some((r) => r.reason === 'oversampled-record')).toBe(true);
    for (const r of s.records.filter((r) => r.reason === 'oversampled-record')) expect(r.index % 10).toBe(0);
    for (const r of s.records.filter((r) => r.reason === 'oversampled-collector')) expect(r.record.collector).toBe(collector);
    // Flagged records are drawn about three times as often as the others (share drawn among flagged vs others).
    const nFlagged = warned.length + persons.filter((p, i) => i % 10 !== 0 && p.collector === collector).length;
    const shareFlagged = flagged.length / nFlagged;
    const shareOther = (s.records.length - flagged.length) / (persons.length - nFlagged);
    expect(shareFlagged / shareOther).toBeGreaterThan(2.3);
    expect(shareFlagged / shareOther).toBeLessThan(3.7);
    // Totals per stratum are still as requested; weights sum to about the population.
    for (const st of s.design.strata) expect(st.realised).toBe(Math.min(st.requested, st.population));
    const weights = s.records.reduce((w, r) => w + r.weight, 0);
    expect(Math.abs(weights - persons.length) / persons.length).toBeLessThan(0.02);
  });

  it('rejects bad specifications with stable codes, and leaves out non-objects with an issue', () => {
    const bad = (spec: unknown) => {
      const r = drawSample(persons, spec as never);
      return r.ok ? 'ok' : r.error.code;
    };
    expect(bad({ method: 'simple', seed: 1 })).toBe('AUDIT_SPEC_INVALID');
    expect(bad({ method: 'simple', seed: 1, rate: 0.1, count: 3 })).toBe('AUDIT_SPEC_INVALID');
    expect(bad({ method: 'simple', seed: 1, rate: 1.5 })).toBe('AUDIT_SPEC_INVALID');
    expect(bad({ method: 'stratified', seed: 1, rate: 0.1, by: 'street' })).toBe('AUDIT_SPEC_INVALID');
    expect(bad({ method: 'simple', seed: -1, rate: 0.1 })).toBe('AUDIT_SEED_INVALID');
    expect(bad({ method: 'simple', seed: 1.5, rate: 0.1 })).toBe('AUDIT_SEED_INVALID');
    expect(bad({ method: 'magic', seed: 1 })).toBe('AUDIT_SPEC_INVALID');
    expect(bad(null)).toBe('AUDIT_SPEC_INVALID');
    expect(bad({ method: 'cluster', seed: 1, levels: [{ id: 'x', unit: 'county', stages: [{ level: 'township', count: 1 }], persons: { count: 1 } }] })).toBe('AUDIT_LEVELS_INVALID');
    expect(bad({ method: 'cluster', seed: 1, levels: [{ id: 'x', unit: 'township', stages: [{ level: 'county', count: 1 }, { level: 'village', count: 1 }], persons: { count: 1 } }] })).toBe('AUDIT_LEVELS_INVALID');
    const r = drawSample([persons[0], 'x', null, persons[1]], { method: 'simple', count: 5, seed: 1 });
    expect(r.ok && r.value.records.map((x) => x.index)).toEqual([0, 3]);
    expect(r.ok && r.value.issues.map((i) => [i.code, i.index])).toEqual([
      ['AUDIT_RECORD_NOT_OBJECT', 1],
      ['AUDIT_RECORD_NOT_OBJECT', 2],
    ]);
  });
});
