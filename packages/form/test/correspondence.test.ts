import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  PERSON_2016_TO_2017,
  PERSON_FORM_VERSIONS,
  itemCorrespondence,
  itemFrom2017,
  itemIn2017,
  personForm,
  viewAs2017,
  viewFrom2017,
  type PersonFormVersion,
} from '@canji/form';

const keysOf = (v: PersonFormVersion) => personForm(v).items.map((i) => i.key);
const item = (v: PersonFormVersion, key: string) => personForm(v).items.find((i) => i.key === key);

describe('item correspondence between form versions', () => {
  it.each(PERSON_FORM_VERSIONS)('every %s item appears exactly once, in form order', (v) => {
    expect(itemCorrespondence(v).map((c) => c.key)).toEqual(keysOf(v));
  });

  it.each(PERSON_FORM_VERSIONS)('%s: each 2017 item is the counterpart of at most one item, and is a 2017 item', (v) => {
    const targets = itemCorrespondence(v).flatMap((c) => (c.key2017 === null ? [] : [c.key2017]));
    expect(new Set(targets).size).toBe(targets.length);
    const k17 = new Set(keysOf('2017'));
    expect(targets.filter((t) => !k17.has(t))).toEqual([]);
  });

  it.each(PERSON_FORM_VERSIONS)('%s: no counterpart ⇔ relation none; a change or a missing counterpart is explained', (v) => {
    for (const c of itemCorrespondence(v)) {
      expect(c.key2017 === null, c.key).toBe(c.relation === 'none');
      if (c.relation !== 'same') expect(c.note, c.key).toMatch(/\S/);
    }
  });

  it.each(PERSON_FORM_VERSIONS)('%s: corresponding items share the answer type and identifier class; "same" ones share the code list', (v) => {
    for (const c of itemCorrespondence(v)) {
      if (c.key2017 === null) continue;
      const a = item(v, c.key)!;
      const b = item('2017', c.key2017)!;
      expect([c.key, a.type, a.identifier]).toEqual([c.key, b.type, b.identifier]);
      if (c.relation === 'same') expect([c.key, a.codeList]).toEqual([c.key, b.codeList]);
    }
  });

  it('2021 ↔ 2017 as registration-form.md §3.10 gives it', () => {
    const pairs = Object.fromEntries(itemCorrespondence('2021').filter((c) => /^r\d|hukou/.test(c.key)).map((c) => [c.key, c.key2017]));
    expect(pairs).toEqual({
      hukou: 'r3', r3: 'r4', r4: 'r5', r5: 'r6', r6: 'r7', r7: null, r7_4: null, r8: 'r13', r9: 'r16', r10: 'r18', r11: 'r21', r12: 'r22',
      r13: 'r25', r14: 'r26', r15: 'r27', r16: 'r30', r17: null, r18: null, r19: null, r20: 'r31', r21: 'r35', r22: 'r37', r23: 'r38',
      r24: null, r25: 'r39', r26: 'r40', r27: 'r41',
    });
    expect(itemIn2017('r4', '2021')).toBe('r5');
    expect(item('2021', 'r4')?.label).toBe(item('2017', 'r5')?.label); // 联系人姓名
    expect(itemFrom2017('r21', '2021')).toBe('r11');
    expect(itemFrom2017('r22', '2021')).toBe('r12');
    expect(itemFrom2017('r12', '2021')).toBeNull(); // 是否识字: not on the 2021 form
    expect(itemIn2017('region_code', '2021')).toBe('region_code');
    expect(itemIn2017('wechat_id', '2021')).toBeNull();
  });

  it('2016 ↔ 2017: R31–R40 are R32–R41, no 家庭医生, R27 changed; PERSON_2016_TO_2017 is the same table', () => {
    expect(itemIn2017('r31', '2016')).toBe('r32');
    expect(itemIn2017('r36_4', '2016')).toBe('r37_4');
    expect(itemFrom2017('r31', '2016')).toBeNull();
    expect(itemFrom2017('r16_2', '2016')).toBeNull();
    expect(itemCorrespondence('2016').find((c) => c.key === 'r27')?.relation).toBe('changed');
    expect(PERSON_2016_TO_2017).toEqual(Object.fromEntries(itemCorrespondence('2016').map((c) => [c.key, c.key2017])));
  });

  it('the data dictionary shows the correspondence (notes of the 2021 and 2016 items)', () => {
    expect(item('2021', 'r4')?.note).toBe('对应 2017 版 R5');
    expect(item('2021', 'r11')?.note).toMatch(/^对应 2017 版 R21（有变化：/);
    expect(item('2021', 'r7')?.note).toMatch(/^2017 版无对应题目：城镇（2017 R9）与农村（2017 R11）住房合并/);
    expect(item('2016', 'r31')?.note).toBe('对应 2017 版 R32');
    expect(item('2021', 'region_code')?.note).toBe(item('2017', 'region_code')?.note);
  });
});

const versions = fc.constantFrom<PersonFormVersion>(...PERSON_FORM_VERSIONS);
const anyKey = (v: PersonFormVersion) => fc.oneof(fc.constantFrom(...keysOf(v), ...keysOf('2017')), fc.string({ maxLength: 6 }), fc.stringMatching(/^r\d{1,2}(_\d)?$/));

describe('correspondence laws (property tests)', () => {
  it('itemFrom2017 ∘ itemIn2017 is the identity where defined, and so is itemIn2017 ∘ itemFrom2017', () => {
    fc.assert(
      fc.property(versions.chain((v) => fc.tuple(fc.constant(v), anyKey(v))), ([v, key]) => {
        const k17 = itemIn2017(key, v);
        if (k17 !== null) expect(itemFrom2017(k17, v)).toBe(key);
        const kv = itemFrom2017(key, v);
        if (kv !== null) expect(itemIn2017(kv, v)).toBe(key);
      }),
    );
  });

  it('viewFrom2017 ∘ viewAs2017 keeps exactly the unnumbered keys and the items with a 2017 counterpart (2017: the record itself)', () => {
    fc.assert(
      fc.property(
        versions.chain((v) => fc.tuple(fc.constant(v), fc.dictionary(anyKey(v), fc.oneof(fc.integer(), fc.string()), { maxKeys: 12 }))),
        ([v, record]) => {
          const back = viewFrom2017(viewAs2017(record, v), v);
          const expected = v === '2017' ? record : Object.fromEntries(Object.entries(record).filter(([k]) => !/^r\d/.test(k) || itemIn2017(k, v) !== null));
          expect(back).toEqual(expected);
        },
      ),
    );
  });

  it('a 2017 record is its own view; a view never holds a numbered key that is not a 2017 item', () => {
    const k17 = new Set(keysOf('2017'));
    fc.assert(
      fc.property(versions.chain((v) => fc.tuple(fc.constant(v), fc.dictionary(anyKey(v), fc.integer(), { maxKeys: 12 }))), ([v, record]) => {
        if (v === '2017') return void expect(viewAs2017(record, v)).toBe(record);
        for (const k of Object.keys(viewAs2017(record, v))) if (/^r\d/.test(k)) expect(k17.has(k), k).toBe(true);
      }),
    );
  });

  it('viewAs2017 does not mutate the record', () => {
    const r = Object.freeze({ hukou: 1, r4: '测试乙', r7: 3, region_code: '430121001001' });
    expect(viewAs2017(r, '2021')).toEqual({ r3: 1, r5: '测试乙', region_code: '430121001001' });
    expect(r).toEqual({ hukou: 1, r4: '测试乙', r7: 3, region_code: '430121001001' });
  });
});
