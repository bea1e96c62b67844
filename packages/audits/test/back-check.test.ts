import { synthesizePersons } from '@canji/synth';
import { describe, expect, it } from 'vitest';
import { compareBackCheck, itemClasses, type BackCheckReport } from '../src/index.js';

const [ID1, ID2, ID3] = [...synthesizePersons({ seed: 1, count: 3 })].map((p) => p.resident_id as string) as [string, string, string];
const base = { region_code: '430121109202', collector: '杨萍', disability_category: 4, disability_level: 3, r13: 3, r16: 1, r37: [2, 3] };
const orig = [
  { ...base, resident_id: ID1 },
  { ...base, resident_id: ID2, collector: '李四', region_code: '430121110201' },
];

const ok = (r: ReturnType<typeof compareBackCheck>): BackCheckReport => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

describe('itemClasses', () => {
  it('derives stable, slow and volatile classes from the form sections, for both forms', () => {
    for (const v of ['2017', '2021'] as const) {
      const cls = new Map(itemClasses(v).map((i) => [i.key, i.class]));
      expect(cls.get('disability_category')).toBe('stable');
      expect(cls.get(v === '2017' ? 'r3' : 'hukou')).toBe('slow');
      expect(cls.get(v === '2017' ? 'r13' : 'r8')).toBe('slow');
      expect(cls.get(v === '2017' ? 'r21' : 'r11')).toBe('volatile'); // 就业帮扶需求
      expect(cls.get(v === '2017' ? 'r37' : 'r22')).toBe('volatile'); // 康复需求
      for (const k of ['name', 'resident_id', 'certificate_no', 'collector', 'collected_on', 'remarks']) expect(cls.has(k), k).toBe(false);
    }
  });
});

describe('compareBackCheck', () => {
  it('matches by canonical resident ID, counts stable and slow discrepancies, reports volatile ones without counting them', () => {
    const revisit = [{ resident_id: ID1.toLowerCase(), disability_level: '3', r13: 4, r37: [3, 2, 2], r16: 1 }, { resident_id: ID2, r13: 3, r37: [1] }];
    const r = ok(compareBackCheck(orig, revisit, { threshold: 0.2 }));
    expect(r.matched).toBe(2);
    expect(r.discrepancies.map((d) => [d.item, d.original, d.revisit, d.counted])).toEqual([
      ['r13', '3', '4', true],
      ['r37', '[2,3]', '[1]', false],
    ]);
    const yang = r.units.find((u) => u.unit === '杨萍')!;
    expect([yang.answers.discrepant, yang.answers.compared, yang.verdict]).toEqual([1, 3, 'fail']);
    const li = r.units.find((u) => u.unit === '李四')!;
    expect([li.answers.discrepant, li.answers.compared, li.verdict]).toEqual([0, 1, 'pass']);
    expect(r.units.map((u) => `${u.level}:${u.unit}`)).toEqual(['collector:李四', 'collector:杨萍', 'township:430121109', 'township:430121110']);
    expect(r.items.find((i) => i.item.key === 'r37')).toMatchObject({ compared: 2, discrepant: 1, counted: false });
    expect(r.recollect.map((x) => [x.index, x.reason, x.items])).toEqual([[0, 'discrepancy', ['r13']]]);
    // Volatile answers count when the office says so.
    const strict = ok(compareBackCheck(orig, revisit, { tolerances: { volatile: 'count' } }));
    expect(strict.units.find((u) => u.unit === '李四')!.answers).toMatchObject({ discrepant: 1, compared: 2 });
  });

  it('reports unmatched, duplicate and keyless re-visit records and unknown items as issues', () => {
    const r = ok(compareBackCheck(orig, [{ resident_id: ID3, r13: 1 }, { r13: 1 }, { resident_id: ID1, r13: 3 }, { resident_id: ID1, r13: 1 }, 7], { items: ['r13', 'zz'] }));
    expect(r.issues.map((i) => i.code).sort()).toEqual(['AUDIT_DUPLICATE_KEY', 'AUDIT_ITEM_UNKNOWN', 'AUDIT_NO_KEY', 'AUDIT_RECORD_NOT_OBJECT', 'AUDIT_REVISIT_UNMATCHED']);
    expect([r.matched, r.unmatched, r.discrepancies.length]).toEqual([1, 1, 0]);
    for (const i of r.issues) expect(i.message).not.toContain(ID3);
  });

  it('rejects bad options with AUDIT_OPTIONS_INVALID', () => {
    for (const o of [{ threshold: 2 }, { threshold: Number.NaN }, { basis: 'x' }, { tolerances: { slow: 'maybe' } }, { by: ['street'] }]) {
      const r = compareBackCheck(orig, [], o as never);
      expect(r.ok ? 'ok' : r.error.code).toBe('AUDIT_OPTIONS_INVALID');
    }
  });
});
