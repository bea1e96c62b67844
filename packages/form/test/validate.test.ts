import { describe, expect, it } from 'vitest';
import { codes, personForm, personRecordSchema, validatePerson, withCodeLabels, withFormCodeLabels, type CodeOf } from '@canji/form';
import { codesOf, identity, ruralElder, urbanEmployed } from './fixtures.js';

describe('validatePerson — valid records', () => {
  it('accepts complete, consistent records', () => {
    expect(validatePerson(urbanEmployed())).toEqual({ ok: true, problems: [] });
    expect(validatePerson(ruralElder())).toEqual({ ok: true, problems: [] });
  });
  it('zod schema accepts the same records and outputs canonical identity numbers', () => {
    const r = personRecordSchema('2017').safeParse(urbanEmployed({ resident_id: urbanEmployed().resident_id!.toLowerCase() }));
    expect(r.success).toBe(true);
  });
});

describe('validatePerson — all problems in one pass', () => {
  it('reports type, code, exclusive, duplicate, unknown-field and required problems together', () => {
    const rec = urbanEmployed({ r3: '2', r13: 9, r20: [6, 1], r22: [1, 1], r31: undefined, bogus: 1 });
    const r = validatePerson(rec);
    expect(r.ok).toBe(false);
    const got = codesOf(r.problems);
    expect(got).toEqual(expect.arrayContaining([
      'FORM_UNKNOWN_FIELD@bogus', 'FORM_TYPE@R3', 'FORM_CODE_UNKNOWN@R13', 'FORM_EXCLUSIVE@R20', 'FORM_MULTI_DUPLICATE@R22', 'FORM_REQUIRED@R31',
    ]));
    for (const p of r.problems) {
      expect(p.message).toMatch(/[\u4e00-\u9fff]/);
      expect(['error', 'warning']).toContain(p.severity);
    }
  });
  it('reports identity errors with @canji/id codes and mismatches', () => {
    const other = identity('1990-01-01');
    const bad = urbanEmployed({ resident_id: other.resident_id, sex: 'female', disability_category: 5, birth_date: '1980-05-07' });
    expect(codesOf(validatePerson(bad).problems)).toEqual(expect.arrayContaining([
      'FORM_IDENTITY_MISMATCH@resident_id', 'FORM_IDENTITY_MISMATCH@sex', 'FORM_IDENTITY_MISMATCH@disability_category', 'FORM_IDENTITY_MISMATCH@birth_date',
    ]));
    const cert = urbanEmployed().certificate_no!;
    const flipped = cert.slice(0, 5) + ((Number(cert[5]) + 1) % 10) + cert.slice(6);
    expect(codesOf(validatePerson(urbanEmployed({ certificate_no: flipped })).problems)).toContain('CERT_RESIDENT_ID@R2');
    expect(codesOf(validatePerson(urbanEmployed({ householder_id: '110105198005060000' })).problems)).toContain('ID_CHECKSUM@householder_id');
  });
  it('flags filled-but-skipped items with the skip rule id', () => {
    const r = validatePerson(urbanEmployed({ r10: 1 }));
    expect(r.problems).toEqual([expect.objectContaining({ code: 'FORM_NOT_APPLICABLE', item: 'R10', path: ['r10'], rule: 'SKIP_R3_NON_AGRICULTURAL' })]);
  });
  it('reports an unknown form version instead of throwing', () => {
    expect(validatePerson({}, { version: '2018' as '2017' }).problems.map((p) => p.code)).toEqual(['FORM_VERSION_UNKNOWN']);
  });
  it('never throws on junk', () => {
    for (const junk of [null, undefined, 42, 'x', [], { r22: 'x' }, { ext: 3 }, { reference_date: 'nope', r40: 1 }]) {
      expect(() => validatePerson(junk)).not.toThrow();
      expect(validatePerson(junk).ok).toBe(false);
    }
  });
});

describe('validatePerson — partial records', () => {
  it('does not report missing answers, but still checks what is there', () => {
    expect(validatePerson({ person_status: 6, r3: 1 }, { partial: true }).ok).toBe(true);
    const r = validatePerson({ person_status: 6, reference_date: '2019-07-01', r3: 1, r8: 1 }, { partial: true });
    expect(codesOf(r.problems)).toEqual(['FORM_NOT_APPLICABLE@R8']);
  });
  it('complete mode reports the missing required items', () => {
    const r = validatePerson({ person_status: 6 });
    expect(codesOf(r.problems)).toEqual(expect.arrayContaining(['FORM_REQUIRED@R1', 'FORM_REQUIRED@R2', 'FORM_REQUIRED@region_code']));
  });
});

describe('code lists', () => {
  it('are typed for exhaustive matching', () => {
    const label = (c: CodeOf<typeof codes.hukou>): string => {
      switch (c) {
        case 1: return '农业';
        case 2: return '非农业';
        default: return c satisfies never;
      }
    };
    expect(codes.hukou.entries.map((e) => label(e.code))).toEqual(codes.hukou.entries.map((e) => e.label));
  });
  it('has GB 3304 ethnicity (56 + 其他 + 外国血统) and GB/T 2261.2 marital status', () => {
    expect(codes.ethnicity.entries).toHaveLength(58);
    expect(codes.ethnicity.entries.find((e) => e.code === 56)?.label).toBe('基诺族');
    expect(codes.maritalStatus.entries.map((e) => e.code)).toEqual([10, 20, 21, 22, 23, 30, 40, 90]);
  });
  it('marks the lists whose labels are unknown as provisional, with null labels rather than guesses', () => {
    for (const id of ['notEnrolledReason', 'untreatedReason', 'noRehabReason', 'accessibilityNeeds', 'noCultureReason', 'maritalStatusForm'] as const) {
      expect(codes[id].provisional).toBe(true);
    }
    expect(codes.untreatedReason.entries.every((e) => e.label === null)).toBe(true);
    expect(codes.educationLevel.provisional).toBe(false);
  });
  it('withCodeLabels supplies official labels without changing the built-in list', () => {
    const r = withCodeLabels(codes.noRehabReason, { 1: '甲', 2: '乙', 3: '丙', 4: '丁' }, { source: 'test' });
    expect(r.ok && r.value.provisional).toBe(false);
    expect(codes.noRehabReason.entries[0]!.label).toBeNull();
    expect(withCodeLabels(codes.noRehabReason, { 7: 'x' })).toMatchObject({ ok: false, error: { code: 'CODE_NOT_IN_LIST' } });
    const open = withCodeLabels(codes.notEnrolledReason, { 1: '甲', 2: '乙' });
    expect(open.ok && open.value.entries.map((e) => e.code)).toEqual([1, 2]);
  });
  it('every item code list exists in the form', () => {
    const form = personForm('2017');
    for (const item of form.items) if (item.codeList) expect(form.codeLists[item.codeList], item.key).toBeDefined();
  });
});

describe('region_code', () => {
  it('must start with a province code, and is checked against a village table when given', () => {
    expect(validatePerson(urbanEmployed({ region_code: '990105001001' })).problems.map((p) => p.code)).toEqual(['FORM_REGION_PROVINCE']);
    const villageRegions = () => ({ status: 'unknown' as const });
    expect(validatePerson(urbanEmployed(), { villageRegions }).problems.map((p) => `${p.code}:${p.severity}`)).toEqual(['FORM_REGION_UNKNOWN:warning']);
  });
});

describe('personRecordSchema identity', () => {
  it('derived fields must agree with the certificate number', () => {
    const schema = personRecordSchema('2017');
    const rec = urbanEmployed();
    expect(schema.safeParse({ ...rec, sex: 'male', birth_date: '1980-05-06', disability_category: 4, disability_level: 2 }).success).toBe(true);
    const bad = schema.safeParse({ ...rec, sex: 'female', disability_level: 1 });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path[0])).toEqual(['sex', 'disability_level']);
    expect(schema.safeParse({ ...rec, resident_id: identity('1990-01-01').resident_id }).success).toBe(false);
  });
});

describe('withFormCodeLabels', () => {
  it('puts official labels into a form: validation, flat rows and JSON Schema use them', async () => {
    const { fromFlatRow, toJSONSchema } = await import('@canji/form');
    const r = withFormCodeLabels(personForm('2017'), 'notEnrolledReason', { 1: '甲原因', 2: '乙原因' }, { source: 'test' });
    if (!r.ok) throw new Error(r.error.message);
    const form = r.value;
    expect(form.codeLists.notEnrolledReason!.provisional).toBe(false);
    expect(validatePerson({ r15: 3 }, { form, partial: true }).problems.map((p) => p.code)).toContain('FORM_CODE_UNKNOWN');
    expect(fromFlatRow({ r15: '乙原因' }, { form }).record).toEqual({ r15: 2 });
    expect(toJSONSchema(form, { partial: true }).properties.r15).toMatchObject({ oneOf: [{ const: 1, title: '甲原因' }, { const: 2, title: '乙原因' }] });
    expect(personForm('2017').codeLists.notEnrolledReason!.open).toBe(true);
    expect(withFormCodeLabels(personForm('2017'), 'nope', {})).toMatchObject({ ok: false, error: { code: 'CODE_LIST_UNKNOWN' } });
  });
});

describe('a missing required answer does not cascade', () => {
  it('R3 missing: only FORM_REQUIRED@R3, the items that depend on it stay undetermined', () => {
    const r = validatePerson(urbanEmployed({ r3: undefined }));
    expect(r.problems.map((p) => `${p.code}@${p.item}`)).toEqual(['FORM_REQUIRED@R3']);
  });
  it('person_status missing: one problem, not one per item', () => {
    const r = validatePerson(urbanEmployed({ person_status: undefined }));
    expect(r.problems.map((p) => `${p.code}@${p.item}`)).toEqual(['FORM_REQUIRED@person_status']);
  });
});

describe('an invalid answer does not cascade', () => {
  it('R3 = 9: only FORM_CODE_UNKNOWN@R3', () => {
    expect(validatePerson(urbanEmployed({ r3: 9 })).problems.map((p) => `${p.code}@${p.item}`)).toEqual(['FORM_CODE_UNKNOWN@R3']);
    expect(validatePerson(urbanEmployed({ r16: '1' })).problems.map((p) => `${p.code}@${p.item}`)).toEqual(['FORM_TYPE@R16']);
  });
});
