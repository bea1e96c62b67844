import { describe, expect, it } from 'vitest';
import {
  PERSON_2016_TO_2017,
  PERSON_FORM_VERSIONS,
  convert2016To2017,
  personForm,
  personRecordSchema,
  validatePerson,
  validateVillage,
  villageForm,
  villageLookupFromTable,
  villageRecordSchema,
} from '@canji/form';
import { identity, ruralElder, urbanEmployed } from './fixtures.js';

describe('form versions', () => {
  it('2017 has R1–R41, 2016 R1–R40, 2021 R1–R27 (main items)', () => {
    const main = (v: '2016' | '2017' | '2021') => personForm(v).items.filter((i) => /^R\d+$/.test(i.code)).map((i) => Number(i.code.slice(1)));
    expect(main('2017')).toEqual(Array.from({ length: 41 }, (_, i) => i + 1));
    expect(main('2016')).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(main('2021')).toEqual(Array.from({ length: 27 }, (_, i) => i + 1));
    expect(PERSON_FORM_VERSIONS).toEqual(['2016', '2017', '2021']);
    expect(personForm('2021').provisional).toBe(true);
  });
  it('2016 maps to 2017: R31–R40 → R32–R41, no 家庭医生, R27 without option 5', () => {
    expect(PERSON_2016_TO_2017.r31).toBe('r32');
    expect(PERSON_2016_TO_2017.r40).toBe('r41');
    expect(PERSON_2016_TO_2017.r30).toBe('r30');
    expect(Object.values(PERSON_2016_TO_2017)).not.toContain('r31');
    const f16 = personForm('2016');
    expect(f16.items.find((i) => i.key === 'r31')?.label).toBe(personForm('2017').items.find((i) => i.key === 'r32')?.label);
    expect(f16.codeLists[f16.items.find((i) => i.key === 'r27')!.codeList!]!.entries.map((e) => e.code)).toEqual([1, 2, 3, 4, 6]);
    expect(f16.items.some((i) => i.key === 'r16_2')).toBe(false);
  });
  it('a 2017 record written in 2016 numbering validates against 2016 and converts back', () => {
    const rec17 = ruralElder({ r27: [1] });
    const rec16: Record<string, unknown> = {};
    const back = Object.fromEntries(Object.entries(PERSON_2016_TO_2017).map(([a, b]) => [b, a]));
    for (const [k, v] of Object.entries(rec17)) if (k !== 'r31') rec16[back[k] ?? k] = v;
    expect(validatePerson(rec16, { version: '2016' })).toEqual({ ok: true, problems: [] });
    const { record, issues } = convert2016To2017(rec16);
    expect(issues).toEqual([]);
    const { r31: _r31, ...rest } = rec17;
    expect(record).toEqual(rest);
    // 2016 skip rules follow the renumbering: R31 (两周患病) = 2 skips R32, R33.
    const r = validatePerson({ ...rec16, r31: 2 }, { version: '2016' });
    expect(r.problems.map((p) => `${p.code}@${p.item}:${p.rule ?? ''}`)).toEqual(['FORM_NOT_APPLICABLE@R32:SKIP_R32_NO', 'FORM_NOT_APPLICABLE@R33:SKIP_R32_NO']);
    expect(validatePerson({ ...rec16, r27: [5] }, { version: '2016' }).problems[0]?.code).toBe('FORM_CODE_UNKNOWN');
  });
  it('2021 records validate with the carried-over skip logic', () => {
    const id = identity('1980-05-06', 4, 3);
    const rec = {
      region_code: '110105001001', survey_year: 2021, reference_date: '2021-07-01', person_status: 6, collection_mode: 1,
      name: '测试丁', ...id, hukou: 2, r3: 10, r5: '13800000000', r6: 2, r7: 1, r8: 4, r9: 2, r10: 4, r11: [6], r12: [4], r13: 1, r14: 1,
      r15: [6], r20: 1, r21: [3], r22: [6], r23: 2, r25: [9], r26: 1,
      householder_name: '测试丁', householder_id: id.resident_id, declarant_name: '测试丁',
    };
    expect(validatePerson(rec, { version: '2021' })).toEqual({ ok: true, problems: [] });
    expect(personRecordSchema('2021').safeParse(rec).success).toBe(true);
    expect(validatePerson({ ...rec, r27: [1] }, { version: '2021' }).problems[0]).toMatchObject({ code: 'FORM_NOT_APPLICABLE', rule: 'SKIP_R26_YES' });
    expect(validatePerson({ ...rec, r12: [2], r13: 1 }, { version: '2021' }).problems.map((p) => p.code)).toEqual(['FORM_NOT_APPLICABLE', 'FORM_IMPLIED_VALUE']);
  });
  it('records of one version are rejected by another where the keys differ', () => {
    expect(validatePerson(urbanEmployed(), { version: '2021' }).ok).toBe(false);
  });
});

describe('village/community form (动态2表, provisional)', () => {
  const rec = { region_code: '110105001001', survey_year: 2019, v1: 1, v2: 1, v3: 2, v4: 1, v5: 2, v6: 1, v7: 2, v8: 2, v9: 1, v10: 1, v11: 2 };
  it('has the 11 items of the reference, marked provisional', () => {
    const f = villageForm('2017');
    expect(f.provisional).toBe(true);
    expect(f.items.filter((i) => i.code.startsWith('V')).map((i) => i.label)).toHaveLength(11);
  });
  it('validates a record and its 12-digit code', () => {
    expect(validateVillage(rec)).toEqual({ ok: true, problems: [] });
    expect(villageRecordSchema('2017').safeParse(rec).success).toBe(true);
    expect(validateVillage({ ...rec, region_code: '990105001001' }).problems.map((p) => p.code)).toEqual(['FORM_REGION_PROVINCE']);
    expect(validateVillage({ ...rec, region_code: '1101050010' }).problems.map((p) => p.code)).toEqual(['FORM_PATTERN']);
    expect(validateVillage({ ...rec, v3: undefined, v4: 3 }).problems.map((p) => p.code)).toEqual(['FORM_CODE_UNKNOWN', 'FORM_REQUIRED']);
  });
  it('uses a region table when given', () => {
    const regions = (c: string) => ({ status: c === '110105001001' ? ('current' as const) : ('abolished' as const), name: '测试村' });
    expect(validateVillage(rec, { regions }).ok).toBe(true);
    expect(validateVillage({ ...rec, region_code: '110105001002' }, { regions }).problems).toEqual([expect.objectContaining({ code: 'FORM_REGION_ABOLISHED', severity: 'warning' })]);
  });
});

describe('village codes checked with @canji/regions', () => {
  it('accepts a current village code and warns on an unknown one', async () => {
    const { defaultRegionTable, loadVillages } = await import('@canji/regions');
    await loadVillages('43');
    const regions = villageLookupFromTable(defaultRegionTable());
    const rec = { region_code: '430104007001', survey_year: 2019, v1: 1, v2: 1, v3: 1, v4: 1, v5: 1, v6: 1, v7: 1, v8: 1, v9: 1, v10: 1, v11: 1 };
    expect(validateVillage(rec, { regions })).toEqual({ ok: true, problems: [] });
    expect(validateVillage({ ...rec, region_code: '430104007999' }, { regions }).problems.map((p) => p.code)).toEqual(['FORM_REGION_UNKNOWN']);
  });
});
