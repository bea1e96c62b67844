/**
 * KAnonymityPlanner: the streaming form of enforceKAnonymity (records read twice, only the
 * encoded quasi-identifiers kept) gives the same release, and `minLevels` floors are respected.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HIERARCHIES, KAnonymityPlanner, enforceKAnonymity, measureKAnonymity } from '@canji/deid';

const recordArb = fc.record({
  region_code: fc.constantFrom('430104001001', '430104002001', '430105001001', '430121100201', ''),
  sex: fc.constantFrom('male', 'female'),
  disability_level: fc.constantFrom(1, 2, 3, 4),
  other: fc.integer(),
});
const qis = ['region_code', 'sex', 'disability_level'];
const hierarchies = { region_code: HIERARCHIES.regionCode, disability_level: HIERARCHIES.disabilityLevel };

describe('KAnonymityPlanner', () => {
  it('releases exactly what enforceKAnonymity releases, and the release is k-anonymous', () => {
    fc.assert(
      fc.property(fc.array(recordArb, { maxLength: 80 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 3 }), (records, k, floor) => {
        const options = { k, hierarchies, maxSuppression: 0.2, minLevels: { region_code: floor } };
        const whole = enforceKAnonymity(records, { quasiIdentifiers: qis, ...options });
        const planner = new KAnonymityPlanner(qis);
        for (const r of records) planner.add(r);
        const plan = planner.plan(options);
        expect(plan.ok).toBe(whole.ok);
        if (!plan.ok || !whole.ok) return;
        const released = records.flatMap((r, i) => (plan.value.isReleased(i) ? [plan.value.generalize(r)] : []));
        expect(released).toEqual(whole.value.records);
        expect(plan.value.levels.region_code).toBeGreaterThanOrEqual(floor);
        if (released.length) expect(measureKAnonymity(released, qis).k).toBeGreaterThanOrEqual(k);
      }),
      { numRuns: 200 },
    );
  });
  it('a floor above the height is DEID_LEVEL_INVALID', () => {
    const p = new KAnonymityPlanner(['region_code']);
    p.add({ region_code: '430104001001' });
    const r = p.plan({ k: 1, hierarchies, minLevels: { region_code: 9 } });
    expect(r.ok ? 'ok' : r.error.code).toBe('DEID_LEVEL_INVALID');
  });
});
