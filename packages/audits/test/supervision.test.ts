/**
 * Supervision register: codes validated against the region table, coverage of every county,
 * township and village (reached / total and the units never reached), under both reach rules.
 */
import { descendantsOf, loadVillages } from '@canji/regions';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { supervisionCoverage, type SupervisionReport } from '../src/index.js';

const ok = (r: ReturnType<typeof supervisionCoverage>): SupervisionReport => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
let townships: string[];
let villages: string[];
beforeAll(async () => {
  await loadVillages('43');
  townships = descendantsOf('430121', 'township').map((r) => r.code);
  villages = descendantsOf('430121', 'village').map((r) => r.code);
});
const visit = (unit: string, date = '2019-07-15', supervisor = '市残联 李明') => ({ unit, date, supervisor, kind: '实地督查', findings: '' });

describe('supervisionCoverage', () => {
  it('counts townships and villages reached, lists the rest; a village visit reaches its township and county', () => {
    const v1 = villages[0]!;
    const t2 = townships[3]!;
    const r = ok(supervisionCoverage([visit(v1), visit(t2, '2019-07-20', '县残联 王'), visit(v1, '2019-08-01')], { region: '430121' }));
    const c = r.counties[0]!;
    expect(c).toMatchObject({ code: '430121', reached: true, visits: 3, complete: false });
    expect(c.townships).toEqual({ reached: 2, total: townships.length, share: 2 / townships.length });
    expect(c.villages).toMatchObject({ reached: 1, total: villages.length });
    expect(c.townshipsNotReached.map((t) => t.code)).toEqual(townships.filter((t) => t !== v1.slice(0, 9) && t !== t2));
    expect(c.villagesNotReached).toHaveLength(villages.length - 1);
    expect(r.supervisors).toEqual([
      { supervisor: '县残联 王', visits: 1, units: 1, first: '2019-07-20', last: '2019-07-20' },
      { supervisor: '市残联 李明', visits: 2, units: 1, first: '2019-07-15', last: '2019-08-01' },
    ]);
    const direct = ok(supervisionCoverage([visit(v1)], { region: '430121', reach: 'direct' })).counties[0]!;
    expect(direct).toMatchObject({ reached: false, townships: { reached: 0 }, villages: { reached: 1 } });
  });

  it('reaching every village completes the county; coverage never exceeds the total (property)', () => {
    const all = ok(supervisionCoverage([visit('430121'), ...villages.map((v) => visit(v))], { region: '430121' })).counties[0]!;
    expect(all).toMatchObject({ complete: true, townshipsNotReached: [], villagesNotReached: [] });
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: villages.length - 1 }), { maxLength: 60 }), (picked) => {
        const c = ok(supervisionCoverage(picked.map((i) => visit(villages[i]!)), { region: '430121' })).counties[0]!;
        expect(c.villages.reached).toBe(picked.length);
        expect(c.villages.reached + c.villagesNotReached.length).toBe(villages.length);
        expect(c.townships.reached).toBe(new Set(picked.map((i) => villages[i]!.slice(0, 9))).size);
      }),
      { numRuns: 25 },
    );
  });

  it('reports unknown codes, units outside the region, bad dates and missing supervisors', () => {
    const r = ok(
      supervisionCoverage(
        [visit('430121999999'), visit('abc'), visit('430102'), visit(townships[0]!, '2019-02-30'), visit(townships[1]!, '2019/07/03', ''), visit(`${townships[2]}000`, '2019-09-30')],
        { region: '430121', period: { from: '2019-07-01', to: '2019-08-31' } },
      ),
    );
    expect(r.issues.map((i) => [i.index, i.code])).toEqual([
      [0, 'AUDIT_UNIT_UNKNOWN'],
      [1, 'AUDIT_UNIT_UNKNOWN'],
      [2, 'AUDIT_UNIT_OUTSIDE'],
      [3, 'AUDIT_FIELD_INVALID'],
      [4, 'AUDIT_FIELD_INVALID'],
      [5, 'AUDIT_FIELD_INVALID'],
    ]);
    expect(r.visits.map((v) => [v.code, v.date])).toEqual([[townships[1], '2019-07-03']]);
  });

  it('measures every county of a prefecture', () => {
    const r = ok(supervisionCoverage([visit('430121'), visit('430104001')], { region: '4301' }));
    expect(r.counties.length).toBe(descendantsOf('4301', 'county').length);
    expect(r.total.counties).toMatchObject({ reached: 2, total: r.counties.length });
  });

  it('refuses a region that is not a county, prefecture or province', () => {
    expect(supervisionCoverage([], { region: '430121001' })).toMatchObject({ ok: false, error: { code: 'AUDIT_OPTIONS_INVALID' } });
  });
});
