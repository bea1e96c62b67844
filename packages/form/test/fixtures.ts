import { makeDisabilityCertificateNo, makeResidentId } from '@canji/id';
import type { PersonRecord2017 } from '@canji/form';

/** Generated identities only (makeResidentId), never real people. */
export function identity(birthDate: string, category: 1 | 2 | 3 | 4 | 5 | 6 | 7 = 4, level: 1 | 2 | 3 | 4 = 2, sex: 'male' | 'female' = 'male') {
  const resident_id = makeResidentId({ regionCode: '110105', birthDate, sex, sequence: sex === 'male' ? 11 : 12 });
  return { resident_id, certificate_no: makeDisabilityCertificateNo({ residentId: resident_id, category, level }) };
}

/** A complete, valid 2017 record: urban, employed 39-year-old, 肢体 二级. */
export function urbanEmployed(overrides: Record<string, unknown> = {}): PersonRecord2017 & Record<string, unknown> {
  const id = identity('1980-05-06', 4, 2);
  return {
    region_code: '110105001001',
    survey_year: 2019,
    reference_date: '2019-07-01',
    person_status: 6,
    collection_mode: 1,
    name: '测试甲',
    ...id,
    r3: 2, r4: 20, r5: '测试乙', r6: '13800000000', r7: 2,
    r8: 3, r9: 1,
    r12: 1, r13: 3,
    r16: 1, r17: 2, r20: [6], r21: [1],
    r22: [1, 2], r23: 2, r25: 2, r27: [6], r28: [4], r29: 2, r30: 1,
    r31: 1, r32: 2, r35: [6], r36: [1], r37: [4], r38: 2, r39: [9], r40: 1,
    householder_name: '测试甲', householder_id: id.resident_id, declarant_name: '测试甲',
    ...overrides,
  } as PersonRecord2017 & Record<string, unknown>;
}

/** A complete, valid 2017 record: rural, 70-year-old, 视力 一级. */
export function ruralElder(overrides: Record<string, unknown> = {}): PersonRecord2017 & Record<string, unknown> {
  const id = identity('1949-03-02', 1, 1, 'female');
  return {
    region_code: '110105001001', survey_year: 2019, reference_date: '2019-07-01', person_status: 6, collection_mode: 2,
    name: '测试丙', ...id,
    r3: 1, r4: 30, r6: '010-00000000', r7: 2, r10: 3, r11: 1,
    r12: 2, r13: 1, r22: [4], r23: 1, r25: 1, r26: 1, r27: [1, 5], r28: [1], r31: 2, r32: 1, r33: 2, r34: [2, 3],
    r35: [2], r37: [6], r38: 1, r39: [1], r40: 2, r41: [2],
    householder_name: '测试丙', householder_id: id.resident_id, declarant_name: '测试丙',
    ...overrides,
  } as PersonRecord2017 & Record<string, unknown>;
}

export const codesOf = (problems: { code: string; item: string }[]) => problems.map((p) => `${p.code}@${p.item}`);
